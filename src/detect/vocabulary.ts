/**
 * What the analytics know about Windows: which folders a user can write to, which file types
 * run code when opened, and which programs are shells, Office, browsers or archive tools.
 * Kept as data in one place so that tuning them never means reading analytic code.
 */

/** Path fragments (lower case, backslashes) of folders any user can write to. */
const USER_WRITABLE = [
  '\\downloads\\',
  '\\desktop\\',
  '\\documents\\',
  '\\appdata\\',
  '\\temp\\',
  '\\tmp\\',
  '\\content.outlook\\',
  '\\inetcache\\',
  '\\temporary internet files\\',
  '\\users\\public\\',
  '\\$recycle.bin\\',
];

/** Where delivered files land before a user opens them. */
const DELIVERY_FOLDERS = [
  '\\downloads\\',
  '\\desktop\\',
  '\\content.outlook\\',
  '\\inetcache\\',
  '\\temporary internet files\\',
  '\\temp\\',
];

/**
 * Folders that archive tools create when a user opens a file inside an archive: Explorer's
 * `Temp1_invoice.zip\`, WinRAR's `RarSFX0\` and `Rar$EXa0.123\`, 7-Zip's `7zO1234.tmp\`.
 */
export function isArchiveExtraction(path: string): boolean {
  const p = normalisePath(path);
  return (
    /\\temp\d+_[^\\]{1,255}\.zip\\/.test(p) ||
    /\\rarsfx\d{0,4}\\/.test(p) ||
    /\\rar\$ex[a-z]{0,2}\d{0,6}\.\d{0,8}\\/.test(p) ||
    /\\7zo[0-9a-f]{1,16}\.tmp\\/.test(p)
  );
}

/** A set from a space-separated list: the lists below are data, and read best as prose. */
function words(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter(Boolean));
}

export function normalisePath(path: string): string {
  return path.replace(/\//g, '\\').toLowerCase();
}

export function isUserWritable(path: string): boolean {
  const p = normalisePath(path);
  return USER_WRITABLE.some((part) => p.includes(part)) || isArchiveExtraction(p);
}

export function isDeliveryFolder(path: string): boolean {
  const p = normalisePath(path);
  return DELIVERY_FOLDERS.some((part) => p.includes(part)) || isArchiveExtraction(p);
}

/** File types that run code when a user double-clicks them. */
export const EXECUTABLE_TYPES = words(
  'exe scr com pif cpl hta js jse vbs vbe wsf wsh lnk iso img vhd vhdx msi msp chm one ' +
    'onepkg bat cmd ps1 jar appref-ms url settingcontent-ms library-ms xll reg',
);

/** Types that run code wherever they sit: a script or container is never a normal launch. */
export const ALWAYS_UNUSUAL_TYPES = words(
  'scr com pif cpl hta js jse vbs vbe wsf wsh iso img vhd vhdx chm one onepkg jar ' +
    'appref-ms settingcontent-ms xll',
);

/** Documents that carry macros or exploits when delivered. */
export const DOCUMENT_TYPES = words(
  'doc docm docx dot dotm xls xlsm xlsb xlsx xlam xltm ppt pptm pptx ppsm rtf pdf one',
);

/** Extensions a masquerading name pretends to have. */
export const DECOY_TYPES = words(
  'pdf doc docx xls xlsx ppt pptx rtf txt csv jpg jpeg png gif bmp tif tiff mp3 mp4 avi ' +
    'mov wav zip rar 7z htm html odt ods xml json eml msg',
);

/** Extensions that make a masquerading name dangerous: code, and HTML that phishes. */
export const DANGEROUS_FINAL_TYPES = new Set([...EXECUTABLE_TYPES, 'htm', 'html', 'shtml', 'svg']);

export const SHELLS = words(
  'cmd.exe powershell.exe pwsh.exe wscript.exe cscript.exe mshta.exe bash.exe wsl.exe ' +
    'powershell_ise.exe',
);

/** Built-in programs that attackers use to fetch or run the next stage. */
export const LOLBINS = words(
  'rundll32.exe regsvr32.exe certutil.exe bitsadmin.exe msiexec.exe schtasks.exe ' +
    'wmic.exe hh.exe msbuild.exe installutil.exe regasm.exe regsvcs.exe curl.exe ' +
    'forfiles.exe scriptrunner.exe cmstp.exe',
);

export const OFFICE = words(
  'winword.exe excel.exe powerpnt.exe msaccess.exe mspub.exe onenote.exe visio.exe ' +
    'eqnedt32.exe wordpad.exe',
);

export const MAIL_CLIENTS = words('outlook.exe thunderbird.exe hxoutlook.exe');

export const PDF_READERS = words(
  'acrord32.exe acrobat.exe foxitreader.exe foxitpdfreader.exe sumatrapdf.exe',
);

export const BROWSERS = words(
  'msedge.exe chrome.exe firefox.exe iexplore.exe brave.exe opera.exe vivaldi.exe',
);

export const ARCHIVERS = words(
  '7zfm.exe 7zg.exe 7z.exe winrar.exe rar.exe unrar.exe winzip32.exe winzip64.exe ' +
    'bandizip.exe peazip.exe',
);

/** Programs through which a person, not a service, starts things. */
export const USER_FACING = new Set([
  'explorer.exe',
  ...OFFICE,
  ...MAIL_CLIENTS,
  ...PDF_READERS,
  ...BROWSERS,
  ...ARCHIVERS,
]);

/** Programs that open a file named on their command line and run what it holds. */
export const FILE_HOSTS = new Set([
  'wscript.exe',
  'cscript.exe',
  'mshta.exe',
  'msiexec.exe',
  'rundll32.exe',
  'regsvr32.exe',
  'control.exe',
  'hh.exe',
  'powershell.exe',
  'pwsh.exe',
  'cmd.exe',
  'java.exe',
  'javaw.exe',
  ...OFFICE,
  ...PDF_READERS,
]);

export function extensionOf(name: string): string | undefined {
  const base = name.slice(Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 && dot < base.length - 1 ? base.slice(dot + 1).toLowerCase() : undefined;
}

export function processName(path: string | undefined): string {
  if (!path) return '';
  return path.slice(Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1).toLowerCase();
}
