/**
 * Ruling 13: the files `secrel history import` reads. CSV (RFC 4180: a header row naming the
 * fields, quoted cells may hold commas, quotes and line breaks) or JSON (an array of records, or
 * `{ "records": [...] }`). Each record keeps where it was, so problems name the line. PURE.
 */

/** One record of a file and where it starts: a CSV line number, or the JSON record's place. */
export interface FileRecord {
  where: string;
  raw: Record<string, unknown>;
}

export type HistoryFileFormat = 'csv' | 'json';

/** The format a file name says, or null. */
export function formatOfName(name: string): HistoryFileFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.json')) return 'json';
  return null;
}

/** Splits CSV text into rows of cells, each row with the line it starts on (from 1). */
export function csvRows(text: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const source = text.replace(/^\uFEFF/, '');
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') rows.push({ line: rowLine, cells });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < source.length; i += 1) {
    const ch = source.charAt(i);
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line += 1;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else cell += ch;
  }
  if (quoted) throw new Error(`line ${String(rowLine)}: a quoted cell is not closed`);
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

/** The records of a CSV file: the header names the fields; empty cells are absent. */
export function csvRecords(text: string): FileRecord[] {
  const [header, ...rows] = csvRows(text);
  if (!header) return [];
  const fields = header.cells.map((name) => name.trim());
  return rows.map((row) => {
    if (row.cells.length > fields.length)
      throw new Error(
        `line ${String(row.line)}: ${String(row.cells.length)} cells, but the header names ${String(fields.length)} fields`,
      );
    const raw: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      const value = row.cells[i] ?? '';
      if (field !== '' && value.trim() !== '') raw[field] = value;
    });
    return { where: `line ${String(row.line)}`, raw };
  });
}

/** The records of a JSON file: an array of objects, or an object with `records`. */
export function jsonRecords(text: string): FileRecord[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`the file is not JSON: ${error instanceof Error ? error.message : ''}`, {
      cause: error,
    });
  }
  const list: unknown =
    parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as { records?: unknown }).records
      : parsed;
  if (!Array.isArray(list))
    throw new Error('the JSON file holds an array of records, or { "records": [...] }');
  return list.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item))
      throw new Error(`record ${String(i + 1)}: a record is an object`);
    return { where: `record ${String(i + 1)}`, raw: item as Record<string, unknown> };
  });
}

/** The records of a file in `format`; a malformed file throws an Error saying where. */
export function fileRecords(text: string, format: HistoryFileFormat): FileRecord[] {
  return format === 'csv' ? csvRecords(text) : jsonRecords(text);
}
