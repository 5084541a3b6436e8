/**
 * OneNote sections (MS-ONESTORE). Attached files are stored whole in FileDataStoreObject
 * structures, between a header and a footer GUID; lures hide a script or shortcut under a
 * "double-click to view" picture.
 */
import { registerAnalyzer } from '../registry.js';

// {BDE316E7-2665-4511-A4C4-8D4D0B7A9EAC} as stored on disk (little-endian GUID layout).
const FILE_DATA_HEADER = Buffer.from('e716e3bd65261145a4c48d4d0b7a9eac', 'hex');
// Lures embed a handful of files.
const MAX_EMBEDDED = 256;

registerAnalyzer({
  kinds: ['onenote'],
  async analyze(bytes, ctx) {
    let at = bytes.indexOf(FILE_DATA_HEADER);
    let index = 0;
    while (at >= 0 && index < MAX_EMBEDDED) {
      // guidHeader (16), cbLength (8), unused (4), reserved (8), then the file's bytes.
      const length = Number(bytes.readBigUInt64LE(at + 16));
      const start = at + 36;
      index += 1;
      if (start + length > bytes.length) {
        ctx.add({
          id: 'onenote-truncated',
          severity: 'low',
          summary: `embedded file ${index} is cut short`,
        });
        break;
      }
      if (ctx.reserve(length))
        await ctx.child(`embedded-${index}`, bytes.subarray(start, start + length));
      at = bytes.indexOf(FILE_DATA_HEADER, start + length);
    }
    if (index > 0) {
      ctx.add({
        id: 'onenote-embedded-files',
        severity: 'high',
        summary: `${index} embedded files (OneNote lures hide scripts behind a picture)`,
      });
    }
  },
});
