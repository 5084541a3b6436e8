/**
 * Which advanced-hunting table a row came from. Streaming exports name it (`category:
 * AdvancedHunting-EmailEvents`, or Sentinel's `Type` column); portal and API exports of a
 * query do not, so the table is inferred from the columns only that table has.
 */
import { isObject, text, type Row } from '../row.js';

export const DEFENDER_TABLES = [
  'DeviceProcessEvents',
  'DeviceFileEvents',
  'DeviceNetworkEvents',
  'DeviceEvents',
  'EmailEvents',
  'EmailAttachmentInfo',
  'EmailUrlInfo',
  'UrlClickEvents',
] as const;

export type DefenderTable = (typeof DEFENDER_TABLES)[number];

const KNOWN = new Set<string>(DEFENDER_TABLES);

// ActionType values of the device tables, from the advanced-hunting schema reference.
const PROCESS_ACTIONS = new Set(['ProcessCreated']);
const FILE_ACTIONS = new Set(['FileCreated', 'FileModified', 'FileRenamed', 'FileDeleted']);
const NETWORK_ACTIONS = new Set([
  'InboundConnectionAccepted',
  'ListeningConnectionCreated',
  'NetworkSignatureInspected',
]);

function isNetworkAction(action: string): boolean {
  return (
    NETWORK_ACTIONS.has(action) ||
    action.startsWith('Connection') ||
    action.endsWith('ConnectionInspected')
  );
}

/** The row itself and the table it names, unwrapping the streaming API's envelope. */
export function unwrapDefender(value: unknown): { row: Row; named?: string } | undefined {
  if (!isObject(value)) return undefined;
  const category = text(value, 'category');
  if (category?.startsWith('AdvancedHunting-') && isObject(value['properties'])) {
    const row = value['properties'];
    const named = category.slice('AdvancedHunting-'.length);
    // Some tables (EmailPostDeliveryEvents) stream without a Timestamp; the envelope's
    // publication time is then the best the record offers.
    const time = value['time'];
    if (row['Timestamp'] === undefined && typeof time === 'string') {
      return { row: { ...row, Timestamp: time }, named };
    }
    return { row, named };
  }
  const type = text(value, 'Type') ?? text(value, '$table');
  return type === undefined ? { row: value } : { row: value, named: type };
}

/** The table of a row, or undefined when it is none Lurewatch reads (identity, cloud apps). */
export function tableOf(row: Row, named: string | undefined): DefenderTable | undefined {
  if (named !== undefined) return KNOWN.has(named) ? (named as DefenderTable) : undefined;
  // Union exports carry every column of every table, empty where the table has none.
  const has = (key: string): boolean => text(row, key) !== undefined;
  if (has('IsClickedThrough')) return 'UrlClickEvents';
  if (has('UrlLocation')) return 'EmailUrlInfo';
  if (has('NetworkMessageId') && !has('DeviceId')) {
    if (has('SHA256') || has('FileType')) return 'EmailAttachmentInfo';
    if (has('Subject') || has('DeliveryAction') || has('SenderFromAddress')) return 'EmailEvents';
  }
  if (!has('DeviceId') && !(has('DeviceName') && has('InitiatingProcessFileName'))) {
    return undefined;
  }
  const action = text(row, 'ActionType') ?? '';
  if (PROCESS_ACTIONS.has(action)) return 'DeviceProcessEvents';
  if (FILE_ACTIONS.has(action)) return 'DeviceFileEvents';
  if (isNetworkAction(action)) return 'DeviceNetworkEvents';
  return 'DeviceEvents';
}

/** Columns that mark a row as advanced-hunting output, for sniffing headers and records. */
export const DEFENDER_MARKERS = ['ReportId', 'NetworkMessageId', 'InitiatingProcessFileName'];

export function looksLikeDefender(value: unknown): boolean {
  const unwrapped = unwrapDefender(value);
  if (!unwrapped) return false;
  if (unwrapped.named !== undefined && isObject(value) && 'properties' in value) {
    return KNOWN.has(unwrapped.named);
  }
  const row = unwrapped.row;
  return 'Timestamp' in row && DEFENDER_MARKERS.some((key) => key in row);
}
