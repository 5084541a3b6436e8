/**
 * What intel costs investigate: LSASS_campaign_01 run without intel (the baseline), with the
 * test corpora's intel (about 520 indicators and 8 patterns), and with 200,000 more hashes
 * imported from a generated list, alternating so drift hits all equally. Also the import rate.
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

const ROUNDS = 3;
const SYNTHETIC = 200_000;
const INPUT = sharedData('otrf', 'datasets', 'compound', 'LSASS_campaign_01');

async function timeRun(intelHome: string | undefined): Promise<number> {
  const start = process.hrtime.bigint();
  await investigate({
    inputs: [INPUT],
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
    ...(intelHome ? { intelHome } : {}),
  });
  return Number(process.hrtime.bigint() - start) / 1e6;
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
  for (let round = 0; round < ROUNDS; round += 1) {
    runs['none']!.push(await timeRun(undefined));
    runs['corpus']!.push(await timeRun(corpus));
    runs['large']!.push(await timeRun(large));
  }
  const base = median(runs['none']!);
  console.log(`investigate LSASS_campaign_01, median of ${ROUNDS}`);
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
