/**
 * Ties static analysis into investigations: every message read is taken apart (so a file
 * inside an attached ISO or zip joins by hash like a plain attachment), and each incident
 * carries the analysis of the file the user opened, from its email or from a samples folder.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { analyzeBytes, analyzeMessage } from '../analyze/index.js';
import { defaultOptions, type FileReport } from '../analyze/types.js';
import type { Logger } from '../core/logger.js';
import type { Draft } from '../correlate/incidents.js';
import type { FileAnalysis } from '../model/analysis.js';
import type { Incident, IndicatorHit } from '../model/incident.js';

/** Samples larger than this are not read: delivered lures are small, disk images aside. */
const MAX_SAMPLE_BYTES = 256 * 1024 * 1024;
const MAX_SAMPLES = 10_000;

function reduce(report: FileReport): FileAnalysis {
  return {
    name: report.name,
    path: report.path,
    sha256: report.sha256,
    md5: report.md5,
    size: report.size,
    ...(report.declaredType ? { declaredType: report.declaredType } : {}),
    detectedType: report.detectedType,
    findings: report.findings.map(({ id, severity, summary }) => ({ id, severity, summary })),
    children: report.children.map(reduce),
  };
}

export function mailInspector(
  logger: Logger,
): (raw: Buffer, input: string) => Promise<FileAnalysis[]> {
  const options = defaultOptions({ logger });
  return async (raw, input) => (await analyzeMessage(raw, input, options)).files.map(reduce);
}

/** Finds the analysed file with this hash (or, failing that, name) and its top container. */
function locate(
  files: readonly FileAnalysis[],
  file: Incident['file'],
): { top: FileAnalysis; node: FileAnalysis } | undefined {
  const matches = (node: FileAnalysis): boolean =>
    file.sha256 ? node.sha256 === file.sha256 : node.name.toLowerCase() === file.name.toLowerCase();
  const search = (node: FileAnalysis): FileAnalysis | undefined =>
    matches(node) ? node : node.children.map(search).find(Boolean);
  for (const top of files) {
    const node = search(top);
    if (node) return { top, node };
  }
  return undefined;
}

export interface SampleIndex {
  byHash: Map<string, string>;
  byName: Map<string, string>;
}

/** Hashes every file below `dir`, so samples named by hash or by original name both match. */
export async function indexSamples(dir: string, logger: Logger): Promise<SampleIndex> {
  const index: SampleIndex = { byHash: new Map(), byName: new Map() };
  const queue = [dir];
  let seen = 0;
  while (queue.length > 0 && seen < MAX_SAMPLES) {
    const current = queue.shift()!;
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) queue.push(path);
      if (!entry.isFile() || (await stat(path)).size > MAX_SAMPLE_BYTES) continue;
      seen += 1;
      const digest = createHash('sha256')
        .update(await readFile(path))
        .digest('hex');
      index.byHash.set(digest, path);
      index.byName.set(entry.name.toLowerCase(), path);
    }
  }
  logger.info('indexed samples', { dir, files: seen });
  return index;
}

function findingHits(node: FileAnalysis): IndicatorHit[] {
  const hits: IndicatorHit[] = [];
  const walk = (file: FileAnalysis): void => {
    for (const f of file.findings) {
      if (f.severity === 'high' || f.severity === 'critical') {
        hits.push({
          id: `analysis:${f.id}`,
          summary: `${file.path}: ${f.summary}`,
          attack: ['T1204.002'],
        });
      }
    }
    file.children.forEach(walk);
  };
  walk(node);
  return hits.slice(0, 20);
}

/** Adds the delivered file's analysis (and its serious findings as indicators) to an incident. */
export async function attachAnalysis(
  incident: Incident,
  draft: Draft,
  samples: SampleIndex | undefined,
  logger: Logger,
): Promise<void> {
  for (const email of draft.delivery.emails) {
    const found = locate(email.event.email?.analysis ?? [], incident.file);
    if (!found) continue;
    incident.analysis = {
      source: 'email-attachment',
      input: email.event.lurewatch.input,
      file: found.top,
      ...(found.top !== found.node ? { openedPath: found.node.path } : {}),
    };
    incident.indicators.push(...findingHits(found.top));
    return;
  }
  const path =
    (incident.file.sha256 && samples?.byHash.get(incident.file.sha256)) ||
    samples?.byName.get(incident.file.name.toLowerCase());
  if (!path) return;
  const bytes = await readFile(path);
  const report = await analyzeBytes(bytes, incident.file.name, defaultOptions({ logger }));
  const top = report.files[0];
  if (!top) return;
  incident.analysis = { source: 'sample', input: path, file: reduce(top) };
  incident.indicators.push(...findingHits(incident.analysis.file));
}
