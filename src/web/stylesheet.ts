import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const source = path.join(here, 'styles', 'secrel.scss');
export const stylesheetDir = path.resolve(here, '..', '..', 'node_modules', '.cache', 'secrel');
const output = path.join(stylesheetDir, 'secrel.css');

/**
 * Compiles GOV.UK Frontend with our settings (Arial instead of GDS Transport, which is only for
 * GOV.UK) once, and again only when our source is newer than the compiled file.
 */
export function ensureStylesheet(): string {
  const stale = !fs.existsSync(output) || fs.statSync(output).mtimeMs < fs.statSync(source).mtimeMs;
  if (stale) {
    // sass is large (tens of MB in memory): load it only when the CSS must be compiled.
    const sass = createRequire(import.meta.url)('sass') as typeof import('sass');
    const result = sass.compile(source, {
      loadPaths: [path.resolve(here, '..', '..', 'node_modules')],
      style: 'compressed',
      quietDeps: true,
      silenceDeprecations: ['import'],
    });
    fs.mkdirSync(stylesheetDir, { recursive: true });
    fs.writeFileSync(`${output}.tmp`, result.css);
    fs.renameSync(`${output}.tmp`, output);
  }
  return stylesheetDir;
}
