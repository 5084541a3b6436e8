/**
 * Where generated records go: under `logs/`, one file per source (email is one `.eml` per
 * message), each with its own clock skew and a share of dropped records, as real collectors
 * have. Records of one person's day are held, sorted by time and written together, so memory
 * stays bounded by a day of one workstation however large the run.
 */
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { eventId } from '../normalise/meta.js';
import type { Rng } from './prng.js';

export type Stream = 'edr' | 'proxy' | 'zeek-http' | 'zeek-files' | 'fim';

/** The clock each stream is written with; zeek's two logs share one sensor. */
export type Clock = 'edr' | 'proxy' | 'zeek' | 'fim' | 'email';

const STREAMS: Record<Stream, { file: string; clock: Clock; jsonLines: boolean }> = {
  edr: { file: 'logs/edr/sysmon.json', clock: 'edr', jsonLines: true },
  proxy: { file: 'logs/proxy/access.log', clock: 'proxy', jsonLines: false },
  'zeek-http': { file: 'logs/zeek/http.log', clock: 'zeek', jsonLines: false },
  'zeek-files': { file: 'logs/zeek/files.log', clock: 'zeek', jsonLines: false },
  fim: { file: 'logs/fim/alerts.json', clock: 'fim', jsonLines: true },
};

/** Where a generated record landed, as Lurewatch names it: input, location and event id. */
export interface EventRef {
  input: string;
  location: string;
  /** Lurewatch's content-derived id, for the JSON-lines sources where it is known here. */
  id?: string;
}

export interface OutputOptions {
  dir: string;
  /** Share of records each collector loses, 0 to 1. */
  dropRate: number;
  /** Milliseconds each source's clock runs ahead (positive) or behind. */
  skews: Record<Clock, number>;
}

// Writes go out in blocks: one write call per record would dominate the run time.
const BLOCK_BYTES = 1 << 20;

class LineFile {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  lines = 0;

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, 'w', 0o644);
  }

  append(line: string): number {
    this.parts.push(line, '\n');
    this.size += line.length + 1;
    this.lines += 1;
    if (this.size >= BLOCK_BYTES) this.flush();
    return this.lines;
  }

  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

interface Pending {
  t: number;
  seq: number;
  stream: Stream;
  line: string;
  ref: EventRef;
  track: boolean;
}

export interface EmitOptions {
  /** Never dropped: the execution a ground-truth entry is about must exist to be scored. */
  keep?: boolean;
  /** Part of a ground-truth chain: its Lurewatch event id is worked out when written. */
  track?: boolean;
}

export class Output {
  private readonly files = new Map<Stream, LineFile>();
  private pending: Pending[] = [];
  private seq = 0;
  private mails = 0;
  /** Records written per stream, and messages. */
  readonly counts: Record<Stream | 'email', number> = {
    edr: 0,
    proxy: 0,
    'zeek-http': 0,
    'zeek-files': 0,
    fim: 0,
    email: 0,
  };
  dropped = 0;

  constructor(
    private readonly options: OutputOptions,
    private readonly rng: Rng,
    headers: Partial<Record<Stream, string>>,
  ) {
    for (const [stream, spec] of Object.entries(STREAMS) as Array<
      [Stream, (typeof STREAMS)[Stream]]
    >) {
      const file = new LineFile(join(options.dir, spec.file));
      const header = headers[stream];
      if (header) for (const line of header.split('\n')) file.append(line);
      this.files.set(stream, file);
    }
  }

  /** The time a source writes for an event that happened at `t` on the true clock. */
  clockOf(stream: Stream | 'email', t: number): number {
    const clock = stream === 'email' ? 'email' : STREAMS[stream].clock;
    return t + this.options.skews[clock];
  }

  /**
   * Queues one record; `render` gets the time on the source's clock. Returns where it will
   * land, or undefined when the collector drops it.
   */
  emit(
    stream: Stream,
    t: number,
    render: (clock: number) => string,
    options: EmitOptions = {},
  ): EventRef | undefined {
    if (!options.keep && this.options.dropRate > 0 && this.rng.chance(this.options.dropRate)) {
      this.dropped += 1;
      return undefined;
    }
    const ref: EventRef = { input: STREAMS[stream].file, location: '' };
    this.pending.push({
      t,
      seq: this.seq++,
      stream,
      line: render(this.clockOf(stream, t)),
      ref,
      track: Boolean(options.track),
    });
    return ref;
  }

  /** Writes one message as its own `.eml`, filed by day. */
  mail(t: number, render: (clock: number) => Buffer): EventRef {
    const day = new Date(t).toISOString().slice(0, 10);
    this.mails += 1;
    const input = `logs/mail/${day}/${String(this.mails).padStart(7, '0')}.eml`;
    const path = join(this.options.dir, input);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, render(this.clockOf('email', t)), { mode: 0o644 });
    this.counts.email += 1;
    return { input, location: 'message' };
  }

  /** Writes the queued records in time order and fills in their locations. */
  flush(): void {
    this.pending.sort((a, b) => a.t - b.t || a.seq - b.seq);
    for (const p of this.pending) {
      const file = this.files.get(p.stream);
      if (!file) continue;
      p.ref.location = `line ${file.append(p.line)}`;
      if (p.track && STREAMS[p.stream].jsonLines) p.ref.id = eventId(JSON.parse(p.line) as unknown);
      this.counts[p.stream] += 1;
    }
    this.pending = [];
  }

  close(): void {
    this.flush();
    for (const file of this.files.values()) file.close();
  }
}
