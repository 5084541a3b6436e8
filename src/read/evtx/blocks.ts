/**
 * Cuts an input into the file header block and 64 KiB chunks, reading one chunk at a time so
 * that memory does not grow with the file. A real file is read by position; any other input
 * is re-blocked from its stream of byte chunks.
 */
import { open } from 'node:fs/promises';
import type { InputSource } from '../types.js';
import { CHUNK_SIZE } from './chunk-header.js';
import { FILE_HEADER_BLOCK } from './file-header.js';

export interface Block {
  /** -1 for the file header block, then the chunk number. */
  index: number;
  /** File offset of the first byte. */
  offset: number;
  /** A fresh buffer; shorter than a full block only at the end of a truncated file. */
  bytes: Buffer;
}

export function blocks(input: InputSource): AsyncIterable<Block> {
  return input.path ? fileBlocks(input.path) : streamBlocks(input.chunks());
}

function blockSize(index: number): number {
  return index < 0 ? FILE_HEADER_BLOCK : CHUNK_SIZE;
}

async function* fileBlocks(path: string): AsyncIterable<Block> {
  const handle = await open(path, 'r');
  try {
    let offset = 0;
    for (let index = -1; ; index++) {
      const size = blockSize(index);
      const bytes = Buffer.allocUnsafe(size);
      let filled = 0;
      while (filled < size) {
        const { bytesRead } = await handle.read(bytes, filled, size - filled, offset + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled === 0) return;
      yield { index, offset, bytes: filled === size ? bytes : bytes.subarray(0, filled) };
      if (filled < size) return;
      offset += size;
    }
  } finally {
    await handle.close();
  }
}

async function* streamBlocks(source: AsyncIterable<Buffer>): AsyncIterable<Block> {
  let index = -1;
  let offset = 0;
  let pending = Buffer.allocUnsafe(blockSize(index));
  let filled = 0;
  for await (const piece of source) {
    let at = 0;
    while (at < piece.length) {
      const take = Math.min(pending.length - filled, piece.length - at);
      piece.copy(pending, filled, at, at + take);
      filled += take;
      at += take;
      if (filled === pending.length) {
        yield { index, offset, bytes: pending };
        offset += pending.length;
        index += 1;
        pending = Buffer.allocUnsafe(blockSize(index));
        filled = 0;
      }
    }
  }
  if (filled > 0) yield { index, offset, bytes: pending.subarray(0, filled) };
}
