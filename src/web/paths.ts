import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project folder, found from this file: `src/web/` when secrel runs from its TypeScript
 * sources (tests, tsx), `dist/` when it runs compiled (`npm run build`). Templates and public
 * files are read from `src/` either way; the compiled stylesheet is in `dist/`.
 */
function findProjectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findProjectRoot();
export const SOURCE_DIR = path.join(PROJECT_ROOT, 'src');
export const NODE_MODULES = path.join(PROJECT_ROOT, 'node_modules');
/** Where `npm run build` writes the compiled server and stylesheet. */
export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');

/** True when this process runs the TypeScript sources rather than the build in `dist/`. */
export const RUNNING_FROM_SOURCES = import.meta.url.endsWith('.ts');
