/**
 * Deterministic STIX identifiers: UUIDv5 (RFC 9562) names, so that exporting the same incident
 * twice yields the same ids and a receiving platform updates instead of duplicating.
 */
import { createHash } from 'node:crypto';

/** The namespace STIX 2.1 section 2.9 gives for cyber-observable ids. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';
/** Lurewatch's own namespace for the domain objects it creates. */
export const LUREWATCH_NAMESPACE = '8b0d3e8e-9a57-5b1f-9a6c-3f1c2a4d7e10';

export function uuidV5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  const cuts = [0, 8, 12, 16, 20, 32];
  return cuts
    .slice(1)
    .map((end, i) => hex.slice(cuts[i], end))
    .join('-');
}

/** An SCO id from its id-contributing properties, serialised with sorted keys. */
export function scoId(type: string, contributing: Record<string, unknown>): string {
  const canonical = JSON.stringify(contributing, Object.keys(contributing).sort());
  return `${type}--${uuidV5(STIX_SCO_NAMESPACE, canonical)}`;
}

export function sdoId(type: string, name: string): string {
  return `${type}--${uuidV5(LUREWATCH_NAMESPACE, `${type}\u0000${name}`)}`;
}
