/** What the EVTX tests share: the sample files, inputs built from bytes, a collecting reader. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Problem } from '../../core/problems.js';
import { sharedData } from '../../testing/data.js';
import type { InputSource } from '../types.js';
import { readEvtx, type EvtxOptions } from './index.js';

export interface ReadResult {
  records: { recordId: number; chunk: number; offset: number; value: unknown }[];
  problems: Problem[];
}

/** Every `.evtx` under the shared corpus, as paths relative to its `evtx/` folder. */
export function evtxSamples(): string[] {
  const root = sharedData('evtx');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (path !== join(root, 'golden')) walk(path);
      } else if (entry.endsWith('.evtx')) out.push(relative(root, path));
    }
  };
  walk(root);
  return out;
}

export function fileSource(path: string): InputSource {
  return { name: path, path, chunks: () => bufferChunks(Buffer.alloc(0)) };
}

/** An input without a path, delivered in pieces of `piece` bytes. */
export function bufferSource(name: string, bytes: Buffer, piece = 10_000): InputSource {
  return { name, chunks: () => bufferChunks(bytes, piece) };
}

async function* bufferChunks(bytes: Buffer, piece = 10_000): AsyncIterable<Buffer> {
  for (let at = 0; at < bytes.length; at += piece) yield bytes.subarray(at, at + piece);
}

export async function readAll(input: InputSource, options: EvtxOptions = {}): Promise<ReadResult> {
  const result: ReadResult = { records: [], problems: [] };
  for await (const item of readEvtx(input, { workers: 0, ...options })) {
    if (item.kind === 'record') result.records.push(item);
    else result.problems.push(item.problem);
  }
  return result;
}
