/**
 * RFC 4180 CSV rows with `#` comment lines, as the abuse.ch exports write them. The column
 * header may itself sit in the last comment line (`# "first_seen_utc","sha256_hash",...`).
 */

/** Fields in one row; a row with more is damaged or hostile. */
const MAX_FIELDS = 256;

/** Splits one logical line; quoted fields may hold commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field.trim());
      field = '';
      if (fields.length >= MAX_FIELDS) return fields;
    } else field += c;
  }
  fields.push(field.trim());
  return fields;
}

export interface CsvTable {
  header: string[];
  /** Data rows with their 1-based line numbers. */
  rows: Array<{ line: number; fields: string[] }>;
}

/** Reads a table whose header names include `required`; the header may be a comment. */
export function readCsv(text: string, required: string): CsvTable | undefined {
  const lines = text.split(/\r?\n/);
  let header: string[] | undefined;
  const rows: CsvTable['rows'] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith('#')) {
      const fields = splitCsvLine(line.replace(/^#\s*/, ''));
      if (fields.includes(required)) header = fields;
      return;
    }
    if (!header) {
      const fields = splitCsvLine(line);
      if (fields.includes(required)) header = fields;
      return;
    }
    rows.push({ line: index + 1, fields: splitCsvLine(line) });
  });
  return header ? { header, rows } : undefined;
}

/** A row as a record keyed by header name; "n/a" and "None" read as absent. */
export function recordOf(
  header: readonly string[],
  fields: readonly string[],
): Record<string, string> {
  const record: Record<string, string> = {};
  header.forEach((name, i) => {
    const value = fields[i];
    if (value !== undefined && value !== '' && value !== 'n/a' && value !== 'None') {
      record[name] = value;
    }
  });
  return record;
}
