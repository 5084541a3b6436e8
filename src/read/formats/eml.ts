/**
 * Reads one email message (`.eml`, RFC 5322) with mailparser. MIME needs the whole message,
 * so it is read into memory up to `limits.maxMessageBytes`; larger messages are reported.
 */
import { createHash } from 'node:crypto';
import { simpleParser, type ParsedMail, type SimpleParserOptions } from 'mailparser';
import { normaliseEmail, structuredHeader } from '../../normalise/email.js';
import { collect } from '../chunks.js';
import {
  SNIFF_BYTES,
  type FormatReader,
  type InputSource,
  type ReadContext,
  type ReadItem,
  type SniffSample,
} from '../types.js';
import { outcomeItem, problemItem } from './items.js';

const PARSER_OPTIONS: SimpleParserOptions = Object.freeze({
  // Links and HTML renderings are not needed: the text body excerpt is all that is kept.
  skipImageLinks: true,
  skipTextLinks: true,
  skipTextToHtml: true,
  // Attachments are hashed here with SHA-256 and MD5; the parser's own digest is not used.
  checksumAlgo: false,
});

// Headers that only mail carries; a log line or a YAML file does not start with several.
const MAIL_HEADERS = new Set([
  'received',
  'from',
  'to',
  'subject',
  'date',
  'message-id',
  'mime-version',
  'return-path',
  'reply-to',
  'delivered-to',
  'x-mailer',
  'dkim-signature',
  'authentication-results',
  'arc-seal',
  'content-type',
]);
// RFC 5322 3.6.8: a field name is any printable ASCII but the colon (Exchange uses `.` and `_`).
const HEADER_NAME = /^([\x21-\x39\x3b-\x7e]{1,100}):/;

/** Counts the mail headers in the header block that starts the sample. */
export function mailHeaderScore(head: Buffer): number {
  const text = head.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = end === -1 ? text : text.slice(0, end);
  const lines = block.split(/\r?\n/);
  // A header block longer than the sample ends mid-line; that cut line proves nothing.
  if (end === -1 && head.length >= SNIFF_BYTES) lines.pop();
  if (!HEADER_NAME.test(lines[0] ?? '')) return 0;
  const seen = new Set<string>();
  for (const line of lines) {
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    const name = HEADER_NAME.exec(line)?.[1]?.toLowerCase();
    // A line that is neither a header nor a continuation ends any claim to be a message.
    if (name === undefined) return 0;
    if (MAIL_HEADERS.has(name)) seen.add(name);
  }
  if (seen.has('from') && seen.size >= 3) return 90;
  return seen.size >= 3 ? 60 : 0;
}

/** Parses one whole message and yields its event and the problems of its parts. */
export async function* messageItems(
  raw: Buffer,
  format: string,
  input: string,
  location: string,
  inspect?: ReadContext['inspectMessage'],
): AsyncIterable<ReadItem> {
  let mail;
  try {
    mail = await simpleParser(raw, PARSER_OPTIONS);
  } catch (error) {
    yield problemItem(input, location, 'bad-mime', (error as Error).message);
    return;
  }

  const cut = unclosedMultipart(mail, raw);
  if (cut) yield problemItem(input, location, 'bad-mime', cut);

  const digest = { sha256: createHash('sha256').update(raw).digest('hex'), size: raw.length };
  const { outcome, partProblems } = normaliseEmail(format, mail, digest, { input, location });
  for (const part of partProblems) {
    yield problemItem(input, part.location, 'bad-mime', part.message);
  }
  if (outcome.ok && inspect && outcome.event.email) {
    try {
      outcome.event.email.analysis = await inspect(raw, input);
    } catch (error) {
      // Analysis is an extra: its failure must not cost the message's event.
      const message = `attachment analysis failed: ${(error as Error).message}`;
      yield problemItem(input, location, 'bad-mime', message);
    }
  }
  const item = outcomeItem(outcome, input, location);
  if (item) yield item;
}

/**
 * A multipart message whose closing boundary never comes was cut short in transit or export:
 * its last part may be missing bytes, so its hash cannot be trusted to match the sent file.
 */
function unclosedMultipart(mail: ParsedMail, raw: Buffer): string | undefined {
  const type = structuredHeader(mail.headers.get('content-type'));
  const boundary = type?.params['boundary'];
  if (!type?.value.startsWith('multipart/') || !boundary) return undefined;
  if (raw.includes(`--${boundary}--`)) return undefined;
  return `the message ends before its closing MIME boundary '${boundary.slice(0, 70)}'`;
}

async function* readEml(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  const raw = await collect(input.chunks(), ctx.limits.maxMessageBytes);
  if (!raw) {
    const message = `message larger than ${ctx.limits.maxMessageBytes} bytes`;
    yield problemItem(input.name, 'message', 'record-too-large', message);
    return;
  }
  yield* messageItems(raw, 'eml', input.name, 'message', ctx.inspectMessage);
}

export const emlReader: FormatReader = {
  id: 'eml',
  title: 'Email message (.eml)',
  source: 'email',
  signature: 'RFC 5322 headers (From, Received, Subject, Date...) then a MIME body',
  sniff: (sample: SniffSample) => mailHeaderScore(sample.head),
  read: readEml,
};
