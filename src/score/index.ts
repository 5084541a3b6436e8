/**
 * Scoring: how an investigation's incidents compare with a simulation's ground truth. Reads
 * the two JSON documents, checks their shape, and hands the numbers to the writers.
 */
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { LurewatchError, problem } from '../core/problems.js';
import { jsonArrayField } from '../read/json-array-field.js';
import type { Truth } from '../simulate/truth.js';
import type { ScoredIncident, ScoredReport } from './score.js';

export { renderScore } from './markdown.js';
export { score, type RunCost, type Score, type VariantScore } from './score.js';

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new LurewatchError(problem(path, 'file', 'bad-record', (error as Error).message));
  }
}

export async function loadTruth(path: string): Promise<Truth> {
  const value = await readJson(path);
  const truth = value as Partial<Truth> | null;
  if (truth?.schemaVersion !== 1 || !Array.isArray(truth.entries)) {
    throw new LurewatchError(
      problem(path, 'file', 'bad-record', 'not a truth.json (schemaVersion 1 with entries)'),
    );
  }
  return truth as Truth;
}

/** One incident of a long run is far below this; a larger one is not an incident. */
const MAX_INCIDENT_BYTES = 64 << 20;

/**
 * Reads incidents.json an incident at a time and keeps only what scoring looks at, so that the
 * report of a run of any size can be scored.
 */
export async function loadIncidents(path: string): Promise<ScoredReport> {
  const rest: Record<string, unknown> = {};
  const found = { array: false };
  const incidents: ScoredIncident[] = [];
  const notIncidents = (why: string): LurewatchError =>
    new LurewatchError(problem(path, 'file', 'bad-record', `not an incidents.json (${why})`));
  try {
    const source = createReadStream(path, { highWaterMark: 1 << 20 });
    const items = jsonArrayField(source, 'incidents', {
      name: path,
      maxValueBytes: MAX_INCIDENT_BYTES,
      rest,
      found,
    });
    for await (const item of items) {
      const incident = item as Partial<ScoredIncident>;
      if (typeof incident.host !== 'string' || typeof incident.file?.path !== 'string') {
        throw notIncidents(`incident ${incidents.length + 1} has no host or file path`);
      }
      incidents.push({
        id: String(incident.id),
        verdict: incident.verdict ?? 'review',
        host: incident.host,
        file: { path: incident.file.path },
      });
    }
  } catch (error) {
    if (error instanceof LurewatchError) throw error;
    throw new LurewatchError(problem(path, 'file', 'bad-record', (error as Error).message));
  }
  if (!found.array) throw notIncidents('no incidents list');
  const stats = rest['stats'] as ScoredReport['stats'];
  return { incidents, ...(stats ? { stats } : {}) };
}
