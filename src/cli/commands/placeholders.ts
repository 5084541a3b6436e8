/** Reads the `--placeholders` file: a YAML map of placeholder name to a value or list. */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { CliExit } from '../io.js';

export async function loadPlaceholders(
  file: string | undefined,
): Promise<Map<string, readonly string[]>> {
  const out = new Map<string, readonly string[]>();
  if (!file) return out;
  let data: unknown;
  try {
    data = parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliExit(`cannot read placeholders ${file}: ${(error as Error).message}`, 2);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new CliExit(`${file}: placeholders must be a map of name to values`, 2);
  }
  for (const [name, value] of Object.entries(data)) {
    const values = Array.isArray(value) ? value : [value];
    out.set(name.replace(/^%|%$/g, ''), values.map(String));
  }
  return out;
}
