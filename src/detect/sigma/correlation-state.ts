/**
 * Per-group window state for each correlation type. Every state keeps only what lies inside
 * its time span and drops the rest as time advances, so memory follows the number of active
 * groups and the events inside one span, never the length of the input.
 */
import type { CorrelationRule, CountOp } from './model.js';

/** What a state reports when its condition holds. */
export interface Firing {
  /** The number compared with the condition: a count, a sum, an average or a percentile. */
  value: number;
  firstTime: number;
  /** The time of the latest event taking part: when the correlation became true. */
  lastTime: number;
}

export interface GroupState {
  /** Adds one observation; returns a firing when the condition now holds. */
  add(time: number, ruleIndex: number, value: unknown): Firing | undefined;
  /** Evaluates a window that has ended (for conditions such as `lt` or `eq`). */
  close(): Firing | undefined;
  /** The latest time still held; a group with nothing inside the span can be dropped. */
  lastTime(): number;
}

// A single group never holds more than this many observations: a flood inside one span is
// summarised by its most recent entries rather than held whole.
const MAX_ENTRIES_PER_GROUP = 10_000;

export function holds(condition: CorrelationRule['condition'], value: number): boolean {
  return condition.every(({ op, value: limit }) => COMPARE[op](value, limit));
}

const COMPARE: Record<CountOp, (a: number, b: number) => boolean> = {
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
  eq: (a, b) => a === b,
};

/** True when more events can only keep the condition true (gt/gte only): fire at once. */
export function isMonotone(condition: CorrelationRule['condition']): boolean {
  return condition.every(({ op }) => op === 'gt' || op === 'gte');
}

/** Observations inside the span, oldest first. */
class Window<T> {
  private items: { time: number; item: T }[] = [];
  constructor(private readonly span: number) {}

  push(time: number, item: T): void {
    this.items.push({ time, item });
    if (this.items.length > MAX_ENTRIES_PER_GROUP) this.items.shift();
  }
  evict(now: number): void {
    let drop = 0;
    while (drop < this.items.length && (this.items[drop]?.time ?? 0) < now - this.span) drop += 1;
    if (drop > 0) this.items = this.items.slice(drop);
  }
  get entries(): readonly { time: number; item: T }[] {
    return this.items;
  }
  clear(): void {
    this.items = [];
  }
  last(): number {
    return this.items[this.items.length - 1]?.time ?? -Infinity;
  }
}

type Aggregate = (values: readonly number[]) => number;

/** Counts, distinct values, sums, averages and percentiles over a sliding window. */
class MetricState implements GroupState {
  private readonly window: Window<unknown>;
  private readonly monotone: boolean;

  constructor(
    private readonly rule: CorrelationRule,
    private readonly metric: (values: readonly unknown[]) => number,
  ) {
    this.window = new Window(rule.timespanMs);
    this.monotone = isMonotone(rule.condition);
  }

  add(time: number, _ruleIndex: number, value: unknown): Firing | undefined {
    this.window.evict(time);
    this.window.push(time, value);
    if (!this.monotone) return undefined;
    const firing = this.evaluate();
    if (firing) this.window.clear();
    return firing;
  }
  close(): Firing | undefined {
    const firing = this.monotone ? undefined : this.evaluate();
    this.window.clear();
    return firing;
  }
  lastTime(): number {
    return this.window.last();
  }
  private evaluate(): Firing | undefined {
    const entries = this.window.entries;
    if (entries.length === 0) return undefined;
    const value = this.metric(entries.map((e) => e.item));
    if (!holds(this.rule.condition, value)) return undefined;
    return { value, firstTime: entries[0]?.time ?? 0, lastTime: this.window.last() };
  }
}

function numbers(values: readonly unknown[]): number[] {
  return values.map(Number).filter(Number.isFinite);
}

const sum: Aggregate = (values) => values.reduce((a, b) => a + b, 0);

function percentile(p: number): Aggregate {
  return (values) => {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    // Nearest-rank percentile.
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1] as number;
  };
}

// Times kept per referenced rule and group, newest last. Bounds a group flooded by one rule.
const MAX_TIMES_PER_RULE = 64;

/**
 * All referenced rules inside one span, in any order or in the listed order. Order is judged
 * by event time, not arrival, because logs of one host arrive in separate files (Sysmon and
 * Security) that are read one after the other.
 */
class TemporalState implements GroupState {
  private readonly times: number[][];
  private newest = -Infinity;

  constructor(
    private readonly rule: CorrelationRule,
    private readonly ordered: boolean,
  ) {
    this.times = rule.rules.map(() => []);
  }

  add(time: number, ruleIndex: number): Firing | undefined {
    this.newest = Math.max(this.newest, time);
    const horizon = this.newest - this.rule.timespanMs;
    for (let i = 0; i < this.times.length; i += 1) {
      this.times[i] = (this.times[i] as number[]).filter((t) => t >= horizon);
    }
    const list = this.times[ruleIndex] as number[];
    if (time >= horizon) {
      list.push(time);
      list.sort((a, b) => a - b);
      if (list.length > MAX_TIMES_PER_RULE) list.shift();
    }
    const firing = this.ordered ? this.inOrder() : this.together();
    if (firing) for (const l of this.times) l.length = 0;
    return firing;
  }

  /** The latest time of each rule, when all are present within one span. */
  private together(): Firing | undefined {
    const latest = this.times.map((l) => l[l.length - 1]);
    const present = latest.filter((t): t is number => t !== undefined);
    const condition = this.rule.condition.length
      ? this.rule.condition
      : [{ op: 'gte' as const, value: this.times.length }];
    if (!holds(condition, present.length)) return undefined;
    const first = Math.min(...present);
    const last = Math.max(...present);
    return last - first <= this.rule.timespanMs
      ? { value: present.length, firstTime: first, lastTime: last }
      : undefined;
  }

  /** A chain t0 <= t1 <= ... with one time per rule in the listed order, within one span. */
  private inOrder(): Firing | undefined {
    for (const start of this.times[0] as number[]) {
      let at = start;
      let complete = true;
      for (let i = 1; i < this.times.length && complete; i += 1) {
        const next = (this.times[i] as number[]).find((t) => t >= at);
        if (next === undefined) complete = false;
        else at = next;
      }
      if (complete && at - start <= this.rule.timespanMs) {
        return { value: this.times.length, firstTime: start, lastTime: at };
      }
    }
    return undefined;
  }

  close(): Firing | undefined {
    return undefined;
  }

  lastTime(): number {
    return this.newest;
  }
}

export function newGroupState(rule: CorrelationRule): GroupState {
  switch (rule.type) {
    case 'event_count':
      return new MetricState(rule, (values) => values.length);
    case 'value_count':
      return new MetricState(
        rule,
        (values) => new Set(values.filter((v) => v !== undefined && v !== null).map(String)).size,
      );
    case 'value_sum':
      return new MetricState(rule, (values) => sum(numbers(values)));
    case 'value_avg':
      return new MetricState(rule, (values) => {
        const n = numbers(values);
        return n.length ? sum(n) / n.length : NaN;
      });
    case 'value_percentile':
      return new MetricState(rule, (values) => percentile(rule.percentile ?? 50)(numbers(values)));
    case 'temporal':
      return new TemporalState(rule, false);
    case 'temporal_ordered':
      return new TemporalState(rule, true);
  }
}
