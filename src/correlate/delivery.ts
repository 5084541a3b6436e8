/**
 * How the executed file reached the host: an email attachment with the same hash (or, failing
 * that, the same name), a download recorded by the Mark-of-the-Web or by the proxy, a file
 * share path, or the program that wrote the file.
 */
import type { Settings } from '../core/settings.js';
import { BROWSERS, MAIL_CLIENTS, processName } from '../detect/vocabulary.js';
import type { LwEvent } from '../model/event.js';
import { urlHost } from '../normalise/meta.js';
import type { ChainLink, DeliveryChannel } from '../model/incident.js';
import { SELECT_EVENTS, type StoredEvent, type WorkingStore } from '../store/working-store.js';
import { evidenceOf, isoOf, offsetNote } from './evidence.js';

export interface Delivery {
  channel: DeliveryChannel;
  detail?: string;
  links: ChainLink[];
  emails: StoredEvent[];
  originUrl?: string;
  /** Download records from the proxy, for the repeated-source question. */
  downloads: StoredEvent[];
}

/**
 * Messages joined to one file. A common attachment name (`Agenda.docx`) is carried by
 * thousands of messages in a large mailbox export; the ones sent last before the file ran are
 * the leads, and a campaign's same-hash messages beyond this many add nothing to the chain.
 */
const MAX_EMAILS = 20;

function emailLinks(emails: StoredEvent[], joinedBy: string): ChainLink[] {
  return emails.map((stored) => {
    const mail = stored.event.email;
    return {
      stage: 'delivery' as const,
      time: isoOf(stored.t),
      source: 'email',
      summary:
        `email from ${mail?.from?.address ?? 'unknown sender'}: ` +
        JSON.stringify(mail?.subject ?? ''),
      evidence: [evidenceOf(stored)],
      joinedBy,
    };
  });
}

/**
 * Microsoft 365 Defender exports each hunting table on its own: an attachment row names its
 * message by NetworkMessageId (`email.local_id`) and lacks the subject, which the message's
 * EmailEvents row, perhaps read from another file, supplies.
 */
function withMessageFacts(store: WorkingStore, emails: StoredEvent[]): StoredEvent[] {
  return emails.map((stored) => {
    const mail = stored.event.email;
    if (!mail?.local_id || mail.subject !== undefined) return stored;
    const [message] = store.query(
      `${SELECT_EVENTS} WHERE kind = 'email' AND json_extract(json, '$.email.local_id') = ? ` +
        `AND json_extract(json, '$.email.subject') IS NOT NULL LIMIT 1`,
      mail.local_id,
    );
    const subject = message?.event.email?.subject;
    if (subject === undefined) return stored;
    return { ...stored, event: { ...stored.event, email: { ...mail, subject } } };
  });
}

export function findDelivery(
  store: WorkingStore,
  host: string,
  file: { path: string; name: string; sha256?: string },
  writes: StoredEvent[],
  settings: Settings,
  openedAt: number,
): Delivery {
  const links: ChainLink[] = [];

  // Email: the attachment's hash is proof (also of a file inside an attached archive or disk
  // image); a name alone is a lead, said as such. Either way only messages that arrived before
  // the file ran (within the join window) can have carried it, the latest few of them.
  let emails: StoredEvent[] = [];
  for (const key of ['sha256', 'name'] as const) {
    const value = key === 'sha256' ? file.sha256 : file.name.toLowerCase();
    if (!value || emails.length > 0) continue;
    const rows = store.values<{ event_id: string; path: string | null }>(
      `SELECT event_id, path FROM attachments WHERE ${key} = ? AND t <= ?
       ORDER BY t DESC LIMIT ?`,
      value,
      openedAt + settings.downloadJoinWindowMs,
      MAX_EMAILS,
    );
    const where = new Map(rows.map((r) => [r.event_id, r.path ?? '']));
    const found = rows.length
      ? store.query(
          `${SELECT_EVENTS} WHERE id IN (${rows.map(() => '?').join(',')}) ORDER BY t`,
          ...rows.map((r) => r.event_id),
        )
      : [];
    emails = withMessageFacts(store, found);
    for (const email of emails) {
      const path = where.get(email.event.lurewatch.id) ?? '';
      const inside = path.includes('/') ? `${path} inside an attachment, ` : 'attachment ';
      links.push(...emailLinks([email], `${inside}${key} ${value}`));
    }
  }

  // Web: the Mark-of-the-Web names the URL; the proxy may show the transfer itself.
  const zone = writes.find((w) => w.event.file?.origin_url);
  const originUrl = zone?.event.file?.origin_url;
  if (zone && originUrl) {
    links.push({
      stage: 'delivery',
      time: isoOf(zone.t),
      source: 'edr',
      summary:
        `downloaded from ${originUrl} ` +
        `(Zone.Identifier, zone ${zone.event.file?.zone_id ?? '?'})`,
      evidence: [evidenceOf(zone)],
      joinedBy: `Zone.Identifier stream of ${file.path}`,
    });
  }
  const downloads = proxyDownloads(store, host, file, originUrl, writes, settings);
  for (const d of downloads) {
    const http = d.event.http?.response;
    const mime = http?.mime_type ?? d.event.file?.mime_type;
    const bytes = http?.body_bytes ?? d.event.file?.size;
    const what = [http?.status_code, mime, bytes !== undefined ? `${bytes} bytes` : undefined]
      .filter((part) => part !== undefined)
      .join(' ');
    const target = d.event.url?.full ?? d.event.destination?.ip ?? 'a transfer';
    links.push({
      stage: 'delivery',
      time: isoOf(d.t),
      source: 'proxy',
      summary: `proxy saw ${target}${what ? ` (${what})` : ''}`,
      evidence: [evidenceOf(d)],
      joinedBy:
        d.event.url?.full === originUrl
          ? 'same URL'
          : 'server address and client address within the download window',
      ...offsetNote(d.event),
    });
  }

  const writer = processName(
    writes.find((w) => w.event.process?.executable)?.event.process?.executable,
  );
  let channel: DeliveryChannel = 'unknown';
  let detail: string | undefined;
  if (emails.length > 0) {
    channel = 'email';
    const mail = emails[0]?.event.email;
    detail = `from ${mail?.from?.address ?? '?'}, subject ${JSON.stringify(mail?.subject ?? '')}`;
  } else if (originUrl || downloads.length > 0 || BROWSERS.has(writer)) {
    channel = 'web';
    detail = originUrl ?? downloads[0]?.event.url?.full ?? `written by ${writer}`;
  } else if (MAIL_CLIENTS.has(writer)) {
    channel = 'email';
    detail = `saved by ${writer}`;
  } else if (file.path.startsWith('\\\\')) {
    channel = 'file-share';
    detail = file.path.split('\\').slice(0, 4).join('\\');
  }
  return {
    channel,
    links,
    emails,
    downloads,
    ...(detail ? { detail } : {}),
    ...(originUrl ? { originUrl } : {}),
  };
}

function proxyDownloads(
  store: WorkingStore,
  host: string,
  file: { name: string },
  originUrl: string | undefined,
  writes: StoredEvent[],
  settings: Settings,
): StoredEvent[] {
  const found = new Map<string, StoredEvent>();
  if (originUrl) {
    const byUrl = store.query(
      `${SELECT_EVENTS} WHERE kind = 'web' AND url = ? LIMIT 20`,
      originUrl,
    );
    for (const e of byUrl) found.set(e.event.lurewatch.id, e);
  }
  const ips = store.values<{ ip: string }>('SELECT ip FROM host_ips WHERE host = ?', host);
  const written = writes[0]?.t;
  if (ips.length > 0 && written !== undefined) {
    const server = originUrl ? urlHost(originUrl) : undefined;
    const window = settings.downloadJoinWindowMs;
    const marks = ips.map(() => '?').join(',');
    const candidates = store.query(
      `${SELECT_EVENTS} WHERE kind = 'web' AND src_ip IN (${marks}) AND t BETWEEN ? AND ?
       ORDER BY t LIMIT 200`,
      ...ips.map((row) => row.ip),
      written - window,
      written + window,
    );
    const lowerName = file.name.toLowerCase();
    for (const e of candidates) {
      const path = e.event.url?.path?.toLowerCase() ?? '';
      const sameServer =
        server !== undefined &&
        (e.event.destination?.ip === server || e.event.url?.domain === server);
      const sameName = path.endsWith(`/${lowerName}`);
      const isTransfer = (e.event.http?.response?.status_code ?? 0) < 400;
      if ((sameServer || sameName) && isTransfer && isFileTransfer(e.event))
        found.set(e.event.lurewatch.id, e);
    }
  }
  return [...found.values()].sort((a, b) => a.t - b.t);
}

/** A response that carried a file rather than a page: an executable type or a named file. */
function isFileTransfer(event: LwEvent): boolean {
  const mime = event.http?.response?.mime_type ?? event.file?.mime_type ?? '';
  return (
    /dosexec|octet-stream|x-msdownload|zip|x-iso|x-msi|javascript|vbscript|hta/i.test(mime) ||
    Boolean(event.url?.path)
  );
}
