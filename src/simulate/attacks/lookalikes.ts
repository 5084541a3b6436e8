/**
 * Benign chains built to trap naive rules: each has one feature a malicious chain has (a
 * program in a user folder, a double extension, a macro document from mail) and none of the
 * behaviour. A correct investigation may list them for review but never escalates them.
 */
import { hashesOf, macroDocument } from '../artifacts/lures.js';
import { IMAGES, PE } from '../catalog.js';
import { buildEml } from '../formats/mime.js';
import { MINUTE, downloadsPath, saveAttachment } from './steps.js';
import type { Variant } from './types.js';

export const renamedWinword: Variant = {
  name: 'lookalike-renamed-winword',
  malicious: false,
  summary: 'a portable copy of WINWORD.EXE run from AppData, outside Program Files',
  plant({ ws, session, t, n }) {
    const local = `C:\\Users\\${ws.person.account}\\AppData\\Local`;
    const path = `${local}\\PortableApps\\Office\\WINWORD.EXE`;
    const doc = `C:\\Users\\${ws.person.account}\\Documents\\Draft_${n}.docx`;
    const word = ws.start(t, path, `"${path}" "${doc}"`, session.explorer, {
      pe: PE[IMAGES.winword],
      keep: true,
    });
    ws.dns(t + 2000, word, 'nexus.officeapps.live.com', ['52.111.236.21']);
    ws.connect(t + 2100, word, '52.111.236.21', 443, 'nexus.officeapps.live.com');
    return {
      file: path,
      paths: [path],
      delivery: 'local',
      executed: true,
      beaconed: false,
      expected: 'no-escalation',
    };
  },
};

export const vendorInstaller: Variant = {
  name: 'lookalike-vendor-installer',
  malicious: false,
  summary:
    "IT runs a vendor installer whose name has a document extension, from the vendor's domain",
  plant({ ws, session, t }) {
    const name = 'AcroRdrDC_Setup.pdf.exe';
    const url = `https://ardownload2.adobe.com/pub/adobe/reader/win/AcrobatDC/${name}`;
    const data = Buffer.from(`MZ vendor installer ${name}`);
    const path = downloadsPath(ws, name);
    ws.web(t, {
      method: 'GET',
      url,
      code: 'TCP_MISS/200',
      bytes: 2_400_000,
      mime: 'application/octet-stream',
      serverIp: '23.50.112.9',
    });
    ws.write(t + 500, session.browser, path);
    ws.zone(t + 520, session.browser, path, url);
    const setup = ws.start(t + MINUTE, path, `"${path}" `, session.explorer, {
      hashes: hashesOf(data),
      integrity: 'High',
      keep: true,
    });
    ws.dns(t + MINUTE + 400, setup, 'armmf.adobe.com', ['23.50.112.10']);
    ws.connect(t + MINUTE + 500, setup, '23.50.112.10', 443, 'armmf.adobe.com');
    ws.start(t + 2 * MINUTE, IMAGES.msiexec, `${IMAGES.msiexec} /i "AcroRead.msi" /qn`, setup, {
      integrity: 'High',
    });
    return {
      file: path,
      paths: [path],
      delivery: 'web',
      executed: true,
      beaconed: false,
      expected: 'no-escalation',
    };
  },
};

export const macroWorkbook: Variant = {
  name: 'lookalike-macro-workbook',
  malicious: false,
  summary:
    "a colleague's macro workbook from internal mail, opened in Excel; the macro only recalculates",
  plant({ ws, session, t, n }) {
    const colleague = ws.org.people[(ws.person.index + 1) % ws.org.people.length] ?? ws.person;
    const name = `Budget_${n}.xlsm`;
    const data = macroDocument('xlsm', name, t);
    ws.mail(t, (clock) =>
      buildEml({
        time: clock,
        from: { name: colleague.display, address: colleague.email },
        to: [ws.person.email],
        subject: `Budget workbook ${n}`,
        text: 'Here is the workbook with the macros enabled, as discussed.',
        senderHost: `mail.${ws.org.mailDomain}`,
        senderIp: '10.40.250.26',
        gateway: ws.org.mx,
        attachments: [
          { name, contentType: 'application/vnd.ms-excel.sheet.macroEnabled.12', data },
        ],
      }),
    );
    const path = saveAttachment(ws, session, t + 2 * MINUTE, name, data);
    ws.start(t + 3 * MINUTE, IMAGES.excel, `"${IMAGES.excel}" "${path}"`, session.explorer, {
      pe: PE[IMAGES.excel],
      keep: true,
    });
    ws.fim(
      t + 9 * MINUTE,
      path.toLowerCase(),
      'modified',
      hashesOf(Buffer.concat([data, Buffer.from('saved')])),
    );
    return {
      file: path,
      paths: [path],
      delivery: 'email',
      executed: true,
      beaconed: false,
      expected: 'no-escalation',
    };
  },
};

export const LOOKALIKES: readonly Variant[] = [renamedWinword, vendorInstaller, macroWorkbook];
