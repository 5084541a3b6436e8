/**
 * `simulate`: an organisation's days written as the four log sources Lurewatch reads, with
 * attack chains and benign look-alikes planted at chosen rates and a `truth.json` that says
 * where each one is. Everything derives from the seed: the same options write the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../core/logger.js';
import { VARIANTS, isWorkday, plan, planKey, type Plant } from './attacks/index.js';
import type { Variant } from './attacks/types.js';
import { zeekHeader } from './formats/proxy.js';
import { logOn, ordinaryDay, type Session } from './habits.js';
import { buildOrganisation, type Person } from './org.js';
import { Output, type Clock, type EventRef } from './output.js';
import { Rng } from './prng.js';
import { Workstation, hostState, type HostState } from './telemetry.js';
import type { Truth, TruthEntry } from './truth.js';

export interface SimulateOptions {
  users: number;
  days: number;
  seed: string;
  out: string;
  /** First day, `YYYY-MM-DD` (UTC). */
  start: string;
  /** Chains of each variant per 1,000 user working days. */
  rate: number;
  minEach: number;
  dropRate: number;
  variants: readonly Variant[];
  logger: Logger;
  onProgress?: (progress: { day: number; events: number }) => void;
}

export const DEFAULT_SIMULATION = Object.freeze({
  start: '2026-11-16',
  rate: 0.5,
  minEach: 1,
  dropRate: 0.01,
  variants: VARIANTS,
});

const HOUR = 3600_000;
const DAY = 24 * HOUR;

function skews(rng: Rng): Record<Clock, number> {
  // The EDR is the reference clock; the others drift by seconds to a minute, as unsynchronised
  // appliances do, and stay inside the join windows Lurewatch allows by default.
  return {
    edr: 0,
    proxy: rng.int(-45_000, 45_000),
    zeek: rng.int(-30_000, 30_000),
    fim: rng.int(-5_000, 5_000),
    email: rng.int(-60_000, 60_000),
  };
}

export function simulate(options: SimulateOptions): Truth {
  const root = new Rng(options.seed);
  const org = buildOrganisation(options.users, root.fork('org'));
  const start = Date.parse(`${options.start}T00:00:00Z`);
  const clock = skews(root.fork('clocks'));
  mkdirSync(options.out, { recursive: true });
  const out = new Output(
    { dir: options.out, dropRate: options.dropRate, skews: clock },
    root.fork('drops'),
    { 'zeek-http': zeekHeader('http', start), 'zeek-files': zeekHeader('files', start) },
  );
  const plants = plan(
    org,
    {
      days: options.days,
      start,
      rate: options.rate,
      minEach: options.minEach,
      variants: options.variants,
    },
    root.fork('plan'),
  );
  const states = new Map<number, HostState>();
  const entries: TruthEntry[] = [];

  for (let day = 0; day < options.days; day += 1) {
    const dayStart = start + day * DAY;
    const workday = isWorkday(dayStart);
    for (const person of org.people) {
      const rng = root.fork(`day${day}/${person.index}`);
      // A few people log on at weekends; nobody is attacked then.
      if (!workday && !rng.chance(0.05)) continue;
      const state = states.get(person.index) ?? hostState(person);
      states.set(person.index, state);
      const ws = new Workstation(org, person, out, rng, state);
      const session = logOn(ws, dayStart + person.start * HOUR, dayStart + person.end * HOUR);
      ordinaryDay(ws, session);
      for (const p of plants.get(planKey(day, person.index)) ?? []) {
        entries.push(plantOne(ws, session, p, person));
      }
      out.flush();
    }
    options.onProgress?.({ day: day + 1, events: total(out) });
    options.logger.debug('simulated day', { day: day + 1, events: total(out) });
  }
  out.close();

  const truth: Truth = {
    schemaVersion: 1,
    seed: options.seed,
    users: options.users,
    days: options.days,
    start: options.start,
    clockSkewMs: clock,
    dropRate: options.dropRate,
    counts: { ...out.counts },
    events: total(out),
    entries: entries.sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
  writeFileSync(join(options.out, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  options.logger.info('simulated', {
    events: truth.events,
    dropped: out.dropped,
    chains: entries.length,
  });
  return truth;
}

function total(out: Output): number {
  return Object.values(out.counts).reduce((a, b) => a + b, 0);
}

function plantOne(ws: Workstation, session: Session, p: Plant, person: Person): TruthEntry {
  const events: EventRef[] = [];
  const traced = ws.traced(events);
  const planted = p.variant.plant({
    ws: traced,
    session,
    t: p.t,
    rng: ws.rng.fork(p.id),
    actor: p.actor,
    n: p.n,
    ...(p.shared ? { shared: p.shared } : {}),
  });
  return {
    id: p.id,
    variant: p.variant.name,
    malicious: p.variant.malicious,
    host: person.fqdn,
    user: `${ws.org.netbios}\\${person.account}`,
    file: planted.file,
    paths: planted.paths,
    delivery: planted.delivery,
    ...(p.variant.malicious ? { sender: p.actor.sender.address } : {}),
    ...(p.campaign ? { campaign: p.campaign } : {}),
    executed: planted.executed,
    beaconed: planted.beaconed,
    expected: planted.expected,
    time: new Date(p.t).toISOString(),
    events,
  };
}
