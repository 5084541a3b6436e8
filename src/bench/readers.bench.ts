/**
 * Throughput and memory of the email, proxy and file-integrity readers on generated inputs,
 * each against a baseline measured in the same run on the same bytes: splitting into lines
 * for the line formats, reading whole and hashing for email. Memory is the peak heap seen
 * while reading, at two input sizes: a streaming reader's peak must not grow with the input.
 *
 * Run: `npm run build && node dist/bench/readers.bench.js [megabytes]`.
 */
import { createHash } from 'node:crypto';
import { silentLogger } from '../core/logger.js';
import { collect, splitLines } from '../read/chunks.js';
import { emlReader } from '../read/formats/eml.js';
import { squidReader } from '../read/formats/squid.js';
import { wazuhSyscheckReader } from '../read/formats/wazuh-syscheck.js';
import { zeekJsonReader } from '../read/formats/zeek-json.js';
import { zeekTsvReader } from '../read/formats/zeek-tsv.js';
import { DEFAULT_READ_LIMITS, type FormatReader } from '../read/types.js';

const MIB = 1024 * 1024;

interface Generator {
  reader: FormatReader;
  header: string;
  line: (i: number) => string;
}

const GENERATORS: Generator[] = [
  {
    reader: squidReader,
    header: '',
    line: (i) =>
      `${1700000000 + i / 1000} ${i % 5000} 10.0.${i % 250}.${i % 200} ` +
      `TCP_MISS/200 ${i % 90000} ` +
      `GET http://host${i % 997}.example/path/${i}/file.exe user${i % 50} ` +
      `DIRECT/203.0.113.${i % 250} application/octet-stream`,
  },
  {
    reader: zeekTsvReader,
    header: [
      '#separator \\x09',
      '#set_separator\t,',
      '#empty_field\t(empty)',
      '#unset_field\t-',
      '#path\thttp',
      ['#fields', 'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'method']
        .concat(['host', 'uri', 'user_agent', 'response_body_len', 'status_code'])
        .concat(['resp_fuids', 'resp_mime_types'])
        .join('\t'),
      ['#types', 'time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string']
        .concat(['string', 'string', 'count', 'count', 'vector[string]', 'vector[string]'])
        .join('\t'),
      '',
    ].join('\n'),
    line: (i) =>
      [1700000000 + i / 1000, `C${i}`, `10.0.0.${i % 250}`, 40000 + (i % 20000), '203.0.113.9']
        .concat([80, 'GET', `host${i % 997}.example`, `/d/${i}.exe`, 'Mozilla/5.0', i % 90000])
        .concat([200, `F${i}`, 'application/x-dosexec'])
        .join('\t'),
  },
  {
    reader: zeekJsonReader,
    header: '',
    line: (i) =>
      JSON.stringify({
        ts: 1700000000 + i / 1000,
        uid: `C${i}`,
        'id.orig_h': `10.0.0.${i % 250}`,
        'id.orig_p': 40000 + (i % 20000),
        'id.resp_h': '203.0.113.9',
        'id.resp_p': 80,
        method: 'GET',
        host: `host${i % 997}.example`,
        uri: `/d/${i}.exe`,
        status_code: 200,
        resp_mime_types: ['application/x-dosexec'],
      }),
  },
  {
    reader: wazuhSyscheckReader,
    header: '',
    line: (i) =>
      JSON.stringify({
        timestamp: new Date(1700000000000 + i).toISOString(),
        rule: { id: '554', level: 5 },
        agent: { id: '001', name: `ws${i % 40}`, ip: '10.0.0.5' },
        syscheck: {
          path: `C:\\Users\\u${i % 40}\\Downloads\\f${i}.exe`,
          event: 'added',
          size_after: String(i % 90000),
          sha256_after: createHash('sha256')
            .update(String(i % 1000))
            .digest('hex'),
          uname_after: `u${i % 40}`,
        },
      }),
  },
];

/**
 * Yields about `megabytes` of the format: the header, then one 1 MiB block of distinct lines
 * over and over, so that generating the input costs next to nothing in either measurement.
 */
function generator(gen: Generator): (megabytes: number) => AsyncIterable<Buffer> {
  let text = '';
  for (let i = 0; text.length < MIB; i += 1) text += `${gen.line(i)}\n`;
  const block = Buffer.from(text);
  const header = Buffer.from(gen.header);
  return async function* (megabytes: number) {
    if (header.length > 0) yield header;
    for (let sent = 0; sent < megabytes * MIB; sent += block.length) yield block;
  };
}

interface Run {
  seconds: number;
  items: number;
  peakHeapMiB: number;
}

async function measure(consume: () => AsyncIterable<unknown>): Promise<Run> {
  globalThis.gc?.();
  const start = process.hrtime.bigint();
  let items = 0;
  let peak = 0;
  for await (const _ of consume()) {
    items += 1;
    if (items % 5000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { seconds, items, peakHeapMiB: Math.max(peak, process.memoryUsage().heapUsed) / MIB };
}

const context = { logger: silentLogger, limits: DEFAULT_READ_LIMITS };

async function lineFormats(megabytes: number): Promise<string[]> {
  const rows: string[] = [];
  for (const gen of GENERATORS) {
    const generate = generator(gen);
    const baseline = await measure(() => splitLines(generate(megabytes), MIB));
    const sizes: Run[] = [];
    for (const size of [megabytes / 4, megabytes]) {
      const source = { name: 'bench', chunks: () => generate(size) };
      sizes.push(await measure(() => gen.reader.read(source, context)));
    }
    const [small, full] = sizes as [Run, Run];
    const cells = [
      gen.reader.id,
      megabytes,
      full.items,
      (megabytes / full.seconds).toFixed(1),
      (full.seconds / baseline.seconds).toFixed(1),
      small.peakHeapMiB.toFixed(0),
      full.peakHeapMiB.toFixed(0),
    ];
    rows.push(`| ${cells.join(' | ')} |`);
  }
  return rows;
}

async function email(attachmentMiB: number): Promise<string> {
  const payload = Buffer.alloc(attachmentMiB * MIB, 0x41).toString('base64');
  const lines = payload.match(/.{1,76}/g) ?? [];
  const message = Buffer.from(
    [
      'From: a@example.com',
      'To: b@example.com',
      'Subject: bench',
      'Date: Tue, 1 Aug 2023 10:00:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain',
      '',
      'body',
      '--b',
      'Content-Type: application/octet-stream; name="a.bin"',
      'Content-Transfer-Encoding: base64',
      '',
      ...lines,
      '--b--',
      '',
    ].join('\r\n'),
  );
  async function* chunks(): AsyncIterable<Buffer> {
    for (let at = 0; at < message.length; at += MIB) yield message.subarray(at, at + MIB);
  }
  const baseline = await measure(async function* () {
    const raw = await collect(chunks(), DEFAULT_READ_LIMITS.maxMessageBytes);
    yield createHash('sha256')
      .update(raw ?? Buffer.alloc(0))
      .digest('hex');
  });
  const run = await measure(() => emlReader.read({ name: 'bench.eml', chunks }, context));
  const size = message.length / MIB;
  return (
    `| eml | ${size.toFixed(0)} | ${run.items} | ${(size / run.seconds).toFixed(1)} | ` +
    `${(run.seconds / baseline.seconds).toFixed(1)} | - | ${run.peakHeapMiB.toFixed(0)} |`
  );
}

const megabytes = Number(process.argv[2] ?? 64);
const rows = [
  '| reader | input MiB | events | MiB/s | time vs baseline | ' +
    'peak heap MiB at 1/4 size | peak heap MiB |',
  '|---|---|---|---|---|---|---|',
  ...(await lineFormats(megabytes)),
  await email(16),
];
process.stdout.write(`${rows.join('\n')}\n`);
