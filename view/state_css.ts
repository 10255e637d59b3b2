// The state badges' CSS (`.st-success`, ...) made from the one colour table, so the runs table,
// grid and inspector badges can never drift from the timeline's hues in either theme.
import { STATE_COLORS, STATE_NAMES, THEMES } from './colors.js';

export function stateBadgeCss(): string {
  const rules: string[] = [];
  for (const theme of THEMES) {
    const scope = theme === 'light' ? '' : `:root[data-theme='${theme}'] `;
    for (const s of STATE_NAMES) {
      // A task instance without a state shows as `st-none` or (from its JSON null) `st-null`.
      const selector = s === 'none' ? `${scope}.st-none, ${scope}.st-null` : `${scope}.st-${s}`;
      rules.push(`${selector} { background: ${STATE_COLORS[theme][s]}; }`);
    }
  }
  return rules.join('\n');
}
