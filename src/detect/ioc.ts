/**
 * Tells an indicator's type from its shape: hashes (MD5, SHA-1, SHA-256), IP addresses,
 * domains and email addresses. Plain indicator lists and `--ioc` files rely on it.
 */

export type IocType = 'md5' | 'sha1' | 'sha256' | 'ip' | 'domain' | 'email';

export function iocType(value: string): IocType | undefined {
  if (/^[0-9a-f]{64}$/.test(value)) return 'sha256';
  if (/^[0-9a-f]{40}$/.test(value)) return 'sha1';
  if (/^[0-9a-f]{32}$/.test(value)) return 'md5';
  if (
    /^\d{1,3}(\.\d{1,3}){3}$/.test(value) ||
    (/^[0-9a-f:]{2,39}$/.test(value) && value.includes(':'))
  ) {
    return 'ip';
  }
  if (/^[^@\s]{1,64}@[a-z0-9.-]{1,253}$/.test(value)) return 'email';
  if (/^[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63}){1,8}$/.test(value)) return 'domain';
  return undefined;
}
