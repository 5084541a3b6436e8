/**
 * The view of one event that rules evaluate. Adapters turn a raw record into this view without
 * copying it; the engine asks for fields by name, for all values (keyword search), and for the
 * channel, provider and event id (which rules apply, see `logsource.ts`).
 *
 * To add a source: implement `SigmaEvent`, answering `get` with Sigma's field names (or the
 * source's own names plus a field map in the mappings), and either set `channel`/`eventId`
 * for Windows events or list `logsources` for anything else.
 */
import type { LogsourceTag } from './logsource.js';

export interface SigmaEvent {
  /** The value of a field, `undefined` when the event does not carry it. */
  get(field: string): unknown;
  /** Every scalar value of the event as text, for keyword search across the whole event. */
  values(): Iterable<string>;
  /** Windows event log channel (`Microsoft-Windows-Sysmon/Operational`, `Security`). */
  channel?: string;
  /** Event provider (`Microsoft-Windows-Sysmon`). */
  provider?: string;
  eventId?: number;
  /** Log sources an adapter declares outright, for events that are not Windows event logs. */
  logsources?: readonly LogsourceTag[];
  /** Event time in milliseconds since the epoch, for correlation windows and reports. */
  time?: number;
  /** The raw record, for reports. */
  raw?: unknown;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Records nest a few levels at most; the cap bounds work on a crafted deeply nested record.
const MAX_WALK_DEPTH = 32;

/** Every scalar leaf of a JSON value, attribute wrappers included, pushed onto `out`. */
export function leafTexts(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > MAX_WALK_DEPTH || value === null || value === undefined) return out;
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const item of value) leafTexts(item, out, depth + 1);
  else if (typeof value === 'object') {
    for (const key in value) leafTexts((value as Json)[key], out, depth + 1);
  }
  return out;
}

/** Unwraps evtx_dump's `{"#text": v, "#attributes": {...}}` into `v`. */
function unwrap(value: unknown): unknown {
  if (isObject(value) && '#text' in value) return value['#text'];
  return value;
}

function byPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const part of path.split('.')) {
    if (!isObject(current)) return undefined;
    current = current[part];
  }
  return current;
}

/**
 * Field lookup by exact name, falling back to a match that ignores case and spaces: Defender
 * writes `Threat Name` where rules say `ThreatName`. The fallback table is built on first miss.
 */
class Fields {
  private lowered?: Map<string, unknown>;
  constructor(private readonly sources: readonly Json[]) {}

  get(field: string): unknown {
    for (const source of this.sources) {
      const value = source[field];
      if (value !== undefined) return unwrap(value);
    }
    if (!this.lowered) {
      this.lowered = new Map();
      for (const source of this.sources) {
        for (const [key, value] of Object.entries(source)) {
          const low = looseName(key);
          if (!this.lowered.has(low)) this.lowered.set(low, unwrap(value));
        }
      }
    }
    return this.lowered.get(looseName(field));
  }
}

function looseName(name: string): string {
  return name.replace(/\s+/g, '').toLowerCase();
}

function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  let text = String(value);
  // Sysmon's UtcTime has a space and no zone: it is UTC.
  if (/^\d{4}-\d\d-\d\d \d/.test(text)) text = `${text.replace(' ', 'T')}Z`;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Flattens UserData's one wrapper element (`UserData.EventXML.*`) to top-level names. */
function userDataFields(userData: unknown): Json {
  if (!isObject(userData)) return {};
  const out: Json = {};
  for (const inner of Object.values(userData)) {
    if (isObject(inner)) for (const [key, value] of Object.entries(inner)) out[key] ??= value;
  }
  return out;
}

/** The JSON rendering of `evtx_dump`: `Event.System`, `#attributes`, `Event.EventData`. */
export function evtxDumpEvent(record: Json): SigmaEvent | undefined {
  const event = record['Event'];
  if (!isObject(event) || !isObject(event['System'])) return undefined;
  const system = event['System'];
  const attr = (value: unknown, name: string): unknown =>
    isObject(value) && isObject(value['#attributes']) ? value['#attributes'][name] : undefined;

  const eventId = Number(unwrap(system['EventID']));
  const provider = attr(system['Provider'], 'Name');
  const systemFields: Json = {
    EventID: eventId,
    Channel: system['Channel'],
    Computer: system['Computer'],
    Provider_Name: provider,
    EventRecordID: system['EventRecordID'],
    Level: system['Level'],
    Task: system['Task'],
    Opcode: system['Opcode'],
    Keywords: system['Keywords'],
    Version: system['Version'],
    ProcessID: attr(system['Execution'], 'ProcessID'),
    ThreadID: attr(system['Execution'], 'ThreadID'),
    SecurityUserID: attr(system['Security'], 'UserID'),
  };
  const eventData = isObject(event['EventData']) ? event['EventData'] : {};
  const fields = new Fields([eventData, userDataFields(event['UserData']), systemFields]);
  return {
    get: (field) =>
      field.includes('.') && field.startsWith('Event.') ? byPath(record, field) : fields.get(field),
    values: () => leafTexts(event),
    channel: typeof system['Channel'] === 'string' ? system['Channel'] : undefined,
    provider: typeof provider === 'string' ? provider : undefined,
    eventId: Number.isFinite(eventId) ? eventId : undefined,
    time: parseTime(attr(system['TimeCreated'], 'SystemTime')),
    raw: record,
  };
}

/** Flat records (OTRF Security-Datasets, Winlogbeat-like exports): fields at the top level. */
export function flatEvent(record: Json): SigmaEvent {
  const provider = record['SourceName'] ?? record['ProviderName'] ?? record['Provider_Name'];
  const aliases: Json = {
    Provider_Name: provider,
    Computer: record['Hostname'] ?? record['Computer'],
  };
  const fields = new Fields([record, aliases]);
  const eventId = Number(record['EventID'] ?? record['EventId'] ?? record['event_id']);
  const channel = record['Channel'];
  return {
    get: (field) =>
      field.includes('.') ? (byPath(record, field) ?? fields.get(field)) : fields.get(field),
    values: () => leafTexts(record),
    channel: typeof channel === 'string' ? channel : undefined,
    provider: typeof provider === 'string' ? provider : undefined,
    eventId: Number.isFinite(eventId) ? eventId : undefined,
    time: parseTime(
      record['@timestamp'] ?? record['TimeCreated'] ?? record['EventTime'] ?? record['UtcTime'],
    ),
    raw: record,
  };
}

/** Picks the adapter by shape; `undefined` for values that are not objects. */
export function toSigmaEvent(record: unknown): SigmaEvent | undefined {
  if (!isObject(record)) return undefined;
  return evtxDumpEvent(record) ?? flatEvent(record);
}
