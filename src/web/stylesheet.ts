import path from 'node:path';
import { createRequire } from 'node:module';
import { DIST_DIR, NODE_MODULES, SOURCE_DIR } from './paths.ts';

/** Our Sass source: GOV.UK Frontend with our settings (Arial, not GDS Transport). */
export const STYLESHEET_SOURCE = path.join(SOURCE_DIR, 'web', 'styles', 'secrel.scss');
/** The folder `npm run build` compiles the stylesheet into, served under /static/. */
export const COMPILED_STATIC_DIR = path.join(DIST_DIR, 'static');
export const STYLESHEET_NAME = 'secrel.css';

/**
 * Compiles the stylesheet in memory and returns the CSS. Called by the build (`npm run build`)
 * and, when running from the TypeScript sources (tests, development), by the first request for
 * it; the compiled server serves the build's file and never loads sass.
 */
export function compileStylesheet(): string {
  // sass is large (tens of MB in memory) and a development dependency: load it only here.
  const sass = createRequire(import.meta.url)('sass') as typeof import('sass');
  return sass.compile(STYLESHEET_SOURCE, {
    loadPaths: [NODE_MODULES],
    style: 'compressed',
    quietDeps: true,
    silenceDeprecations: ['import'],
  }).css;
}
