/**
 * One line of the Linux audit log, as auditd writes it (`type=SYSCALL msg=audit(1700000000.123:
 * 4711): arch=c000003e syscall=59 ...`) or as Microsoft's auoms writes its own records
 * (`type=AUOMS_EXECVE audit(...): ...`), with an optional `node=HOST` prefix. Values are bare,
 * `"quoted"`, hex-encoded (when they hold spaces or quotes), or `[...]` lists in auoms.
 */

export interface AuditRecord {
  node?: string;
  type: string;
  /** Epoch seconds with milliseconds, as the kernel stamps the event. */
  time: number;
  /** The event serial: every record of one event shares it. */
  serial: string;
  fields: Map<string, string>;
}

/** Most fields read from one record; EXECVE records list one per argument. */
export const MAX_AUDIT_FIELDS = 512;

const HEAD =
  /^(?:node=(\S{1,255}) )?type=([A-Z0-9_]{1,64}) (?:msg=)?audit\((\d{1,12}\.\d{1,6}):(\d{1,20})\):/;
// Where a quoted value may end: a quote followed by the next ` key=`, or the end of the line.
// auoms writes command lines with their inner quotes unescaped, so a bare `"` is not enough.
const NEXT_KEY = / [A-Za-z_][\w-]{0,63}=/y;
const KEY = /[A-Za-z_][\w-]{0,63}=/y;

export function parseAuditLine(line: string): AuditRecord | string {
  const head = HEAD.exec(line);
  if (!head) return 'not an audit record (type=... audit(time:serial):)';
  const fields = new Map<string, string>();
  let at = head[0].length;
  while (at < line.length && fields.size < MAX_AUDIT_FIELDS) {
    if (line[at] === ' ') {
      at += 1;
      continue;
    }
    KEY.lastIndex = at;
    const key = KEY.exec(line);
    if (!key) {
      // Text that is no field (auoms trails `redactors=` and free text); skip one word.
      const space = line.indexOf(' ', at);
      at = space === -1 ? line.length : space;
      continue;
    }
    const name = key[0].slice(0, -1);
    at = KEY.lastIndex;
    const [value, next] = valueAt(line, at);
    fields.set(name, value);
    at = next;
  }
  return {
    ...(head[1] ? { node: head[1] } : {}),
    type: head[2] as string,
    time: Number(head[3]),
    serial: head[4] as string,
    fields,
  };
}

function valueAt(line: string, at: number): [string, number] {
  const open = line[at];
  if (open === '"') {
    for (
      let quote = line.indexOf('"', at + 1);
      quote !== -1;
      quote = line.indexOf('"', quote + 1)
    ) {
      if (quote === line.length - 1) return [line.slice(at + 1, quote), quote + 1];
      NEXT_KEY.lastIndex = quote + 1;
      if (NEXT_KEY.test(line)) return [line.slice(at + 1, quote), quote + 1];
    }
    return [line.slice(at + 1), line.length];
  }
  if (open === '[') {
    const close = line.indexOf('] ', at);
    const end = close === -1 ? line.length : close + 1;
    return [line.slice(at, end), end];
  }
  const space = line.indexOf(' ', at);
  const end = space === -1 ? line.length : space;
  return [line.slice(at, end), end];
}

/** Decodes auditd's hex encoding of values that hold spaces or quotes (`a1=2D63`). */
export function auditText(value: string | undefined): string | undefined {
  if (value === undefined || value === '(null)') return undefined;
  if (value.length >= 2 && value.length % 2 === 0 && /^[0-9A-F]+$/.test(value)) {
    // Arguments are NUL-separated inside PROCTITLE; show them as spaces.
    return Buffer.from(value, 'hex').toString('utf8').replace(/\0/g, ' ').trim();
  }
  return value;
}

/** The first element of an auoms `["a","b"]` list. */
export function firstOfList(value: string | undefined): string | undefined {
  if (!value?.startsWith('[')) return value;
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) && typeof list[0] === 'string' ? list[0] : undefined;
  } catch {
    return undefined;
  }
}
