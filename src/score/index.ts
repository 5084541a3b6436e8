/**
 * Scoring: how an investigation's incidents compare with a simulation's ground truth. Reads
 * the two JSON documents, checks their shape, and hands the numbers to the writers.
 */
import { readFile } from 'node:fs/promises';
import { LurewatchError, problem } from '../core/problems.js';
import type { Truth } from '../simulate/truth.js';
import type { ScoredReport } from './score.js';

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

export async function loadIncidents(path: string): Promise<ScoredReport> {
  const value = (await readJson(path)) as Partial<ScoredReport> | null;
  if (!value || !Array.isArray(value.incidents)) {
    throw new LurewatchError(
      problem(path, 'file', 'bad-record', 'not an incidents.json (no incidents list)'),
    );
  }
  return value as ScoredReport;
}
