/**
 * From executions to incident drafts: one per user-opened file on one host. A draft holds the
 * chain (delivery, write, execution, children, connections, follow-up) with the events that
 * prove each link and why they were joined; triage then judges it.
 */
import type { Settings } from '../core/settings.js';
import type { ChainLink, NetworkPeer } from '../model/incident.js';
import { baseName } from '../normalise/meta.js';
import { SELECT_EVENTS, type StoredEvent, type WorkingStore } from '../store/working-store.js';
import { findDelivery, type Delivery } from './delivery.js';
import { evidenceOf, isoOf, offsetNote } from './evidence.js';
import { processTree, type ProcessTree } from './tree.js';

/** An execution found while reading: the event, its host and the file the user opened. */
export interface Seed {
  eventId: string;
  host: string;
  /** The opened file's path as logged. */
  path: string;
}

export interface Draft {
  host: string;
  file: { path: string; name: string; sha256?: string; md5?: string; size?: number };
  executions: StoredEvent[];
  writes: StoredEvent[];
  delivery: Delivery;
  tree: ProcessTree;
  chain: ChainLink[];
  peers: NetworkPeer[];
  /** Proxy records of the tree's destinations from the host's addresses. */
  proxied: StoredEvent[];
  timeline: StoredEvent[];
}

export function groupSeeds(seeds: Iterable<Seed>): Seed[][] {
  const groups = new Map<string, Seed[]>();
  for (const seed of seeds) {
    const key = `${seed.host}\u0000${seed.path.toLowerCase()}`;
    const group = groups.get(key) ?? [];
    group.push(seed);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function processSummary(stored: StoredEvent): string {
  const p = stored.event.process;
  const who = stored.event.user?.name ? ` as ${stored.event.user.name}` : '';
  const parent = p?.parent?.name ? `${p.parent.name} started ` : '';
  return `${parent}${p?.command_line ?? p?.executable ?? 'a process'}${who}`.slice(0, 400);
}

export function draftIncident(store: WorkingStore, seeds: Seed[], settings: Settings): Draft {
  const host = seeds[0]?.host ?? '';
  const path = seeds[0]?.path ?? '';
  const marks = seeds.map(() => '?').join(',');
  const executions = store.query(
    `${SELECT_EVENTS} WHERE id IN (${marks}) ORDER BY t`,
    ...seeds.map((s) => s.eventId),
  );
  const first = executions[0];
  const firstT = first?.t ?? 0;

  // The file's own record: written or changed before it ran (FIM hosts carry no domain).
  const writes = store.query(
    `${SELECT_EVENTS} WHERE kind = 'file' AND path = ? AND host = ? AND t <= ? ORDER BY t LIMIT 50`,
    path.toLowerCase(),
    host,
    firstT + settings.downloadJoinWindowMs,
  );
  const direct = executions.find(
    (e) => e.event.process?.executable?.toLowerCase() === path.toLowerCase(),
  );
  const hashed = [direct?.event.process?.hash, ...writes.map((w) => w.event.file?.hash)].find(
    (h) => h?.sha256,
  );
  const size = writes.map((w) => w.event.file?.size).find((s) => s !== undefined);
  const file = {
    path,
    name: baseName(path),
    ...(hashed?.sha256 ? { sha256: hashed.sha256 } : {}),
    ...(hashed?.md5 ? { md5: hashed.md5 } : {}),
    ...(size !== undefined ? { size } : {}),
  };

  const delivery = findDelivery(store, host, file, writes, settings, firstT);
  const tree = processTree(store, host, executions, settings);
  const chain: ChainLink[] = [...delivery.links];
  for (const w of writes) {
    if (w.event.file?.origin_url) continue;
    const changed = w.event.event.type.includes('change');
    const target = w.event.file?.path ?? path;
    const size = w.event.file?.size !== undefined ? ` (${w.event.file.size} bytes)` : '';
    const summary = w.event.process?.name
      ? `${w.event.process.name} ${changed ? 'modified' : 'wrote'} ${target}`
      : `file integrity monitoring saw ${target} ${changed ? 'modified' : 'added'}${size}`;
    chain.push({
      stage: 'file-written',
      time: isoOf(w.t),
      source: w.event.lurewatch.source,
      summary,
      evidence: [evidenceOf(w)],
      joinedBy: 'same path on the same host',
    });
  }
  for (const e of executions) {
    chain.push({
      stage: 'execution',
      time: isoOf(e.t),
      source: 'edr',
      summary: processSummary(e),
      evidence: [evidenceOf(e)],
    });
  }
  for (const c of tree.children) {
    chain.push({
      stage: 'child-process',
      time: isoOf(c.t),
      source: 'edr',
      summary: processSummary(c),
      evidence: [evidenceOf(c)],
      joinedBy: c.event.process?.parent?.entity_id
        ? 'parent process guid'
        : 'parent pid within the follow-up window',
    });
  }
  const peers = new Map<string, NetworkPeer>();
  const names = new Map<string, string>();
  for (const l of tree.lookups) {
    for (const ip of l.event.dns?.answers ?? [])
      if (l.event.dns?.question) names.set(ip, l.event.dns.question.name);
  }
  for (const n of tree.connections) {
    const ip = n.event.destination?.ip;
    if (!ip || n.event.network?.direction === 'inbound') continue;
    const domain = n.event.destination?.domain ?? names.get(ip);
    const key = `${ip}:${n.event.destination?.port ?? ''}`;
    if (!peers.has(key)) {
      peers.set(key, {
        ip,
        ...(n.event.destination?.port !== undefined ? { port: n.event.destination.port } : {}),
        ...(domain ? { domain } : {}),
      });
      chain.push({
        stage: 'network',
        time: isoOf(n.t),
        source: 'edr',
        summary:
          `${n.event.process?.name ?? 'process'} connected to ` +
          `${ip}:${n.event.destination?.port ?? '?'}${domain ? ` (${domain})` : ''}`,
        evidence: [evidenceOf(n)],
        joinedBy: 'connection made by a process of the tree',
      });
    }
  }
  const delivered = new Set(delivery.links.flatMap((l) => l.evidence.map((e) => e.id)));
  const proxied = proxyFollowUp(store, host, [...peers.values()], firstT, settings).filter(
    (p) => !delivered.has(p.event.lurewatch.id),
  );
  chain.push(...proxyLinks(proxied));
  const dropped = tree.writes
    .filter((w) => !w.event.file?.path?.toLowerCase().endsWith(':zone.identifier'))
    .slice(0, 25);
  for (const d of dropped) {
    chain.push({
      stage: 'file-activity',
      time: isoOf(d.t),
      source: 'edr',
      summary: `${d.event.process?.name ?? 'process'} wrote ${d.event.file?.path ?? '?'}`,
      evidence: [evidenceOf(d)],
      joinedBy: 'file written by a process of the tree',
    });
  }
  chain.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));

  const timeline = store.query(
    `${SELECT_EVENTS} WHERE host = ? AND t BETWEEN ? AND ? ORDER BY t LIMIT ?`,
    host,
    firstT - settings.timelineWindowMs,
    firstT + settings.timelineWindowMs,
    settings.timelineLimit,
  );
  return {
    host,
    file,
    executions,
    writes,
    delivery,
    tree,
    chain,
    peers: [...peers.values()],
    proxied,
    timeline,
  };
}

function proxyFollowUp(
  store: WorkingStore,
  host: string,
  peers: NetworkPeer[],
  from: number,
  settings: Settings,
): StoredEvent[] {
  const ips = store
    .values<{ ip: string }>('SELECT ip FROM host_ips WHERE host = ?', host)
    .map((r) => r.ip);
  if (ips.length === 0 || peers.length === 0) return [];
  const targets = new Set<string>();
  for (const peer of peers) {
    targets.add(peer.ip);
    if (peer.domain) targets.add(peer.domain.toLowerCase());
  }
  const marks = ips.map(() => '?').join(',');
  const rows = store.query(
    `${SELECT_EVENTS} WHERE kind = 'web' AND src_ip IN (${marks}) AND t BETWEEN ? AND ?
     ORDER BY t LIMIT 2000`,
    ...ips,
    from,
    from + settings.followUpWindowMs,
  );
  return rows
    .filter(
      (r) =>
        targets.has(r.event.destination?.ip ?? '') ||
        targets.has(r.event.destination?.domain?.toLowerCase() ?? '') ||
        targets.has(r.event.url?.domain?.toLowerCase() ?? ''),
    )
    .slice(0, 50);
}

function destinationOf(stored: StoredEvent): string {
  const e = stored.event;
  const where = e.url?.domain ?? e.destination?.domain ?? e.destination?.ip ?? '?';
  return e.destination?.port !== undefined ? `${where}:${e.destination.port}` : where;
}

/**
 * The proxy's view of the tree's traffic, one link per destination: a beacon is hundreds of
 * identical records, and the analyst needs its span and count, with the records as evidence.
 */
function proxyLinks(proxied: StoredEvent[]): ChainLink[] {
  const byDestination = new Map<string, StoredEvent[]>();
  for (const p of proxied) {
    const key = destinationOf(p);
    byDestination.set(key, [...(byDestination.get(key) ?? []), p]);
  }
  return [...byDestination.entries()].map(([destination, records]) => {
    const first = records[0]!;
    const last = records[records.length - 1]!;
    const span = records.length > 1 ? ` between ${isoOf(first.t)} and ${isoOf(last.t)}` : '';
    return {
      stage: 'network' as const,
      time: isoOf(first.t),
      source: 'proxy',
      summary: `proxy saw ${records.length} record(s) from the host to ${destination}${span}`,
      evidence: records.slice(0, 20).map(evidenceOf),
      joinedBy: 'host address to a destination the tree contacted',
      ...offsetNote(first.event),
    };
  });
}
