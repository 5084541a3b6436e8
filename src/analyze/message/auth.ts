/**
 * SPF, DKIM and DMARC verdicts as recorded by the receiving servers in
 * Authentication-Results (RFC 8601) and Received-SPF (RFC 7208 section 9.1).
 * The topmost header is the recipient's own; verdicts are taken from it first.
 */
import type { AuthResults, Finding } from '../types.js';

const METHOD = /\b(spf|dkim|dmarc)\s*=\s*([a-z]+)/gi;

export function parseAuth(authResults: string[], receivedSpf: string[]): AuthResults {
  const auth: AuthResults = {};
  for (const header of authResults) {
    for (const match of header.slice(0, 8192).matchAll(METHOD)) {
      const method = match[1]!.toLowerCase() as keyof AuthResults;
      auth[method] ??= match[2]!.toLowerCase();
    }
  }
  const spf = /^\s*([a-z]+)/i.exec(receivedSpf[0] ?? '');
  if (spf && !auth.spf) auth.spf = spf[1]!.toLowerCase();
  return auth;
}

const FAILING: Record<string, Finding['severity']> = {
  fail: 'medium',
  permerror: 'low',
  softfail: 'low',
  temperror: 'info',
};

export function authFindings(auth: AuthResults): Finding[] {
  const findings: Finding[] = [];
  for (const method of ['spf', 'dkim', 'dmarc'] as const) {
    const verdict = auth[method];
    const severity = verdict ? FAILING[verdict] : undefined;
    if (severity) {
      findings.push({
        id: `auth-${method}-${verdict}`,
        severity,
        summary: `${method.toUpperCase()} ${verdict}`,
      });
    }
  }
  if (!auth.spf && !auth.dkim && !auth.dmarc) {
    findings.push({
      id: 'auth-missing',
      severity: 'info',
      summary: 'no Authentication-Results or Received-SPF header',
    });
  }
  return findings;
}
