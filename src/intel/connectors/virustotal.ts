/**
 * VirusTotal API v3: files by hash, URLs (by their unpadded base64url id), domains and IP
 * addresses. A verdict of `malicious` from at least `minMalicious` engines is a match; 404
 * NotFoundError is "not found"; 429 QuotaExceededError and 5xx are failures.
 */
import type { IndicatorType } from '../model.js';
import { fetchFailure, httpFailure, type LiveAnswer, type LiveConnector } from './types.js';

export interface VirusTotalOptions {
  apiKey: string;
  /** `https://www.virustotal.com/api/v3` unless a proxy or test server stands in. */
  baseUrl?: string;
  /** The public API allows 4 requests a minute. */
  perMinute?: number;
  minMalicious?: number;
}

/** Answers are read whole; a VirusTotal object is a few hundred kilobytes at most. */
const MAX_BODY = 4 * 1024 * 1024;

const PATHS: Partial<Record<IndicatorType, (value: string) => string>> = {
  md5: (v) => `files/${v}`,
  sha1: (v) => `files/${v}`,
  sha256: (v) => `files/${v}`,
  domain: (v) => `domains/${encodeURIComponent(v)}`,
  ip: (v) => `ip_addresses/${encodeURIComponent(v)}`,
  url: (v) => `urls/${Buffer.from(v).toString('base64url')}`,
};

interface VtObject {
  data?: {
    attributes?: {
      last_analysis_stats?: { malicious?: number; suspicious?: number };
      popular_threat_classification?: { suggested_threat_label?: string };
      first_submission_date?: number;
    };
  };
}

export function virusTotal(options: VirusTotalOptions): LiveConnector {
  const base = (options.baseUrl ?? 'https://www.virustotal.com/api/v3').replace(/\/$/, '');
  const minMalicious = options.minMalicious ?? 3;
  return {
    id: 'virustotal',
    types: new Set(Object.keys(PATHS) as IndicatorType[]),
    perMinute: options.perMinute ?? 4,
    async lookup(query, signal): Promise<LiveAnswer> {
      const path = PATHS[query.type];
      if (!path) return { status: 'not-found' };
      let response: Response;
      let body: string;
      try {
        response = await fetch(`${base}/${path(query.value)}`, {
          headers: { 'x-apikey': options.apiKey, accept: 'application/json' },
          signal,
        });
        body = (await response.text()).slice(0, MAX_BODY);
      } catch (error) {
        return fetchFailure(error);
      }
      if (response.status === 404) return { status: 'not-found' };
      if (!response.ok)
        return httpFailure(response.status, body, response.headers.get('retry-after'));
      let json: VtObject;
      try {
        json = JSON.parse(body) as VtObject;
      } catch {
        return { status: 'failed', code: 'bad-answer', message: 'answer is not JSON' };
      }
      const attributes = json.data?.attributes;
      if (!attributes)
        return { status: 'failed', code: 'bad-answer', message: 'no data.attributes' };
      const malicious = attributes.last_analysis_stats?.malicious ?? 0;
      if (malicious < minMalicious) return { status: 'not-found' };
      const label = attributes.popular_threat_classification?.suggested_threat_label;
      return {
        status: 'found',
        matches: [
          {
            type: query.type,
            value: query.value,
            source: 'virustotal',
            attribution: label ? [{ kind: 'malware', name: label }] : [],
            observed: `${query.type} ${query.value} (${malicious} engines: malicious)`,
          },
        ],
      };
    },
  };
}
