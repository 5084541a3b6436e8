/**
 * Sigma engine throughput: every SigmaHQ Windows rule over a few hundred thousand events built
 * by repeating the evtx_dump golden JSON and the OTRF flat records, against the bare cost of
 * reading and JSON-parsing the same file in the same run.
 *
 *   npm run bench:sigma [-- --events 300000]
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SigmaEngine } from '../detect/sigma/engine.js';
import { toSigmaEvent } from '../detect/sigma/event.js';
import { loadRules } from '../detect/sigma/loader.js';
import type { DetectionRule } from '../detect/sigma/model.js';
import { collect } from '../read/chunks.js';
import { expandInputs } from '../read/inputs.js';
import { jsonRecords } from '../read/json-records.js';
import { sharedData } from '../testing/data.js';

const MAX_RECORD = 8 << 20;

function argument(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

async function* jsonlFiles(dir: string): AsyncIterable<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsonlFiles(path);
    else if (entry.name.endsWith('.jsonl')) yield path;
  }
}

async function* once1(data: Buffer): AsyncIterable<Buffer> {
  yield data;
}

/** One JSON line per record from the golden evtx_dump files and the OTRF zips. */
async function sampleLines(): Promise<string[]> {
  const lines: string[] = [];
  const add = async (chunks: AsyncIterable<Buffer>): Promise<void> => {
    for await (const item of jsonRecords(chunks, MAX_RECORD)) {
      if (item.kind === 'record') lines.push(JSON.stringify(item.value));
    }
  };
  for await (const file of jsonlFiles(sharedData('evtx', 'golden'))) {
    await add(createReadStream(file));
  }
  const otrf = [
    sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01'),
    sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_02'),
    sharedData('otrf', 'datasets', 'atomic', 'windows', 'execution', 'host'),
  ];
  for await (const item of expandInputs(otrf)) {
    if (item.kind !== 'input' || item.source.name.includes('zeek')) continue;
    const bytes = await collect(item.source.chunks(), 1 << 30);
    if (bytes) await add(once1(bytes));
  }
  return lines;
}

async function writeEvents(path: string, lines: readonly string[], total: number): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < total; i += 1) {
    if (!out.write(`${lines[i % lines.length]}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Run {
  wallMs: number;
  cpuMs: number;
  events: number;
  matches: number;
  peakRssMb: number;
}

type Mode = 'bare' | 'view' | 'rules';

/** Measures one mode in this process: the parent runs each mode in a fresh child. */
async function measure(mode: Mode, path: string): Promise<Run> {
  let perRecord: (value: unknown) => number = () => 0;
  if (mode === 'view') perRecord = (value) => (toSigmaEvent(value) ? 0 : 1);
  if (mode === 'rules') {
    const loaded = await loadRules([sharedData('sigma', 'rules', 'windows')]);
    const engine = new SigmaEngine(
      loaded.rules.filter((r): r is DetectionRule => r.kind === 'detection'),
    );
    perRecord = (value) => {
      const event = toSigmaEvent(value);
      return event ? engine.evaluate(event).length : 0;
    };
  }
  let peak = process.memoryUsage().rss;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let events = 0;
  let matches = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const item of jsonRecords(stream, MAX_RECORD)) {
    if (item.kind !== 'record') continue;
    events += 1;
    matches += perRecord(item.value);
    if ((events & 0x3fff) === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  const used = process.cpuUsage(cpu);
  peak = Math.max(peak, process.memoryUsage().rss);
  const cpuMs = (used.user + used.system) / 1000;
  return { wallMs, cpuMs, events, matches, peakRssMb: Math.round(peak / 2 ** 20) };
}

function report(label: string, run: Run, base?: Run): string {
  const rate = Math.round(run.events / (run.cpuMs / 1000));
  const ratio = base ? `  ${(run.cpuMs / base.cpuMs).toFixed(2)}x bare` : '';
  return (
    `${label.padEnd(26)} ${String(rate).padStart(7)} events/CPU-s  CPU ${run.cpuMs.toFixed(0)} ms` +
    `  wall ${run.wallMs.toFixed(0)} ms  peak RSS ${run.peakRssMb} MB  matches ${run.matches}` +
    `${ratio}\n`
  );
}

function child(mode: Mode, path: string): Run {
  const script = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, [script, '--measure', mode, path], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as Run;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--measure');
  if (at >= 0) {
    const run = await measure(process.argv[at + 1] as Mode, process.argv[at + 2] as string);
    process.stdout.write(JSON.stringify(run));
    return;
  }
  const total = argument('events', 300_000);
  const dir = await mkdtemp(join(tmpdir(), 'lw-sigma-bench-'));
  try {
    const path = join(dir, 'events.jsonl');
    const lines = await sampleLines();
    await writeEvents(path, lines, total);
    process.stdout.write(
      `${lines.length} distinct records (evtx golden + OTRF) repeated to ${total} events; ` +
        'rules: SigmaHQ rules/windows\n',
    );
    const bare = child('bare', path);
    process.stdout.write(report('read + JSON.parse (bare)', bare));
    process.stdout.write(report('+ event view', child('view', path), bare));
    process.stdout.write(report('+ all Windows rules', child('rules', path), bare));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
