import type { FileAnalysis } from './analysis.js';

/**
 * The one event model every reader produces. Field names follow the Elastic Common Schema
 * (ECS 8.x) so that analysts and exports read them without a glossary; Lurewatch's own
 * bookkeeping lives under `lurewatch`. Every event keeps the record it came from in `original`,
 * because an incident is only as good as the evidence an analyst can open.
 */

/** Which of the playbook's four log sources an event came from. */
export type SourceKind = 'edr' | 'email' | 'proxy' | 'fim';

/** ECS `event.category` values Lurewatch uses. */
export type EventCategory = 'process' | 'file' | 'network' | 'email' | 'web' | 'dns' | 'host';

export interface HashSet {
  sha256?: string;
  sha1?: string;
  md5?: string;
}

export interface ProcessInfo {
  pid?: number;
  /** A globally unique process id where the sensor has one (Sysmon ProcessGuid). */
  entity_id?: string;
  name?: string;
  executable?: string;
  command_line?: string;
  working_directory?: string;
  hash?: HashSet;
  /** PE version-info original file name, which survives renaming. */
  original_file_name?: string;
}

export interface FileInfo {
  path?: string;
  name?: string;
  directory?: string;
  extension?: string;
  size?: number;
  hash?: HashSet;
  mime_type?: string;
  /** The URL the file was downloaded from (Windows Zone.Identifier `HostUrl`). */
  origin_url?: string;
  origin_referrer_url?: string;
  /** Mark-of-the-Web zone: 3 is Internet. */
  zone_id?: number;
}

export interface Endpoint {
  ip?: string;
  port?: number;
  domain?: string;
  bytes?: number;
}

export interface EmailAttachment {
  file: FileInfo;
}

export interface EmailInfo {
  from?: { address: string };
  to?: { address: string[] };
  reply_to?: { address: string };
  return_path?: string;
  subject?: string;
  message_id?: string;
  /** The id the mail system gave the message (Defender's NetworkMessageId, a trace id). */
  local_id?: string;
  /** `inbound`, `outbound` or `internal`, as the mail system saw it. */
  direction?: string;
  /** What the gateway did with the message: delivered, junked, blocked, quarantined. */
  delivery_action?: string;
  /** The first external hop's IP address, from the Received chain. */
  sender_ip?: string;
  attachments?: EmailAttachment[];
  /** Header names and values in order, capped. */
  headers?: Array<[string, string]>;
  /** Static analysis of each attachment, when the run analyses mail (containers opened). */
  analysis?: FileAnalysis[];
  /** The text body's start, capped, for lures such as a password given in the body. */
  body_excerpt?: string;
}

export interface LurewatchMeta {
  /** Stable id of this event, derived from the content of its original record. */
  id: string;
  /** Reader that produced the event (a registry key). */
  format: string;
  source: SourceKind;
  /** The input as the user named it, `archive.zip!/member` inside containers. */
  input: string;
  /** `line 12`, `record 4`, `offset 0x1200`. */
  location: string;
  /** Milliseconds added to the recorded time to put this source on the common clock. */
  clock_offset_ms?: number;
  /** Whether that offset was given by the analyst or estimated from events both sources saw. */
  clock_offset_source?: 'configured' | 'estimated';
}

export interface LwEvent {
  /** ISO 8601 in UTC, as recorded by the source (before any clock offset). */
  '@timestamp': string;
  event: {
    kind: 'event' | 'alert';
    category: EventCategory[];
    /** ECS `event.type`: start, creation, change, deletion, connection, access, info. */
    type: string[];
    action?: string;
    /** The source's own event code (a Windows EventID, a Zeek log path). */
    code?: string;
    /** Product and log, such as `sysmon`, `security`, `squid.access`, `zeek.http`. */
    dataset: string;
    provider?: string;
  };
  lurewatch: LurewatchMeta;
  host?: { name?: string; ip?: string[] };
  user?: { name?: string; domain?: string };
  process?: ProcessInfo & { parent?: ProcessInfo };
  file?: FileInfo;
  source?: Endpoint;
  destination?: Endpoint;
  network?: { transport?: string; protocol?: string; direction?: string };
  url?: { full?: string; domain?: string; path?: string };
  http?: {
    request?: { method?: string; referrer?: string };
    response?: { status_code?: number; mime_type?: string; body_bytes?: number };
  };
  dns?: { question?: { name: string }; answers?: string[] };
  email?: EmailInfo;
  user_agent?: { original: string };
  /**
   * PowerShell script text as logged (4104 script blocks, 800 pipeline details), with the URLs
   * and file paths found in it, including those assembled from concatenated string pieces.
   */
  powershell?: {
    script_block_id?: string;
    script_block_text?: string;
    /** Part `sequence` of `total`: Windows splits long script blocks across records. */
    sequence?: number;
    total?: number;
    urls?: string[];
    paths?: string[];
  };
  /** Zeek's connection and file ids, which join the http, files and conn records of a transfer. */
  zeek?: { uid?: string; fuid?: string; resp_fuids?: string[]; conn_uids?: string[] };
  /** The record as read, for evidence. */
  original: unknown;
}
