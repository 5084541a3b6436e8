/**
 * Format readers are chosen through this registry: by name when the user says `--format`, and
 * otherwise by sniffing each input's first bytes and taking the most confident reader.
 */
import type { FormatReader, SniffSample } from './types.js';

export class UnknownFormatError extends Error {
  constructor(
    readonly requested: string,
    readonly known: readonly string[],
  ) {
    super(`unknown format '${requested}'; known formats: ${known.join(', ')}`);
    this.name = 'UnknownFormatError';
  }
}

export class ReaderRegistry {
  private readonly readers = new Map<string, FormatReader>();

  constructor(readers: Iterable<FormatReader> = []) {
    for (const reader of readers) this.register(reader);
  }

  register(reader: FormatReader): this {
    if (this.readers.has(reader.id)) throw new Error(`reader '${reader.id}' registered twice`);
    this.readers.set(reader.id, reader);
    return this;
  }

  get(id: string): FormatReader {
    const reader = this.readers.get(id);
    if (!reader) throw new UnknownFormatError(id, this.ids());
    return reader;
  }

  ids(): string[] {
    return [...this.readers.keys()].sort();
  }

  list(): FormatReader[] {
    return this.ids().map((id) => this.get(id));
  }

  /** The most confident reader, or undefined when none recognises the sample. */
  sniff(sample: SniffSample): FormatReader | undefined {
    let best: FormatReader | undefined;
    let bestScore = 0;
    for (const reader of this.readers.values()) {
      const score = reader.sniff(sample);
      if (score > bestScore) {
        best = reader;
        bestScore = score;
      }
    }
    return best;
  }
}
