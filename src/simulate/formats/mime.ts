/**
 * RFC 5322 messages with MIME parts (RFC 2045-2049) as a mail gateway stores them: the
 * Received chain from the sender's server through the gateway, a text body, and base64
 * attachments whose non-ASCII names use RFC 2231 parameter encoding.
 */
import { createHash } from 'node:crypto';

export interface MailAttachment {
  name: string;
  contentType: string;
  data: Buffer;
}

export interface MailSpec {
  /** Milliseconds since the epoch on the gateway's clock. */
  time: number;
  from: { name: string; address: string };
  to: string[];
  subject: string;
  text: string;
  /** The sending server, the first external hop. */
  senderHost: string;
  senderIp: string;
  gateway: { name: string; ip: string };
  attachments: MailAttachment[];
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Mon, 16 Nov 2026 09:10:31 +0000` (RFC 5322 3.3). */
export function rfc5322Date(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
  );
}

function base64Lines(data: Buffer): string {
  return (data.toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
}

/** `filename="x"` for ASCII names; RFC 2231 `filename*=utf-8''...` otherwise. */
function nameParameter(key: string, name: string): string {
  if (/^[\x20-\x7e]*$/.test(name) && !name.includes('"')) return `${key}="${name}"`;
  return `${key}*=utf-8''${encodeURIComponent(name)}`;
}

function senderDomain(address: string): string {
  return address.slice(address.indexOf('@') + 1);
}

export function messageId(spec: MailSpec): string {
  const digest = createHash('sha1')
    .update(`${spec.time}\0${spec.from.address}\0${spec.to.join(',')}\0${spec.subject}`)
    .digest('hex');
  return `<${digest.slice(0, 24)}@${senderDomain(spec.from.address)}>`;
}

export function buildEml(spec: MailSpec): Buffer {
  const id = messageId(spec);
  const boundary = `=_lw_${id.slice(1, 17)}`;
  const to = spec.to[0] ?? '';
  const mx = spec.gateway;
  const queue = id.slice(1, 13).toUpperCase();
  const headers = [
    `Return-Path: <${spec.from.address}>`,
    `Received: from ${mx.name} (${mx.name} [${mx.ip}])`,
    `\tby mail.${senderDomain(to)} (Postfix) with ESMTPS id ${queue}`,
    `\tfor <${to}>; ${rfc5322Date(spec.time + 1000)}`,
    `Received: from ${spec.senderHost} (${spec.senderHost} [${spec.senderIp}])`,
    `\tby ${mx.name} (Postfix) with ESMTP id ${queue.split('').reverse().join('')}`,
    `\tfor <${to}>; ${rfc5322Date(spec.time)}`,
    `Date: ${rfc5322Date(spec.time - 7000)}`,
    `From: ${spec.from.name} <${spec.from.address}>`,
    `To: ${spec.to.join(', ')}`,
    `Subject: ${spec.subject}`,
    `Message-ID: ${id}`,
    'MIME-Version: 1.0',
  ];
  const text = spec.text.replace(/\r?\n/g, '\r\n');
  if (spec.attachments.length === 0) {
    headers.push('Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
    return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${text}\r\n`, 'utf8');
  }
  headers.push(`Content-Type: multipart/mixed; boundary="${boundary}"`);
  const parts = [
    [
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      text,
    ].join('\r\n'),
    ...spec.attachments.map((a) =>
      [
        `--${boundary}`,
        `Content-Type: ${a.contentType}; ${nameParameter('name', a.name)}`,
        'Content-Transfer-Encoding: base64',
        `Content-Disposition: attachment; ${nameParameter('filename', a.name)}`,
        '',
        base64Lines(a.data),
      ].join('\r\n'),
    ),
  ];
  const preamble = 'This is a multi-part message in MIME format.\r\n\r\n';
  const body = `${preamble}${parts.join('\r\n')}\r\n--${boundary}--\r\n`;
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}
