/**
 * Small zip archives for tests, so that hostile specimens such as bombs and traversal names
 * are made in the test rather than stored in the repository. Entries are deflated unless
 * `stored`; the archive writer is the simulator's.
 */
import { buildZip as writeZip } from '../simulate/artifacts/zip.js';

export interface ZipSpec {
  name: string;
  content: Buffer;
  /** Store instead of deflate. */
  stored?: boolean;
  /** Set the traditional-encryption flag (the content is left as given). */
  encrypted?: boolean;
}

export function buildZip(entries: ZipSpec[], comment = ''): Buffer {
  return writeZip(
    entries.map((entry) => ({
      name: entry.name,
      data: entry.content,
      deflate: !entry.stored,
      flagEncrypted: Boolean(entry.encrypted),
    })),
    { comment },
  );
}
