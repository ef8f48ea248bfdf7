import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { csvCell } from './csv.ts';

/*
 * Issue 13: a list to take away as CSV or JSON, streamed a row at a time so a long list (the
 * audit trail can hold a million events) is never built in memory. CSV cells go through csvCell
 * (RFC 4180 quoting and the formula-injection guard); dates are ISO in both formats.
 */

export type ExportFormat = 'csv' | 'json';

export interface ExportColumn<T> {
  /** The CSV header and the JSON key. */
  name: string;
  /** What the JSON value is (a date or instant is an ISO string); null allowed when nullable. */
  type: 'string' | 'integer' | 'boolean' | 'date' | 'instant';
  nullable?: boolean;
  value: (row: T) => string | number | boolean | null;
}

function columnSchema(column: ExportColumn<unknown>): TSchema {
  const base =
    column.type === 'integer'
      ? Type.Integer()
      : column.type === 'boolean'
        ? Type.Boolean()
        : column.type === 'date'
          ? Type.String({ format: 'date' })
          : column.type === 'instant'
            ? Type.String({ format: 'date-time' })
            : Type.String();
  return column.nullable ? Type.Union([base, Type.Null()]) : base;
}

/** The OpenAPI description of an export: the JSON rows' shape, or CSV text with those columns. */
export function exportResponse<T>(format: ExportFormat, columns: readonly ExportColumn<T>[]) {
  return format === 'json'
    ? Type.Array(
        Type.Object(
          Object.fromEntries(
            columns.map((column) => [column.name, columnSchema(column as ExportColumn<unknown>)]),
          ),
        ),
      )
    : Type.String({
        description: `text/csv with a header line: ${columns.map((column) => column.name).join(', ')}`,
      });
}

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** A CSV line (CRLF ended) of cells; null is an empty cell, booleans are "yes"/"no". */
function csvLine(cells: readonly (string | number | boolean | null)[]): string {
  return (
    cells
      .map((cell) =>
        cell === null ? '' : csvCell(typeof cell === 'boolean' ? (cell ? 'yes' : 'no') : cell),
      )
      .join(',') + '\r\n'
  );
}

async function* csvChunks<T>(
  columns: readonly ExportColumn<T>[],
  rows: AsyncIterable<T>,
): AsyncGenerator<string> {
  yield csvLine(columns.map((column) => column.name));
  for await (const row of rows) yield csvLine(columns.map((column) => column.value(row)));
}

async function* jsonChunks<T>(
  columns: readonly ExportColumn<T>[],
  rows: AsyncIterable<T>,
): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const row of rows) {
    const item = Object.fromEntries(columns.map((column) => [column.name, column.value(row)]));
    yield (first ? '\n' : ',\n') + JSON.stringify(item);
    first = false;
  }
  yield '\n]\n';
}

/** Sends the rows as a download named `<name>.<format>`, streamed. */
export function sendExport<T, R extends FastifyReply>(
  reply: R,
  format: ExportFormat,
  name: string,
  columns: readonly ExportColumn<T>[],
  rows: AsyncIterable<T>,
): R {
  const chunks = format === 'csv' ? csvChunks(columns, rows) : jsonChunks(columns, rows);
  void reply
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.${format}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(chunks, { objectMode: false }));
  return reply;
}

/** Pages of rows read `chunk` at a time until a short page: the rows of a streamed export. */
export async function* inChunks<T>(
  read: (offset: number, limit: number) => Promise<readonly T[]>,
  chunk = 500,
): AsyncGenerator<T> {
  for (let offset = 0; ; offset += chunk) {
    const rows = await read(offset, chunk);
    yield* rows;
    if (rows.length < chunk) return;
  }
}

/** The query string of a list page's filters, for its export links (empty values dropped). */
export function filterQuery(
  query: Record<string, string | undefined>,
  fields: readonly string[],
): string {
  const params = new URLSearchParams();
  for (const field of fields) {
    const value = (query[field] ?? '').trim();
    if (value !== '') params.set(field, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
