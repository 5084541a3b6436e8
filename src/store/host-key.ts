/**
 * Sources name hosts differently: Sysmon writes the FQDN (`MKT01.pandalab.com`), Wazuh the
 * agent name (`MKT01`), some exports upper case. Joins use the first label, lower-cased.
 */
export function hostKey(name: string | undefined): string {
  if (!name) return '';
  const lower = name.trim().toLowerCase();
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(lower) || lower.includes(':')) return lower;
  const dot = lower.indexOf('.');
  return dot === -1 ? lower : lower.slice(0, dot);
}
