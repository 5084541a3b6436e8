/**
 * Live intel look-ups (a MISP instance, VirusTotal): off unless configured. An answer is found,
 * not found, or failed; a quota, network or server error is a failed look-up that the incident
 * shows as such, never a "not found".
 */
import type { IndicatorType, IntelMatch } from '../model.js';

export interface LiveQuery {
  type: IndicatorType;
  value: string;
}

export type FailureCode = 'quota' | 'auth' | 'network' | 'server' | 'bad-answer' | 'timeout';

export type LiveAnswer =
  | { status: 'found'; matches: IntelMatch[] }
  | { status: 'not-found' }
  | { status: 'failed'; code: FailureCode; message: string; retryAfterMs?: number };

export interface LiveConnector {
  id: string;
  /** The indicator types this service can answer for. */
  types: ReadonlySet<IndicatorType>;
  /** Requests per minute the service allows this key; the queue keeps below it. */
  perMinute: number;
  lookup(query: LiveQuery, signal: AbortSignal): Promise<LiveAnswer>;
}

/** A look-up as the incident records it. */
export interface LookupRecord {
  connector: string;
  type: IndicatorType;
  value: string;
  status: LiveAnswer['status'];
  /** For failures: what went wrong, in words. */
  detail?: string;
}

/** Maps an HTTP status that is not success to a failure, by what it means for the key. */
export function httpFailure(status: number, body: string, retryAfter: string | null): LiveAnswer {
  const text = body.slice(0, 200);
  if (status === 429) {
    const seconds = Number(retryAfter);
    return {
      status: 'failed',
      code: 'quota',
      message: `quota exceeded (HTTP 429)${text ? `: ${text}` : ''}`,
      ...(Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: seconds * 1000 } : {}),
    };
  }
  if (status === 401 || status === 403) {
    return { status: 'failed', code: 'auth', message: `key refused (HTTP ${status})` };
  }
  return { status: 'failed', code: 'server', message: `HTTP ${status}${text ? `: ${text}` : ''}` };
}

export async function fetchFailure(error: unknown): Promise<LiveAnswer> {
  const e = error as Error;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return { status: 'failed', code: 'timeout', message: 'no answer in time' };
  }
  const cause = (e as { cause?: { code?: string } }).cause?.code;
  return { status: 'failed', code: 'network', message: cause ?? e.message };
}
