/**
 * CSV (RFC 4180) for downloads opened in spreadsheets. Every cell is quoted, quotes doubled, and
 * a cell that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage
 * return; OWASP "CSV injection") is prefixed with an apostrophe, so user text (names,
 * organisations) is shown as text and never run.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  if (typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** Rows (the header first) as CSV text with CRLF line ends and a byte-order mark for spreadsheets. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
