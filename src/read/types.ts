/**
 * The contract between input handling and the format readers. A reader receives the bytes of
 * one input as a stream of chunks and yields normalised events and problems; it never sees
 * archives, directories or compression, which `inputs.ts` takes care of.
 */
import type { Logger } from '../core/logger.js';
import type { Problem } from '../core/problems.js';
import type { FileAnalysis } from '../model/analysis.js';
import type { LwEvent, SourceKind } from '../model/event.js';

export type ReadItem = { kind: 'event'; event: LwEvent } | { kind: 'problem'; problem: Problem };

export interface InputSource {
  /** The name shown to users: a path, or `archive.zip!/member.json` inside a container. */
  name: string;
  /** A real file path when the input is a plain file on disk (lets readers seek). */
  path?: string;
  chunks(): AsyncIterable<Buffer>;
}

export interface SniffSample {
  name: string;
  /** The first bytes of the (decompressed) content, up to `SNIFF_BYTES`. */
  head: Buffer;
}

export interface ReadContext {
  logger: Logger;
  limits: ReadLimits;
  /**
   * Analyses a whole message's attachments when the run asks for it; readers of mail call it
   * with the raw message and keep what it returns on the event (`email.analysis`).
   */
  inspectMessage?: (raw: Buffer, input: string) => Promise<FileAnalysis[]>;
}

export interface ReadLimits {
  /** Longest line or single record accepted; longer ones become `record-too-large`. */
  maxRecordBytes: number;
  /** Largest email message read whole; MIME parsing needs the complete message. */
  maxMessageBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = Object.freeze({
  // 8 MiB covers the largest Windows records seen in practice (4104 script blocks are split
  // by Windows at 32 KiB chars) with a wide margin, while keeping one bad line from costing
  // more memory than the whole rest of a run.
  maxRecordBytes: 8 * 1024 * 1024,
  // Mail gateways commonly reject messages over 25-50 MB; 64 MiB leaves room for encoding.
  maxMessageBytes: 64 * 1024 * 1024,
});

export interface FormatReader {
  /** Registry key, used with `--format` and recorded on every event. */
  id: string;
  title: string;
  source: SourceKind;
  /** What a user would recognise the format by, for `--help` and the README. */
  signature: string;
  /** Confidence 0-100 that the sample is in this format; 0 means no. */
  sniff(sample: SniffSample): number;
  read(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem>;
}

export const SNIFF_BYTES = 64 * 1024;
