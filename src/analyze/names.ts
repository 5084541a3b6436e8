/**
 * Deceptions in a file's name and between its name, its declared MIME type and its content:
 * the tricks that make `invoice.pdf.exe` look like a PDF to the person about to open it.
 */
import type { Detected } from './detect.js';
import { extensionOf } from './detect.js';
import { words } from './patterns.js';
import type { Finding } from './types.js';

/** Extensions Windows runs, or opens in a host that runs code, on a double-click. */
export const RISKY_EXTENSIONS = new Set(
  words(`exe scr com pif cpl msi msp dll hta js jse vbs vbe wsf wsh ps1 psm1 bat cmd lnk url iso
    img vhd vhdx one jar chm reg inf msc appx appinstaller htm html svg xll library-ms
    settingcontent-ms`),
);

/** Extensions that users trust as documents or pictures. */
const DOCUMENT_EXTENSIONS = new Set(
  'pdf doc docx xls xlsx ppt pptx txt rtf jpg jpeg png gif csv odt zip rar 7z'.split(' '),
);

/** Extensions each kind is normally saved under; a kind missing here is not checked. */
const EXPECTED_EXTENSIONS: Record<string, string[]> = {
  pe: ['exe', 'dll', 'scr', 'sys', 'cpl', 'ocx', 'com', 'efi', 'drv', 'mui', 'bin', 'tmp', 'dat'],
  zip: ['zip', 'jar', 'apk', 'xpi', 'nupkg', 'kmz', 'crx', 'whl', 'egg', 'appx', 'msix', 'vsix'],
  ooxml: 'docx docm dotx dotm xlsx xlsm xltx xltm pptx pptm potx potm ppsx ppsm vsdx'.split(' '),
  ole2: 'doc dot xls xlt ppt pps msg msi msp vsd pub xla mpp'.split(' '),
  pdf: ['pdf'],
  png: ['png'],
  jpg: ['jpg', 'jpeg', 'jfif'],
  gif: ['gif'],
  rtf: ['rtf', 'doc'],
  iso: ['iso', 'img'],
  lnk: ['lnk'],
  gzip: ['gz', 'tgz', 'gzip'],
  '7z': ['7z'],
  rar: ['rar'],
  onenote: ['one'],
  pkcs7: ['p7m', 'p7s', 'p7b', 'p7c', 'mobileconfig'],
  rpmsg: ['rpmsg'],
  html: ['html', 'htm', 'xhtml', 'shtml', 'hta', 'svg', 'mht'],
  svg: ['svg', 'svgz'],
};

// Spacing and joiners that render as nothing or a gap: U+034F COMBINING GRAPHEME JOINER,
// soft hyphen, the zero-width family, bidirectional marks, word joiners, the BOM.
const INVISIBLE = new RegExp(
  '[\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180E\\u200B-\\u200F\\u202A-\\u202E' +
    '\\u2060-\\u2064\\u2066-\\u206F\\u3164\\uFEFF\\uFFA0]',
  'u',
);
const COMBINING = /\p{M}/u;
const RTL_OVERRIDE = '\u202E';
// UTF-8 of U+202E read as Windows-1252: what a mis-decoding mail client shows instead.
const RTL_OVERRIDE_MOJIBAKE = '\u00E2\u20AC\u00AE';
// Six spaces push the real extension out of a narrow column in Explorer and mail clients.
const SPACE_RUN = / {6}|\t|\u3000{2}/;

export function nameFindings(name: string): Finding[] {
  const findings: Finding[] = [];
  const base = name.slice(name.lastIndexOf('/') + 1);

  if (base.includes(RTL_OVERRIDE) || base.includes(RTL_OVERRIDE_MOJIBAKE)) {
    findings.push({
      id: 'name-rtl-override',
      severity: 'critical',
      summary: `name contains a right-to-left override that reverses its extension: ${show(base)}`,
    });
  } else if (INVISIBLE.test(base) || hasCombining(base)) {
    findings.push({
      id: 'name-hidden-characters',
      severity: 'high',
      summary: `name contains invisible or combining characters: ${show(base)}`,
    });
  }
  if (SPACE_RUN.test(base)) {
    findings.push({
      id: 'name-space-padding',
      severity: 'high',
      summary: `name pads with a long run of spaces to hide its extension: ${show(base)}`,
    });
  }

  const double = doubleExtension(base);
  if (double) {
    const risky = RISKY_EXTENSIONS.has(double.last);
    findings.push({
      id: 'name-double-extension',
      severity: risky ? 'high' : 'medium',
      summary: `name has a double extension .${double.inner}.${double.last}`,
    });
  }
  return findings;
}

function doubleExtension(base: string): { inner: string; last: string } | undefined {
  const parts = base.toLowerCase().replace(/\s+$/, '').split('.');
  if (parts.length < 3) return undefined;
  const last = parts[parts.length - 1]!.trim();
  const inner = parts[parts.length - 2]!.trim();
  if (!DOCUMENT_EXTENSIONS.has(inner) || inner === last) return undefined;
  if (!RISKY_EXTENSIONS.has(last) && !DOCUMENT_EXTENSIONS.has(last)) return undefined;
  return { inner, last };
}

/** Combining marks are legitimate after letters (é as e + U+0301), not next to a dot. */
function hasCombining(base: string): boolean {
  const chars = [...base];
  return chars.some((c, i) => COMBINING.test(c) && (i === 0 || !/\p{L}/u.test(chars[i - 1]!)));
}

/** Shows a name with its invisible characters spelled out as code points. */
export function show(name: string): string {
  let out = '';
  for (const c of name) {
    const code = c.codePointAt(0)!;
    const hidden = INVISIBLE.test(c) || COMBINING.test(c) || code < 0x20;
    out += hidden ? `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>` : c;
  }
  return JSON.stringify(out);
}

export function typeFindings(name: string, detected: Detected, declared?: string): Finding[] {
  const findings: Finding[] = [];
  const ext = cleanExtension(name);
  const expected = EXPECTED_EXTENSIONS[detected.kind];

  if (ext && expected && !expected.includes(ext)) {
    const executable = detected.kind === 'pe' || detected.kind === 'elf';
    findings.push({
      id: executable ? 'type-executable-disguised' : 'type-extension-mismatch',
      severity: executable ? 'critical' : 'medium',
      summary: `content is ${detected.kind} (${detected.mime}) but the name ends in .${ext}`,
    });
  }

  const declaredBase = declared?.split(';')[0]?.trim().toLowerCase();
  if (declaredBase && contradicts(declaredBase, detected)) {
    findings.push({
      id: 'type-declared-mismatch',
      severity: detected.kind === 'pe' ? 'critical' : 'low',
      summary: `declared as ${declaredBase} but content is ${detected.kind} (${detected.mime})`,
    });
  }
  return findings;
}

function cleanExtension(name: string): string {
  return extensionOf(name.replace(INVISIBLE, '').replace(/\p{M}/gu, '').trimEnd());
}

/** Generic declarations (octet-stream, text) contradict nothing; specific ones can. */
function contradicts(declared: string, detected: Detected): boolean {
  if (/octet-stream|^text$|unknown|x-empty|binary/.test(declared)) return false;
  if (detected.kind === 'empty' || detected.kind === 'data') return false;
  if (declared === detected.mime) return false;
  const family: Record<string, RegExp> = {
    pdf: /pdf/,
    html: /html|htm/,
    zip: /zip|compressed/,
    ooxml: /openxmlformats|ms-|officedocument/,
    ole2: /ms-|msword|excel|powerpoint|outlook|x-msi|cdfv2/,
    rtf: /rtf|msword/,
    text: /^text\/|xml|json|calendar/,
    xml: /xml|^text\//,
    eml: /rfc822|message/,
    iso: /iso|cd-image|octet/,
  };
  const pattern = family[detected.kind];
  if (pattern) return !pattern.test(declared);
  return !declared.includes(detected.ext ?? detected.kind);
}
