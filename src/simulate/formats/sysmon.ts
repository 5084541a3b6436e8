/**
 * Sysmon records in the shape `evtx_dump -o jsonl` writes: one `{"Event":{...}}` per line,
 * XML attributes under `#attributes`, the event's own fields under `EventData`.
 */

const PROVIDER = {
  '#attributes': {
    Name: 'Microsoft-Windows-Sysmon',
    Guid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
  },
};

/** Schema version per event id, as Sysmon 15 writes them. */
const VERSIONS: Record<number, number> = { 1: 5, 3: 5, 11: 2, 15: 2, 22: 5 };

/** `2026-11-16 08:57:41.208`: Sysmon's UtcTime, milliseconds, no zone marker. */
export function sysmonUtc(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}

/** The channel's SystemTime carries microseconds; the last three digits come from the caller. */
function systemTime(ms: number, micros: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

export interface SysmonHeader {
  eventId: number;
  /** Milliseconds since the epoch on the host's clock. */
  time: number;
  computer: string;
  recordId: number;
  /** Sysmon's own process id and a thread id, constant per host as on a real machine. */
  sysmonPid: number;
  threadId: number;
  micros: number;
}

export function sysmonLine(header: SysmonHeader, data: Record<string, unknown>): string {
  const record = {
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: PROVIDER,
        EventID: header.eventId,
        Version: VERSIONS[header.eventId] ?? 5,
        Level: 4,
        Task: header.eventId,
        Opcode: 0,
        Keywords: '0x8000000000000000',
        TimeCreated: { '#attributes': { SystemTime: systemTime(header.time, header.micros) } },
        EventRecordID: header.recordId,
        Correlation: null,
        Execution: {
          '#attributes': { ProcessID: header.sysmonPid, ThreadID: header.threadId },
        },
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Computer: header.computer,
        Security: { '#attributes': { UserID: 'S-1-5-18' } },
      },
      EventData: { RuleName: '-', UtcTime: sysmonUtc(header.time), ...data },
    },
  };
  return JSON.stringify(record);
}

/** `SHA1=..,MD5=..,SHA256=..,IMPHASH=..` in upper case, as Sysmon's Hashes field. */
export function sysmonHashes(h: { sha1: string; md5: string; sha256: string }): string {
  const imphash = h.md5.split('').reverse().join('');
  return `SHA1=${h.sha1},MD5=${h.md5},SHA256=${h.sha256},IMPHASH=${imphash}`.toUpperCase();
}
