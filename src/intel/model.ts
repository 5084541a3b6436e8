/**
 * The intel vocabulary shared by importers, the store, matching and export: an indicator is a
 * typed value (or a STIX pattern) from one source, with its dates, confidence, tags and the
 * actors, campaigns and malware it is attributed to.
 */

/** Kinds of indicator value; `stix-pattern` holds a pattern evaluated against events. */
export const INDICATOR_TYPES = [
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'ip',
  'domain',
  'url',
  'email',
  'filename',
  'stix-pattern',
] as const;

export type IndicatorType = (typeof INDICATOR_TYPES)[number];

export type AttributionKind = 'threat-actor' | 'intrusion-set' | 'campaign' | 'malware';

export interface Attribution {
  kind: AttributionKind;
  name: string;
}

export interface Indicator {
  type: IndicatorType;
  /** Normalised value (see normalise.ts), or the pattern text. */
  value: string;
  /** Where it came from: `misp:<event uuid>`, `stix:<bundle id>`, `urlhaus`, `list:<file>`. */
  source: string;
  /** The id of the record inside the source: MISP attribute uuid, STIX indicator id. */
  ref?: string;
  firstSeen?: string;
  lastSeen?: string;
  /** 0 to 100, as STIX defines confidence. */
  confidence?: number;
  tags: string[];
  attribution: Attribution[];
  description?: string;
}

/** A stored indicator that matched something an incident saw. */
export interface IntelMatch {
  type: IndicatorType;
  value: string;
  source: string;
  ref?: string;
  attribution: Attribution[];
  /** What was observed: `file:name = 'Final Report 2.exe'`, or the value itself. */
  observed: string;
}

/** Attribution as one line for reasons and summaries: `campaign Foo, threat-actor Bar`. */
export function attributionText(attribution: readonly Attribution[]): string {
  return attribution.map((a) => `${a.kind} ${a.name}`).join(', ');
}
