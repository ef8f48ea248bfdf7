/**
 * `npm run build` (and `npm install`, through `prepare`): compiles secrel into dist/ so that
 * `secrel serve` starts without transpiling TypeScript or compiling Sass.
 *
 * - dist/main.js and its chunks: src/cli/main.ts bundled by esbuild for Node 20 (ESM), with the
 *   JavaScript packages it uses: a few files to load instead of some two thousand modules
 *   resolved one by one (measured: a second of CPU less at start-up). PGlite (WebAssembly and
 *   data files beside its code) and argon2 (native) stay in node_modules. The web app, loaded
 *   only by `secrel serve`, is a chunk of its own (splitting), so the other commands do not load
 *   it. Whitespace and comments are removed, names kept; source maps (.map) are beside each
 *   chunk; licence comments of bundled packages are in *.LEGAL.txt.
 * - dist/static/secrel.css: src/web/styles/secrel.scss compiled by sass.
 * - dist/build.json: when, from which sources; bin/secrel.js compares it with src/.
 *
 * Templates and public files are not compiled: the server reads them from src/.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { COMPILED_STATIC_DIR, STYLESHEET_NAME, compileStylesheet } from '../src/web/stylesheet.ts';
import { DIST_DIR, PROJECT_ROOT } from '../src/web/paths.ts';

/** Packages loaded from node_modules at run time rather than bundled. */
const EXTERNAL = [
  '@electric-sql/pglite', // reads its .wasm and .data files from beside its own code
  '@node-rs/argon2', // a native addon
  'pg-native', // pg's optional native binding, not installed
  'playwright-core', // PDF printing: loaded only when a PDF is asked for, with its own files
  'sass', // development only: src/web/stylesheet.ts loads it when running from sources
];
const REQUIRE_BANNER =
  "import { createRequire as secrelCreateRequire } from 'node:module'; const require = secrelCreateRequire(import.meta.url);";

/**
 * Escapes what esbuild leaves outside ASCII (it escapes strings, not regular expressions such as
 * `/^£/`): one such character makes V8 hold the whole chunk's source as UTF-16, twice the memory.
 * `\uXXXX` means the same in a regular expression, a string or a name. (Columns after it on its
 * line shift in the source map: a few characters.)
 */
function asciiOnly(file: string): void {
  const code = fs.readFileSync(file, 'utf8');
  // eslint-disable-next-line no-control-regex
  const escaped = code.replace(/[^\x00-\x7f]/g, (char) => {
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  if (escaped !== code) fs.writeFileSync(file, escaped);
}

const began = performance.now();
const startedAt = new Date();
// Built beside dist/ and swapped in at the end: a server starting meanwhile never sees half a build.
const staging = `${DIST_DIR}.building-${process.pid}`;
fs.rmSync(staging, { recursive: true, force: true });
try {
  const result = await esbuild.build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: { main: 'src/cli/main.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    external: EXTERNAL,
    // Bundled CommonJS packages call require(); an ES module has none of its own.
    banner: { js: REQUIRE_BANNER },
    // Whitespace and comments out, names kept: the comments hold non-ASCII characters, which
    // would make V8 keep each chunk's source as UTF-16, twice the memory. Stack traces name the
    // functions; `node --enable-source-maps` maps them to src/.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  for (const file of Object.keys(result.metafile.outputs)) {
    if (file.endsWith('.js')) asciiOnly(path.join(PROJECT_ROOT, file));
  }
  const staticDir = path.join(staging, path.relative(DIST_DIR, COMPILED_STATIC_DIR));
  fs.mkdirSync(staticDir, { recursive: true });
  fs.writeFileSync(path.join(staticDir, STYLESHEET_NAME), compileStylesheet());
  const inputs = Object.keys(result.metafile.inputs).length;
  fs.writeFileSync(
    path.join(staging, 'build.json'),
    `${JSON.stringify({ builtAt: new Date().toISOString(), inputs }, null, 2)}\n`,
  );
  // Dated to when the build began reading the sources: a source saved during the build is newer.
  fs.utimesSync(path.join(staging, 'build.json'), startedAt, startedAt);
  const old = `${DIST_DIR}.old-${process.pid}`;
  if (fs.existsSync(DIST_DIR)) fs.renameSync(DIST_DIR, old);
  fs.renameSync(staging, DIST_DIR);
  fs.rmSync(old, { recursive: true, force: true });
  const seconds = ((performance.now() - began) / 1000).toFixed(1);
  process.stdout.write(
    `secrel: built dist/ (${inputs} sources and the stylesheet) in ${seconds} s\n`,
  );
} catch (error) {
  fs.rmSync(staging, { recursive: true, force: true });
  // esbuild has already printed its errors with their source lines.
  const failures = (error as { errors?: unknown[] }).errors;
  if (!Array.isArray(failures)) throw error;
  process.stderr.write(
    `secrel: the build failed (${failures.length} errors); dist/ is unchanged\n`,
  );
  process.exitCode = 1;
}
