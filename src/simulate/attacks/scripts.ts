/**
 * Lures that get a trusted program to run code: a macro document, a disk image whose shortcut
 * starts a script host, an HTML page that smuggles a script, a OneNote section with an
 * embedded script.
 */
import {
  inertScript,
  isoLure,
  macroDocument,
  oneNoteLure,
  smugglingPage,
} from '../artifacts/lures.js';
import { IMAGES, PE } from '../catalog.js';
import { outlookCache } from '../habits.js';
import {
  MINUTE,
  beacon,
  cradle,
  discovery,
  downloadsPath,
  saveAttachment,
  secondStage,
  sendLure,
  tempPath,
} from './steps.js';
import type { Variant } from './types.js';

export const officeMacro: Variant = {
  name: 'office-macro',
  malicious: true,
  summary:
    'a macro document whose macro starts PowerShell, which downloads and runs a second stage',
  plant(ctx) {
    const { ws, session, actor, t } = ctx;
    const name = `Remittance_${ctx.n}.docm`;
    const data = macroDocument('docm', name, t);
    sendLure(ws, t, actor, `Remittance advice ${ctx.n}`, 'Enable editing to view the remittance.', {
      name,
      contentType: 'application/vnd.ms-word.document.macroEnabled.12',
      data,
    });
    const path = saveAttachment(ws, session, t + 2 * MINUTE, name, data);
    const word = ws.start(
      t + 3 * MINUTE,
      IMAGES.winword,
      `"${IMAGES.winword}" /n "${path}" /o ""`,
      session.explorer,
      { pe: PE[IMAGES.winword], keep: true },
    );
    const ps = ws.start(t + 4 * MINUTE, IMAGES.powershell, cradle(actor), word, {
      pe: PE[IMAGES.powershell],
    });
    const stage = secondStage(ws, t + 4 * MINUTE + 2000, ps, actor);
    return {
      file: path,
      paths: [path, stage.path],
      delivery: 'email',
      executed: true,
      beaconed: true,
      expected: 'escalate',
    };
  },
};

export const isoShortcut: Variant = {
  name: 'iso-shortcut',
  malicious: true,
  summary: 'a disk image, mounted by a double-click, whose shortcut runs a script',
  plant(ctx) {
    const { ws, session, actor, t } = ctx;
    const base = `STATEMENT_${ctx.n}`;
    const name = `Statement_${ctx.n}.iso`;
    const data = isoLure(base, base, ctx.rng, t);
    sendLure(
      ws,
      t,
      actor,
      `Account statement ${ctx.n}`,
      'Your statement is attached as a secure disk image.',
      { name, contentType: 'application/x-iso9660-image', data },
    );
    const path = saveAttachment(ws, session, t + 2 * MINUTE, name, data);
    const script = `E:\\${base}.JS`;
    const host = ws.start(
      t + 3 * MINUTE,
      IMAGES.wscript,
      `"${IMAGES.wscript}" "${script}"`,
      session.explorer,
      { cwd: 'E:\\', keep: true },
    );
    const ps = ws.start(t + 3 * MINUTE + 1500, IMAGES.powershell, cradle(actor), host, {
      pe: PE[IMAGES.powershell],
    });
    beacon(ws, t + 3 * MINUTE + 3000, ps, actor, 5);
    return {
      file: script,
      paths: [path, script, `E:\\${base}.LNK`, `E:\\${base}.EXE`],
      delivery: 'email',
      executed: true,
      beaconed: true,
      expected: 'escalate',
    };
  },
};

export const htmlSmuggling: Variant = {
  name: 'html-smuggling',
  malicious: true,
  summary: 'an HTML attachment that assembles a script in the browser, which the user then runs',
  plant(ctx) {
    const { ws, session, actor, t } = ctx;
    const scriptName = `Document_${ctx.n}.js`;
    const name = `Document_${ctx.n}.html`;
    const data = smugglingPage(scriptName, inertScript('js', scriptName));
    sendLure(
      ws,
      t,
      actor,
      `Shared document ${ctx.n}`,
      'Open the attached page to view the document.',
      { name, contentType: 'text/html', data },
    );
    const page = `${outlookCache(ws)}\\${ctx.rng.hex(8).toUpperCase()}\\${name}`;
    ws.write(t + MINUTE, session.outlook, page);
    const edge = ws.start(
      t + MINUTE + 800,
      IMAGES.edge,
      `"${IMAGES.edge}" --single-argument ${page}`,
      session.outlook,
      { pe: PE[IMAGES.edge] },
    );
    const path = downloadsPath(ws, scriptName);
    ws.write(t + MINUTE + 4000, edge, path);
    ws.zone(t + MINUTE + 4100, edge, path, 'about:internet');
    const host = ws.start(
      t + 3 * MINUTE,
      IMAGES.wscript,
      `"${IMAGES.wscript}" "${path}"`,
      session.explorer,
      { keep: true },
    );
    beacon(ws, t + 3 * MINUTE + 1200, host, actor, 5);
    discovery(ws, t + 3 * MINUTE + 2000, host);
    return {
      file: path,
      paths: [path, page],
      delivery: 'email',
      executed: true,
      beaconed: true,
      expected: 'escalate',
    };
  },
};

export const oneNoteScript: Variant = {
  name: 'onenote-script',
  malicious: true,
  summary: 'a OneNote section with an embedded script the user double-clicks',
  plant(ctx) {
    const { ws, session, actor, t } = ctx;
    const embedded = 'open.hta';
    const name = `Shared_Notes_${ctx.n}.one`;
    const data = oneNoteLure(embedded, inertScript('hta', name));
    sendLure(
      ws,
      t,
      actor,
      `Meeting notes ${ctx.n}`,
      'Double-click the attachment in the notebook to view.',
      { name, contentType: 'application/onenote', data },
    );
    const path = saveAttachment(ws, session, t + 2 * MINUTE, name, data);
    const onenote = ws.start(
      t + 3 * MINUTE,
      IMAGES.onenote,
      `"${IMAGES.onenote}" "${path}"`,
      session.explorer,
      { pe: PE[IMAGES.onenote], keep: true },
    );
    const exported = `${tempPath(ws)}\\OneNote\\16.0\\Exported`;
    const hta = `${exported}\\{${ctx.rng.hex(8).toUpperCase()}}\\NT\\0\\${embedded}`;
    ws.write(t + 4 * MINUTE, onenote, hta);
    const mshta = ws.start(
      t + 4 * MINUTE + 500,
      IMAGES.mshta,
      `"${IMAGES.mshta}" "${hta}"`,
      onenote,
    );
    const ps = ws.start(t + 4 * MINUTE + 1500, IMAGES.powershell, cradle(actor), mshta, {
      pe: PE[IMAGES.powershell],
    });
    beacon(ws, t + 4 * MINUTE + 3000, ps, actor, 5);
    return {
      file: path,
      paths: [path, hta],
      delivery: 'email',
      executed: true,
      beaconed: true,
      expected: 'escalate',
    };
  },
};
