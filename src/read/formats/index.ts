/** Every reader Lurewatch ships, in one list for the registry. */
import { ReaderRegistry } from '../registry.js';
import type { FormatReader } from '../types.js';
import { windowsReaders } from './windows/readers.js';

export function defaultReaders(): FormatReader[] {
  return [...windowsReaders];
}

export function defaultRegistry(): ReaderRegistry {
  return new ReaderRegistry(defaultReaders());
}
