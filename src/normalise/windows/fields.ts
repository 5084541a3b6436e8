/**
 * Reading EventData values: Windows writes `-` for "none", numbers as decimal or `0x` hex
 * depending on the provider, and `DOMAIN\user` for accounts.
 */
import type { ProcessInfo } from '../../model/event.js';
import { baseName, parseHashList } from '../meta.js';

type Data = Record<string, unknown>;

/** Longest field value kept; Windows caps most fields far below this. */
const MAX_FIELD = 32 * 1024;

export function str(data: Data, key: string): string | undefined {
  const value = data[key];
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value !== 'string') return undefined;
  if (value === '' || value === '-') return undefined;
  return value.length > MAX_FIELD ? value.slice(0, MAX_FIELD) : value;
}

export function num(data: Data, key: string): number | undefined {
  const value = str(data, key);
  if (value === undefined) return undefined;
  const n = /^0x[0-9a-f]+$/i.test(value) ? Number.parseInt(value, 16) : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function account(value: string | undefined): { name?: string; domain?: string } | undefined {
  if (!value) return undefined;
  const cut = value.indexOf('\\');
  return cut === -1 ? { name: value } : { domain: value.slice(0, cut), name: value.slice(cut + 1) };
}

/** Sysmon guids come with or without braces and in either case; compare them one way. */
export function guid(value: string | undefined): string | undefined {
  return value?.replace(/[{}]/g, '').toLowerCase();
}

export function processFrom(
  data: Data,
  keys: { image: string; pid: string; guid?: string; commandLine?: string; hashes?: string },
): ProcessInfo | undefined {
  const executable = str(data, keys.image);
  const pid = num(data, keys.pid);
  const entity = keys.guid ? guid(str(data, keys.guid)) : undefined;
  if (executable === undefined && pid === undefined && entity === undefined) return undefined;
  const info: ProcessInfo = {};
  if (executable !== undefined) {
    info.executable = executable;
    info.name = baseName(executable);
  }
  if (pid !== undefined) info.pid = pid;
  if (entity !== undefined) info.entity_id = entity;
  const commandLine = keys.commandLine ? str(data, keys.commandLine) : undefined;
  if (commandLine !== undefined) info.command_line = commandLine;
  const hashes = keys.hashes ? parseHashList(str(data, keys.hashes)) : undefined;
  if (hashes) info.hash = hashes;
  return info;
}
