import path from 'node:path';
import { createViewEnvironment } from '../../../src/web/views.ts';
const env = createViewEnvironment();
(env as any).loaders[0].searchPaths.unshift(path.resolve('test/bench/.scratch/tpl-c'));
for (const t of [
  'plain-input.njk',
  'one-input.njk',
  'one-button.njk',
  'one-select.njk',
  'dates.njk',
]) {
  for (let i = 0; i < 500; i++) env.render(t, {});
  const s = performance.now();
  let n = 0;
  while (performance.now() - s < 1000) {
    env.render(t, {});
    n++;
  }
  console.log(t.padEnd(18), ((1000 * 1000) / n).toFixed(0), 'µs/render');
}
