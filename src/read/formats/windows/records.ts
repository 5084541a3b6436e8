/**
 * Windows events reach Lurewatch in three JSON shapes: the evtx_dump rendering of the XML
 * (`Event.System`, `#attributes`), the flat shape of many SIEM exports (EventData fields at the
 * top level beside `EventID` and `Channel`), and Winlogbeat / Elastic Agent documents
 * (`winlog.event_data`). Each shape is reduced here to one `WinRecord`, so that the mapping to
 * the event model is written once, per event id, in `normalise/windows`.
 */

export interface WinRecord {
  channel: string;
  provider: string;
  eventId: number;
  /** Raw time as recorded (SystemTime, TimeCreated or @timestamp). */
  time: unknown;
  computer?: string;
  recordId?: number;
  /** The SID the event was logged under (System/Security/UserID). */
  userSid?: string;
  /** EventData / UserData fields by name. */
  data: Record<string, unknown>;
}

export type WinShape = 'evtx-json' | 'winevent-flat' | 'winlogbeat';

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function attr(value: unknown, name: string): unknown {
  return isObj(value) && isObj(value['#attributes']) ? value['#attributes'][name] : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (isObj(value) && '#text' in value) return text(value['#text']);
  return undefined;
}

function int(value: unknown): number | undefined {
  const t = text(value);
  if (t === undefined) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(t) ? Number.parseInt(t, 16) : Number(t);
  return Number.isInteger(n) ? n : undefined;
}

/** EventData comes as named fields; UserData as one wrapper element holding them. */
function flattenData(eventData: unknown, userData: unknown): Obj {
  const out: Obj = {};
  if (isObj(eventData)) {
    for (const [key, value] of Object.entries(eventData)) {
      if (key !== '#attributes') out[key] = value;
    }
  }
  if (isObj(userData)) {
    for (const inner of Object.values(userData)) {
      if (!isObj(inner)) continue;
      for (const [key, value] of Object.entries(inner)) {
        if (key !== '#attributes') out[key] = value;
      }
    }
  }
  return out;
}

export function fromEvtxJson(value: unknown): WinRecord | undefined {
  if (!isObj(value) || !isObj(value['Event'])) return undefined;
  const event = value['Event'];
  const system = event['System'];
  if (!isObj(system)) return undefined;
  const eventId = int(system['EventID']);
  if (eventId === undefined) return undefined;
  return {
    channel: text(system['Channel']) ?? '',
    provider: String(attr(system['Provider'], 'Name') ?? ''),
    eventId,
    time: attr(system['TimeCreated'], 'SystemTime'),
    computer: text(system['Computer']),
    recordId: int(system['EventRecordID']),
    userSid: attr(system['Security'], 'UserID') as string | undefined,
    data: flattenData(event['EventData'], event['UserData']),
  };
}

/** Keys of the flat shape that describe the record rather than carry event data. */
const FLAT_SYSTEM_KEYS = new Set([
  'EventID',
  'Channel',
  'Hostname',
  'Computer',
  'SourceName',
  'ProviderName',
  'ProviderGuid',
  '@timestamp',
  'TimeCreated',
  'EventTime',
  'RecordNumber',
  'EventRecordID',
  'Level',
  'Keywords',
  'Task',
  'Message',
  'Opcode',
  '@version',
  'host',
  'port',
  'tags',
]);

export function fromFlat(value: unknown): WinRecord | undefined {
  if (!isObj(value)) return undefined;
  const eventId = int(value['EventID']);
  const channel = text(value['Channel']);
  if (eventId === undefined || channel === undefined) return undefined;
  const data: Obj = {};
  for (const [key, field] of Object.entries(value)) {
    if (!FLAT_SYSTEM_KEYS.has(key)) data[key] = field;
  }
  return {
    channel,
    provider: text(value['SourceName']) ?? text(value['ProviderName']) ?? '',
    eventId,
    time: value['@timestamp'] ?? value['TimeCreated'] ?? value['EventTime'],
    computer: text(value['Hostname']) ?? text(value['Computer']),
    recordId: int(value['EventRecordID'] ?? value['RecordNumber']),
    data,
  };
}

export function fromWinlogbeat(value: unknown): WinRecord | undefined {
  if (!isObj(value) || !isObj(value['winlog'])) return undefined;
  const winlog = value['winlog'];
  const eventId = int(winlog['event_id']);
  if (eventId === undefined) return undefined;
  const host = isObj(value['host']) ? value['host'] : {};
  return {
    channel: text(winlog['channel']) ?? '',
    provider: text(winlog['provider_name']) ?? '',
    eventId,
    time: value['@timestamp'],
    computer: text(winlog['computer_name']) ?? text(host['hostname']) ?? text(host['name']),
    recordId: int(winlog['record_id']),
    userSid: isObj(winlog['user']) ? text(winlog['user']['identifier']) : undefined,
    data: flattenData(winlog['event_data'], winlog['user_data']),
  };
}

export const SHAPES: Record<WinShape, (value: unknown) => WinRecord | undefined> = {
  'evtx-json': fromEvtxJson,
  'winevent-flat': fromFlat,
  winlogbeat: fromWinlogbeat,
};
