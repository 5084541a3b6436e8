/**
 * Windows shortcuts (MS-SHLLINK). A shortcut mailed to a user, or shipped inside an image
 * or archive, is a command line with a document's icon: what it runs, with which arguments,
 * from where, and under which icon is what an analyst needs.
 */
import { ByteReader } from '../bytes.js';
import type { FileContext } from '../context.js';
import { words } from '../patterns.js';
import { registerAnalyzer } from '../registry.js';

const FLAG = {
  idList: 0x1,
  linkInfo: 0x2,
  name: 0x4,
  relativePath: 0x8,
  workingDir: 0x10,
  arguments: 0x20,
  iconLocation: 0x40,
  unicode: 0x80,
} as const;
const ENVIRONMENT_BLOCK = 0xa0000001;
// Real shortcuts stay far below; Windows itself caps arguments in the UI at 259 characters.
const MAX_STRING_CHARS = 32_768;
const MAX_EXTRA_BLOCKS = 64;
const SHOW_MIN_NO_ACTIVE = 7;
// Padding arguments past what the Properties dialog shows hides the real command.
const LONG_ARGUMENTS = 259;

const INTERPRETERS = new RegExp(
  String.raw`(?:^|[\\/])(?:${words(`cmd powershell pwsh mshta wscript cscript rundll32 regsvr32
    certutil bitsadmin msiexec conhost forfiles curl wmic schtasks explorer msbuild installutil
    odbcconf`).join('|')})(?:\.exe)?$`,
  'i',
);
const FETCH_OR_DECODE = new RegExp(
  [
    String.raw`-e(?:nc(?:odedcommand)?)?\s`,
    String.raw`\biex\b`,
    ...words('frombase64string invoke-expression downloadstring https?://'),
  ].join('|'),
  'i',
);

export interface Shortcut {
  target?: string;
  name?: string;
  relativePath?: string;
  workingDir?: string;
  arguments?: string;
  iconLocation?: string;
  showCommand: number;
}

export function parseShortcut(bytes: Buffer): Shortcut {
  const r = new ByteReader(bytes);
  if (r.u32(0, 'HeaderSize') !== 0x4c) throw new Error('not a shell link header');
  const flags = r.u32(0x14, 'LinkFlags');
  const showCommand = r.u32(0x3c, 'ShowCommand');
  let at = 0x4c;
  if (flags & FLAG.idList) at += 2 + r.u16(at, 'IDListSize');

  let target: string | undefined;
  if (flags & FLAG.linkInfo) {
    target = linkInfoPath(r, at);
    at += r.u32(at, 'LinkInfoSize');
  }

  const unicode = (flags & FLAG.unicode) !== 0;
  const strings: Partial<Shortcut> = {};
  const order = ['name', 'relativePath', 'workingDir', 'arguments', 'iconLocation'] as const;
  for (const key of order) {
    if (!(flags & FLAG[key])) continue;
    const count = Math.min(r.u16(at, `${key} length`), MAX_STRING_CHARS);
    const size = unicode ? count * 2 : count;
    strings[key] = r.slice(at + 2, size, key).toString(unicode ? 'utf16le' : 'latin1');
    at += 2 + size;
  }
  target ??= environmentTarget(r, at);
  return { ...strings, target: target ?? strings.relativePath, showCommand };
}

function linkInfoPath(r: ByteReader, at: number): string | undefined {
  const infoFlags = r.u32(at + 8, 'LinkInfoFlags');
  const suffixOffset = r.u32(at + 24, 'CommonPathSuffixOffset');
  const suffix = suffixOffset ? r.cString(at + suffixOffset, 1024, 'CommonPathSuffix') : '';
  if (infoFlags & 1) {
    return r.cString(at + r.u32(at + 16, 'LocalBasePathOffset'), 1024, 'LocalBasePath') + suffix;
  }
  if (infoFlags & 2) {
    const network = at + r.u32(at + 20, 'CommonNetworkRelativeLinkOffset');
    const share = r.cString(network + r.u32(network + 8, 'NetNameOffset'), 1024, 'NetName');
    return suffix ? `${share}\\${suffix}` : share;
  }
  return undefined;
}

/** The target kept in an EnvironmentVariableDataBlock (`%windir%\...`), if any. */
function environmentTarget(r: ByteReader, start: number): string | undefined {
  let at = start;
  for (let i = 0; i < MAX_EXTRA_BLOCKS && at + 8 <= r.bytes.length; i++) {
    const size = r.u32(at, 'ExtraData BlockSize');
    if (size < 8) return undefined;
    if (r.u32(at + 4, 'ExtraData BlockSignature') === ENVIRONMENT_BLOCK && size >= 0x314) {
      const wide = r.utf16z(at + 8 + 260, 260, 'TargetUnicode');
      return wide || r.cString(at + 8, 260, 'TargetAnsi');
    }
    at += size;
  }
  return undefined;
}

registerAnalyzer({
  kinds: ['lnk'],
  async analyze(bytes, ctx) {
    const link = parseShortcut(bytes);
    for (const key of ['target', 'arguments', 'workingDir', 'iconLocation', 'name'] as const) {
      if (link[key]) ctx.detail(key, link[key]!);
    }
    ctx.detail('showCommand', link.showCommand);
    judge(link, ctx);
  },
});

function judge(link: Shortcut, ctx: FileContext): void {
  const args = link.arguments ?? '';
  ctx.indicators.addText(args);
  ctx.add({
    id: 'lnk-shortcut',
    severity: 'medium',
    summary: `shortcut runs ${link.target ?? '?'} ${args.trim().slice(0, 300)}`.trim(),
  });
  const target = (link.target ?? '').trim();
  if (INTERPRETERS.test(target)) {
    ctx.add({
      id: 'lnk-runs-interpreter',
      severity: 'critical',
      summary: `shortcut starts ${target.split(/[\\/]/).pop()} with arguments`,
    });
  }
  if (args.length > LONG_ARGUMENTS || /\s{40}/.test(args)) {
    ctx.add({
      id: 'lnk-padded-arguments',
      severity: 'high',
      summary: `arguments are ${args.length} characters long, padded past what Properties shows`,
    });
  }
  if (FETCH_OR_DECODE.test(args)) {
    ctx.add({
      id: 'lnk-download-or-encoded',
      severity: 'high',
      summary: 'arguments download or decode code',
    });
  }
  if (link.showCommand === SHOW_MIN_NO_ACTIVE) {
    ctx.add({ id: 'lnk-hidden-window', severity: 'low', summary: 'runs minimised, out of sight' });
  }
  const icon = link.iconLocation ?? '';
  if (icon && !icon.toLowerCase().includes(target.toLowerCase().split(/[\\/]/).pop() || '\0')) {
    ctx.add({
      id: 'lnk-borrowed-icon',
      severity: 'medium',
      summary: `shows the icon of ${icon} instead of its target's`,
    });
  }
}
