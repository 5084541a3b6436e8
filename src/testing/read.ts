/**
 * Test utilities for format readers: feed bytes built in a test, or real files, and collect what
 * comes out, split into events and problems.
 */
import { silentLogger } from '../core/logger.js';
import type { Problem } from '../core/problems.js';
import type { LwEvent } from '../model/event.js';
import { defaultReaders } from '../read/formats/index.js';
import { readAll } from '../read/read-all.js';
import { ReaderRegistry } from '../read/registry.js';
import {
  DEFAULT_READ_LIMITS,
  type FormatReader,
  type InputSource,
  type ReadItem,
  type ReadLimits,
} from '../read/types.js';

export interface ReadResult {
  events: LwEvent[];
  problems: Problem[];
}

/** An input made from bytes, delivered in chunks of `chunkBytes` to exercise chunk joins. */
export function bufferSource(name: string, data: Buffer | string, chunkBytes = 4096): InputSource {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return {
    name,
    async *chunks() {
      for (let at = 0; at < bytes.length; at += chunkBytes) {
        yield bytes.subarray(at, at + chunkBytes);
      }
    },
  };
}

async function gather(items: AsyncIterable<ReadItem>): Promise<ReadResult> {
  const result: ReadResult = { events: [], problems: [] };
  for await (const item of items) {
    if (item.kind === 'event') result.events.push(item.event);
    else result.problems.push(item.problem);
  }
  return result;
}

export function readWith(
  reader: FormatReader,
  source: InputSource,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
): Promise<ReadResult> {
  return gather(reader.read(source, { logger: silentLogger, limits }));
}

/** Reads real paths the way `investigate` does: containers expanded, readers sniffed. */
export function readPaths(paths: string[]): Promise<ReadResult> {
  const registry = new ReaderRegistry(defaultReaders());
  const context = { logger: silentLogger, limits: DEFAULT_READ_LIMITS };
  return gather(readAll(paths, { registry, context }));
}
