/**
 * Maps a parsed email message (mailparser's `ParsedMail`) to one `email` event: the envelope
 * an analyst checks (sender, reply-to, return path, first external hop), every attachment
 * with hashes of its decoded bytes, the headers and the start of the text body.
 */
import { createHash } from 'node:crypto';
import type {
  AddressObject,
  Attachment,
  HeaderLines,
  ParsedMail,
  StructuredHeader,
} from 'mailparser';
import type { EmailAttachment, EmailInfo, LwEvent } from '../model/event.js';
import { newestReceivedTime, senderIp } from './email-received.js';
import { isoTime, meta } from './meta.js';
import { fail, ok, type Outcome, type RecordPlace } from './outcome.js';

// Headers are evidence, but a hostile message can carry thousands of them or megabyte values;
// 200 headers of 2,000 characters hold every real relay chain seen in practice.
export const MAX_HEADERS = 200;
export const MAX_HEADER_CHARS = 2000;
// Enough of the body for the lure (a password, a link text) without storing whole newsletters.
export const MAX_BODY_CHARS = 4000;
// Recipients and attachments listed per message; mass mailings list thousands of recipients.
const MAX_ADDRESSES = 500;
const MAX_ATTACHMENTS = 500;

/** Transfer encodings a MIME decoder knows; any other leaves the bytes undecoded. */
const KNOWN_ENCODINGS = new Set(['7bit', '8bit', 'binary', 'base64', 'quoted-printable']);

export interface PartProblem {
  /** `part 2`, `part 1.3`: the IMAP-style number of the MIME part. */
  location: string;
  message: string;
}

export interface EmailOutcome {
  outcome: Outcome;
  partProblems: PartProblem[];
}

/** What identifies the message as read: its digest and size, not its (hostile) content. */
export interface RawDigest {
  sha256: string;
  size: number;
}

export function normaliseEmail(
  format: string,
  mail: ParsedMail,
  raw: RawDigest,
  place: RecordPlace,
): EmailOutcome {
  const headers = headerList(mail.headerLines);
  const received = headers.filter(([name]) => name.toLowerCase() === 'received').map(([, v]) => v);
  const partProblems: PartProblem[] = [];

  const dateHeader = headers.find(([name]) => name.toLowerCase() === 'date')?.[1];
  const timestamp = isoTime(dateHeader) ?? newestReceivedTime(received);
  if (!timestamp) {
    const outcome = fail('missing-timestamp', 'no parseable Date header and no dated Received');
    return { outcome, partProblems };
  }

  const attachments: EmailAttachment[] = [];
  for (const attachment of mail.attachments.slice(0, MAX_ATTACHMENTS)) {
    const { entry, problem } = attachmentEntry(attachment);
    attachments.push(entry);
    if (problem) partProblems.push(problem);
  }

  const email: EmailInfo = { attachments, headers };
  const from = addresses(mail.from)[0];
  if (from) email.from = { address: from };
  const to = addresses(mail.to);
  if (to.length > 0) email.to = { address: to };
  const replyTo = addresses(mail.replyTo)[0];
  if (replyTo) email.reply_to = { address: replyTo };
  const returnPath = headers.find(([name]) => name.toLowerCase() === 'return-path')?.[1];
  if (returnPath) email.return_path = returnPath.replace(/^\s*<|>\s*$/g, '');
  if (mail.subject !== undefined) email.subject = mail.subject.slice(0, MAX_HEADER_CHARS);
  if (mail.messageId) email.message_id = mail.messageId.slice(0, MAX_HEADER_CHARS);
  const ip = senderIp(received);
  if (ip) email.sender_ip = ip;
  if (mail.text) email.body_excerpt = mail.text.slice(0, MAX_BODY_CHARS);

  // The evidence kept is the header block and the digest of the whole message, not the
  // message itself: it may carry live malware and tens of megabytes.
  const original = { message: raw, headers };
  const event: LwEvent = {
    '@timestamp': timestamp,
    event: { kind: 'event', category: ['email'], type: ['info'], dataset: 'email.message' },
    lurewatch: meta(format, 'email', place.input, place.location, original),
    email,
    original,
  };
  return { outcome: ok(event), partProblems };
}

/** Header names and unfolded values in order, capped. */
function headerList(lines: HeaderLines): Array<[string, string]> {
  const list: Array<[string, string]> = [];
  for (const { line } of lines.slice(0, MAX_HEADERS)) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const value = line
      .slice(colon + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    list.push([line.slice(0, colon).trim(), value.slice(0, MAX_HEADER_CHARS)]);
  }
  return list;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const out: string[] = [];
  const visit = (entries: AddressObject['value']): void => {
    for (const entry of entries) {
      if (out.length >= MAX_ADDRESSES) return;
      if (entry.address) out.push(entry.address);
      // Groups (`undisclosed-recipients: a@x, b@y;`) nest one level by RFC 5322.
      if (entry.group) visit(entry.group);
    }
  };
  for (const object of field === undefined ? [] : [field].flat()) visit(object.value);
  return out;
}

function attachmentEntry(attachment: Attachment): {
  entry: EmailAttachment;
  problem?: PartProblem;
} {
  // mailparser guesses a type from the file name when the part says octet-stream; the
  // analyst needs what the sender declared, because a mismatch is itself a lure.
  const declared = structuredHeader(attachment.headers.get('content-type'));
  const mimeType = declared?.value ?? attachment.contentType;
  const entry: EmailAttachment = { file: { mime_type: mimeType } };
  if (attachment.filename !== undefined) {
    entry.file.name = attachment.filename;
    const dot = attachment.filename.lastIndexOf('.');
    if (dot > 0 && dot < attachment.filename.length - 1)
      entry.file.extension = attachment.filename.slice(dot + 1).toLowerCase();
  }

  const encoding = String(attachment.headers.get('content-transfer-encoding') ?? '7bit')
    .trim()
    .toLowerCase();
  const location = `part ${attachment.partId ?? '1'}`;
  if (!KNOWN_ENCODINGS.has(encoding)) {
    // The bytes were passed through undecoded, so any hash of them would be misleading.
    const name = attachment.filename === undefined ? 'an unnamed part' : attachment.filename;
    const message = `unknown transfer encoding '${encoding.slice(0, 40)}' on ${name}`;
    return { entry, problem: { location, message } };
  }

  entry.file.size = attachment.content.length;
  entry.file.hash = {
    sha256: createHash('sha256').update(attachment.content).digest('hex'),
    md5: createHash('md5').update(attachment.content).digest('hex'),
  };
  return { entry };
}

/** A parsed `type; param=value` header (Content-Type, Content-Disposition), if it is one. */
export function structuredHeader(value: unknown): StructuredHeader | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const header = value as Partial<StructuredHeader>;
  if (typeof header.value !== 'string' || !header.params || typeof header.params !== 'object')
    return undefined;
  return header as StructuredHeader;
}
