/**
 * `npm run bench:scale`: does `investigate` stay linear in time and bounded in memory as the
 * input grows? Simulates an organisation's working week at each size, investigates it in a
 * child process, and prints events per second, peak memory and the growth ratios against the
 * smallest size measured in the same run (1.0 = linear time, flat memory).
 *
 *   node dist/bench/scale.bench.js [--events 1000000,10000000] [--dir /tmp/x] [--keep] [--reuse]
 *
 * With `--reuse`, a size whose folder under `--dir` already holds a finished simulation (its
 * truth.json is written last) is investigated without simulating it again: the simulator is
 * deterministic, so the same seed and size give the same bytes.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { silentLogger } from '../core/logger.js';
import { DEFAULT_SIMULATION, simulate } from '../simulate/run.js';
import { measureInvestigate, type Measurement } from './measure.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    dir: { type: 'string' },
    seed: { type: 'string', default: 'scale' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});

// A simulated person writes about 230 records on a working day (measured with seed `suite`);
// a Monday-to-Friday week sizes the organisation for the wanted total.
const PER_USER_DAY = 230;
const DAYS = 5;

interface Row extends Measurement {
  target: number;
  /** Undefined when an earlier simulation was reused. */
  simulateMs: number | undefined;
}

const sizes = values.events.split(',').map(Number);
const base = values.dir ?? mkdtempSync(join(tmpdir(), 'lw-scale-'));
const rows: Row[] = [];
try {
  for (const target of sizes) {
    const dir = join(base, String(target));
    const users = Math.max(1, Math.ceil(target / (PER_USER_DAY * DAYS)));
    const started = performance.now();
    const reused = values.reuse && existsSync(join(dir, 'truth.json'));
    if (!reused) {
      simulate({
        ...DEFAULT_SIMULATION,
        users,
        days: DAYS,
        seed: values.seed,
        out: dir,
        logger: silentLogger,
      });
    }
    const simulateMs = reused ? undefined : Math.round(performance.now() - started);
    const run = measureInvestigate(join(dir, 'logs'), join(dir, 'out'));
    rows.push({ ...run, target, simulateMs });
    process.stderr.write(`measured ${run.events} events\n`);
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }
} finally {
  if (!values.keep && !values.dir) rmSync(base, { recursive: true, force: true });
}

const first = rows[0];
const lines = [
  '| Events | Simulate s | Investigate s | CPU s | Events/s | Peak RSS MB | Time growth | Memory growth |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const r of rows) {
  const scale = first ? r.events / first.events : 1;
  const timeGrowth = first ? r.cpuMs / first.cpuMs / scale : 1;
  const memoryGrowth = first ? r.peakRssMb / first.peakRssMb : 1;
  lines.push(
    `| ${r.events} | ${r.simulateMs === undefined ? '-' : (r.simulateMs / 1000).toFixed(1)} | ` +
      `${(r.elapsedMs / 1000).toFixed(1)} | ` +
      `${(r.cpuMs / 1000).toFixed(1)} | ${Math.round((r.events * 1000) / r.elapsedMs)} | ` +
      `${r.peakRssMb} | ${timeGrowth.toFixed(2)} | ${memoryGrowth.toFixed(2)} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
