/**
 * Joins attachment and URL rows to their message's EmailEvents row by NetworkMessageId, within
 * one input, in bounded memory. Streaming exports interleave the tables in no set order, so a
 * row that arrives before its message waits (up to a cap) and is released when the message
 * comes or the input ends; past the caps, rows go out without the message's subject.
 */
import type { MessageFacts } from './email.js';

export interface JoinLimits {
  /** Messages whose facts are remembered; a day of a large tenant's mail stays below this. */
  maxMessages: number;
  /** Rows held while they wait for their message. */
  maxWaiting: number;
}

export const DEFAULT_JOIN_LIMITS: JoinLimits = Object.freeze({
  maxMessages: 200_000,
  maxWaiting: 20_000,
});

export class EmailJoin<T> {
  private readonly facts = new Map<string, MessageFacts>();
  private readonly waiting = new Map<string, T[]>();
  private held = 0;

  constructor(private readonly limits: JoinLimits = DEFAULT_JOIN_LIMITS) {}

  /** Remembers a message; returns the rows that were waiting for it. */
  message(id: string, facts: MessageFacts): T[] {
    if (this.facts.size < this.limits.maxMessages) this.facts.set(id, facts);
    const released = this.waiting.get(id) ?? [];
    this.waiting.delete(id);
    this.held -= released.length;
    return released;
  }

  /** The message's facts; `held` when the row now waits for them; undefined when it cannot. */
  lookup(id: string, row: T): MessageFacts | 'held' | undefined {
    const known = this.facts.get(id);
    if (known) return known;
    if (this.held >= this.limits.maxWaiting) return undefined;
    const list = this.waiting.get(id);
    if (list) list.push(row);
    else this.waiting.set(id, [row]);
    this.held += 1;
    return 'held';
  }

  /** Rows whose message never came, in arrival order per message. */
  drain(): T[] {
    const rest = [...this.waiting.values()].flat();
    this.waiting.clear();
    this.held = 0;
    return rest;
  }
}
