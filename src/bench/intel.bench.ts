/**
 * What intel costs investigate: LSASS_campaign_01 run without intel (the baseline), with the
 * test corpora's intel (about 520 indicators and 8 patterns), and with 200,000 more hashes
 * imported from a generated list, in rotating order so drift hits all equally. Also the import rate.
 * Prints ratios against the baseline measured in the same run.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { importIntel } from '../intel/import.js';
import { IntelStore } from '../intel/store.js';
import { investigate } from '../investigate/run.js';
import { defaultRegistry } from '../read/formats/index.js';
import { sharedData } from '../testing/data.js';

const ROUNDS = 5;
const SYNTHETIC = 200_000;
const INPUT = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01');

/**
 * CPU milliseconds (user and system) of one run: on a shared machine wall time mostly measures
 * the neighbours, while CPU time is what the run itself cost.
 */
async function timeRun(intelHome: string | undefined): Promise<number> {
  const start = process.cpuUsage();
  await investigate({
    inputs: [INPUT],
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
    ...(intelHome ? { intelHome } : {}),
  });
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const root = mkdtempSync(join(tmpdir(), 'lw-bench-intel-'));
try {
  const corpus = join(root, 'corpus');
  const large = join(root, 'large');
  const sources = [sharedData('intel', 'misp'), sharedData('intel', 'stix', 'examples')];
  for (const home of [corpus, large]) {
    const store = new IntelStore(home);
    await importIntel(sources, store, silentLogger);
    store.close();
  }
  const list = join(root, 'hashes.txt');
  const lines: string[] = [];
  for (let i = 0; i < SYNTHETIC; i += 1) {
    lines.push(`${createHash('sha256').update(String(i)).digest('hex')} # Bench ${i % 50}`);
  }
  writeFileSync(list, `${lines.join('\n')}\n`);
  const store = new IntelStore(large);
  const importStart = process.hrtime.bigint();
  await importIntel([list], store, silentLogger);
  const importMs = Number(process.hrtime.bigint() - importStart) / 1e6;
  store.close();

  const runs: Record<string, number[]> = { none: [], corpus: [], large: [] };
  await timeRun(undefined); // warm the file cache and the JIT
  const homes: Record<string, string | undefined> = { none: undefined, corpus, large };
  const names = Object.keys(homes);
  for (let round = 0; round < ROUNDS; round += 1) {
    // Each round starts with a different run, so that order effects (GC of the previous
    // run, cache warmth) fall on every kind alike.
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(round + k) % names.length]!;
      runs[name]!.push(await timeRun(homes[name]));
    }
  }
  const base = median(runs['none']!);
  console.log(`investigate LSASS_campaign_01, CPU time, median of ${ROUNDS}`);
  for (const [name, xs] of Object.entries(runs)) {
    console.log(
      `  ${name.padEnd(7)} ${median(xs).toFixed(0).padStart(6)} ms` +
        `  x${(median(xs) / base).toFixed(2)}`,
    );
  }
  console.log(
    `import ${SYNTHETIC} list lines: ${importMs.toFixed(0)} ms ` +
      `(${Math.round(SYNTHETIC / (importMs / 1000))} a second)`,
  );
  console.log(`rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
