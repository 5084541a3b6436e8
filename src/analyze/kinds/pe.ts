/**
 * Windows executables: what they run on, when they claim to have been built, how their
 * sections look (packed code has near-random entropy), which APIs of note they import,
 * whether they carry an Authenticode signature, and whether the name they were built under
 * (version-info OriginalFilename) matches the name they were delivered under.
 */
import type { FileContext } from '../context.js';
import { registerAnalyzer } from '../registry.js';
import {
  DIRECTORY,
  parseImports,
  parsePe,
  versionString,
  type PeImage,
  type PeImport,
} from './pe-format.js';

const MACHINES: Record<number, string> = {
  0x14c: 'i386',
  0x8664: 'amd64',
  0x1c0: 'arm',
  0x1c4: 'armnt',
  0xaa64: 'arm64',
  0x200: 'ia64',
};
const SUBSYSTEMS: Record<number, string> = {
  1: 'native',
  2: 'windows-gui',
  3: 'windows-console',
  9: 'windows-ce',
  10: 'efi-application',
};

// APIs that loaders, injectors and downloaders need; one alone means little, several together
// are how triage tools rank a sample.
const NOTABLE_IMPORTS = new Set(
  (
    'VirtualAlloc VirtualAllocEx VirtualProtect WriteProcessMemory CreateRemoteThread ' +
    'NtUnmapViewOfSection SetThreadContext ResumeThread QueueUserAPC LoadLibraryA LoadLibraryW ' +
    'GetProcAddress URLDownloadToFileA URLDownloadToFileW InternetOpenA InternetOpenW ' +
    'InternetOpenUrlA HttpSendRequestA WinHttpOpen WinExec ShellExecuteA ShellExecuteW ' +
    'CreateProcessA CreateProcessW IsDebuggerPresent CheckRemoteDebuggerPresent CryptDecrypt ' +
    'SetWindowsHookExA SetWindowsHookExW GetAsyncKeyState RegSetValueExA RegSetValueExW'
  ).split(' '),
);
// Above this, a section's bytes are compressed or encrypted: a packer or an embedded payload.
const PACKED_ENTROPY = 7.2;
const SECTION_EXECUTE = 0x20000000;
const SECTION_WRITE = 0x80000000;

registerAnalyzer({
  kinds: ['pe'],
  async analyze(bytes, ctx) {
    const image = parsePe(bytes);
    describeHeader(image, ctx);
    sectionFindings(image, ctx);
    importFindings(parseImports(bytes, image), ctx);
    signatureFindings(image, ctx);
    originalNameFindings(versionString(bytes, image, 'OriginalFilename'), ctx);
  },
});

function describeHeader(image: PeImage, ctx: FileContext): void {
  const compiled = new Date(image.timestamp * 1000);
  const dll = (image.characteristics & 0x2000) !== 0;
  const dotnet = (image.directories[DIRECTORY.clr]?.[1] ?? 0) > 0;
  ctx.detail('machine', MACHINES[image.machine] ?? `0x${image.machine.toString(16)}`);
  ctx.detail('format', image.is64 ? 'PE32+' : 'PE32');
  ctx.detail('subsystem', SUBSYSTEMS[image.subsystem] ?? String(image.subsystem));
  ctx.detail('compiled', compiled.toISOString());
  ctx.detail('dll', dll);
  ctx.detail('dotnet', dotnet);
  const machine = MACHINES[image.machine] ?? image.machine;
  const subsystem = SUBSYSTEMS[image.subsystem] ?? image.subsystem;
  const when = compiled.toISOString();
  const traits = [image.is64 ? 'PE32+' : 'PE32', machine, subsystem, ...(dotnet ? ['.NET'] : [])];
  ctx.add({
    id: 'pe-executable',
    severity: 'high',
    summary: `Windows ${dll ? 'DLL' : 'executable'} (${traits.join(', ')}), compiled ${when}`,
  });
  // Linkers since 2015 may write a hash instead of a time (reproducible builds), so an odd
  // time is a hint, not proof, of tampering.
  if (image.timestamp * 1000 > Date.now() || image.timestamp < 631152000) {
    ctx.add({
      id: 'pe-timestamp-implausible',
      severity: 'low',
      summary: `compile time ${compiled.toISOString()} is in the future or before 1990`,
    });
  }
}

function sectionFindings(image: PeImage, ctx: FileContext): void {
  ctx.detail(
    'sections',
    image.sections.map((s) => ({
      name: s.name,
      virtualSize: s.virtualSize,
      rawSize: s.rawSize,
      entropy: s.entropy,
    })),
  );
  for (const section of image.sections) {
    if (section.entropy > PACKED_ENTROPY) {
      ctx.add({
        id: 'pe-packed-section',
        severity: 'medium',
        summary: `section ${section.name} has entropy ${section.entropy} (packed or encrypted)`,
      });
    }
    const flags = section.characteristics >>> 0;
    if ((flags & SECTION_EXECUTE) !== 0 && (flags & SECTION_WRITE) >>> 0 !== 0) {
      ctx.add({
        id: 'pe-writable-code',
        severity: 'medium',
        summary: `section ${section.name} is both writable and executable (self-modifying code)`,
      });
    }
  }
}

function importFindings(imports: PeImport[], ctx: FileContext): void {
  ctx.detail(
    'imports',
    imports.map((i) => `${i.dll}: ${i.functions.length}`),
  );
  const notable = imports.flatMap((i) => i.functions.filter((f) => NOTABLE_IMPORTS.has(f)));
  if (notable.length > 0) {
    ctx.add({
      id: 'pe-notable-imports',
      severity: notable.length >= 4 ? 'medium' : 'low',
      summary: `imports ${[...new Set(notable)].join(', ')}`,
    });
  }
  if (imports.length <= 1 && imports.flatMap((i) => i.functions).length <= 4) {
    ctx.add({
      id: 'pe-few-imports',
      severity: 'low',
      summary: 'imports almost nothing (resolves its APIs at run time, typical of packers)',
    });
  }
}

function signatureFindings(image: PeImage, ctx: FileContext): void {
  const [offset = 0, size = 0] = image.directories[DIRECTORY.security] ?? [];
  const signed = offset > 0 && size > 0;
  ctx.detail('authenticode', signed);
  ctx.add(
    signed
      ? {
          id: 'pe-signed',
          severity: 'info',
          summary: 'carries an Authenticode signature (not verified)',
        }
      : { id: 'pe-unsigned', severity: 'low', summary: 'carries no Authenticode signature' },
  );
}

function originalNameFindings(original: string | undefined, ctx: FileContext): void {
  if (!original) return;
  ctx.detail('originalFilename', original);
  const base = (name: string) => name.toLowerCase().replace(/\.[^.]*$/, '');
  const delivered = ctx.report.name.slice(ctx.report.name.lastIndexOf('/') + 1);
  if (base(original) !== base(delivered)) {
    ctx.add({
      id: 'pe-original-name-mismatch',
      severity: 'medium',
      summary: `built as ${JSON.stringify(original)} but delivered as ${JSON.stringify(delivered)}`,
    });
  }
}
