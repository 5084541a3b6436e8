/**
 * A local list of known-bad indicators (`--ioc FILE`): one value a line, with an optional
 * label after `#` naming the campaign or actor it belongs to. Hashes (MD5, SHA-1, SHA-256),
 * IP addresses, domains and email addresses are recognised by their shape.
 */
import { readFile } from 'node:fs/promises';
import { problem, type Problem } from '../core/problems.js';

export type IocType = 'md5' | 'sha1' | 'sha256' | 'ip' | 'domain' | 'email';

export interface Ioc {
  value: string;
  type: IocType;
  /** Campaign or actor the line names, if any. */
  label?: string;
  source: string;
  line: number;
}

/** Lines longer than this are not indicators. */
const MAX_LINE = 2048;

export function iocType(value: string): IocType | undefined {
  if (/^[0-9a-f]{64}$/.test(value)) return 'sha256';
  if (/^[0-9a-f]{40}$/.test(value)) return 'sha1';
  if (/^[0-9a-f]{32}$/.test(value)) return 'md5';
  if (
    /^\d{1,3}(\.\d{1,3}){3}$/.test(value) ||
    (/^[0-9a-f:]{2,39}$/.test(value) && value.includes(':'))
  ) {
    return 'ip';
  }
  if (/^[^@\s]{1,64}@[a-z0-9.-]{1,253}$/.test(value)) return 'email';
  if (/^[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63}){1,8}$/.test(value)) return 'domain';
  return undefined;
}

/**
 * @deprecated investigate reads `--ioc` lists through the intel store now
 * (src/intel/formats/plain.ts); kept for callers outside it.
 */
export class IocSet {
  private readonly byValue = new Map<string, Ioc>();

  get size(): number {
    return this.byValue.size;
  }

  add(ioc: Ioc): void {
    this.byValue.set(ioc.value, ioc);
  }

  lookup(value: string | undefined): Ioc | undefined {
    return value ? this.byValue.get(value.toLowerCase()) : undefined;
  }

  /** Counts by type, for the checklist's "hash look-ups done" line. */
  counts(): Partial<Record<IocType, number>> {
    const out: Partial<Record<IocType, number>> = {};
    for (const ioc of this.byValue.values()) out[ioc.type] = (out[ioc.type] ?? 0) + 1;
    return out;
  }

  static parse(text: string, source: string): { set: IocSet; problems: Problem[] } {
    const set = new IocSet();
    const problems: Problem[] = [];
    const lines = text.split(/\r?\n/);
    lines.forEach((raw, index) => {
      const line = raw.slice(0, MAX_LINE);
      const hash = line.indexOf('#');
      const value = (hash === -1 ? line : line.slice(0, hash)).trim().toLowerCase();
      const label = hash === -1 ? undefined : line.slice(hash + 1).trim() || undefined;
      if (!value) return;
      const type = iocType(value);
      if (!type) {
        problems.push(
          problem(
            source,
            `line ${index + 1}`,
            'bad-record',
            `not an indicator: ${value.slice(0, 80)}`,
          ),
        );
        return;
      }
      set.add({ value, type, source, line: index + 1, ...(label ? { label } : {}) });
    });
    return { set, problems };
  }

  static async load(paths: readonly string[]): Promise<{ set: IocSet; problems: Problem[] }> {
    const set = new IocSet();
    const problems: Problem[] = [];
    for (const path of paths) {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        problems.push(problem(path, '', 'unreadable-input', (error as Error).message));
        continue;
      }
      const parsed = IocSet.parse(text, path);
      for (const ioc of parsed.set.byValue.values()) set.add(ioc);
      problems.push(...parsed.problems);
    }
    return { set, problems };
  }
}
