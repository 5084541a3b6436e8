/**
 * Microsoft 365 Defender advanced-hunting rows to events, one mapper per table. The reader
 * decides the table (see `tables.ts`) and, for the email tables, supplies the message facts
 * it joined from EmailEvents.
 */
import type { LwEvent, SourceKind } from '../../model/event.js';
import { isoTime, meta } from '../meta.js';
import { fail, ok, type Outcome, type RecordPlace } from '../outcome.js';
import { text, type Row } from '../row.js';
import { deviceEvent, fileEvent, networkEvent, otherEvent, processEvent } from './device.js';
import type { Content } from './device.js';
import {
  attachmentEvent,
  emailEvent,
  urlClickEvent,
  urlInfoEvent,
  type MessageFacts,
} from './email.js';
import type { DefenderTable } from './tables.js';

interface TableSpec {
  source: SourceKind;
  map: (row: Row, facts?: MessageFacts) => Content;
}

const TABLES: Record<DefenderTable, TableSpec> = {
  DeviceProcessEvents: { source: 'edr', map: processEvent },
  DeviceFileEvents: { source: 'edr', map: fileEvent },
  DeviceNetworkEvents: { source: 'edr', map: networkEvent },
  DeviceEvents: { source: 'edr', map: deviceEvent },
  EmailEvents: { source: 'email', map: emailEvent },
  EmailAttachmentInfo: { source: 'email', map: attachmentEvent },
  EmailUrlInfo: { source: 'email', map: urlInfoEvent },
  // A Safe Links click is a web request seen by the mail service: it joins downloads by URL.
  UrlClickEvents: { source: 'proxy', map: urlClickEvent },
};

export function normaliseDefender(
  format: string,
  row: Row,
  table: DefenderTable | undefined,
  place: RecordPlace,
  original: unknown,
  facts?: MessageFacts,
): Outcome {
  const raw = row['Timestamp'] ?? row['TimeGenerated'];
  const timestamp = isoTime(raw);
  if (raw === undefined || raw === null || raw === '') {
    return fail('missing-timestamp', 'row has no Timestamp');
  }
  if (!timestamp) return fail('bad-timestamp', `'${String(raw).slice(0, 40)}' is not a time`);
  const spec = table ? TABLES[table] : { source: 'edr' as const, map: otherEvent };
  const event: LwEvent = {
    '@timestamp': timestamp,
    ...spec.map(row, facts),
    lurewatch: meta(format, spec.source, place.input, place.location, original),
    original,
  };
  return ok(event);
}

/** NetworkMessageId of an email-table row, the key of the join. */
export function messageKey(row: Row): string | undefined {
  return text(row, 'NetworkMessageId')?.toLowerCase();
}

export { messageFacts } from './email.js';
export { EmailJoin } from './email-join.js';
export { tableOf, unwrapDefender, looksLikeDefender, type DefenderTable } from './tables.js';
