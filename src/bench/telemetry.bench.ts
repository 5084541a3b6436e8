/**
 * Throughput of the telemetry readers on generated exports of realistic row shapes, each as a
 * ratio to splitting the same bytes into lines (the floor any line reader pays), measured in
 * the same run. Run with `npm run build && node dist/bench/telemetry.bench.js [rows]`.
 */
import { silentLogger } from '../core/logger.js';
import { splitLines } from '../read/chunks.js';
import { defaultRegistry } from '../read/formats/index.js';
import { DEFAULT_READ_LIMITS, type InputSource } from '../read/types.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const CHUNK = 64 * 1024;

function source(bytes: Buffer): InputSource {
  return {
    name: 'bench',
    async *chunks() {
      for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
    },
  };
}

const sha = (i: number): string => i.toString(16).padStart(64, '0');
const time = (i: number): string => new Date(1709630100000 + i * 1000).toISOString();

/** One generated line per row, in each format's shape. */
const GENERATORS: Record<string, { header?: string; line: (i: number) => string }> = {
  'm365-defender-csv': {
    header:
      'Timestamp,DeviceId,DeviceName,ActionType,FileName,FolderPath,SHA256,ProcessId,' +
      'ProcessCommandLine,ProcessCreationTime,AccountDomain,AccountName,' +
      'InitiatingProcessFileName,InitiatingProcessFolderPath,InitiatingProcessId,' +
      'InitiatingProcessCreationTime,ReportId',
    line: (i) =>
      `${time(i)},d${i % 50},ws${i % 50}.corp.example,ProcessCreated,app${i}.exe,` +
      `C:\\Users\\u${i % 50}\\AppData\\app${i}.exe,${sha(i)},${1000 + (i % 9000)},` +
      `"""app${i}.exe"" /run ${i}",${time(i)},corp,u${i % 50},explorer.exe,` +
      `C:\\Windows\\explorer.exe,3000,${time(0)},${i}`,
  },
  'm365-defender-json': {
    line: (i) =>
      JSON.stringify({
        Timestamp: time(i),
        DeviceId: `d${i % 50}`,
        DeviceName: `ws${i % 50}.corp.example`,
        ActionType: 'ProcessCreated',
        FileName: `app${i}.exe`,
        FolderPath: `C:\\Users\\u${i % 50}\\AppData\\app${i}.exe`,
        SHA256: sha(i),
        ProcessId: 1000 + (i % 9000),
        ProcessCommandLine: `"app${i}.exe" /run ${i}`,
        InitiatingProcessFileName: 'explorer.exe',
        InitiatingProcessId: 3000,
        ReportId: i,
      }),
  },
  'zscaler-csv': {
    line: (i) =>
      `"Tue Mar  5 09:15:00 2024","u${i % 50}@corp.example","HTTPS","cdn${i % 97}.example.net/` +
      `f/${i}.js","Allowed","General Browsing","General Browsing","410","${i * 7}","12","3",` +
      '"Business Use","Information Technology","Web Search","None","None","0","None","None",' +
      `"HQ","Finance","10.1.${i % 250}.3","203.0.113.9","GET","200","Mozilla/5.0","None",` +
      '"UrlCat","Allow_All","application/javascript","None","NA","NA"',
  },
  // The native Squid reader predates these; its row is the reference for a proxy line.
  squid: {
    line: (i) =>
      `${1709630100 + i}.123    104 10.1.${i % 250}.3 TCP_MISS/200 904 GET ` +
      `http://cdn${i % 97}.example.net/f/${i}.js - HIER_DIRECT/203.0.113.10 text/html`,
  },
  'squid-extended': {
    line: (i) =>
      `${1709630100 + i}.123    104 10.1.${i % 250}.3 58938 TCP_MISS/200 904 123 364 123 528 ` +
      `GET http://cdn${i % 97}.example.net/f/${i}.js 1.1 - HIER_DIRECT/203.0.113.10 80 ` +
      'text/html - - "-" "curl/8.14.1" "example.com" "-" 53 -',
  },
  auditd: {
    line: (i) =>
      `type=SYSCALL msg=audit(${1709630100 + i}.120:${i}): arch=c000003e syscall=59 ` +
      `success=yes exit=0 ppid=2201 pid=${2230 + i} auid=1000 uid=1000 comm="curl" ` +
      `exe="/usr/bin/curl" key="exec"\ntype=EXECVE msg=audit(${1709630100 + i}.120:${i}): ` +
      `argc=2 a0="curl" a1="http://dl.example.net/${i}"\n` +
      `type=EOE msg=audit(${1709630100 + i}.120:${i}):`,
  },
};

function build(id: string): Buffer {
  const gen = GENERATORS[id]!;
  const lines: string[] = gen.header ? [gen.header] : [];
  for (let i = 0; i < ROWS; i += 1) lines.push(gen.line(i));
  return Buffer.from(`${lines.join('\n')}\n`);
}

async function measure(run: () => Promise<number>): Promise<{ ms: number; count: number }> {
  const started = process.hrtime.bigint();
  const count = await run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, count };
}

async function main(): Promise<void> {
  const registry = defaultRegistry();
  const context = { logger: silentLogger, limits: DEFAULT_READ_LIMITS };
  const lines = ['| Reader | MiB | Events | ms | Events/s | Time vs splitting lines |'];
  lines.push('|---|---|---|---|---|---|');
  for (const id of Object.keys(GENERATORS)) {
    const bytes = build(id);
    const floor = await measure(async () => {
      let n = 0;
      for await (const _ of splitLines(
        source(bytes).chunks(),
        DEFAULT_READ_LIMITS.maxRecordBytes,
      )) {
        n += 1;
      }
      return n;
    });
    const reader = registry.get(id);
    const read = await measure(async () => {
      let n = 0;
      for await (const item of reader.read(source(bytes), context)) {
        if (item.kind === 'event') n += 1;
      }
      return n;
    });
    const mib = (bytes.length / 2 ** 20).toFixed(1);
    const rate = Math.round((read.count / read.ms) * 1000);
    const ratio = (read.ms / floor.ms).toFixed(1);
    lines.push(`| ${id} | ${mib} | ${read.count} | ${read.ms.toFixed(0)} | ${rate} | ${ratio}x |`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();
