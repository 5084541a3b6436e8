/**
 * The email tables of Defender advanced hunting. A message is one EmailEvents row (sender,
 * subject, verdict) plus one EmailAttachmentInfo row per attachment and one EmailUrlInfo row
 * per URL, all sharing `NetworkMessageId`; Defender's own hunting queries join them on it.
 * Each attachment row becomes an email event whose attachment carries the SHA256, which is
 * what joins an executed file back to its message.
 */
import type { EmailInfo } from '../../model/event.js';
import { fileFromPath } from '../meta.js';
import { compact, first, int, lowerHex, text, type Row } from '../row.js';
import { event, hostOf, type Content } from './device.js';

const DIRECTIONS: Record<string, string> = {
  Inbound: 'inbound',
  Outbound: 'outbound',
  'Intra-org': 'internal',
};

/** Longest subject kept; RFC 5322 lines are 998 characters. */
const MAX_SUBJECT = 998;

/** The message facts EmailEvents holds, which the attachment and URL rows lack. */
export interface MessageFacts {
  subject?: string;
  message_id?: string;
  sender_ip?: string;
  return_path?: string;
  direction?: string;
  delivery_action?: string;
}

export function messageFacts(row: Row): MessageFacts {
  const direction = text(row, 'EmailDirection');
  // Some exports write the angle brackets of InternetMessageId as JSON escapes, twice over.
  const messageId = text(row, 'InternetMessageId')
    ?.replace(/\\u003c/gi, '<')
    .replace(/\\u003e/gi, '>');
  return compact({
    subject: text(row, 'Subject')?.slice(0, MAX_SUBJECT),
    message_id: messageId,
    sender_ip: first(row, 'SenderIPv4', 'SenderIPv6'),
    return_path: text(row, 'SenderMailFromAddress'),
    direction: direction === undefined ? undefined : (DIRECTIONS[direction] ?? direction),
    delivery_action: text(row, 'DeliveryAction'),
  });
}

function envelope(row: Row): EmailInfo {
  const from = text(row, 'SenderFromAddress');
  const to = text(row, 'RecipientEmailAddress');
  return compact({
    from: from ? { address: from } : undefined,
    to: to ? { address: [to] } : undefined,
    local_id: text(row, 'NetworkMessageId'),
  });
}

function mailHost(row: Row): Pick<Content, 'user'> {
  const to = text(row, 'RecipientEmailAddress');
  return to ? { user: { name: to } } : {};
}

export function emailEvent(row: Row): Content {
  return compact({
    event: event(row, ['email'], ['info'], 'EmailEvents'),
    ...mailHost(row),
    email: compact({ ...envelope(row), ...messageFacts(row) }),
  });
}

/** `facts` come from the message's EmailEvents row when the reader has seen it. */
export function attachmentEvent(row: Row, facts: MessageFacts = {}): Content {
  const name = text(row, 'FileName');
  const sha256 = lowerHex(text(row, 'SHA256'), 64);
  const file = compact({
    ...(name ? fileFromPath(name) : {}),
    size: int(row, 'FileSize'),
    hash: sha256 ? { sha256 } : undefined,
  });
  return compact({
    event: event(row, ['email'], ['info'], 'EmailAttachmentInfo'),
    ...mailHost(row),
    email: compact({ ...envelope(row), ...facts, attachments: [{ file }] }),
  });
}

export function urlInfoEvent(row: Row, facts: MessageFacts = {}): Content {
  const url = text(row, 'Url');
  return compact({
    event: event(row, ['email'], ['info'], 'EmailUrlInfo'),
    email: compact({ ...envelope(row), ...facts }),
    url: url ? compact({ full: url, domain: text(row, 'UrlDomain') ?? hostOf(url) }) : undefined,
  });
}

/** A click on a link that Safe Links rewrote: the user, the URL and whether it was let through. */
export function urlClickEvent(row: Row): Content {
  const url = text(row, 'Url');
  const account = text(row, 'AccountUpn');
  const ip = text(row, 'IPAddress');
  return compact({
    event: event(row, ['web'], ['access'], 'UrlClickEvents'),
    user: account ? { name: account } : undefined,
    source: ip ? { ip } : undefined,
    url: url ? compact({ full: url, domain: hostOf(url) }) : undefined,
    email: compact({ local_id: text(row, 'NetworkMessageId') }),
  });
}
