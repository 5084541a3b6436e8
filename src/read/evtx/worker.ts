/** Worker thread entry: parses the chunks the pool sends and posts back their items. */
import { parentPort, workerData } from 'node:worker_threads';
import type { RenderMode } from './chunk.js';
import { readBlock } from './index.js';

interface Job {
  id: number;
  index: number;
  offset: number;
  buffer: ArrayBuffer;
  length: number;
}

const mode = (workerData as { mode: RenderMode }).mode;

parentPort?.on('message', (job: Job) => {
  const bytes = Buffer.from(job.buffer, 0, job.length);
  const items = readBlock({ index: job.index, offset: job.offset, bytes }, mode);
  parentPort?.postMessage({ id: job.id, items });
});
