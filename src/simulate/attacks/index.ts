/**
 * The registry of planted chains and the plan that places them: which variant, on whose
 * workstation, on which day and at what time. The plan is made before any record is written,
 * so each person's day can be generated on its own.
 */
import type { Organisation, Person } from '../org.js';
import type { Rng } from '../prng.js';
import { LOOKALIKES } from './lookalikes.js';
import { newActor, type Actor } from './steps.js';
import { campaignLure } from './programs.js';
import type { SharedLure, Variant } from './types.js';
import { MALICIOUS } from './variants.js';

export const VARIANTS: readonly Variant[] = [...MALICIOUS, ...LOOKALIKES];

export function variantNamed(name: string): Variant | undefined {
  return VARIANTS.find((v) => v.name === name);
}

export interface Plant {
  id: string;
  variant: Variant;
  t: number;
  actor: Actor;
  n: number;
  campaign?: string;
  shared?: SharedLure & { opens: boolean };
}

export interface PlanOptions {
  days: number;
  start: number;
  /** Chains of each variant per 1,000 user working days. */
  rate: number;
  /** Every variant is planted at least this often. */
  minEach: number;
  variants: readonly Variant[];
}

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function isWorkday(dayStart: number): boolean {
  const weekday = new Date(dayStart).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** A time in the person's working day with an hour and a half left for the chain to play out. */
function timeIn(rng: Rng, person: Person, dayStart: number): number {
  const from = dayStart + (person.start + 0.5) * HOUR;
  const to = dayStart + (person.end - 1.5) * HOUR;
  return rng.int(from, Math.max(from, to));
}

export function planKey(day: number, person: number): string {
  return `${day}/${person}`;
}

export function plan(org: Organisation, options: PlanOptions, rng: Rng): Map<string, Plant[]> {
  const workdays: number[] = [];
  for (let d = 0; d < options.days; d += 1)
    if (isWorkday(options.start + d * DAY)) workdays.push(d);
  const plants = new Map<string, Plant[]>();
  if (workdays.length === 0 || org.people.length === 0) return plants;
  const add = (day: number, person: Person, plant: Plant): void => {
    const key = planKey(day, person.index);
    plants.set(key, [...(plants.get(key) ?? []), plant]);
  };

  const userDays = org.people.length * workdays.length;
  let serial = 0;
  for (const variant of options.variants) {
    const count = Math.max(options.minEach, Math.round((options.rate * userDays) / 1000));
    for (let i = 0; i < count; i += 1) {
      const day = rng.pick(workdays);
      const dayStart = options.start + day * DAY;
      const actor = newActor(rng);
      const n = 4000 + serial * 7;
      const wanted = variant.name === 'lookalike-vendor-installer' ? 'it' : 'staff';
      const pool = org.people.filter((p) => p.role === wanted);
      const victims =
        variant.name === 'campaign'
          ? distinct(rng, org.people, Math.min(org.people.length, rng.int(3, 5)))
          : [rng.pick(pool.length > 0 ? pool : org.people)];
      const shared = variant.name === 'campaign' ? campaignLure(rng, n, dayStart) : undefined;
      const campaign = shared ? `campaign-${String(serial).padStart(4, '0')}` : undefined;
      victims.forEach((person, k) => {
        serial += 1;
        add(day, person, {
          id: `chain-${String(serial).padStart(5, '0')}`,
          variant,
          t: timeIn(rng, person, dayStart),
          actor,
          n,
          ...(campaign ? { campaign } : {}),
          ...(shared ? { shared: { ...shared, opens: k === 0 || rng.chance(0.6) } } : {}),
        });
      });
    }
  }
  return plants;
}

function distinct(rng: Rng, people: readonly Person[], count: number): Person[] {
  const chosen = new Map<number, Person>();
  while (chosen.size < count) {
    const person = rng.pick(people);
    chosen.set(person.index, person);
  }
  return [...chosen.values()];
}
