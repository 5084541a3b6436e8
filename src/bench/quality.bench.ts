/**
 * `npm run bench:quality`: simulates an organisation with every variant planted several
 * times, investigates it, and prints the score table with time and peak memory.
 *
 *   node dist/bench/quality.bench.js [--users 1000] [--days 1] [--seed quality] [--format json]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '../core/logger.js';
import { renderScore, score } from '../score/index.js';
import type { ScoredReport } from '../score/score.js';
import { DEFAULT_SIMULATION, simulate } from '../simulate/run.js';
import { measureInvestigate } from './measure.js';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '1000' },
    days: { type: 'string', default: '1' },
    seed: { type: 'string', default: 'quality' },
    'min-each': { type: 'string', default: '5' },
    format: { type: 'string', default: 'table' },
    keep: { type: 'boolean', default: false },
  },
});

const dir = mkdtempSync(join(tmpdir(), 'lw-quality-'));
try {
  const truth = simulate({
    ...DEFAULT_SIMULATION,
    users: Number(values.users),
    days: Number(values.days),
    seed: values.seed,
    minEach: Number(values['min-each']),
    out: join(dir, 'sim'),
    logger: silentLogger,
  });
  const run = measureInvestigate(join(dir, 'sim', 'logs'), join(dir, 'out'));
  const report = JSON.parse(readFileSync(join(run.out, 'incidents.json'), 'utf8')) as ScoredReport;
  const result = score(truth, report, { elapsedMs: run.elapsedMs, peakRssMb: run.peakRssMb });
  process.stdout.write(
    values.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderScore(result),
  );
} finally {
  if (values.keep) process.stderr.write(`kept ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
}
