/**
 * The registry of live connectors. Each one configures itself from the environment and stays
 * off when its key is not set, so a run never calls out unless the analyst asked for it.
 */
import { mispInstance } from './misp.js';
import type { LiveConnector } from './types.js';
import { virusTotal } from './virustotal.js';

export interface ConnectorEntry {
  id: string;
  /** Environment variables it reads, for `--help` and error messages. */
  env: string[];
  configure(env: NodeJS.ProcessEnv): LiveConnector | undefined;
}

function perMinute(text: string | undefined): { perMinute: number } | Record<string, never> {
  const n = Number(text);
  return text && Number.isFinite(n) && n > 0 ? { perMinute: n } : {};
}

export const LIVE_CONNECTORS: readonly ConnectorEntry[] = [
  {
    id: 'misp-live',
    env: ['LUREWATCH_MISP_URL', 'LUREWATCH_MISP_API_KEY', 'LUREWATCH_MISP_PER_MINUTE'],
    configure(env) {
      const baseUrl = env['LUREWATCH_MISP_URL'];
      const apiKey = env['LUREWATCH_MISP_API_KEY'];
      if (!baseUrl || !apiKey) return undefined;
      return mispInstance({ baseUrl, apiKey, ...perMinute(env['LUREWATCH_MISP_PER_MINUTE']) });
    },
  },
  {
    id: 'virustotal',
    env: ['LUREWATCH_VT_API_KEY', 'LUREWATCH_VT_URL', 'LUREWATCH_VT_PER_MINUTE'],
    configure(env) {
      const apiKey = env['LUREWATCH_VT_API_KEY'];
      if (!apiKey) return undefined;
      return virusTotal({
        apiKey,
        ...(env['LUREWATCH_VT_URL'] ? { baseUrl: env['LUREWATCH_VT_URL'] } : {}),
        ...perMinute(env['LUREWATCH_VT_PER_MINUTE']),
      });
    },
  },
];

export function configuredConnectors(env: NodeJS.ProcessEnv): LiveConnector[] {
  return LIVE_CONNECTORS.flatMap((entry) => entry.configure(env) ?? []);
}

export { LookupQueue } from './queue.js';
export type { LiveConnector, LookupRecord } from './types.js';
