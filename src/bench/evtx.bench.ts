/**
 * EVTX reader benchmark. Builds a large EVTX from the Sysmon samples (real chunks stitched
 * together by make_big_evtx.py), then reads it single-threaded and with worker threads, each
 * run in its own process so that peak memory is its own. Baselines measured in the same run:
 * reading the file's bytes, and JSON.parse of evtx_dump's golden JSON for as many records.
 *
 *   npm run bench:evtx [-- CHUNKS]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEvtx, type RenderMode } from '../read/evtx/index.js';
import { sharedData } from '../testing/data.js';

interface Measure {
  label: string;
  records: number;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
}

const MAKE_BIG = join(sharedData('..', 'tools'), 'make_big_evtx.py');

function sysmonSamples(): string[] {
  const root = sharedData('evtx', 'attack-samples');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (/sysmon/i.test(entry) && entry.endsWith('.evtx')) out.push(path);
    }
  };
  walk(root);
  return out;
}

/** One measured run, in this process: called in a child with `--run`. */
async function runOne(path: string, mode: string, workers: number): Promise<Measure> {
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let records = 0;
  if (mode === 'bytes') {
    const handle = await open(path, 'r');
    const buf = Buffer.allocUnsafe(65536);
    for (let at = 0; ; at += buf.length) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, at);
      if (bytesRead === 0) break;
      records += bytesRead;
    }
    await handle.close();
  } else if (mode === 'golden') {
    records = parseGolden(workers);
  } else {
    const input = { name: path, path, chunks: () => (async function* () {})() };
    for await (const item of readEvtx(input, { workers, render: mode as RenderMode })) {
      if (item.kind === 'record') records++;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return {
    label: mode,
    records,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** JSON.parse of evtx_dump's output for `count` records of the same Sysmon samples. */
function parseGolden(count: number): number {
  const golden = sharedData('evtx', 'golden', 'attack-samples');
  const lines: string[] = [];
  for (const sample of sysmonSamples()) {
    const rel = relative(sharedData('evtx', 'attack-samples'), sample).replace(/\.evtx$/, '.jsonl');
    try {
      lines.push(...readFileSync(join(golden, rel), 'utf8').split('\n').filter(Boolean));
    } catch {
      // A sample without golden output adds nothing to the baseline.
    }
  }
  let parsed = 0;
  while (parsed < count) for (const line of lines) if (parsed++ < count) JSON.parse(line);
  return parsed;
}

function child(path: string, mode: string, workers: number): Measure {
  const self = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [self, '--run', path, mode, String(workers)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`bench child failed: ${out.stderr}`);
  return JSON.parse(out.stdout) as Measure;
}

async function main(): Promise<void> {
  if (process.argv[2] === '--run') {
    const [path, mode, workers] = process.argv.slice(3) as [string, string, string];
    process.stdout.write(JSON.stringify(await runOne(path, mode, Number(workers))));
    return;
  }
  const chunks = Number(process.argv[2] ?? 800);
  const dir = mkdtempSync(join(tmpdir(), 'lurewatch-evtx-bench-'));
  try {
    const path = join(dir, 'big.evtx');
    execFileSync('python3', [MAKE_BIG, path, String(chunks), ...sysmonSamples()], {
      env: { ...process.env, MIN_RECORDS: '40' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const mb = statSync(path).size / 1e6;
    const cores = cpus().length;
    const workers = Math.max(2, cores - 1);
    const bytes = child(path, 'bytes', 0);
    const single = child(path, 'json', 0);
    const runs = [
      single,
      { ...child(path, 'json', workers), label: `json, ${workers} workers` },
      { ...child(path, 'json-text', 0), label: 'json-text' },
      { ...child(path, 'json-text', workers), label: `json-text, ${workers} workers` },
      { ...child(path, 'golden', single.records), label: 'baseline: JSON.parse of golden' },
    ];

    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    const print = (text: string) => process.stdout.write(`${text}\n`);
    print(`file: ${mb.toFixed(1)} MB, ${chunks} chunks, ${single.records} records`);
    const gib = (totalmem() / 2 ** 30).toFixed(0);
    print(`host: ${cores} CPUs, ${gib} GiB, load ${loadavg()[0]?.toFixed(1)}`);
    print(`baseline: reading the bytes ${(mb / bytes.seconds).toFixed(0)} MB/s\n`);
    // Wall time suffers from other load on the host; CPU time (all threads) does not.
    print(
      line([
        'run',
        'records/s',
        'MB/s',
        'records/CPU-s',
        'CPU s',
        'peak RSS MB',
        'CPU x JSON.parse',
      ]),
    );
    print(line(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
    const golden = runs[runs.length - 1] as Measure;
    for (const r of runs) {
      const rate = r.records / r.seconds;
      print(
        line([
          r.label,
          rate.toFixed(0),
          r.label.startsWith('baseline') ? '' : (mb / r.seconds).toFixed(1),
          (r.records / r.cpuSeconds).toFixed(0),
          r.cpuSeconds.toFixed(2),
          r.peakRssMb.toFixed(0),
          (r.cpuSeconds / golden.cpuSeconds).toFixed(1),
        ]),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
