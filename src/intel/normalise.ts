/**
 * One spelling per indicator value, so that a feed's value and a log's value meet in one
 * index look-up. Feeds often "defang" values (`hxxp://`, `evil[.]com`); they are refanged here.
 */
import { iocType } from '../detect/ioc.js';
import type { IndicatorType } from './model.js';

/** Longer values are not indicators any feed publishes; they are cut off as hostile. */
export const MAX_VALUE_LENGTH = 4096;

export function refang(value: string): string {
  return value
    .replace(/^hxxp/i, 'http')
    .replaceAll('[.]', '.')
    .replaceAll('(.)', '.')
    .replaceAll('[:]', ':')
    .replaceAll('[@]', '@');
}

function normaliseUrl(value: string): string {
  try {
    const url = new URL(value);
    // The URL class lower-cases scheme and host and drops default ports; paths keep case.
    return url.href;
  } catch {
    return value;
  }
}

/** Normalises a value of a known type; undefined when it is empty or too long. */
export function normaliseValue(type: IndicatorType, raw: string): string | undefined {
  const value = refang(raw.trim());
  if (!value || value.length > MAX_VALUE_LENGTH) return undefined;
  switch (type) {
    case 'url':
      return normaliseUrl(value);
    case 'domain':
      return value.toLowerCase().replace(/\.$/, '');
    case 'ip':
      return value.toLowerCase().replace(/^\[|\]$/g, '');
    // Feeds give names with their folder (`%TEMP%\\winhelp.dat`); logs are matched by base
    // name. Windows, where the logs come from, compares file names without case.
    case 'filename':
      return (
        value.slice(Math.max(value.lastIndexOf('\\'), value.lastIndexOf('/')) + 1).toLowerCase() ||
        undefined
      );
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
    case 'email':
      return value.toLowerCase();
    case 'stix-pattern':
      return value;
  }
}

/** The type of a bare value by its shape, as plain lists give them. */
export function detectType(raw: string): IndicatorType | undefined {
  const value = refang(raw.trim());
  if (/^https?:\/\//i.test(value)) return 'url';
  const lower = value.toLowerCase();
  if (/^[0-9a-f]{128}$/.test(lower)) return 'sha512';
  if (/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(lower)) return 'ip';
  return iocType(lower);
}
