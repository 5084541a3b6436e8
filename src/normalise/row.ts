/**
 * Reading fields of flat rows (CSV columns, JSON objects) from exports whose writers disagree
 * on types: numbers arrive as numbers or strings, "none" as an empty string, `-`, `None` or null.
 */
export type Row = Record<string, unknown>;

/** Longest field value kept; no field an analyst reads needs more, and rows can be hostile. */
const MAX_FIELD = 32 * 1024;

const NONE = new Set(['', '-', 'None', 'null', 'NULL', 'N/A', 'NA']);

export function text(row: Row, key: string): string | undefined {
  const value = row[key];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string' || NONE.has(value)) return undefined;
  return value.length > MAX_FIELD ? value.slice(0, MAX_FIELD) : value;
}

/** The first of several columns that has a value: exports rename columns between versions. */
export function first(row: Row, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = text(row, key);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function int(row: Row, key: string): number | undefined {
  const value = text(row, key);
  if (value === undefined || !/^-?\d{1,18}$/.test(value.trim())) return undefined;
  return Number(value);
}

export function lowerHex(value: string | undefined, length: number): string | undefined {
  if (value === undefined || value.length !== length || !/^[0-9a-fA-F]+$/.test(value)) {
    return undefined;
  }
  return value.toLowerCase();
}

export function isObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Drops undefined members so that events compare and serialise cleanly. Builds a new object
 * rather than deleting: `delete` turns V8 objects into slow dictionaries, measured at a third
 * of the readers' time in `src/bench/readers.bench.ts`.
 */
export function compact<T extends object>(value: T): T {
  const out: Partial<T> = {};
  for (const key of Object.keys(value) as Array<keyof T>) {
    if (value[key] !== undefined) out[key] = value[key];
  }
  return out as T;
}
