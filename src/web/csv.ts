/**
 * CSV for reports (RFC 4180) with the OWASP formula-injection guard. PURE.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * One cell: text starting with = + - @ tab or CR is prefixed with a single quote so a spreadsheet
 * never runs it as a formula (a plain decimal number such as -5000.00 is left as it is); a cell
 * holding a comma, a double quote or a line break is quoted, its quotes doubled.
 */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  if (/[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

/** A whole document: one line per row, CRLF line endings as RFC 4180 asks. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map((cell) => csvCell(cell)).join(',')).join('\r\n') + '\r\n';
}
