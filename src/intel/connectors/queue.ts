/**
 * The one way live look-ups leave Lurewatch: per connector, requests are spaced to stay under
 * its rate limit, answers are cached until they expire, a 429 pauses the connector for as
 * long as the service asks, and failures are answered as failures, not cached as absence.
 */
import type { Logger } from '../../core/logger.js';
import type { LiveAnswer, LiveConnector, LiveQuery, LookupRecord } from './types.js';

export interface QueueOptions {
  /** How long a found or not-found answer is reused. */
  ttlMs: number;
  /** Per-request time limit. */
  timeoutMs: number;
  /** Longest pause a Retry-After may impose before the look-up is given up as failed. */
  maxWaitMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  ttlMs: 24 * 3600_000,
  timeoutMs: 15_000,
  maxWaitMs: 60_000,
};

/** Cached answers kept per queue; a run looks up far fewer values than this. */
const MAX_CACHE = 50_000;

interface Lane {
  connector: LiveConnector;
  /** Earliest time the next request may start. */
  nextAt: number;
  tail: Promise<unknown>;
}

export class LookupQueue {
  private readonly lanes: Lane[];
  private readonly cache = new Map<string, { answer: LiveAnswer; until: number }>();
  private readonly options: Required<QueueOptions>;
  /** Requests actually sent, for tests and the run log. */
  sent = 0;

  constructor(
    connectors: readonly LiveConnector[],
    private readonly logger: Logger,
    options: Partial<QueueOptions> = {},
  ) {
    this.lanes = connectors.map((connector) => ({ connector, nextAt: 0, tail: Promise.resolve() }));
    this.options = {
      ...DEFAULT_QUEUE_OPTIONS,
      now: Date.now,
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
      ...options,
    };
  }

  get size(): number {
    return this.lanes.length;
  }

  /** Asks every connector that handles the type; one record per connector asked. */
  async lookup(query: LiveQuery): Promise<Array<LookupRecord & { answer: LiveAnswer }>> {
    const lanes = this.lanes.filter((l) => l.connector.types.has(query.type));
    return Promise.all(
      lanes.map(async (lane) => {
        const answer = await this.ask(lane, query);
        const record: LookupRecord = {
          connector: lane.connector.id,
          type: query.type,
          value: query.value,
          status: answer.status,
          ...(answer.status === 'failed' ? { detail: `${answer.code}: ${answer.message}` } : {}),
        };
        return { ...record, answer };
      }),
    );
  }

  private ask(lane: Lane, query: LiveQuery): Promise<LiveAnswer> {
    const key = `${lane.connector.id}\u0000${query.type}\u0000${query.value}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.options.now()) return Promise.resolve(cached.answer);

    // Requests of one connector run one after another so that spacing holds.
    const run = lane.tail.then(() => this.send(lane, query));
    lane.tail = run.catch(() => undefined);
    return run.then((answer) => {
      if (answer.status !== 'failed') {
        if (this.cache.size >= MAX_CACHE) this.cache.delete(this.cache.keys().next().value!);
        this.cache.set(key, { answer, until: this.options.now() + this.options.ttlMs });
      }
      return answer;
    });
  }

  private async send(lane: Lane, query: LiveQuery): Promise<LiveAnswer> {
    const { now, sleep } = this.options;
    const spacing = 60_000 / Math.max(1, lane.connector.perMinute);
    const wait = lane.nextAt - now();
    if (wait > this.options.maxWaitMs) {
      return {
        status: 'failed',
        code: 'quota',
        message: `paused for ${Math.ceil(wait / 1000)} s after a 429`,
      };
    }
    if (wait > 0) await sleep(wait);
    lane.nextAt = now() + spacing;
    this.sent += 1;
    let answer: LiveAnswer;
    try {
      answer = await lane.connector.lookup(query, AbortSignal.timeout(this.options.timeoutMs));
    } catch (error) {
      answer = { status: 'failed', code: 'network', message: (error as Error).message };
    }
    if (answer.status === 'failed') {
      if (answer.retryAfterMs !== undefined) lane.nextAt = now() + answer.retryAfterMs;
      this.logger.warn('live look-up failed', {
        connector: lane.connector.id,
        type: query.type,
        code: answer.code,
        message: answer.message,
      });
    }
    return answer;
  }
}
