import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/test-db.ts';

type Columns = Record<string, { nullable: boolean }>;

/** The tables and columns src/db/schema.ts declares to Kysely, read with the TypeScript parser. */
function declaredSchema(): Record<string, Columns> {
  const file = path.resolve(import.meta.dirname, '../../src/db/schema.ts');
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  source.forEachChild((node) => {
    if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
  });
  const nameOf = (member: ts.TypeElement): string =>
    member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))
      ? member.name.text
      : '';
  const tables: Record<string, Columns> = {};
  for (const member of interfaces.get('DB')?.members ?? []) {
    if (!ts.isPropertySignature(member) || !member.type) continue;
    const table = interfaces.get(member.type.getText(source));
    const columns: Columns = {};
    for (const column of table?.members ?? []) {
      if (!ts.isPropertySignature(column) || !column.type) continue;
      columns[nameOf(column)] = { nullable: /\bnull\b/.test(column.type.getText(source)) };
    }
    tables[nameOf(member)] = columns;
  }
  return tables;
}

describe.each(ENGINES)('schema.ts matches the migrations on %s', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await database.close();
  });

  it('declares exactly the migrated tables and columns, with the same nullability', async () => {
    const result = await sql<{ table_name: string; column_name: string; is_nullable: string }>`
      select table_name, column_name, is_nullable from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, column_name`.execute(database.db);
    const migrated: Record<string, Columns> = {};
    for (const row of result.rows) {
      migrated[row.table_name] ??= {};
      migrated[row.table_name] = {
        ...migrated[row.table_name],
        [row.column_name]: { nullable: row.is_nullable === 'YES' },
      };
    }
    expect(declaredSchema()).toEqual(migrated);
  });
});
