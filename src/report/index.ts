/** Report writers: the terminal table and the files written to `--out`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import type { IncidentReport } from '../model/incident.js';

export function renderTable(
  report: IncidentReport,
  _options: { color: boolean; columns: number },
): string {
  const rows = report.incidents.map((i) =>
    [i.verdict, i.severity, i.host, i.user, i.file.name, i.delivery.channel, i.firstSeen].join(
      '  ',
    ),
  );
  const s = report.stats;
  return `${rows.join('\n')}\n${report.incidents.length} incidents; ${s.inputs} inputs, ${s.events} events, ${s.problems.length} problems\n`;
}

export async function writeOutputs(
  report: IncidentReport,
  dir: string,
  _logger: Logger,
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'incidents.json');
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`, { mode: 0o644 });
  return [path];
}
