// Exports of three lessons as the CLI renders them: SVG text and PNG pixels against goldens.
import { describe, it } from 'vitest';
import { getLesson } from '../../core/index.js';
import { renderExport } from '../../node/export_formats.js';
import { runYaml } from '../engine/run_yaml.js';
import { expectGolden } from './golden.js';

describe('lesson exports', () => {
  for (const name of ['catchup-cron-timetables', 'hyperparameter-tuning-3x', 'depends-on-past-adhoc']) {
    it(`${name}: SVG and PNG match their goldens`, async () => {
      const sim = await runYaml(getLesson(name)!.text);
      expectGolden(`lessons/${name}.svg`, renderExport(sim.output, 'svg'));
      expectGolden(`lessons/${name}@1x.png`, renderExport(sim.output, 'png', { scale: 1 }));
      sim.close();
    });
  }
});
