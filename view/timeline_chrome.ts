// The parts of the timeline that do not depend on runs: band backgrounds, DAG titles, lane labels.
import { THEME_COLORS } from './colors.js';
import { BADGE_H, type DrawView, type TimelineSink } from './timeline_draw.js';
import type { TimelineLayout } from './timeline_model.js';

/** Band backgrounds, DAG titles and lane labels (drawn before grid lines and marks). */
export function drawBandChrome(layout: TimelineLayout, sink: TimelineSink, view: Pick<DrawView, 'left' | 'right' | 'top' | 'bottom' | 'yOffset' | 'theme'>): void {
  const themeColors = THEME_COLORS[view.theme];
  const yo = view.yOffset;
  for (const b of layout.bands) {
    if (b.y > view.bottom || b.y + b.height < view.top) continue;
    sink.rect(view.left, b.y + yo, view.right - view.left, b.height, b.index % 2 ? themeColors.bandAltFill : themeColors.bandFill);
    sink.text(view.left + 6, b.y + yo + 13, b.dag_id, themeColors.text, 12, 'start', 'bold');
    const ay = layout.rowY[b.adhocRow] + yo;
    sink.line(view.left, ay, view.right, ay, themeColors.gridLine, 1);
    sink.text(view.right - 6, b.y + yo + 12, 'upper lane: runs with a logical date', themeColors.muted, 9, 'end');
  }
}

/** The ad-hoc lane's name, drawn after the marks so none hides it (a newcomer's first question:
 * what is the lower lane?). */
export function drawLaneLabels(layout: TimelineLayout, sink: TimelineSink, view: Pick<DrawView, 'right' | 'top' | 'bottom' | 'yOffset' | 'theme'>): void {
  const themeColors = THEME_COLORS[view.theme];
  // At the right edge, under the upper lane's note: runs crowd the start of a scenario more often
  // than the padding after its clock end.
  const label = 'lower lane: no logical date';
  const w = label.length * 5.2 + 8;
  for (const b of layout.bands) {
    const ry = layout.rowY[b.adhocRow];
    if (ry > view.bottom || ry + layout.rowH[b.adhocRow] < view.top) continue;
    sink.rect(view.right - w - 2, ry + view.yOffset + 5, w, BADGE_H, themeColors.background, 0.8);
    sink.text(view.right - 6, ry + view.yOffset + 5 + BADGE_H - 3, label, themeColors.muted, 9, 'end', 'bold');
  }
}
