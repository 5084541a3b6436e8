/**
 * Timestamps as evtx_dump prints them: RFC 3339 in UTC with `Z` and always six digits of
 * fraction (FILETIME's last 100 ns digit is truncated).
 */

/** 100 ns ticks between 1601-01-01 and 1970-01-01. */
const EPOCH_DIFF_TICKS = 116444736000000000n;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function year(y: number): string {
  return y >= 0 && y <= 9999 ? pad(y, 4) : `${y < 0 ? '-' : '+'}${pad(Math.abs(y), 4)}`;
}

function stamp(ms: number, fractionText: string): string | undefined {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return undefined;
  return (
    `${year(d.getUTCFullYear())}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}` +
    `${fractionText}Z`
  );
}

/** FILETIME: 100 ns ticks since 1601-01-01 UTC. */
export function formatFiletime(ticks: bigint): string | undefined {
  const sinceEpoch = ticks - EPOCH_DIFF_TICKS;
  let seconds = sinceEpoch / 10_000_000n;
  let rest = sinceEpoch % 10_000_000n;
  if (rest < 0n) {
    rest += 10_000_000n;
    seconds -= 1n;
  }
  // evtx_dump prints microseconds, truncating the last 100 ns digit.
  return stamp(
    Number(seconds) * 1000,
    `.${String(Math.floor(Number(rest) / 10)).padStart(6, '0')}`,
  );
}

/** SYSTEMTIME: eight 16-bit fields; an impossible date renders as undefined. */
export function formatSystemtime(buf: Buffer, o: number): string | undefined {
  const y = buf.readUInt16LE(o);
  const mo = buf.readUInt16LE(o + 2);
  const d = buf.readUInt16LE(o + 6);
  const h = buf.readUInt16LE(o + 8);
  const mi = buf.readUInt16LE(o + 10);
  const s = buf.readUInt16LE(o + 12);
  const ms = buf.readUInt16LE(o + 14);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59 || ms > 999) {
    return undefined;
  }
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  if (date.getUTCDate() !== d) return undefined;
  return stamp(date.getTime(), `.${String(ms * 1000).padStart(6, '0')}`);
}
