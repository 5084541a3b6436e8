/**
 * A working day of ordinary activity on one workstation: logging on, mail with attachments
 * opened in Office, browsing through the proxy, downloads into Downloads with their
 * Mark-of-the-Web, archives extracted, documents saved, Windows updating itself; installers
 * run by IT and PowerShell by administrators. This is the haystack a detector must leave alone.
 */
import { hashesOf, type Hashes } from './artifacts/lures.js';
import { buildZip } from './artifacts/zip.js';
import { HTTP_SITES, IMAGES, INSTALLERS, PE, SITES, UPDATE_SERVICES } from './catalog.js';
import { buildEml } from './formats/mime.js';
import type { Proc, Workstation } from './telemetry.js';

/** The processes of a logged-on session that habits and attacks start things from. */
export interface Session {
  explorer: Proc;
  outlook: Proc;
  browser: Proc;
  svchost: Proc;
  /** Working hours in epoch milliseconds. */
  from: number;
  to: number;
}

const MINUTE = 60_000;

export function logOn(ws: Workstation, from: number, to: number): Session {
  const userinit = ws.resident(
    from,
    IMAGES.userinit,
    'C:\\Windows\\system32\\userinit.exe',
    ws.account,
  );
  const explorer = ws.start(from, IMAGES.explorer, 'C:\\Windows\\Explorer.EXE', userinit, {
    pe: PE[IMAGES.explorer],
    cwd: 'C:\\Windows\\system32\\',
  });
  const docs = `C:\\Users\\${ws.person.account}\\Documents\\`;
  const outlook = ws.start(from + 40_000, IMAGES.outlook, `"${IMAGES.outlook}" `, explorer, {
    pe: PE[IMAGES.outlook],
    cwd: docs,
  });
  const browser = ws.start(
    from + 95_000,
    IMAGES.edge,
    `"${IMAGES.edge}" --profile-directory=Default`,
    explorer,
    {
      pe: PE[IMAGES.edge],
      cwd: docs,
    },
  );
  const svchost = ws.resident(
    from,
    IMAGES.svchost,
    'C:\\Windows\\system32\\svchost.exe -k netsvcs -p',
    'NT AUTHORITY\\SYSTEM',
  );
  return { explorer, outlook, browser, svchost, from, to };
}

export function firstName(ws: Workstation): string {
  return ws.person.display.split(' ')[0] ?? ws.person.account;
}

/** Outlook's secure temporary folder, where opened attachments are written. */
export function outlookCache(ws: Workstation): string {
  const local = `C:\\Users\\${ws.person.account}\\AppData\\Local`;
  return `${local}\\Microsoft\\Windows\\INetCache\\Content.Outlook`;
}

function at(ws: Workstation, session: Session): number {
  return ws.rng.int(session.from + 5 * MINUTE, session.to - 5 * MINUTE);
}

function downloads(ws: Workstation, name: string): string {
  return `C:\\Users\\${ws.person.account}\\Downloads\\${name}`;
}

function contentHashes(ws: Workstation, size: number): Hashes {
  return hashesOf(Buffer.from(`${ws.rng.hex(32)}:${size}`));
}

function updates(ws: Workstation, s: Session): void {
  for (let t = s.from + ws.rng.int(1, 12) * MINUTE; t < s.to; t += ws.rng.int(8, 14) * MINUTE) {
    const service = ws.rng.pick(UPDATE_SERVICES);
    ws.dns(t, s.svchost, service.domain, [service.ip]);
    ws.connect(t + 40, s.svchost, service.ip, 443, service.domain);
  }
}

function browse(ws: Workstation, s: Session): void {
  const visits = ws.rng.int(25, 45);
  for (let i = 0; i < visits; i += 1) {
    const t = at(ws, s);
    const site = ws.rng.pick(SITES);
    ws.dns(t, s.browser, site.domain, [site.ip]);
    ws.connect(t + 30, s.browser, site.ip, 443, site.domain);
    ws.web(t + 30 + ws.rng.int(100, 60_000), {
      method: 'CONNECT',
      url: `${site.domain}:443`,
      code: 'TCP_MISS/200',
      bytes: ws.rng.int(2_000, 900_000),
      mime: '-',
      serverIp: site.ip,
    });
  }
  const pages = ws.rng.int(3, 10);
  for (let i = 0; i < pages; i += 1) {
    const t = at(ws, s);
    const site = ws.rng.pick(HTTP_SITES);
    const uri = `/${ws.rng.pick(['news', 'team', 'it', 'hr'])}/${ws.rng.hex(6)}.html`;
    const bytes = ws.rng.int(4_000, 60_000);
    ws.web(t, {
      method: 'GET',
      url: `http://${site.domain}${uri}`,
      code: 'TCP_MISS/200',
      bytes,
      mime: 'text/html',
      serverIp: site.ip,
    });
    ws.zeek(t, {
      server: site.ip,
      method: 'GET',
      host: site.domain,
      uri,
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/131.0',
      status: 200,
      mime: 'text/html',
      bytes,
    });
  }
}

const DOCS = ['Q3 report.docx', 'Minutes.docx', 'Budget.xlsx', 'Roadmap.pptx', 'Notes.txt'];

function saveDocuments(ws: Workstation, s: Session): void {
  const saves = ws.rng.int(2, 6);
  for (let i = 0; i < saves; i += 1) {
    const path = `c:\\users\\${ws.person.account}\\documents\\${ws.rng.pick(DOCS).toLowerCase()}`;
    ws.fim(at(ws, s), path, 'modified', contentHashes(ws, ws.rng.int(10_000, 400_000)));
  }
}

const COLLEAGUE_FILES = [
  {
    name: 'Agenda.docx',
    type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    app: IMAGES.winword,
  },
  {
    name: 'Figures.xlsx',
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    app: IMAGES.excel,
  },
  { name: 'Policy.pdf', type: 'application/pdf', app: IMAGES.acrobat },
];

/** Internal mail, some with an attachment that gets opened straight from Outlook. */
function mail(ws: Workstation, s: Session): void {
  const messages = ws.rng.int(1, 3);
  const people = ws.org.people;
  for (let i = 0; i < messages; i += 1) {
    const t = at(ws, s);
    const sender = people[ws.rng.int(0, people.length - 1)] ?? ws.person;
    const withFile = ws.rng.chance(0.4);
    const file = ws.rng.pick(COLLEAGUE_FILES);
    const data = Buffer.from(`${file.name} from ${sender.account}: ${ws.rng.hex(48)}\n`);
    ws.mail(t, (clock) =>
      buildEml({
        time: clock,
        from: { name: sender.display, address: sender.email },
        to: [ws.person.email],
        subject: withFile ? `${file.name.split('.')[0]} for this week` : 'Quick question',
        text: `Hi ${firstName(ws)},\n\nSee you at the meeting.\n\n${sender.display}`,
        senderHost: `mail.${ws.org.mailDomain}`,
        senderIp: '10.40.250.26',
        gateway: ws.org.mx,
        attachments: withFile ? [{ name: file.name, contentType: file.type, data }] : [],
      }),
    );
    if (!withFile || !ws.rng.chance(0.5)) continue;
    // Outlook hands attachments to Office through its secure temporary folder.
    const folder = ws.rng.hex(8).toUpperCase();
    const path = `${outlookCache(ws)}\\${folder}\\${file.name}`;
    const opened = t + ws.rng.int(1, 40) * MINUTE;
    ws.write(opened, s.outlook, path);
    ws.start(opened + 900, file.app, `"${file.app}" /n "${path}" /o ""`, s.outlook, {
      pe: PE[file.app],
    });
  }
}

/** Browser downloads into Downloads, with their Zone.Identifier; zips opened in 7-Zip. */
function download(ws: Workstation, s: Session): void {
  if (!ws.rng.chance(0.5)) return;
  const t = at(ws, s);
  const isZip = ws.rng.chance(0.4);
  const name = isZip ? `photos-${ws.rng.hex(4)}.zip` : `brochure-${ws.rng.hex(4)}.pdf`;
  const site = ws.rng.pick(SITES);
  const url = `https://${site.domain}/files/${name}`;
  const data = isZip
    ? buildZip([{ name: 'readme.txt', data: Buffer.from(ws.rng.hex(64)) }], { time: t })
    : Buffer.from(`%PDF-1.7\n% ${ws.rng.hex(64)}\n%%EOF\n`);
  const hashes = hashesOf(data);
  const path = downloads(ws, name);
  ws.web(t, {
    method: 'GET',
    url,
    code: 'TCP_MISS/200',
    bytes: data.length,
    mime: isZip ? 'application/zip' : 'application/pdf',
    serverIp: site.ip,
  });
  ws.write(t + 300, s.browser, path);
  ws.zone(t + 320, s.browser, path, url, `https://${site.domain}/`);
  ws.fim(t + 800, path.toLowerCase(), 'added', hashes);
  if (!isZip) return;
  const sevenZip = ws.start(
    t + 2 * MINUTE,
    IMAGES.sevenZip,
    `"${IMAGES.sevenZip}" "${path}"`,
    s.explorer,
  );
  ws.write(t + 2 * MINUTE + 700, sevenZip, downloads(ws, `${name.slice(0, -4)}\\readme.txt`));
}

/** IT fetches vendor installers and runs them; the installer starts the vendor's own program. */
function install(ws: Workstation, s: Session): void {
  const installer = ws.rng.pick(INSTALLERS);
  const t = at(ws, s);
  const path = downloads(ws, installer.file);
  const data = Buffer.from(`MZ vendor installer ${installer.file}`);
  const hashes = hashesOf(data);
  ws.web(t, {
    method: 'GET',
    url: installer.url,
    code: 'TCP_MISS/200',
    bytes: 1_367_264,
    mime: 'application/octet-stream',
    serverIp: installer.ip,
  });
  ws.write(t + 400, s.browser, path);
  ws.zone(t + 420, s.browser, path, installer.url);
  const setup = ws.start(t + MINUTE, path, `"${path}" `, s.explorer, { hashes, integrity: 'High' });
  ws.dns(t + MINUTE + 500, setup, installer.callHome.domain, [installer.callHome.ip]);
  ws.connect(t + MINUTE + 600, setup, installer.callHome.ip, 443, installer.callHome.domain);
  ws.start(t + 2 * MINUTE, installer.child, `"${installer.child}" /install`, setup, {
    integrity: 'High',
  });
}

const ADMIN_COMMANDS = [
  'Get-Service',
  'Get-ADUser -Filter *',
  'Get-EventLog -LogName System -Newest 50',
  'Test-NetConnection fs01',
];

function administer(ws: Workstation, s: Session): void {
  const runs = ws.rng.int(1, 3);
  for (let i = 0; i < runs; i += 1) {
    const t = at(ws, s);
    const cmd = `"${IMAGES.powershell}" -NoProfile -Command ${ws.rng.pick(ADMIN_COMMANDS)}`;
    const ps = ws.start(t, IMAGES.powershell, cmd, s.explorer, {
      pe: PE[IMAGES.powershell],
      integrity: 'High',
    });
    ws.start(
      t + 10,
      IMAGES.conhost,
      '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
      ps,
      { integrity: 'High' },
    );
    ws.connect(t + 900, ps, '10.40.251.10', 5985, `dc01.${ws.org.adDomain}`);
  }
}

/** One working day of ordinary activity for the workstation's user. */
export function ordinaryDay(ws: Workstation, s: Session): void {
  updates(ws, s);
  browse(ws, s);
  saveDocuments(ws, s);
  mail(ws, s);
  download(ws, s);
  if (ws.person.role === 'it' && ws.rng.chance(0.6)) install(ws, s);
  if (ws.person.role !== 'staff') administer(ws, s);
}
