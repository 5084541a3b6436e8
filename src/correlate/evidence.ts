import type { Evidence } from '../model/incident.js';
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
