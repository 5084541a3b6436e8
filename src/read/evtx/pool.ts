/**
 * Parses chunks in worker threads and hands the results back in file order. At most a small
 * window of chunks is in flight, so memory stays bounded however large the file.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Block } from './blocks.js';
import type { ChunkItem, RenderMode } from './chunk.js';

interface Task {
  id: number;
  block: Block;
  resolve: (items: ChunkItem[]) => void;
}

interface Reply {
  id: number;
  items: ChunkItem[];
}

/**
 * Workers for `auto`. Handing records back and warming each worker's JIT cost about 30% more
 * CPU in all than the main thread alone spends (src/bench/evtx.bench.ts), so with fewer than
 * four CPUs the main thread is as fast; from four on, all but the main thread's CPU parse.
 */
export function defaultWorkerCount(): number {
  const cpus = availableParallelism();
  return cpus < 4 ? 0 : Math.min(8, cpus - 1);
}

export class ChunkPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Task[] = [];
  private readonly running = new Map<Worker, Task>();
  private nextId = 0;
  /** Chunks in flight: enough to keep every worker busy while results wait their turn. */
  private readonly window: number;

  /**
   * Objects come back from workers as JSON text: JSON.parse rebuilds them on the main thread in
   * about half the time structured cloning takes (measured on the benchmark file), and the
   * main thread is what bounds the pool.
   */
  private readonly parseRecords: boolean;

  constructor(size: number, mode: RenderMode) {
    this.parseRecords = mode === 'json';
    const workerMode: RenderMode = this.parseRecords ? 'json-text' : mode;
    this.window = size * 4;
    for (let i = 0; i < size; i++) {
      const worker = new Worker(new URL('./worker.js', import.meta.url), {
        workerData: { mode: workerMode },
      });
      worker.on('message', (reply: Reply) => this.finished(worker, reply.items));
      worker.on('error', (error) => this.failed(worker, error));
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  async *run(source: AsyncIterable<Block>): AsyncIterable<ChunkItem[]> {
    const iterator = source[Symbol.asyncIterator]();
    const pending: Promise<ChunkItem[]>[] = [];
    let done = false;
    try {
      for (;;) {
        while (!done && pending.length < this.window) {
          const next = await iterator.next();
          if (next.done) done = true;
          else pending.push(this.submit(next.value));
        }
        const head = pending.shift();
        if (!head) return;
        yield await head;
      }
    } finally {
      // A consumer that stops early must still let the source close its file.
      if (!done) await iterator.return?.();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private submit(block: Block): Promise<ChunkItem[]> {
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, block, resolve });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop() as Worker;
      const task = this.queue.shift() as Task;
      this.running.set(worker, task);
      const { bytes, index, offset } = task.block;
      // Hand the chunk's memory over instead of copying it when it is a whole buffer.
      const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      const buffer = own ? bytes.buffer : Uint8Array.prototype.slice.call(bytes).buffer;
      worker.postMessage({ id: task.id, index, offset, buffer, length: bytes.length }, [
        buffer as ArrayBuffer,
      ]);
    }
  }

  private finished(worker: Worker, items: ChunkItem[]): void {
    const task = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (this.parseRecords) {
      for (const item of items)
        if (item.kind === 'record') item.value = JSON.parse(item.value as string);
    }
    task?.resolve(items);
    this.dispatch();
  }

  private failed(worker: Worker, error: Error): void {
    const task = this.running.get(worker);
    this.running.delete(worker);
    const index = this.all.indexOf(worker);
    if (index >= 0) this.all.splice(index, 1);
    task?.resolve([
      {
        kind: 'problem',
        chunk: task.block.index,
        offset: task.block.offset,
        message: `chunk parser stopped: ${error.message}`,
      },
    ]);
    if (this.all.length === 0) {
      for (const queued of this.queue.splice(0)) this.failedTask(queued);
    }
    this.dispatch();
  }

  private failedTask(task: Task): void {
    task.resolve([
      {
        kind: 'problem',
        chunk: task.block.index,
        offset: task.block.offset,
        message: 'no worker left to parse the chunk',
      },
    ]);
  }
}
