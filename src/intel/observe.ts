/**
 * What an event offers to intel: plain values for index look-ups (hashes, names, URLs,
 * domains, addresses, senders) and the same facts as STIX cyber-observable objects for
 * pattern evaluation. Each value says whether it is the file itself or where it came from.
 */
import type { FileInfo, HashSet, LwEvent } from '../model/event.js';
import { baseName } from '../normalise/meta.js';
import type { IndicatorType } from './model.js';
import { normaliseValue } from './normalise.js';
import type { ObservedObject } from './stix-pattern/evaluate.js';

/** `file`: the executed or delivered file; `origin`: where it came from; `network`: peers. */
export type ObservableRole = 'file' | 'origin' | 'network';

export interface Observable {
  type: IndicatorType;
  value: string;
  role: ObservableRole;
}

export interface Observation {
  observables: Observable[];
  objects: ObservedObject[];
}

function hashProps(hash: HashSet | undefined, prefix: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (hash?.md5) out.push([`${prefix}hashes.md5`, hash.md5]);
  if (hash?.sha1) out.push([`${prefix}hashes.sha1`, hash.sha1]);
  if (hash?.sha256) out.push([`${prefix}hashes.sha256`, hash.sha256]);
  return out;
}

class Collector {
  readonly observables: Observable[] = [];
  readonly objects: ObservedObject[] = [];
  private readonly seen = new Set<string>();

  value(type: IndicatorType, raw: string | undefined, role: ObservableRole): void {
    if (!raw) return;
    const value = normaliseValue(type, raw);
    const key = `${type} ${value}`;
    if (!value || this.seen.has(key)) return;
    this.seen.add(key);
    this.observables.push({ type, value, role });
  }

  object(type: string, entries: Array<[string, string | undefined]>): void {
    const props = new Map<string, string[]>();
    for (const [key, value] of entries) {
      if (value === undefined || value === '') continue;
      props.set(key, [...(props.get(key) ?? []), value]);
    }
    if (props.size > 0) this.objects.push({ type, props });
  }

  file(file: FileInfo | undefined, path: string | undefined, role: ObservableRole): void {
    const name = file?.name ?? (path ? baseName(path) : undefined);
    this.value('filename', name, role);
    for (const [type, value] of [
      ['md5', file?.hash?.md5],
      ['sha1', file?.hash?.sha1],
      ['sha256', file?.hash?.sha256],
    ] as const) {
      this.value(type, value, role);
    }
    this.object('file', [['name', name], ...hashProps(file?.hash, '')]);
  }

  address(ip: string | undefined, role: ObservableRole): void {
    if (!ip) return;
    this.value('ip', ip, role);
    this.object(ip.includes(':') ? 'ipv6-addr' : 'ipv4-addr', [['value', ip]]);
  }

  domain(name: string | undefined, role: ObservableRole): void {
    if (!name) return;
    this.value('domain', name, role);
    this.object('domain-name', [['value', name]]);
  }

  url(url: string | undefined, role: ObservableRole): void {
    if (!url) return;
    this.value('url', url, role);
    this.object('url', [['value', url]]);
  }
}

export function observe(event: LwEvent): Observation {
  const c = new Collector();
  const process = event.process;
  if (process?.executable || process?.hash) {
    c.file({ ...(process.hash ? { hash: process.hash } : {}) }, process.executable, 'file');
    c.object('process', [
      ['name', process.name],
      ['command_line', process.command_line],
      ['image_ref.name', process.executable ? baseName(process.executable) : undefined],
    ]);
  }
  if (event.file) {
    c.file(event.file, event.file.path, 'file');
    c.url(event.file.origin_url, 'origin');
    c.url(event.file.origin_referrer_url, 'origin');
  }

  c.url(event.url?.full, 'origin');
  c.domain(event.url?.domain, 'origin');
  c.domain(event.destination?.domain, 'network');
  c.domain(event.dns?.question?.name, 'network');
  c.address(event.destination?.ip, 'network');
  if (event.destination?.ip) {
    c.object('network-traffic', [
      ['dst_ref.value', event.destination.ip],
      ['dst_port', event.destination.port?.toString()],
    ]);
  }

  const mail = event.email;
  if (mail) {
    c.value('email', mail.from?.address, 'origin');
    c.address(mail.sender_ip, 'origin');
    if (mail.from) c.object('email-addr', [['value', mail.from.address]]);
    const attachments = mail.attachments ?? [];
    for (const attachment of attachments) c.file(attachment.file, attachment.file.path, 'file');
    c.object('email-message', [
      ['subject', mail.subject],
      ['from_ref.value', mail.from?.address],
      ['sender_ref.value', mail.return_path],
      ...attachments.flatMap((a): Array<[string, string | undefined]> => [
        ['body_multipart[*].body_raw_ref.name', a.file.name],
        ...hashProps(a.file.hash, 'body_multipart[*].body_raw_ref.'),
      ]),
    ]);
  }
  return { observables: c.observables, objects: c.objects };
}
