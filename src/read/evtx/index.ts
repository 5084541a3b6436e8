/**
 * Windows EVTX reader: turns a binary event log into the JSON objects evtx_dump (the Rust
 * `evtx` crate) writes, one per record, in file order, with every defect reported as a
 * `bad-evtx` problem instead of ending the read. One module per on-disk structure:
 * file-header, chunk-header, names (string table), templates (template table), record,
 * binxml (tokens), values (value types), expand + render-json / render-xml (output).
 * Chunks are independent, so large files are parsed in worker threads (pool.ts).
 */
import { stat } from 'node:fs/promises';
import type { Logger } from '../../core/logger.js';
import { problem, type Problem } from '../../core/problems.js';
import type { InputSource } from '../types.js';
import { blocks, type Block } from './blocks.js';
import { CHUNK_SIZE, isAllZero } from './chunk-header.js';
import { readChunk, type ChunkItem, type RenderMode } from './chunk.js';
import { parseFileHeader } from './file-header.js';
import { ChunkPool, defaultWorkerCount } from './pool.js';

export { sniffEvtx } from './file-header.js';
export type { RenderMode } from './chunk.js';

export type EvtxItem =
  | { kind: 'record'; recordId: number; chunk: number; offset: number; value: unknown }
  | { kind: 'problem'; problem: Problem };

export interface EvtxOptions {
  logger?: Logger;
  /** `json` (default): evtx_dump's JSON object; `json-text`: the same as a string; `xml`. */
  render?: RenderMode;
  /**
   * Worker threads for parsing chunks: a number, 0 for none, or `auto` (default), which uses
   * them only for real files large enough, on hosts with CPUs enough, to repay them.
   */
  workers?: number | 'auto';
}

/** Below this many chunks (about 16 MiB) starting workers costs more than it saves. */
const WORKER_MIN_CHUNKS = 256;

export async function* readEvtx(
  input: InputSource,
  options: EvtxOptions = {},
): AsyncIterable<EvtxItem> {
  const mode = options.render ?? 'json';
  const workers = await workerCount(input, options.workers ?? 'auto');
  options.logger?.debug('evtx read', { input: input.name, workers });
  const toItem = (item: ChunkItem): EvtxItem =>
    item.kind === 'record' ? item : asProblem(input.name, item);

  const pool = workers > 0 ? new ChunkPool(workers, mode) : undefined;
  // The header block comes first; its problems are yielded before any chunk's items.
  const early: EvtxItem[] = [];
  const chunkBlocks = async function* (): AsyncIterable<Block> {
    for await (const block of readableBlocks(input, early)) {
      if (block.index < 0) {
        for (const p of headerProblems(block)) {
          early.push({
            kind: 'problem',
            problem: problem(input.name, p.location, 'bad-evtx', p.message),
          });
        }
      } else {
        yield block;
      }
    }
  };
  const batches: AsyncIterable<ChunkItem[]> = pool
    ? pool.run(chunkBlocks())
    : (async function* () {
        for await (const block of chunkBlocks()) yield readBlock(block, mode);
      })();
  let records = 0;
  let problems = 0;
  try {
    for await (const items of batches) {
      problems += early.length;
      yield* early.splice(0);
      for (const item of items) {
        if (item.kind === 'record') records++;
        else problems++;
        yield toItem(item);
      }
    }
    problems += early.length;
    yield* early.splice(0);
  } finally {
    await pool?.close();
    options.logger?.debug('evtx read done', { input: input.name, records, problems });
  }
}

/** The input's blocks; a failure to read ends them with an `unreadable-input` problem. */
async function* readableBlocks(input: InputSource, problems: EvtxItem[]): AsyncIterable<Block> {
  try {
    yield* blocks(input);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.push({
      kind: 'problem',
      problem: problem(input.name, '', 'unreadable-input', message),
    });
  }
}

/** One chunk block into items; all-zero chunks are unused space and yield nothing. */
export function readBlock(block: Block, mode: RenderMode): ChunkItem[] {
  if (block.bytes.length < 512) {
    if (isAllZero(block.bytes)) return [];
    return [
      {
        kind: 'problem',
        chunk: block.index,
        offset: block.offset,
        message: `${block.bytes.length} trailing bytes are too few for a chunk`,
      },
    ];
  }
  if (isAllZero(block.bytes)) return [];
  return readChunk(block.bytes, block.index, block.offset, mode);
}

/** A file header that is not one, or whose checksum disagrees; chunks are read regardless. */
function headerProblems(block: Block): { location: string; message: string }[] {
  try {
    if (parseFileHeader(block.bytes).checksumOk) return [];
    const message = 'file header checksum does not match';
    return [{ location: 'file header, offset 0x7c', message }];
  } catch (error) {
    return [{ location: 'file header, offset 0x0', message: (error as Error).message }];
  }
}

function asProblem(input: string, item: Extract<ChunkItem, { kind: 'problem' }>): EvtxItem {
  const where = [`chunk ${item.chunk}`];
  if (item.recordId !== undefined) where.push(`record ${item.recordId}`);
  where.push(`offset 0x${item.offset.toString(16)}`);
  return { kind: 'problem', problem: problem(input, where.join(', '), 'bad-evtx', item.message) };
}

async function workerCount(input: InputSource, requested: number | 'auto'): Promise<number> {
  if (requested !== 'auto') return Math.max(0, Math.floor(requested));
  if (!input.path) return 0;
  try {
    const size = (await stat(input.path)).size;
    return size >= WORKER_MIN_CHUNKS * CHUNK_SIZE ? defaultWorkerCount() : 0;
  } catch {
    // The read that follows reports the file as unreadable.
    return 0;
  }
}
