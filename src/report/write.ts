/**
 * Writes every registered report into the output folder. Each file is written beside its final
 * name and renamed over it, so a reader never sees half a report and a failed run leaves the
 * previous one intact.
 */
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import type { IncidentReport } from '../model/incident.js';
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
  report: IncidentReport,
  outDir: string,
  logger: Logger,
  writers: readonly ReportWriter[] = REPORT_WRITERS,
): Promise<WrittenReport[]> {
  await mkdir(outDir, { recursive: true });
  const written: WrittenReport[] = [];
  for (const writer of writers) {
    const path = join(outDir, writer.fileName);
    const temporary = `${path}.${process.pid}.tmp`;
    const content = Buffer.from(writer.render(report), 'utf8');
    try {
      await writeFile(temporary, content, { mode: FILE_MODE });
      // The mode given to writeFile is filtered by the umask; the reports' mode is not.
      await chmod(temporary, FILE_MODE);
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    logger.debug('report written', { report: writer.id, path, bytes: content.length });
    written.push({ id: writer.id, path, bytes: content.length });
  }
  logger.info('reports written', { dir: outDir, files: written.length });
  return written;
}
