/**
 * Where the third-party test corpora live. They sit beside the checkout (`../shared/data`) and
 * are never copied into the repository; `LUREWATCH_SHARED_DATA` points elsewhere when needed.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: dist/testing/data.js and src/testing/data.ts both sit two levels below. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SHARED_DATA =
  process.env['LUREWATCH_SHARED_DATA'] ?? resolve(PROJECT_ROOT, '..', 'shared', 'data');

export function sharedData(...parts: string[]): string {
  const path = join(SHARED_DATA, ...parts);
  if (!existsSync(path)) {
    throw new Error(`test corpus missing: ${path} (set LUREWATCH_SHARED_DATA to its folder)`);
  }
  return path;
}
