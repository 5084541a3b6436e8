/**
 * What estimating source clocks costs `investigate`: the same LSASS campaign inputs with
 * estimation on and off, each run in its own process (so peak memory is its own), three runs
 * each, medians reported, with estimation-off as the baseline measured in the same run.
 *
 *   npm run build && node dist/bench/clock.bench.js
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { investigate } from '../investigate/run.js';
import { defaultRegistry } from '../read/formats/index.js';
import { sharedData } from '../testing/data.js';

interface Measurement {
  estimate: boolean;
  events: number;
  seconds: number;
  maxRssMb: number;
}

const INPUTS = [
  sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01'),
  sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_02'),
];
const RUNS = 3;

async function child(estimate: boolean): Promise<void> {
  const started = process.hrtime.bigint();
  const result = await investigate({
    inputs: INPUTS,
    registry: defaultRegistry(),
    settings: withSettings({ estimateClocks: estimate }),
    logger: silentLogger,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const out: Measurement = { estimate, events: result.report.stats.events, seconds, maxRssMb };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function measure(estimate: boolean): Measurement {
  const self = fileURLToPath(import.meta.url);
  const text = execFileSync(process.execPath, [self, '--child', String(estimate)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(text) as Measurement;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function main(): void {
  const runs = { off: [] as Measurement[], on: [] as Measurement[] };
  // Interleaved, so a slow spell of the machine falls on both sides.
  for (let i = 0; i < RUNS; i += 1) {
    runs.off.push(measure(false));
    runs.on.push(measure(true));
  }
  const off = median(runs.off.map((m) => m.seconds));
  const lines = [
    '| clock estimation | events | seconds (median of 3) | peak RSS (MB) | time vs off |',
  ];
  lines.push('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, list] of Object.entries(runs)) {
    const seconds = median(list.map((m) => m.seconds));
    const rss = median(list.map((m) => m.maxRssMb));
    lines.push(
      `| ${name} | ${list[0]!.events} | ${seconds.toFixed(2)} | ${rss.toFixed(0)} | ` +
        `${(seconds / off).toFixed(2)}x |`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[2] === '--child') await child(process.argv[3] === 'true');
else main();
