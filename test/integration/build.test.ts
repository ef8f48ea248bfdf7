import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFlagsOf, npmStartFlagsOf } from '../bench/server.ts';

/**
 * Issue 11: `npm install` (its `prepare` script) and `npm run build` compile the server into
 * dist/, and `secrel serve` runs that: no TypeScript transpiled and no Sass compiled at start-up,
 * nothing written outside DATA_DIR. The test builds a copy of the project (sources, bin, build
 * script; its node_modules a folder of links to ours), so it never reads or replaces our dist/.
 */

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const run = promisify(execFile);

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function runNode(args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, args, {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr } satisfies Result;
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Every file and folder under `dir` with its size and modification time (links not followed). */
function listing(dir: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const entry of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const stat = fs.lstatSync(path.join(dir, entry));
    entries.set(entry, `${String(stat.size)}:${String(stat.mtimeMs)}`);
  }
  return entries;
}

describe('issue 11: the compiled server in dist/', () => {
  let root: string;
  let dataParent: string;

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-build-'));
    dataParent = fs.mkdtempSync(path.join(os.tmpdir(), 'secrel-build-data-'));
    for (const entry of ['package.json', 'tsconfig.json', 'bin', 'scripts', 'src']) {
      fs.cpSync(path.join(projectRoot, entry), path.join(root, entry), { recursive: true });
    }
    // A real folder of links, so a test can take one package away and a write into it shows.
    fs.mkdirSync(path.join(root, 'node_modules'));
    for (const name of fs.readdirSync(path.join(projectRoot, 'node_modules'))) {
      if (name.startsWith('.')) continue;
      fs.symlinkSync(
        path.join(projectRoot, 'node_modules', name),
        path.join(root, 'node_modules', name),
      );
    }
    const built = await runNode(['--import', 'tsx', 'scripts/build.ts'], root);
    expect(built.stderr).toBe('');
    expect(built.stdout).toMatch(/^secrel: built dist\//);
  }, 180_000);

  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
    fs.rmSync(dataParent, { recursive: true, force: true });
  });

  it('issue 11: secrel serve runs dist/ and serves pages with the compiled stylesheet, writing nothing outside DATA_DIR', async () => {
    const before = listing(root);
    // Run as npx runs it: the file itself, so its first line starts node with its flags.
    const bin = path.join(root, 'bin', 'secrel.js');
    const child = spawn(
      bin,
      ['serve', '--port', '0', '--data-dir', path.join(dataParent, 'data')],
      {
        cwd: dataParent,
        env: { PATH: process.env['PATH'], HOST: '127.0.0.1', WORKER_POLL_MS: '60000' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString();
        const match = /secrel listening on (http:\/\/\S+?)(?:\s|$)/.exec(output);
        if (match?.[1]) resolve(match[1].replace('localhost', '127.0.0.1'));
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      void exited.then((code) => {
        reject(new Error(`secrel serve exited (${String(code)}) before listening:\n${output}`));
      });
    });
    try {
      expect(output).not.toMatch(/running the TypeScript sources/);
      const commandLine = fs.readFileSync(`/proc/${String(child.pid)}/cmdline`, 'utf8').split('\0');
      expect(commandLine).toEqual(expect.arrayContaining(nodeFlagsOf(bin)));
      const css = await fetch(`${url}/static/secrel.css`);
      expect(css.status).toBe(200);
      expect(css.headers.get('content-type')).toMatch(/^text\/css/);
      const compiled = fs.readFileSync(path.join(root, 'dist', 'static', 'secrel.css'));
      expect(compiled.toString('utf8')).toMatch(/\.govuk-header\{/);
      // Compared as bytes (and not printed whole when they differ): the file is 130 KB.
      expect(Buffer.from(await css.arrayBuffer()).equals(compiled)).toBe(true);
      const page = await fetch(`${url}/sign-in`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<link rel="stylesheet" href="/static/secrel.css">');
      const openapi = await fetch(`${url}/api/openapi.json`);
      expect(openapi.status).toBe(200);
      expect(
        Object.keys(((await openapi.json()) as { paths: object }).paths).length,
      ).toBeGreaterThan(50);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(listing(root)).toEqual(before);
  }, 120_000);

  it('issue 11 and 12: npm start runs the embedded demo with a 2 MB young generation (memory); bin/secrel.js (npx secrel, secrel serve) with 16 MB (throughput), each with the old generation capped', () => {
    const bin = path.join(projectRoot, 'bin', 'secrel.js');
    const oldSpace: unknown = expect.stringMatching(/^--max-old-space-size=\d+$/);
    expect(nodeFlagsOf(bin)).toEqual(
      expect.arrayContaining([oldSpace, '--max-semi-space-size=16']),
    );
    const startFlags = npmStartFlagsOf(projectRoot);
    expect(startFlags).toEqual(expect.arrayContaining([oldSpace, '--max-semi-space-size=2']));
    const manifest = JSON.parse(
      fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8'),
    ) as { scripts: Record<string, string> };
    expect(manifest.scripts['start']).toBe(
      `node ${startFlags.join(' ')} bin/secrel.js serve --demo`,
    );
  });

  it('issue 11: with a source newer than dist/, bin/secrel.js says so and runs the sources through tsx; SECREL_RUN=compiled refuses', async () => {
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, 'src', 'config.ts'), later, later);
    const args = [
      path.join(root, 'bin', 'secrel.js'),
      'calendar',
      'add-working-days',
      '2021-06-09',
      '10',
    ];
    const fallback = await runNode(args, root);
    expect(fallback).toMatchObject({ code: 0, stdout: '2021-06-23\n' });
    expect(fallback.stderr).toBe(
      'secrel: src/config.ts changed after dist/ was built: running the TypeScript sources through tsx (slower to start; "npm run build" compiles them)\n',
    );
    const refused = await runNode(args, root, { SECREL_RUN: 'compiled' });
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'secrel: src/config.ts changed after dist/ was built: build it with "npm run build" (npm install builds it too)\n',
    });
  }, 120_000);

  it('issue 11: without dist/ and without tsx (a production install), bin/secrel.js says how to build', async () => {
    fs.rmSync(path.join(root, 'dist'), { recursive: true });
    fs.rmSync(path.join(root, 'node_modules', 'tsx'));
    const result = await runNode([path.join(root, 'bin', 'secrel.js'), 'serve'], root);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'secrel: dist/ is missing: build it with "npm run build" (npm install builds it too)\n',
    });
  });
});
