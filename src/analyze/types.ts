/**
 * The report shapes of `lurewatch analyze` (the `--format json` contract) and the settings an
 * analysis runs under. Everything here is plain data so that `investigate` can embed it.
 */
import { silentLogger, type Logger } from '../core/logger.js';

/**
 * How much a finding should worry the analyst:
 * - `info`: a fact worth showing (a container was opened, a macro stream exists);
 * - `low`: unusual but common in benign mail (a Return-Path on another domain);
 * - `medium`: a lure technique or a failed authentication check;
 * - `high`: a strong sign of malice (auto-run macro, HTML smuggling, executable in an ISO);
 * - `critical`: a delivered executable payload hidden behind a deception.
 */
export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

export const SEVERITY_RANK: Record<Severity, number> = {
  info: 0,
  low: 1,
  medium: 2,
  high: 3,
  critical: 4,
};

export interface Finding {
  /** Stable identifier that programs and tests match on, e.g. `name-double-extension`. */
  id: string;
  severity: Severity;
  summary: string;
}

export interface FileReport {
  name: string;
  /** Position inside the input: container names joined with `/`. */
  path: string;
  sha256: string;
  md5: string;
  size: number;
  declaredType?: string;
  detectedType: string;
  /** Shannon entropy in bits per byte (0-8); packed or encrypted data is above ~7.2. */
  entropy: number;
  findings: Finding[];
  /** Structured facts a kind analyzer read (PE header fields, shortcut target...). */
  details?: Record<string, JsonValue>;
  children: FileReport[];
}

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface Hop {
  /** 1 for the oldest Received header (closest to the sender). */
  index: number;
  from?: string;
  by?: string;
  ip?: string;
  time?: string;
  /** Seconds since the previous hop; negative values reveal a forged or skewed header. */
  delaySeconds?: number;
}

export type AuthVerdict = string;

export interface AuthResults {
  spf?: AuthVerdict;
  dkim?: AuthVerdict;
  dmarc?: AuthVerdict;
}

export interface MessageReport {
  subject?: string;
  from?: string;
  messageId?: string;
  date?: string;
  hops: Hop[];
  originatingIp?: string;
  auth: AuthResults;
  findings: Finding[];
}

export interface Indicators {
  urls: string[];
  domains: string[];
  ips: string[];
  hashes: string[];
}

export interface ItemReport {
  input: string;
  message?: MessageReport;
  files: FileReport[];
  indicators: Indicators;
  /** Findings about the item as a whole: caps reached, budget exhausted. */
  findings: Finding[];
}

export interface AnalysisReport {
  schemaVersion: 1;
  items: ItemReport[];
}

export interface AnalyzeLimits {
  /** Container nesting followed; depth bombs nest archives hundreds deep. */
  maxDepth: number;
  /** Files (members of all containers) analysed per input item. */
  maxFiles: number;
  /** Bytes unpacked from all containers of one item: the memory budget of an analysis. */
  maxTotalBytes: number;
  /** Largest single member unpacked. */
  maxFileBytes: number;
  /** Unpacked-to-packed ratio accepted per member; zip bombs reach 1000:1 and more. */
  maxRatio: number;
  /** Wall-clock time for one item; parsers check it between members. */
  maxMillis: number;
}

export const DEFAULT_ANALYZE_LIMITS: AnalyzeLimits = Object.freeze({
  maxDepth: 8,
  maxFiles: 2_000,
  maxTotalBytes: 512 * 1024 * 1024,
  maxFileBytes: 128 * 1024 * 1024,
  // Text and office XML deflate at up to ~30:1; 200 leaves margin and still stops bombs early.
  maxRatio: 200,
  maxMillis: 60_000,
});

export interface AnalyzeOptions {
  logger: Logger;
  limits: AnalyzeLimits;
  /** The organisation's own domains, for look-alike sender detection. */
  ownDomains: string[];
  /** Display names of people inside the organisation, for display-name spoofing. */
  internalNames: string[];
  /** Called with the bytes of every file analysed (used by `--extract`). */
  onFile?: (report: FileReport, bytes: Buffer) => Promise<void> | void;
  /** Scans the bytes of every file and returns rule matches as findings (`--yara`). */
  scan?: (bytes: Buffer) => Finding[];
}

export function defaultOptions(partial: Partial<AnalyzeOptions> = {}): AnalyzeOptions {
  return {
    logger: partial.logger ?? silentLogger,
    limits: partial.limits ?? DEFAULT_ANALYZE_LIMITS,
    ownDomains: partial.ownDomains ?? [],
    internalNames: partial.internalNames ?? [],
    onFile: partial.onFile,
    scan: partial.scan,
  };
}
