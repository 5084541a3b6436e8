/**
 * Speed and memory of `investigate` on the LSASS campaign recordings, against the bare cost
 * of reading the same inputs (inflating the zips, splitting lines, JSON.parse) measured in the
 * same run. Each measurement runs in its own process so that peak memory (maxRSS) is its own.
 * Inputs are repeated 1x and 3x: memory that stays flat while the input triples is the point.
 *
 *   npm run bench            (prints a Markdown table; figures go in docs/benchmarks.md)
 */
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { investigate } from '../investigate/run.js';
import { splitLines } from '../read/chunks.js';
import { defaultRegistry } from '../read/formats/index.js';
import { expandInputs } from '../read/inputs.js';
import { sharedData } from '../testing/data.js';

interface Measurement {
  mode: string;
  repeat: number;
  events: number;
  seconds: number;
  maxRssMb: number;
}

function inputs(repeat: number): string[] {
  const base = [
    sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01'),
    sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_02'),
  ];
  return Array.from({ length: repeat }, () => base).flat();
}

async function bare(paths: string[]): Promise<number> {
  let events = 0;
  for await (const item of expandInputs(paths)) {
    if (item.kind !== 'input') continue;
    for await (const line of splitLines(item.source.chunks(), 8 << 20)) {
      if (line.kind !== 'line' || !line.text.startsWith('{')) continue;
      JSON.parse(line.text);
      events += 1;
    }
  }
  return events;
}

async function child(mode: string, repeat: number): Promise<void> {
  const paths = inputs(repeat);
  const started = process.hrtime.bigint();
  let events: number;
  if (mode === 'bare') {
    events = await bare(paths);
  } else {
    const result = await investigate({
      inputs: paths,
      registry: defaultRegistry(),
      settings: withSettings({}),
      logger: silentLogger,
    });
    events = result.report.stats.events;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  const out: Measurement = { mode, repeat, events, seconds, maxRssMb };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function measure(mode: string, repeat: number): Measurement {
  const self = fileURLToPath(import.meta.url);
  const text = execFileSync(process.execPath, [self, '--child', mode, String(repeat)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(text) as Measurement;
}

function main(): void {
  const rows: string[] = [];
  const results: Measurement[] = [];
  for (const repeat of [1, 3]) {
    for (const mode of ['bare', 'investigate']) {
      process.stderr.write(`measuring ${mode} x${repeat}\n`);
      results.push(measure(mode, repeat));
    }
  }
  rows.push('| run | events | seconds | events/s | peak RSS (MB) | time vs bare parse |');
  rows.push('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    const base = results.find((b) => b.mode === 'bare' && b.repeat === r.repeat)!;
    const rate = Math.round(r.events / r.seconds).toLocaleString('en');
    rows.push(
      `| ${r.mode} x${r.repeat} | ${r.events.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ` +
        `${rate} | ${r.maxRssMb.toFixed(0)} | ${(r.seconds / base.seconds).toFixed(2)}x |`,
    );
  }
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `${cpus().length} x ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ` +
      `Node ${process.version}\n\n` +
      `${rows.join('\n')}\n`,
  );
}

const at = process.argv.indexOf('--child');
if (at !== -1) await child(process.argv[at + 1] ?? 'bare', Number(process.argv[at + 2] ?? 1));
else main();
