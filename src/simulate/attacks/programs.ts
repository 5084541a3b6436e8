/**
 * Lures that are programs: emailed as they are, hidden behind a double extension or a
 * right-to-left override, zipped with a password, mailed by one sender to several people, or
 * run but cut off from their server.
 */
import { hashesOf, peBlob } from '../artifacts/lures.js';
import { buildZip } from '../artifacts/zip.js';
import type { Rng } from '../prng.js';
import { IMAGES } from '../catalog.js';
import { MINUTE, beacon, discovery, saveAttachment, sendLure, tempPath } from './steps.js';
import type { PlantContext, Planted, SharedLure, Variant } from './types.js';

const OCTET = 'application/octet-stream';

function executedExe(
  ctx: PlantContext,
  path: string,
  data: Buffer,
  parent = ctx.session.explorer,
  t = ctx.t + 3 * MINUTE,
): Planted {
  const { ws, actor } = ctx;
  const proc = ws.start(t, path, `"${path}" `, parent, {
    hashes: hashesOf(data),
    cwd: path.slice(0, path.lastIndexOf('\\') + 1),
    keep: true,
  });
  beacon(ws, t + 1500, proc, actor, 5);
  discovery(ws, t + 2500, proc);
  return {
    file: path,
    paths: [path],
    delivery: 'email',
    executed: true,
    beaconed: true,
    expected: 'escalate',
  };
}

export const doubleExtensionExe: Variant = {
  name: 'double-extension-exe',
  malicious: true,
  summary: 'an emailed program named like a document (invoice.pdf.exe), saved and run',
  plant(ctx) {
    const name = `Invoice_${ctx.n}.pdf.exe`;
    const data = peBlob(name, ctx.rng);
    sendLure(
      ctx.ws,
      ctx.t,
      ctx.actor,
      `Overdue invoice ${ctx.n}`,
      'Please open the attached invoice today.',
      { name, contentType: OCTET, data },
    );
    const path = saveAttachment(ctx.ws, ctx.session, ctx.t + 2 * MINUTE, name, data);
    return executedExe(ctx, path, data);
  },
};

export const passwordZip: Variant = {
  name: 'password-zip',
  malicious: true,
  summary: 'a password-protected zip, the password in the message body, holding a program',
  plant(ctx) {
    const { ws, session, actor, t } = ctx;
    const inner = `Payment_${ctx.n}.exe`;
    const exe = peBlob(inner, ctx.rng);
    const password = String(ctx.rng.int(1000, 9999));
    const name = `Payment_${ctx.n}.zip`;
    const data = buildZip([{ name: inner, data: exe }], { time: t, password, rng: ctx.rng });
    sendLure(
      ws,
      t,
      actor,
      `Payment confirmation ${ctx.n}`,
      `The archive is protected. Password: ${password}`,
      { name, contentType: 'application/zip', data },
    );
    const zip = saveAttachment(ws, session, t + 2 * MINUTE, name, data);
    const sevenZip = ws.start(
      t + 2 * MINUTE + 20_000,
      IMAGES.sevenZip,
      `"${IMAGES.sevenZip}" "${zip}"`,
      session.explorer,
    );
    const path = `${tempPath(ws)}\\7zO${ctx.rng.hex(8).toUpperCase()}\\${inner}`;
    ws.write(t + 2 * MINUTE + 50_000, sevenZip, path);
    const planted = executedExe(ctx, path, exe, sevenZip);
    return { ...planted, paths: [path, zip] };
  },
};

export const rtloScreensaver: Variant = {
  name: 'rtlo-screensaver',
  malicious: true,
  summary: 'a screensaver whose name hides .scr behind a right-to-left override',
  plant(ctx) {
    const name = `Invoice_${ctx.n}\u202egpj.scr`;
    const data = peBlob('rtlo screensaver', ctx.rng);
    sendLure(ctx.ws, ctx.t, ctx.actor, `Photos of the damaged goods ${ctx.n}`, 'Photos attached.', {
      name,
      contentType: OCTET,
      data,
    });
    const path = saveAttachment(ctx.ws, ctx.session, ctx.t + 2 * MINUTE, name, data);
    const t = ctx.t + 3 * MINUTE;
    const proc = ctx.ws.start(t, path, `"${path}" /S`, ctx.session.explorer, {
      hashes: hashesOf(data),
      keep: true,
    });
    beacon(ctx.ws, t + 1500, proc, ctx.actor, 5);
    return {
      file: path,
      paths: [path],
      delivery: 'email',
      executed: true,
      beaconed: true,
      expected: 'escalate',
    };
  },
};

export const blockedLure: Variant = {
  name: 'blocked-lure',
  malicious: true,
  summary: 'an emailed program that runs but whose server is blocked: no command and control',
  plant(ctx) {
    const { ws, session, actor, t } = ctx;
    const name = `Scan_${ctx.n}.doc.exe`;
    const data = peBlob(name, ctx.rng);
    sendLure(ws, t, actor, `Scanned document ${ctx.n}`, 'Scan attached.', {
      name,
      contentType: OCTET,
      data,
    });
    const path = saveAttachment(ws, session, t + 2 * MINUTE, name, data);
    const run = t + 3 * MINUTE;
    const proc = ws.start(run, path, `"${path}" `, session.explorer, {
      hashes: hashesOf(data),
      keep: true,
    });
    // The resolver sinkholes the name and the proxy refuses the tunnel: nothing connects.
    ws.dns(run + 1000, proc, actor.c2.domain, []);
    for (let i = 0; i < 3; i += 1) {
      ws.web(run + 2000 + i * MINUTE, {
        method: 'CONNECT',
        url: `${actor.c2.domain}:443`,
        code: 'TCP_DENIED/403',
        bytes: 3900,
        mime: 'text/html',
      });
    }
    return {
      file: path,
      paths: [path],
      delivery: 'email',
      executed: true,
      beaconed: false,
      expected: 'review',
    };
  },
};

export const campaignZip: Variant = {
  name: 'campaign',
  malicious: true,
  summary: 'one sender mails the same zipped program to several users; some open it',
  plant(ctx) {
    const { ws, session, t } = ctx;
    const shared = ctx.shared;
    if (!shared) throw new Error('campaign planted without its shared lure');
    sendLure(ws, t, ctx.actor, shared.subject, 'The order confirmation is attached.', {
      name: shared.name,
      contentType: 'application/zip',
      data: shared.data,
    });
    const zip = saveAttachment(ws, session, t + 2 * MINUTE, shared.name, shared.data);
    const inner = shared.name.replace(/\.zip$/, '.pdf.exe');
    const path = `${tempPath(ws)}\\Temp1_${shared.name}\\${inner}`;
    if (!shared.opens) {
      return {
        file: path,
        paths: [path, zip],
        delivery: 'email',
        executed: false,
        beaconed: false,
        expected: 'no-escalation',
      };
    }
    // Explorer opens the zip in place and copies the member to its own Temp folder to run it.
    ws.write(t + 2 * MINUTE + 40_000, session.explorer, path);
    const planted = executedExe(ctx, path, shared.member);
    return { ...planted, paths: [path, zip] };
  },
};

/** The zip a campaign mails to all its recipients. */
export function campaignLure(rng: Rng, n: number, t: number): SharedLure {
  const name = `Order_${n}.zip`;
  const inner = `Order_${n}.pdf.exe`;
  const member = peBlob(inner, rng);
  const data = buildZip([{ name: inner, data: member }], { time: t });
  return { name, data, member, subject: `Order confirmation ${n}` };
}
