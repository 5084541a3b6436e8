/**
 * Mail-flow records from Microsoft's message trace (Exchange Online: `Get-MessageTrace`
 * exports and the admin center's summary and extended reports) and from the on-premises
 * Exchange message tracking log. They name sender, recipients, subject and the sending IP, but
 * no attachment hashes: they answer "who else got this", not "which file came in it".
 * Column names differ by export (`SenderAddress`, `sender_address`, `sender-address`), so
 * they are compared with case, `-` and `_` removed.
 */
import type { LwEvent } from '../model/event.js';
import { isoTime, meta } from './meta.js';
import { fail, ok, type Outcome, type RecordPlace } from './outcome.js';
import { compact, first, type Row } from './row.js';

/** Most recipients listed from one row; tracking rows of mass mail can name thousands. */
const MAX_RECIPIENTS = 100;
const MAX_SUBJECT = 998;

/** A column name as compared: `Sender-Address` and `sender_address` are one column. */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[-_ ]/g, '');
}

/** The row re-keyed by `columnKey`, so lookups need not know which export wrote it. */
export function keyed(row: Record<string, string>): Row {
  const out: Row = {};
  for (const [name, value] of Object.entries(row)) out[columnKey(name)] = value;
  return out;
}

const DIRECTIONS: Record<string, string> = {
  incoming: 'inbound',
  inbound: 'inbound',
  originating: 'outbound',
  outbound: 'outbound',
};

const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?: ([AP]M))?$/;

/**
 * `3/5/2024 9:15:00 AM`, as Export-Csv writes Get-MessageTrace's `Received` under en-US. The
 * service reports UTC; parsing it with the local zone would shift every row.
 */
function usTime(value: string): string | undefined {
  const m = US_TIME.exec(value.trim());
  if (!m) return undefined;
  const [, month, day, year, h, mi, ss, half] = m;
  let hour = Number(h) % (half ? 12 : 24);
  if (half === 'PM') hour += 12;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), hour, Number(mi), Number(ss));
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** `row` is keyed by `columnKey`. */
export function normaliseMessageTrace(
  row: Row,
  original: unknown,
  place: RecordPlace,
  format: string,
): Outcome {
  const raw = first(row, 'datetime', 'datetimeutc', 'received', 'origintimestamputc', 'date');
  if (raw === undefined) return fail('missing-timestamp', 'no date-time or Received column');
  const timestamp = usTime(raw) ?? isoTime(raw);
  if (!timestamp) return fail('bad-timestamp', `'${raw.slice(0, 40)}' is not a time`);

  const sender = first(row, 'senderaddress');
  const recipients = (first(row, 'recipientaddress') ?? '')
    .split(/[;,]/)
    .map((r) => r.trim())
    .filter((r) => r.length > 0)
    .slice(0, MAX_RECIPIENTS);
  const status = first(row, 'eventid', 'status', 'recipientstatus');
  const direction = first(row, 'directionality');
  const event: LwEvent = {
    '@timestamp': timestamp,
    event: compact({
      kind: 'event' as const,
      category: ['email' as const],
      type: ['info'],
      action: status?.toLowerCase(),
      dataset: format === 'exchange-tracking' ? 'exchange.message_tracking' : 'm365.message_trace',
      provider: 'microsoft-exchange',
    }),
    lurewatch: meta(format, 'email', place.input, place.location, original),
    email: compact({
      from: sender ? { address: sender } : undefined,
      to: recipients.length > 0 ? { address: recipients } : undefined,
      return_path: first(row, 'returnpath'),
      subject: first(row, 'messagesubject', 'subject')?.slice(0, MAX_SUBJECT),
      message_id: first(row, 'messageid'),
      local_id: first(row, 'networkmessageid', 'messagetraceid'),
      sender_ip: first(row, 'originalclientip', 'fromip', 'clientip'),
      direction: direction ? (DIRECTIONS[direction.toLowerCase()] ?? direction) : undefined,
      delivery_action: status,
    }),
    original,
  };
  const server = first(row, 'serverhostname');
  if (server) event.host = { name: server };
  return ok(event);
}
