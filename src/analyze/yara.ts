/**
 * `--yara RULES`: every analysed file, members of containers included, is scanned with
 * YARA-X, VirusTotal's own engine, run as WebAssembly so it installs and runs the same on every
 * platform. The rule's `severity` meta (info, low, medium, high, critical) sets the finding's
 * severity; a rule without one reports `high`.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { SEVERITY_RANK, type Finding, type Severity } from './types.js';

// Pathological rules can match millions of times; a handful per pattern is enough to report.
const MAX_MATCHES_PER_PATTERN = 16;
// A rule set that takes longer than this on one file is stopped there, not left to hang.
const SCAN_TIMEOUT_MS = 10_000;

type Engine = typeof import('@virustotal/yara-x');
let engine: Promise<Engine> | undefined;

/** Loads the engine once; the WebAssembly module is read from the package, never fetched. */
function loadEngine(): Promise<Engine> {
  engine ??= (async () => {
    const module = await import('@virustotal/yara-x');
    const entry = createRequire(import.meta.url).resolve('@virustotal/yara-x');
    const wasm = await readFile(entry.replace(/yara_x_js\.js$/, 'yara_x_js_bg.wasm'));
    module.initSync({ module: wasm });
    return module;
  })();
  return engine;
}

/** Compiles the rules at `path` and returns a scanner; throws with the compiler's message. */
export async function loadYara(path: string): Promise<(bytes: Buffer) => Finding[]> {
  const yara = await loadEngine();
  const compiler = new yara.Compiler();
  let rules;
  try {
    compiler.addSource(await readFile(path, 'utf8'));
    rules = compiler.build();
  } finally {
    compiler.free();
  }
  const scanner = rules.scanner();
  scanner.setMaxMatchesPerPattern(MAX_MATCHES_PER_PATTERN);
  scanner.setTimeoutMs(SCAN_TIMEOUT_MS);
  return (bytes) => {
    const result = scanner.scan(
      new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length),
    ) as ScanResult;
    return result.matches.map((match) => {
      const meta = new Map(match.metadata.map((m) => [m.identifier, m.value]));
      const declared = String(meta.get('severity') ?? '').toLowerCase();
      const severity: Severity = declared in SEVERITY_RANK ? (declared as Severity) : 'high';
      const described = meta.get('description');
      const description = typeof described === 'string' ? `: ${described}` : '';
      return {
        id: `yara:${match.identifier}`,
        severity,
        summary: `YARA rule ${match.namespace}.${match.identifier} matched${description}`,
      };
    });
  };
}

interface ScanResult {
  matches: Array<{
    identifier: string;
    namespace: string;
    metadata: Array<{ identifier: string; value: unknown }>;
  }>;
}
