/**
 * The process tree below an execution, and what its processes did. Sysmon gives every process
 * a unique guid; Security 4688 gives only a pid, which Windows reuses, so pid joins are held to
 * a window after the parent started.
 */
import type { Settings } from '../core/settings.js';
import { SELECT_EVENTS, type StoredEvent, type WorkingStore } from '../store/working-store.js';

export interface ProcessTree {
  /** Every process start in the tree, the executions first, oldest first. */
  processes: StoredEvent[];
  children: StoredEvent[];
  connections: StoredEvent[];
  lookups: StoredEvent[];
  writes: StoredEvent[];
}

function byGuidOrPid(
  store: WorkingStore,
  kind: string,
  column: { guid: string; pid: string },
  host: string,
  process: StoredEvent,
  until: number,
  limit: number,
): StoredEvent[] {
  const p = process.event.process;
  if (p?.entity_id) {
    return store.query(
      `${SELECT_EVENTS} WHERE host = ? AND kind = ? AND ${column.guid} = ? ORDER BY t LIMIT ?`,
      host,
      kind,
      p.entity_id,
      limit,
    );
  }
  if (p?.pid === undefined) return [];
  return store.query(
    `${SELECT_EVENTS} WHERE host = ? AND kind = ? AND ${column.pid} = ? AND t >= ? AND t <= ?
     ORDER BY t LIMIT ?`,
    host,
    kind,
    p.pid,
    process.t - 1000,
    until,
    limit,
  );
}

export function processTree(
  store: WorkingStore,
  host: string,
  executions: StoredEvent[],
  settings: Settings,
): ProcessTree {
  const until = (executions[0]?.t ?? 0) + settings.followUpWindowMs;
  const seen = new Set(executions.map((e) => e.event.lurewatch.id));
  const processes = [...executions];
  const children: StoredEvent[] = [];
  let frontier = executions;
  for (let depth = 0; depth < settings.maxTreeDepth && frontier.length > 0; depth += 1) {
    const next: StoredEvent[] = [];
    for (const parent of frontier) {
      const found = byGuidOrPid(
        store,
        'proc',
        { guid: 'pguid', pid: 'ppid' },
        host,
        parent,
        until,
        settings.maxTreeSize,
      );
      for (const child of found) {
        if (seen.has(child.event.lurewatch.id) || processes.length >= settings.maxTreeSize)
          continue;
        seen.add(child.event.lurewatch.id);
        processes.push(child);
        children.push(child);
        next.push(child);
      }
    }
    frontier = next;
  }

  const own = (kind: string): StoredEvent[] => {
    const out = new Map<string, StoredEvent>();
    for (const process of processes) {
      const cols = { guid: 'guid', pid: 'pid' };
      for (const e of byGuidOrPid(store, kind, cols, host, process, until, settings.maxTreeSize)) {
        out.set(e.event.lurewatch.id, e);
      }
    }
    return [...out.values()].sort((a, b) => a.t - b.t);
  };
  return {
    processes,
    children,
    connections: own('net'),
    lookups: own('dns'),
    writes: own('file'),
  };
}
