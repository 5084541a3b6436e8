/**
 * Speed and memory of `lurewatch analyze`, as ratios against baselines measured in the same
 * run: MIME decoding alone (mailparser) for the message corpus, and hashing alone for a large
 * archive. Run with `npm run build && node dist/bench/analyze.bench.js`.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import { analyzeBytes, analyzeMessage, defaultOptions } from '../analyze/index.js';
import { sharedData } from '../testing/data.js';
import { buildZip } from '../testing/zip-builder.js';

const ROUNDS = 5;

async function timed(label: string, run: () => Promise<unknown>): Promise<number> {
  await run(); // warm-up: JIT and caches
  const started = process.hrtime.bigint();
  for (let i = 0; i < ROUNDS; i++) await run();
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / ROUNDS;
  console.log(`${label}: ${ms.toFixed(1)} ms per round`);
  return ms;
}

async function corpus(): Promise<void> {
  const folder = sharedData('email', 'phishing_pot', 'email');
  const messages = readdirSync(folder).map((name) => readFileSync(join(folder, name)));
  const megabytes = messages.reduce((sum, m) => sum + m.length, 0) / 1e6;
  console.log(`corpus: ${messages.length} messages, ${megabytes.toFixed(1)} MB`);
  const parse = await timed('baseline, mailparser only', async () => {
    for (const m of messages) await simpleParser(m, { skipHtmlToText: true, skipTextToHtml: true });
  });
  const analyze = await timed('analyzeMessage', async () => {
    for (const m of messages) await analyzeMessage(m, 'bench', defaultOptions());
  });
  console.log(`ratio analyze / parse: ${(analyze / parse).toFixed(2)}`);
}

async function archive(): Promise<void> {
  const members = Array.from({ length: 8 }, (_, i) => ({
    name: `part${i}.bin`,
    content: randomBytes(8 * 1024 * 1024),
    stored: true,
  }));
  const zip = buildZip(members);
  console.log(`archive: ${members.length} stored members, ${(zip.length / 1e6).toFixed(1)} MB`);
  const hash = await timed('baseline, sha256 of the archive and members', async () => {
    createHash('sha256').update(zip).digest();
    for (const m of members) createHash('sha256').update(m.content).digest();
  });
  const before = process.memoryUsage().rss;
  const analyze = await timed('analyzeBytes', () => analyzeBytes(zip, 'big.zip', defaultOptions()));
  const grown = (process.memoryUsage().rss - before) / 1e6;
  console.log(`ratio analyze / hash: ${(analyze / hash).toFixed(2)}`);
  console.log(
    `rss growth during analysis: ${grown.toFixed(0)} MB ` +
      `for a ${(zip.length / 1e6).toFixed(0)} MB input`,
  );
}

await corpus();
await archive();
