/**
 * A MISP instance through its REST API: `POST /attributes/restSearch` with the API key in the
 * Authorization header. Each attribute found is a match in its event, attributed through the
 * event's and the attribute's `misp-galaxy:` tags.
 */
import { tagAttribution } from '../formats/misp.js';
import type { Attribution, IndicatorType, IntelMatch } from '../model.js';
import { fetchFailure, httpFailure, type LiveAnswer, type LiveConnector } from './types.js';

export interface MispOptions {
  baseUrl: string;
  apiKey: string;
  perMinute?: number;
}

const MAX_BODY = 8 * 1024 * 1024;
/** Attributes asked for per value; one value rarely sits in more events than this. */
const LIMIT = 50;

interface RestAttribute {
  uuid?: string;
  type?: string;
  value?: string;
  Tag?: Array<{ name?: string }>;
  Event?: { uuid?: string; info?: string; Tag?: Array<{ name?: string }> };
}

/** Galaxy tags name actors and families; the same reading as for imported events. */
function attributionOf(tags: Array<{ name?: string }>): Attribution[] {
  return tags.flatMap((t) => tagAttribution(t.name ?? '') ?? []);
}

function eventNote(a: RestAttribute): string {
  return a.Event?.info ? ` (MISP: ${a.Event.info.slice(0, 120)})` : '';
}

export function mispInstance(options: MispOptions): LiveConnector {
  const base = options.baseUrl.replace(/\/$/, '');
  const types: IndicatorType[] = [
    'md5',
    'sha1',
    'sha256',
    'sha512',
    'filename',
    'ip',
    'domain',
    'url',
    'email',
  ];
  return {
    id: 'misp-live',
    types: new Set(types),
    perMinute: options.perMinute ?? 60,
    async lookup(query, signal): Promise<LiveAnswer> {
      let response: Response;
      let body: string;
      try {
        response = await fetch(`${base}/attributes/restSearch`, {
          method: 'POST',
          headers: {
            authorization: options.apiKey,
            accept: 'application/json',
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            returnFormat: 'json',
            value: query.value,
            limit: LIMIT,
            includeEventTags: true,
          }),
          signal,
        });
        body = (await response.text()).slice(0, MAX_BODY);
      } catch (error) {
        return fetchFailure(error);
      }
      if (!response.ok)
        return httpFailure(response.status, body, response.headers.get('retry-after'));
      let attributes: RestAttribute[];
      try {
        const json = JSON.parse(body) as { response?: { Attribute?: RestAttribute[] } };
        attributes = json.response?.Attribute ?? [];
      } catch {
        return { status: 'failed', code: 'bad-answer', message: 'answer is not JSON' };
      }
      if (attributes.length === 0) return { status: 'not-found' };
      const matches: IntelMatch[] = attributes.slice(0, LIMIT).map((a) => ({
        type: query.type,
        value: query.value,
        source: `misp-live:${a.Event?.uuid ?? '?'}`,
        ...(a.uuid ? { ref: a.uuid } : {}),
        attribution: attributionOf([...(a.Event?.Tag ?? []), ...(a.Tag ?? [])]),
        observed: `${query.type} ${query.value}${eventNote(a)}`,
      }));
      return { status: 'found', matches };
    },
  };
}
