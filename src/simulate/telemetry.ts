/**
 * One workstation's sensors for one day: what Sysmon, the proxy, Zeek and Wazuh record when
 * its user does something. Habits and attacks speak in these terms (start a process, connect,
 * download, write a file) and never in record formats.
 */
import { createHash } from 'node:crypto';
import type { Hashes } from './artifacts/lures.js';
import { sysmonHashes, sysmonLine } from './formats/sysmon.js';
import { squidLine, zeekFilesLine, zeekHttpLine, type ZeekTransfer } from './formats/proxy.js';
import { wazuhLine } from './formats/wazuh.js';
import type { Organisation, Person } from './org.js';
import type { EmitOptions, EventRef, Output, Stream } from './output.js';
import type { Rng } from './prng.js';

export interface Proc {
  guid: string;
  pid: number;
  image: string;
  cmd: string;
  user: string;
  cwd: string;
}

export interface PeInfo {
  description: string;
  product: string;
  company: string;
  originalFileName: string;
  fileVersion: string;
}

/** What each host keeps across days: its Sysmon record counter and process ids. */
export interface HostState {
  recordId: number;
  sysmonPid: number;
  guidPrefix: string;
  agentId: string;
  alerts: number;
}

export function hostState(person: Person): HostState {
  const digest = createHash('sha1').update(person.fqdn).digest('hex').toUpperCase();
  return {
    recordId: 1000 + (person.index % 97) * 311,
    sysmonPid: 2000 + (person.index % 400) * 4,
    guidPrefix: digest.slice(0, 8),
    agentId: String(person.index + 1).padStart(3, '0'),
    alerts: 0,
  };
}

const imageHashes = new Map<string, Hashes>();

/** Installed programs hash the same everywhere; derive a stable set from the image path. */
export function installedHashes(image: string): Hashes {
  const key = image.toLowerCase();
  let hashes = imageHashes.get(key);
  if (!hashes) {
    const digest = (a: string): string => createHash(a).update(`installed:${key}`).digest('hex');
    hashes = { md5: digest('md5'), sha1: digest('sha1'), sha256: digest('sha256'), size: 0 };
    // Bounded by the vocabulary of installed programs; the guard keeps it so if that changes.
    if (imageHashes.size < 10_000) imageHashes.set(key, hashes);
  }
  return hashes;
}

export interface StartOptions {
  user?: string;
  integrity?: 'Low' | 'Medium' | 'High' | 'System';
  hashes?: Hashes;
  pe?: PeInfo;
  cwd?: string;
  keep?: boolean;
}

export interface WebRequest {
  method: string;
  url: string;
  /** `TCP_MISS/200`, `TCP_DENIED/403`. */
  code: string;
  bytes: number;
  mime: string;
  serverIp?: string;
  elapsedMs?: number;
}

export class Workstation {
  /** Set on the view an attack works through: every record it makes is ground truth. */
  private refs: EventRef[] | undefined;

  constructor(
    readonly org: Organisation,
    readonly person: Person,
    readonly out: Output,
    readonly rng: Rng,
    private readonly state: HostState,
  ) {}

  /** A view whose records are collected into `refs`: the ground truth of one planted chain. */
  traced(refs: EventRef[]): Workstation {
    const view = new Workstation(this.org, this.person, this.out, this.rng, this.state);
    view.refs = refs;
    return view;
  }

  get account(): string {
    return `${this.org.netbios}\\${this.person.account}`;
  }

  private record(stream: Stream, t: number, render: (clock: number) => string, keep = false): void {
    const options: EmitOptions = { keep, track: this.refs !== undefined };
    const ref = this.out.emit(stream, t, render, options);
    if (ref && this.refs) this.refs.push(ref);
  }

  private sysmon(eventId: number, t: number, data: Record<string, unknown>, keep = false): void {
    const recordId = (this.state.recordId += 1);
    const threadId = 3000 + this.rng.int(0, 2000);
    const micros = this.rng.int(0, 999);
    const header = { eventId, recordId, threadId, micros, sysmonPid: this.state.sysmonPid };
    this.record(
      'edr',
      t,
      (clock) => sysmonLine({ ...header, time: clock, computer: this.person.fqdn }, data),
      keep,
    );
  }

  /** One logon per workstation and day; derived from the address so it never collides. */
  private logonGuid(): string {
    const digits = this.person.ip.replace(/\D/g, '').padStart(12, '0').slice(-12);
    return `{${this.state.guidPrefix}-0000-0000-0000-${digits}}`;
  }

  newGuid(t: number): string {
    const time = Math.floor(t / 1000);
    const mid = (time & 0xffff).toString(16).padStart(4, '0');
    const high = ((time >>> 16) & 0xffff).toString(16).padStart(4, '0');
    const tail = `${this.rng.hex(4)}-${this.rng.hex(12)}`;
    return `{${this.state.guidPrefix}-${mid}-${high}-${tail}}`.toUpperCase();
  }

  /** A process that runs all day without a start record in the logs (started at boot). */
  resident(t: number, image: string, cmd: string, user: string): Proc {
    return {
      guid: this.newGuid(t - 3600_000),
      pid: this.pid(),
      image,
      cmd,
      user,
      cwd: 'C:\\Windows\\system32\\',
    };
  }

  pid(): number {
    return this.rng.int(300, 16_000) * 4;
  }

  start(t: number, image: string, cmd: string, parent: Proc, options: StartOptions = {}): Proc {
    const user = options.user ?? this.account;
    const cwd = options.cwd ?? parent.cwd;
    const proc: Proc = { guid: this.newGuid(t), pid: this.pid(), image, cmd, user, cwd };
    const pe = options.pe;
    this.sysmon(
      1,
      t,
      {
        ProcessGuid: proc.guid,
        ProcessId: proc.pid,
        Image: image,
        FileVersion: pe?.fileVersion ?? '-',
        Description: pe?.description ?? '-',
        Product: pe?.product ?? '-',
        Company: pe?.company ?? '-',
        OriginalFileName: pe?.originalFileName ?? '-',
        CommandLine: cmd,
        CurrentDirectory: cwd,
        User: user,
        LogonGuid: this.logonGuid(),
        LogonId: `0x${(0xa0000 + this.person.index).toString(16)}`,
        TerminalSessionId: 1,
        IntegrityLevel: options.integrity ?? 'Medium',
        Hashes: sysmonHashes(options.hashes ?? installedHashes(image)),
        ParentProcessGuid: parent.guid,
        ParentProcessId: parent.pid,
        ParentImage: parent.image,
        ParentCommandLine: parent.cmd,
        ParentUser: parent.user,
      },
      options.keep,
    );
    return proc;
  }

  connect(t: number, proc: Proc, ip: string, port: number, hostname = '-'): void {
    this.sysmon(3, t, {
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      Image: proc.image,
      User: proc.user,
      Protocol: 'tcp',
      Initiated: true,
      SourceIsIpv6: false,
      SourceIp: this.person.ip,
      SourceHostname: this.person.fqdn,
      SourcePort: this.rng.int(49152, 65535),
      SourcePortName: '-',
      DestinationIsIpv6: false,
      DestinationIp: ip,
      DestinationHostname: hostname,
      DestinationPort: port,
      DestinationPortName: port === 443 ? 'https' : port === 80 ? 'http' : '-',
    });
  }

  dns(t: number, proc: Proc, name: string, ips: string[]): void {
    this.sysmon(22, t, {
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      QueryName: name,
      QueryStatus: ips.length > 0 ? '0' : '9003',
      QueryResults: ips.map((ip) => `::ffff:${ip};`).join(''),
      Image: proc.image,
      User: proc.user,
    });
  }

  write(t: number, proc: Proc, path: string): void {
    this.sysmon(11, t, {
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      Image: proc.image,
      TargetFilename: path,
      CreationUtcTime: new Date(t).toISOString().replace('T', ' ').slice(0, 23),
      User: proc.user,
    });
  }

  /** The Mark-of-the-Web stream a browser or mail client attaches to a saved file. */
  zone(t: number, proc: Proc, path: string, hostUrl: string, referrer?: string): void {
    const lines = ['[ZoneTransfer]', 'ZoneId=3'];
    if (referrer) lines.push(`ReferrerUrl=${referrer}`);
    lines.push(`HostUrl=${hostUrl}`);
    this.sysmon(15, t, {
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      Image: proc.image,
      TargetFilename: `${path}:Zone.Identifier`,
      CreationUtcTime: new Date(t).toISOString().replace('T', ' ').slice(0, 23),
      Hash: 'Unknown',
      Contents: lines.join('  '),
      User: proc.user,
    });
  }

  fim(t: number, path: string, event: 'added' | 'modified', hashes: Hashes): void {
    this.state.alerts += 1;
    const serial = this.person.index * 1000 + (this.state.alerts % 1000);
    const alertId = `${Math.floor(t / 1000)}.${serial}`;
    this.record('fim', t, (clock) =>
      wazuhLine({
        time: clock,
        agentId: this.state.agentId,
        agent: this.person.host,
        agentIp: this.person.ip,
        path,
        event,
        owner: this.person.account,
        size: hashes.size,
        hashes,
        alertId,
      }),
    );
  }

  web(t: number, request: WebRequest): void {
    const host = new URL(request.url.startsWith('http') ? request.url : `https://${request.url}`)
      .hostname;
    const hierarchy = request.code.startsWith('TCP_DENIED')
      ? 'HIER_NONE/-'
      : `DIRECT/${request.serverIp ?? host}`;
    this.record('proxy', t, (clock) =>
      squidLine({
        time: clock,
        elapsedMs: request.elapsedMs ?? this.rng.int(20, 900),
        client: this.person.ip,
        code: request.code,
        bytes: request.bytes,
        method: request.method,
        url: request.url,
        hierarchy,
        mime: request.mime,
      }),
    );
  }

  /** A plain-HTTP transfer as Zeek sees it: the http.log row and, for a body, files.log. */
  zeek(
    t: number,
    transfer: Omit<ZeekTransfer, 'time' | 'uid' | 'fuid' | 'client' | 'clientPort'>,
  ): void {
    const full: Omit<ZeekTransfer, 'time'> = {
      ...transfer,
      uid: `C${this.rng.hex(17)}`,
      fuid: `F${this.rng.hex(17)}`,
      client: this.person.ip,
      clientPort: this.rng.int(49152, 65535),
    };
    this.record('zeek-http', t, (clock) => zeekHttpLine({ ...full, time: clock }));
    if (transfer.bytes > 0)
      this.record('zeek-files', t, (clock) => zeekFilesLine({ ...full, time: clock }));
  }

  mail(t: number, render: (clock: number) => Buffer): void {
    const ref = this.out.mail(t, render);
    this.refs?.push(ref);
  }
}
