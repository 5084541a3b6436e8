/**
 * One settings object, frozen and passed down. Every default is one an analyst would pick
 * for a first look at a workstation's logs; each can be overridden from the command line.
 */

export interface Settings {
  /** Milliseconds added to each source's recorded time, keyed by reader id or source kind. */
  clockOffsets: Readonly<Record<string, number>>;
  /** Estimate unset clock offsets from events two sources both saw; apply the strong ones. */
  estimateClocks: boolean;
  /** How far around a download the proxy record of it may sit, after offsets. */
  downloadJoinWindowMs: number;
  /** How long after execution child processes and connections still count as its own. */
  followUpWindowMs: number;
  /** The user-activity timeline spans this much before and after execution. */
  timelineWindowMs: number;
  /** Rows kept in one incident's timeline. */
  timelineLimit: number;
  /** Depth and size of the process tree followed below an execution. */
  maxTreeDepth: number;
  maxTreeSize: number;
  /**
   * Domains whose traffic is not command and control (vendor update and download services).
   * A suffix match: `google.com` covers `dl.google.com`.
   */
  benignDomains: readonly string[];
}

export const DEFAULT_SETTINGS: Settings = Object.freeze({
  clockOffsets: Object.freeze({}),
  estimateClocks: true,
  downloadJoinWindowMs: 2 * 60_000,
  followUpWindowMs: 2 * 3600_000,
  timelineWindowMs: 30 * 60_000,
  timelineLimit: 300,
  maxTreeDepth: 5,
  maxTreeSize: 500,
  benignDomains: Object.freeze([
    'microsoft.com',
    'windowsupdate.com',
    'windows.com',
    'office.com',
    'office.net',
    'live.com',
    'msftncsi.com',
    'bing.com',
    'digicert.com',
    'google.com',
    'gstatic.com',
    'googleapis.com',
    'mozilla.org',
    'mozilla.net',
    'adobe.com',
    'apple.com',
    'akamaiedge.net',
  ]),
});

export function withSettings(overrides: Partial<Settings>): Settings {
  return Object.freeze({ ...DEFAULT_SETTINGS, ...overrides });
}

/** Parses `2h`, `-19h`, `90s`, `1500ms`, `-5m` into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const match = /^([+-]?\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 }[match[2] ?? 's'] ?? 1;
  return Math.round(Number(match[1]) * unit);
}
