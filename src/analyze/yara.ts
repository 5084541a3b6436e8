/**
 * `--yara RULES`: every analysed file, members of containers included, is scanned with the
 * YARA-X engine. The rule's `severity` meta (info, low, medium, high, critical) sets the
 * finding's severity; a rule without one reports `high`.
 */
import { SEVERITY_RANK, type Finding, type Severity } from './types.js';

// Pathological rules can match millions of times; a handful per pattern is enough to report.
const MAX_MATCHES_PER_PATTERN = 16;

interface YaraEngine {
  fromFile(path: string): {
    scan(
      data: Buffer,
    ): Array<{ ruleIdentifier: string; namespace: string; meta: object; tags: string[] }>;
    setMaxMatchesPerPattern(count: number): void;
  };
}

/** Compiles the rules at `path` and returns a scanner; throws with the compiler's message. */
export async function loadYara(path: string): Promise<(bytes: Buffer) => Finding[]> {
  const engine = await importEngine();
  const rules = engine.fromFile(path);
  rules.setMaxMatchesPerPattern(MAX_MATCHES_PER_PATTERN);
  return (bytes) =>
    rules.scan(bytes).map((match) => {
      const meta = match.meta as Record<string, unknown>;
      const declared = String(meta['severity'] ?? '').toLowerCase();
      const severity: Severity = declared in SEVERITY_RANK ? (declared as Severity) : 'high';
      const description = typeof meta['description'] === 'string' ? `: ${meta['description']}` : '';
      return {
        id: `yara:${match.ruleIdentifier}`,
        severity,
        summary: `YARA rule ${match.namespace}.${match.ruleIdentifier} matched${description}`,
      };
    });
}

async function importEngine(): Promise<YaraEngine> {
  try {
    const module = (await import('@litko/yara-x')) as unknown as YaraEngine & {
      default?: YaraEngine;
    };
    return module.default ?? module;
  } catch (error) {
    throw new Error(
      `the YARA-X engine is not available on this platform: ${(error as Error).message}`,
    );
  }
}
