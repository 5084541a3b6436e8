/**
 * Sigma rules as a detection stage of `investigate`: each Windows event (whatever shape it was
 * read from) is shown to the engine as the raw record the rules were written for, and every
 * detection match becomes a signal that the incident gathers as an indicator with its ATT&CK
 * techniques. Lurewatch's own rules (`rules/lurewatch`) load by default.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../core/logger.js';
import type { LwEvent } from '../model/event.js';
import type { Signal } from './analytics/types.js';
import {
  SigmaEngine,
  loadRules,
  toSigmaEvent,
  type DetectionRule,
  type Rejection,
} from './sigma/index.js';

/** dist/detect/ and src/detect/ both sit two levels below the project root. */
export const DEFAULT_RULES = join(
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'),
  'rules',
  'lurewatch',
);

/** Formats whose original record is a Windows event the rules' field names apply to. */
const WINDOWS_FORMATS = new Set(['evtx', 'evtx-json', 'winevent-flat']);

/** `attack.t1204.002` to `T1204.002`; tactic tags (`attack.execution`) carry no id. */
export function attackIds(tags: readonly string[]): string[] {
  return tags
    .map((tag) => /^attack\.(t\d{4}(?:\.\d{3})?)$/i.exec(tag)?.[1]?.toUpperCase())
    .filter((id): id is string => id !== undefined);
}

export class SigmaSignals {
  private constructor(
    private readonly engine: SigmaEngine,
    readonly rules: number,
  ) {}

  static async load(
    paths: readonly string[],
    logger: Logger,
  ): Promise<{ sigma: SigmaSignals; rejected: Rejection[] }> {
    const loaded = await loadRules(paths, { logger });
    const detections = loaded.rules.filter((r): r is DetectionRule => r.kind === 'detection');
    return {
      sigma: new SigmaSignals(new SigmaEngine(detections), detections.length),
      rejected: loaded.rejected,
    };
  }

  evaluate(event: LwEvent): Signal[] {
    if (!WINDOWS_FORMATS.has(event.lurewatch.format)) return [];
    const view = toSigmaEvent(event.original);
    if (!view) return [];
    return this.engine.evaluate(view).map(({ rule }) => ({
      analytic: `sigma:${rule.id ?? rule.title}`,
      eventId: event.lurewatch.id,
      summary:
        `Sigma rule "${rule.title}" (${rule.level ?? 'unknown level'}, ` +
        `by ${rule.author ?? 'unknown author'})`,
      attack: attackIds(rule.tags),
    }));
  }
}
