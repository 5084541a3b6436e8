/**
 * Events that a host and another source both recorded, as pairs of times. Each pairing is one
 * kind of shared fact; the host side (EDR and FIM) is the reference clock, the other side's
 * recorded time is taken before any offset.
 */
import type { WorkingStore } from '../../store/working-store.js';

export interface ClockPair {
  /** The other source's clock (reader id). */
  clock: string;
  /** Reference time minus the other source's recorded time. */
  diffMs: number;
}

export interface ClockPairing {
  id: string;
  find(store: WorkingStore): ClockPair[];
}

/** Pairs kept per pairing: enough for a median, bounded for a hostile or huge input. */
const MAX_PAIRS = 5000;
/** The other side's records of one shared fact must fall within this span to be one event. */
const ONE_EVENT_MS = 60_000;
const HOST_SIDE = `h.source IN ('edr', 'fim')`;

/**
 * The same TCP connection seen by the host (Sysmon 3) and the network sensor (Zeek conn,
 * http). Only a tuple the host logged once counts: ephemeral ports are reused over hours.
 * UDP is left out: with no handshake, each sensor cuts a flow at its own idea of its start.
 */
const fiveTuple: ClockPairing = {
  id: 'five-tuple',
  find: (store) =>
    store.values<ClockPair>(
      `SELECT w.clock AS clock, MIN(h.t) - MIN(w.rec_t) AS diffMs
       FROM events h JOIN events w ON w.kind = 'web' AND w.src_ip = h.src_ip
         AND w.src_port = h.src_port AND w.dst_ip = h.dst_ip AND w.dst_port = h.dst_port
         AND (w.transport IS NULL OR w.transport = 'tcp')
       WHERE h.kind = 'net' AND h.transport = 'tcp' AND h.src_port > 0 AND ${HOST_SIDE}
       GROUP BY h.src_ip, h.src_port, h.dst_ip, h.dst_port, w.clock
       HAVING COUNT(DISTINCT h.id) = 1 AND MAX(w.rec_t) - MIN(w.rec_t) <= ${ONE_EVENT_MS}
       LIMIT ${MAX_PAIRS}`,
    ),
};

/** The same download: the Mark-of-the-Web's HostUrl and the proxy record of that URL. */
const url: ClockPairing = {
  id: 'url',
  find: (store) =>
    store.values<ClockPair>(
      `SELECT w.clock AS clock, MIN(h.t) - MIN(w.rec_t) AS diffMs
       FROM events h JOIN events w ON w.kind = 'web' AND w.url = h.origin_url
       WHERE h.kind = 'file' AND h.origin_url IS NOT NULL AND ${HOST_SIDE}
       GROUP BY h.origin_url, h.host, w.clock
       HAVING MAX(w.rec_t) - MIN(w.rec_t) <= ${ONE_EVENT_MS}
       LIMIT ${MAX_PAIRS}`,
    ),
};

/**
 * The same download when the sensor logged no URL (Zeek http.log with `-` for host and uri):
 * the HostUrl's server address and port, and the host's own address as the client.
 */
const serverClient: ClockPairing = {
  id: 'server-client',
  find: (store) => {
    const downloads = store.values<{ t: number; host: string; url: string }>(
      `SELECT MIN(h.t) AS t, h.host AS host, h.origin_url AS url FROM events h
       WHERE h.kind = 'file' AND h.origin_url IS NOT NULL AND ${HOST_SIDE}
       GROUP BY h.host, h.origin_url LIMIT ${MAX_PAIRS}`,
    );
    const pairs: ClockPair[] = [];
    for (const d of downloads) {
      const server = serverOf(d.url);
      if (!server) continue;
      const rows = store.values<{ clock: string; first: number; last: number }>(
        `SELECT w.clock AS clock, MIN(w.rec_t) AS first, MAX(w.rec_t) AS last FROM events w
         WHERE w.kind = 'web' AND w.src_ip IN (SELECT ip FROM host_ips WHERE host = ?)
           AND w.dst_ip = ? AND w.dst_port = ? AND w.url IS NULL
         GROUP BY w.clock`,
        d.host,
        server.ip,
        server.port,
      );
      for (const row of rows) {
        if (row.last - row.first <= ONE_EVENT_MS)
          pairs.push({ clock: row.clock, diffMs: d.t - row.first });
      }
    }
    return pairs;
  },
};

/**
 * The same attachment in the mail log and on disk. Opening it takes the user a while, so
 * these pairs agree only when users open mail at once; they mostly confirm or veto the others.
 */
const attachment: ClockPairing = {
  id: 'sha256',
  find: (store) =>
    store.values<ClockPair>(
      `SELECT m.clock AS clock, MIN(h.t) - MIN(m.rec_t) AS diffMs
       FROM attachments a JOIN events m ON m.id = a.event_id
         JOIN events h ON h.sha256 = a.sha256 AND h.kind IN ('file', 'proc')
       WHERE a.sha256 IS NOT NULL AND ${HOST_SIDE}
       GROUP BY a.sha256, h.host, m.clock
       LIMIT ${MAX_PAIRS}`,
    ),
};

export const CLOCK_PAIRINGS: readonly ClockPairing[] = [fiveTuple, url, serverClient, attachment];

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** The server of a URL when it is named by address; names would need the DNS log's answer. */
function serverOf(text: string): { ip: string; port: number } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  const ip = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!IPV4.test(ip) && !ip.includes(':')) return undefined;
  const port = parsed.port ? Number(parsed.port) : parsed.protocol === 'https:' ? 443 : 80;
  return { ip, port };
}
