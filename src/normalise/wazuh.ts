/**
 * Maps Wazuh file-integrity (syscheck) records to file events. Two shapes reach an analyst:
 * the manager's alerts (`alerts.json`, one alert per line with a `syscheck` block of
 * `*_after` fields) and the agent's own events (`8:syscheck:{"type":"event","data":...}`,
 * as queued to the manager, with an `attributes` block).
 */
import type { HashSet, LwEvent } from '../model/event.js';
import { fileFromPath, isoTime, meta } from './meta.js';
import { fail, ok, skip, type Outcome, type RecordPlace } from './outcome.js';

type Json = Record<string, unknown>;

/** What both shapes say about one change, before it becomes an event. */
interface FimChange {
  kind: 'alert' | 'event';
  dataset: string;
  time: unknown;
  path: unknown;
  action: unknown;
  size: unknown;
  user: unknown;
  hashes: { md5: unknown; sha1: unknown; sha256: unknown };
  agent?: { name?: unknown; ip?: unknown };
}

const ECS_TYPE: Record<string, string> = {
  added: 'creation',
  modified: 'change',
  deleted: 'deletion',
};

/** An `alerts.json` record; alerts from other Wazuh modules are skipped. */
export function normaliseWazuhAlert(alert: Json, place: RecordPlace): Outcome {
  const syscheck = object(alert['syscheck']);
  if (!syscheck) return skip('not a syscheck alert');
  const agent = object(alert['agent']);
  return toEvent(
    {
      kind: 'alert',
      dataset: 'wazuh.alerts',
      time: alert['timestamp'],
      path: syscheck['path'],
      action: syscheck['event'],
      size: syscheck['size_after'],
      user: syscheck['uname_after'],
      hashes: {
        md5: syscheck['md5_after'],
        sha1: syscheck['sha1_after'],
        sha256: syscheck['sha256_after'],
      },
      agent: agent ? { name: agent['name'], ip: agent['ip'] } : undefined,
    },
    alert,
    place,
  );
}

/**
 * An agent message (`{"type":"event","data":{...}}`); `agent` comes from the queue location
 * (`[001] (web01) 10.0.0.4->syscheck`) when the manager recorded one. Integrity-check and
 * state messages carry no change and are skipped.
 */
export function normaliseWazuhAgentEvent(
  message: Json,
  agent: { name?: string; ip?: string } | undefined,
  original: string,
  place: RecordPlace,
): Outcome {
  if (message['type'] !== 'event') return skip(`syscheck ${String(message['type'])}`);
  const data = object(message['data']);
  if (!data) return fail('bad-record', 'syscheck event without a data object');
  const attributes = object(data['attributes']) ?? {};
  return toEvent(
    {
      kind: 'event',
      dataset: 'wazuh.syscheck',
      time: data['timestamp'],
      path: data['path'],
      action: data['type'],
      size: attributes['size'],
      user: attributes['user_name'],
      hashes: {
        md5: attributes['hash_md5'],
        sha1: attributes['hash_sha1'],
        sha256: attributes['hash_sha256'],
      },
      agent,
    },
    original,
    place,
  );
}

function toEvent(change: FimChange, original: unknown, place: RecordPlace): Outcome {
  if (change.time === undefined || change.time === null || change.time === '')
    return fail('missing-timestamp', 'syscheck record has no timestamp');
  const timestamp = isoTime(change.time);
  if (!timestamp) return fail('bad-timestamp', `'${String(change.time).slice(0, 40)}'`);
  if (typeof change.path !== 'string' || change.path.length === 0)
    return fail('bad-record', 'syscheck record has no file path');

  const action = typeof change.action === 'string' ? change.action : undefined;
  const event: LwEvent = {
    '@timestamp': timestamp,
    event: {
      kind: change.kind,
      category: ['file'],
      type: [ECS_TYPE[action ?? ''] ?? 'info'],
      dataset: change.dataset,
      provider: 'wazuh',
      ...(action ? { action } : {}),
    },
    lurewatch: meta('wazuh-syscheck', 'fim', place.input, place.location, original),
    file: fileFromPath(change.path),
    original,
  };
  const size = Number(change.size);
  if (change.size !== undefined && change.size !== '' && Number.isFinite(size) && size >= 0) {
    event.file = { ...event.file, size };
  }
  const hash = hashes(change.hashes);
  if (hash) event.file = { ...event.file, hash };
  if (typeof change.user === 'string' && change.user.length > 0) {
    event.user = { name: change.user };
  }
  const name = change.agent?.name;
  const ip = change.agent?.ip;
  if (typeof name === 'string' && name.length > 0) event.host = { name };
  if (typeof ip === 'string' && ip.length > 0 && ip !== 'any') {
    event.host = { ...event.host, ip: [ip] };
  }
  return ok(event);
}

function hashes(values: FimChange['hashes']): HashSet | undefined {
  const set: HashSet = {};
  const take = (value: unknown, length: number): string | undefined =>
    typeof value === 'string' && value.length === length && /^[0-9a-fA-F]+$/.test(value)
      ? value.toLowerCase()
      : undefined;
  const md5 = take(values.md5, 32);
  const sha1 = take(values.sha1, 40);
  const sha256 = take(values.sha256, 64);
  if (md5) set.md5 = md5;
  if (sha1) set.sha1 = sha1;
  if (sha256) set.sha256 = sha256;
  return Object.keys(set).length > 0 ? set : undefined;
}

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}
