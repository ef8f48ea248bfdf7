import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerOf, ROLES, roleOf } from '../../architecture.js';
import { cyclesOf, importsOf, sourceFiles } from './import-graph.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const files = sourceFiles(root);
const edges = importsOf(root, files);
const read = (file: string): string => fs.readFileSync(path.join(root, file), 'utf8');
const moduleFiles = files.filter((file) => file.startsWith('src/modules/'));

/** Files whose rules must stay pure: rule files (no role suffix), access policies, the calendar. */
const pureFiles = [
  ...moduleFiles.filter((file) => ['', 'access'].includes(roleOf(file))),
  ...files.filter((file) => file.startsWith('src/calendar/')),
];

describe('architecture (architecture.js, ARCHITECTURE.md)', () => {
  it('has no import cycle between source files', () => {
    const graph = new Map<string, string[]>();
    for (const edge of edges) graph.set(edge.from, [...(graph.get(edge.from) ?? []), edge.to]);
    expect(cyclesOf(files, graph)).toEqual([]);
  });

  it('has no cycle between layers of modules (kernel, each module’s domain and web files)', () => {
    const nodeOf = (file: string): string => {
      const place = layerOf(file);
      return place.module ? `${place.layer}:${place.module}` : place.layer;
    };
    const graph = new Map<string, string[]>();
    for (const edge of edges) {
      const from = nodeOf(edge.from);
      const to = nodeOf(edge.to);
      if (from !== to) graph.set(from, [...(graph.get(from) ?? []), to]);
    }
    expect(cyclesOf([...graph.keys()], graph)).toEqual([]);
  });

  it('places every source file in a layer', () => {
    expect(files.filter((file) => layerOf(file).layer === 'other')).toEqual([]);
  });

  it('gives every module file one of the declared roles', () => {
    const roles = new Set(['', ...Object.keys(ROLES)]);
    expect(moduleFiles.filter((file) => !roles.has(roleOf(file)))).toEqual([]);
  });

  it.each(pureFiles)('Purity: %s reads no clock, does no I/O and touches no database', (file) => {
    const text = read(file);
    expect(text).not.toMatch(/new Date\(|Date\.now|Temporal\.Now|performance\.now|Math\.random/);
    expect(text).not.toMatch(
      /from ['"](node:|kysely|fastify|pg['"])|require\(|\bfetch\(|process\./,
    );
    expect(text).not.toMatch(/from ['"][^'"]*(\.store|\.queries|\.actions|app-context)\.ts['"]/);
  });

  it.each(moduleFiles.filter((file) => roleOf(file) === 'actions'))(
    'Stores own SQL: %s builds no query',
    (file) => {
      const text = read(file);
      expect(text).not.toMatch(/from ['"]kysely['"]/);
      expect(text).not.toMatch(/\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto)\(/);
      expect(text).not.toMatch(/\bsql[`<]/);
    },
  );

  it('names each template once, beside its module', () => {
    const names = new Map<string, string[]>();
    const dirs = [
      'src/web/templates',
      ...fs
        .readdirSync(path.join(root, 'src/modules'))
        .map((module) => `src/modules/${module}/views`)
        .filter((dir) => fs.existsSync(path.join(root, dir))),
    ];
    for (const dir of dirs) {
      for (const name of fs.readdirSync(path.join(root, dir))) {
        names.set(name, [...(names.get(name) ?? []), dir]);
      }
    }
    expect([...names].filter(([, where]) => where.length > 1)).toEqual([]);
  });
});
