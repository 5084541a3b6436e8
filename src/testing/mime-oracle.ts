/**
 * A deliberately small, independent reading of a message's named MIME parts, used by tests
 * to check what the analyzer (which uses mailparser) reports. It splits on every boundary the
 * message declares and decodes base64, quoted-printable and raw bodies with Node's Buffer.
 */
import { createHash } from 'node:crypto';

export interface OraclePart {
  name: string;
  sha256: string;
  size: number;
}

export function namedParts(raw: Buffer): OraclePart[] {
  const text = raw.toString('latin1');
  const boundaries = [...text.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!.trim());
  const lines = text.split(/\r?\n/);
  const isBoundary = (line: string) => boundaries.some((b) => line.startsWith(`--${b}`));
  const parts: OraclePart[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!isBoundary(lines[i]!)) continue;
    let end = i + 1;
    while (end < lines.length && !isBoundary(lines[end]!)) end++;
    const part = decodePart(lines.slice(i + 1, end));
    if (part) parts.push(part);
    i = end - 1;
  }
  return parts;
}

function decodePart(lines: string[]): OraclePart | undefined {
  const blank = lines.indexOf('');
  if (blank < 0) return undefined;
  const headers = lines
    .slice(0, blank)
    .join('\n')
    .replace(/\n[ \t]+/g, ' ');
  const name = partName(headers);
  if (name === undefined) return undefined;
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  const body = lines.slice(blank + 1);
  let bytes: Buffer;
  if (encoding === 'base64') bytes = Buffer.from(body.join(''), 'base64');
  else if (encoding === 'quoted-printable') bytes = quotedPrintable(body.join('\n'));
  // The line break before a boundary belongs to the boundary (RFC 2046 section 5.1.1).
  else bytes = Buffer.from(body.join('\r\n'), 'latin1');
  return { name, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

function partName(headers: string): string | undefined {
  const continued = [...headers.matchAll(/filename\*(\d+)\*?=([^;\n]+)/gi)];
  if (continued.length > 0) {
    const joined = continued.map((m) => m[2]!.trim().replace(/^utf-8''/i, '')).join('');
    return Buffer.from(decodeURIComponent(joined), 'utf8').toString('utf8');
  }
  const plain = /filename="?([^";\n]+)"?/i.exec(headers) ?? /\bname="?([^";\n]+)"?/i.exec(headers);
  if (!plain) return undefined;
  const value = plain[1]!.trim();
  const encoded = /^=\?utf-8\?b\?([^?]+)\?=$/i.exec(value);
  if (encoded) return Buffer.from(encoded[1]!, 'base64').toString('utf8');
  return Buffer.from(value, 'latin1').toString('utf8').includes('\uFFFD')
    ? value
    : Buffer.from(value, 'latin1').toString('utf8');
}

function quotedPrintable(text: string): Buffer {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(joined.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}
