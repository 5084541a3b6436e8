/**
 * What investigate asks of intel: the indicators an event matches, across every store it was
 * given (the home `intel.db` and the `--ioc` lists), and how many indicators there are.
 */
import type { LwEvent } from '../model/event.js';
import type { IndicatorType, IntelMatch } from './model.js';
import { observe } from './observe.js';
import type { IntelStore } from './store.js';

export interface IntelLookup {
  readonly size: number;
  match(event: LwEvent): IntelMatch[];
  counts(): Partial<Record<IndicatorType, number>>;
}

export class IntelSources implements IntelLookup {
  readonly size: number;

  constructor(private readonly stores: readonly IntelStore[]) {
    this.size = stores.reduce((n, s) => n + s.size, 0);
  }

  match(event: LwEvent): IntelMatch[] {
    if (this.size === 0) return [];
    const observation = observe(event);
    return this.stores.flatMap((store) => store.match(observation));
  }

  counts(): Partial<Record<IndicatorType, number>> {
    const out: Partial<Record<IndicatorType, number>> = {};
    for (const store of this.stores) {
      for (const [type, n] of Object.entries(store.counts()) as Array<[IndicatorType, number]>) {
        out[type] = (out[type] ?? 0) + n;
      }
    }
    return out;
  }
}

/** A lookup that knows nothing, for runs without intel. */
export const NO_INTEL: IntelLookup = { size: 0, match: () => [], counts: () => ({}) };
