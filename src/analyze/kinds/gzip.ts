/** gzip (RFC 1952): one member unpacked, named by its FNAME field when it has one. */
import { gunzipSync } from 'node:zlib';
import { registerAnalyzer } from '../registry.js';

const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;

registerAnalyzer({
  kinds: ['gzip'],
  async analyze(bytes, ctx) {
    const name = storedName(bytes) ?? ctx.report.name.replace(/\.t?gz$/i, '') ?? 'content';
    const limit = ctx.options.limits.maxFileBytes;
    let content: Buffer;
    try {
      content = gunzipSync(bytes, { maxOutputLength: limit });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        ctx.add({
          id: 'cap-file-size',
          severity: 'high',
          summary: `limit reached: unpacks past ${limit} bytes`,
        });
        return;
      }
      throw error;
    }
    if (!ctx.reserve(content.length, bytes.length, name)) return;
    await ctx.child(name, content, { packedSize: bytes.length });
  },
});

function storedName(bytes: Buffer): string | undefined {
  const flags = bytes[3] ?? 0;
  if (!(flags & FLAG_NAME)) return undefined;
  let at = 10;
  if (flags & FLAG_EXTRA) at += 2 + bytes.readUInt16LE(at);
  const end = bytes.indexOf(0, at);
  if (end < 0 || end - at > 1024) return undefined;
  return bytes.toString('latin1', at, end) || undefined;
}
