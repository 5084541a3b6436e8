/**
 * What the simulated machines have installed and what the internet looks like to them: the
 * programs with their version information, the sites people visit, the vendors IT downloads
 * installers from, and the attackers' servers (documentation address ranges, RFC 5737).
 */
import type { PeInfo } from './telemetry.js';

const OFFICE = 'C:\\Program Files\\Microsoft Office\\root\\Office16';

export const IMAGES = {
  userinit: 'C:\\Windows\\System32\\userinit.exe',
  explorer: 'C:\\Windows\\explorer.exe',
  svchost: 'C:\\Windows\\System32\\svchost.exe',
  outlook: `${OFFICE}\\OUTLOOK.EXE`,
  winword: `${OFFICE}\\WINWORD.EXE`,
  excel: `${OFFICE}\\EXCEL.EXE`,
  onenote: `${OFFICE}\\ONENOTE.EXE`,
  edge: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
  acrobat: 'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat\\Acrobat.exe',
  powershell: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  cmd: 'C:\\Windows\\System32\\cmd.exe',
  conhost: 'C:\\Windows\\System32\\conhost.exe',
  wscript: 'C:\\Windows\\System32\\wscript.exe',
  mshta: 'C:\\Windows\\System32\\mshta.exe',
  whoami: 'C:\\Windows\\System32\\whoami.exe',
  msiexec: 'C:\\Windows\\System32\\msiexec.exe',
  sevenZip: 'C:\\Program Files\\7-Zip\\7zFM.exe',
  notepad: 'C:\\Windows\\System32\\notepad.exe',
} as const;

function pe(description: string, product: string, original: string, version: string): PeInfo {
  return {
    description,
    product,
    company: 'Microsoft Corporation',
    originalFileName: original,
    fileVersion: version,
  };
}

export const PE: Partial<Record<string, PeInfo>> = {
  [IMAGES.explorer]: pe('Windows Explorer', 'Microsoft Windows', 'EXPLORER.EXE', '10.0.22621.4317'),
  [IMAGES.outlook]: pe('Microsoft Outlook', 'Microsoft Outlook', 'Outlook.exe', '16.0.17928.20114'),
  [IMAGES.winword]: pe('Microsoft Word', 'Microsoft Office', 'WinWord.exe', '16.0.17928.20114'),
  [IMAGES.excel]: pe('Microsoft Excel', 'Microsoft Office', 'Excel.exe', '16.0.17928.20114'),
  [IMAGES.onenote]: pe('Microsoft OneNote', 'Microsoft Office', 'OneNote.exe', '16.0.17928.20114'),
  [IMAGES.edge]: pe('Microsoft Edge', 'Microsoft Edge', 'msedge.exe', '131.0.2903.70'),
  [IMAGES.powershell]: pe(
    'Windows PowerShell',
    'Microsoft Windows',
    'PowerShell.EXE',
    '10.0.22621.3085',
  ),
  [IMAGES.cmd]: pe('Windows Command Processor', 'Microsoft Windows', 'Cmd.Exe', '10.0.22621.3880'),
};

export interface Site {
  domain: string;
  ip: string;
}

/** Sites people open all day; TLS, so the proxy sees CONNECT only. */
export const SITES: readonly Site[] = [
  { domain: 'www.bing.com', ip: '204.79.197.200' },
  { domain: 'login.microsoftonline.com', ip: '20.190.160.20' },
  { domain: 'outlook.office.com', ip: '52.97.146.18' },
  { domain: 'www.google.com', ip: '142.250.74.100' },
  { domain: 'en.wikipedia.org', ip: '185.15.59.224' },
  { domain: 'github.com', ip: '140.82.121.4' },
  { domain: 'www.linkedin.com', ip: '13.107.42.14' },
  { domain: 'news.ycombinator.com', ip: '209.216.230.207' },
  { domain: 'www.bbc.co.uk', ip: '151.101.0.81' },
  { domain: 'stackoverflow.com', ip: '172.64.155.249' },
  { domain: 'teams.microsoft.com', ip: '52.113.194.132' },
  { domain: 'fabrikam.sharepoint.com', ip: '13.107.136.9' },
];

/** Plain-HTTP sites, which the network sensor can read. */
export const HTTP_SITES: readonly Site[] = [
  { domain: 'intranet.fabrikam.example', ip: '10.40.251.80' },
  { domain: 'wiki.fabrikam.example', ip: '10.40.251.81' },
  { domain: 'ocsp.digicert.com', ip: '93.184.220.29' },
];

export const UPDATE_SERVICES: readonly Site[] = [
  { domain: 'ctldl.windowsupdate.com', ip: '13.107.4.50' },
  { domain: 'settings-win.data.microsoft.com', ip: '20.42.65.92' },
  { domain: 'nexus.officeapps.live.com', ip: '52.111.236.21' },
];

export interface Installer {
  file: string;
  url: string;
  ip: string;
  /** A benign service the installed program talks to afterwards. */
  callHome: Site;
  child: string;
}

/** Vendor installers IT fetches, from domains Lurewatch's settings know as vendor services. */
export const INSTALLERS: readonly Installer[] = [
  {
    file: 'ChromeSetup.exe',
    url: 'https://dl.google.com/chrome/install/ChromeSetup.exe',
    ip: '142.250.74.110',
    callHome: { domain: 'update.googleapis.com', ip: '142.250.74.99' },
    child: 'C:\\Program Files (x86)\\Google\\Update\\GoogleUpdate.exe',
  },
  {
    file: 'Firefox Setup 133.0.exe',
    url:
      'https://download-installer.cdn.mozilla.net/pub/firefox/releases/133.0/win64/en-US/' +
      'Firefox%20Setup%20133.0.exe',
    ip: '34.117.35.28',
    callHome: { domain: 'aus5.mozilla.org', ip: '35.244.181.201' },
    child: 'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
  },
  {
    file: 'TeamsSetup_c_w_.exe',
    url:
      'https://statics.teams.cdn.office.net/production-windows-x64/enterprise/' +
      'TeamsSetup_c_w_.exe',
    ip: '13.107.246.40',
    callHome: { domain: 'teams.microsoft.com', ip: '52.113.194.132' },
    child:
      'C:\\Program Files\\WindowsApps\\MSTeams_24335.206.3314.6632_x64__8wekyb3d8bbwe\\' +
      'ms-teams.exe',
  },
];

/** Attackers' infrastructure, from the documentation ranges so nothing here is a real host. */
export const C2_DOMAINS: readonly string[] = [
  'cdn-update-check.net',
  'telemetry-sync.org',
  'secure-docs-view.com',
  'office365-verify.net',
  'invoice-portal.biz',
  'static-cdn-assets.info',
];

export const LURE_SENDERS: readonly string[] = [
  'northwind-invoices.com',
  'contoso-billing.net',
  'adatum-payments.com',
  'tailspin-logistics.co',
  'wingtip-shipping.net',
];
