/**
 * Writes every registered report into the output folder. Each file is written beside its final
 * name and renamed over it, so a reader never sees half a report and a failed run leaves the
 * previous one intact.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import type { ReportSource } from '../model/incident.js';
import { REPORT_WRITERS } from './registry.js';
import type { ReportWriter } from './types.js';

/** Readable by all, never executable: reports hold text from hostile inputs. */
const FILE_MODE = 0o644;

export interface WrittenReport {
  id: string;
  path: string;
  bytes: number;
}

export async function writeReports(
  report: ReportSource,
  outDir: string,
  logger: Logger,
  writers: readonly ReportWriter[] = REPORT_WRITERS,
): Promise<WrittenReport[]> {
  await mkdir(outDir, { recursive: true });
  const written: WrittenReport[] = [];
  for (const writer of writers) {
    const path = join(outDir, writer.fileName);
    const temporary = `${path}.${process.pid}.tmp`;
    let bytes = 0;
    try {
      bytes = writePieces(temporary, writer.render(report));
      // The mode given to writeFile is filtered by the umask; the reports' mode is not.
      await chmod(temporary, FILE_MODE);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    logger.debug('report written', { report: writer.id, path, bytes });
    written.push({ id: writer.id, path, bytes });
  }
  logger.info('reports written', { dir: outDir, files: written.length });
  return written;
}

/** Writes the pieces through a 1 MiB buffer; returns the bytes written. */
function writePieces(path: string, pieces: Iterable<string>): number {
  const fd = openSync(path, 'w', FILE_MODE);
  const buffer = Buffer.alloc(1 << 20);
  let used = 0;
  let total = 0;
  const drain = (): void => {
    let at = 0;
    while (at < used) at += writeSync(fd, buffer, at, used - at);
    total += used;
    used = 0;
  };
  try {
    for (const piece of pieces) {
      const size = Buffer.byteLength(piece);
      if (used + size > buffer.length) drain();
      if (size > buffer.length) {
        const big = Buffer.from(piece, 'utf8');
        let at = 0;
        while (at < big.length) at += writeSync(fd, big, at, big.length - at);
        total += big.length;
      } else used += buffer.write(piece, used, 'utf8');
    }
    drain();
  } finally {
    closeSync(fd);
  }
  return total;
}
