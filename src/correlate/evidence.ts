import type { LwEvent } from '../model/event.js';
import type { ChainLink, Evidence } from '../model/incident.js';
import type { StoredEvent } from '../store/working-store.js';

export function evidenceOf(stored: StoredEvent): Evidence {
  const m = stored.event.lurewatch;
  return {
    id: m.id,
    input: m.input,
    location: m.location,
    format: m.format,
    time: stored.event['@timestamp'],
  };
}

export function isoOf(t: number): string {
  return new Date(t).toISOString();
}

/** The link's clock note: the offset its join relied on, and whether it was estimated. */
export function offsetNote(event: LwEvent): Pick<ChainLink, 'clockOffsetMs' | 'clockOffsetSource'> {
  const { clock_offset_ms: offset, clock_offset_source: origin } = event.lurewatch;
  return offset ? { clockOffsetMs: offset, clockOffsetSource: origin ?? 'configured' } : {};
}
