#!/usr/bin/env -S node --max-old-space-size=160 --max-semi-space-size=16
// The `secrel` command. It runs the compiled CLI in dist/, which `npm install` builds (the
// `prepare` script) and `npm run build` rebuilds. When dist/ is missing or older than src/, it
// runs the TypeScript sources through tsx if tsx is installed (development) and says so on one
// line; without tsx it says how to build. SECREL_RUN=compiled refuses to fall back (the bench);
// SECREL_RUN=sources always runs the sources (the tests).
//
// The first line gives Node its heap sizes. Left to its defaults V8 lets the heap grow by
// hundreds of MB under load before collecting: the old generation is capped at 160 MB. The young
// generation (the semi-space, where each request's short-lived objects are made) is 16 MB: at
// 2 MB the server spent a quarter of its CPU collecting garbage under load, at 16 MB a tenth
// (issue 12, `npm run bench -- --cpu-prof` on the public pages). `npm start`, the demo on the
// embedded engine, gives node a 2 MB young generation instead (package.json), which keeps that
// server within 200 MiB once started and 300 MiB under load (issue 11); the bench starts each
// engine's server as its README command does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// The embedded database, PGlite, is PostgreSQL compiled to WebAssembly. V8 runs WebAssembly with
// a quick baseline compiler first and recompiles a function with its optimising compiler once it
// has used a budget. Opening a database runs much of PostgreSQL once (recovery, the catalogue);
// at the default budget that recompiles code only start-up uses: about a second of CPU and 40 MB
// (issue 11). With a larger budget only what stays hot under use is optimised: the same query
// speed after warm-up. Set before PGlite compiles its module.
v8.setFlagsFromString('--wasm-tiering-budget=2000000000');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = process.env.SECREL_RUN;

/** Why dist/ cannot run: it is missing, or a source changed after it was built; or undefined. */
function whyNotCompiled() {
  let builtAt;
  try {
    // The build dates dist/build.json to when it began reading the sources.
    builtAt = fs.statSync(path.join(root, 'dist', 'build.json')).mtimeMs;
  } catch {
    return 'dist/ is missing';
  }
  const src = path.join(root, 'src');
  for (const entry of fs.readdirSync(src, { recursive: true })) {
    if (!/\.(ts|scss)$/.test(entry) || entry.endsWith('.test.ts')) continue;
    if (fs.statSync(path.join(src, entry)).mtimeMs > builtAt) {
      return `src/${entry} changed after dist/ was built`;
    }
  }
  return undefined;
}

function fail(message) {
  process.stderr.write(`secrel: ${message}\n`);
  process.exit(1);
}

const problem = run === 'sources' ? 'SECREL_RUN=sources' : whyNotCompiled();
let cli;
if (problem === undefined) {
  cli = await import('../dist/main.js');
} else {
  const build = 'build it with "npm run build" (npm install builds it too)';
  if (run === 'compiled') fail(`${problem}: ${build}`);
  let tsx;
  try {
    tsx = await import('tsx/esm/api');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    fail(`${problem}: ${build}`);
  }
  if (run !== 'sources') {
    process.stderr.write(
      `secrel: ${problem}: running the TypeScript sources through tsx (slower to start; "npm run build" compiles them)\n`,
    );
  }
  tsx.register();
  cli = await import('../src/cli/main.ts');
}
cli.exitWith(await cli.main(process.argv));
