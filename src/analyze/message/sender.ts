/**
 * Who the message claims to come from, against where replies and bounces really go, against
 * the organisation's own names and domains: display-name spoofing and look-alike domains.
 */
import { domainToUnicode } from 'node:url';
import type { Finding } from '../types.js';

export interface Party {
  name?: string;
  address?: string;
}

export interface SenderHeaders {
  from?: Party;
  replyTo?: Party;
  sender?: Party;
  returnPath?: string;
}

export interface SenderPolicy {
  ownDomains: string[];
  internalNames: string[];
}

export function domainOf(address: string | undefined): string | undefined {
  const at = address?.lastIndexOf('@') ?? -1;
  if (!address || at < 0) return undefined;
  return (
    address
      .slice(at + 1)
      .replace(/[>\s]+$/, '')
      .toLowerCase() || undefined
  );
}

export function senderFindings(headers: SenderHeaders, policy: SenderPolicy): Finding[] {
  const findings: Finding[] = [];
  const fromDomain = domainOf(headers.from?.address);
  const mismatch = (
    id: string,
    label: string,
    other: string | undefined,
    severity: Finding['severity'],
  ) => {
    const domain = domainOf(other);
    if (fromDomain && domain && !sameOrganisation(domain, fromDomain)) {
      findings.push({
        id,
        severity,
        summary: `${label} ${other} is not on the From domain ${fromDomain}`,
      });
    }
  };
  mismatch('sender-reply-to-mismatch', 'Reply-To', headers.replyTo?.address, 'medium');
  mismatch('sender-return-path-mismatch', 'Return-Path', headers.returnPath, 'low');
  mismatch('sender-header-mismatch', 'Sender', headers.sender?.address, 'low');

  findings.push(...displayNameFindings(headers.from, fromDomain, policy));
  for (const [label, address] of [
    ['From', headers.from?.address],
    ['Reply-To', headers.replyTo?.address],
  ] as const) {
    const domain = domainOf(address);
    const lookalike = domain && lookalikeOf(domain, policy.ownDomains);
    if (lookalike) {
      findings.push({
        id: 'sender-lookalike-domain',
        severity: 'high',
        summary: `${label} domain ${domain} imitates ${lookalike.own} (${lookalike.how})`,
      });
    }
  }
  return findings;
}

function displayNameFindings(
  from: Party | undefined,
  fromDomain: string | undefined,
  policy: SenderPolicy,
): Finding[] {
  const findings: Finding[] = [];
  const name = from?.name?.trim();
  if (!name || !fromDomain) return findings;

  const shownAddress = /[^\s<>"'@]{1,64}@([a-z0-9.-]{1,253}\.[a-z]{2,63})/i.exec(name);
  if (shownAddress && !sameOrganisation(shownAddress[1]!.toLowerCase(), fromDomain)) {
    findings.push({
      id: 'sender-display-name-address',
      severity: 'high',
      summary: `display name shows ${shownAddress[0]} but the message is from ${from?.address}`,
    });
  }
  const own = policy.ownDomains.some((d) => sameOrganisation(fromDomain, d));
  const normalised = normaliseName(name);
  const internal = policy.internalNames.find((n) => normaliseName(n) === normalised);
  if (internal && !own) {
    findings.push({
      id: 'sender-display-name-spoof',
      severity: 'high',
      summary: `display name "${name}" is an internal person but the address is ${from?.address}`,
    });
  }
  return findings;
}

function normaliseName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/["'.,]/g, '')
    .split(/\s+/)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** Same domain, or one a subdomain of the other. */
function sameOrganisation(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

// Characters that render like ASCII letters in common mail fonts: Cyrillic and Greek
// homoglyphs and the digit swaps used in typo-squats.
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  е: 'e',
  о: 'o',
  р: 'p',
  с: 'c',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  ѕ: 's',
  һ: 'h',
  ӏ: 'l',
  ԛ: 'q',
  ԝ: 'w',
  α: 'a',
  ο: 'o',
  ν: 'v',
  ρ: 'p',
  τ: 't',
  ι: 'i',
  κ: 'k',
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '5': 's',
  '!': 'i',
  '|': 'l',
  ı: 'i',
  ɡ: 'g',
};

/** A spelling of a domain with confusable characters collapsed onto one representative. */
export function skeleton(domain: string): string {
  const unicode = domainToUnicode(domain) || domain;
  const folded = [...unicode.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()]
    .map((c) => CONFUSABLES[c] ?? c)
    .join('');
  return folded.replace(/rn/g, 'm').replace(/vv/g, 'w').replace(/cl/g, 'd').replace(/i/g, 'l');
}

export function lookalikeOf(
  domain: string,
  ownDomains: string[],
): { own: string; how: string } | undefined {
  for (const own of ownDomains.map((d) => d.toLowerCase())) {
    if (sameOrganisation(domain, own)) continue;
    if (skeleton(domain) === skeleton(own)) return { own, how: 'confusable characters' };
    const [label, ownLabel] = [firstLabel(domain), firstLabel(own)];
    const distance = editDistance(label, ownLabel, 3);
    if (ownLabel.length >= 4 && distance > 0 && distance <= 2) {
      return { own, how: `edit distance ${distance}` };
    }
    if (label === ownLabel) return { own, how: 'same name under another suffix' };
    if (domain.startsWith(`${own}.`) || domain.includes(`${ownLabel}-`)) {
      return { own, how: 'own domain embedded in a foreign one' };
    }
  }
  return undefined;
}

/** The registrable label: `mail.example.co.uk` gives `example`. */
function firstLabel(domain: string): string {
  const labels = domain.split('.');
  const secondLevel = /^(?:co|com|net|org|gov|ac|edu)$/.test(labels[labels.length - 2] ?? '');
  return labels[labels.length - (secondLevel ? 3 : 2)] ?? domain;
}

/** Levenshtein distance, giving up above `max` (domains are short; this bounds the work). */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max || a.length > 253 || b.length > 253) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}
