/**
 * The simulated organisation: who works there, on which workstation and address, when they
 * work, and what they are (staff, administrators, IT). Everything derives from the seed.
 */
import type { Rng } from './prng.js';

export type Role = 'staff' | 'admin' | 'it';

export interface Person {
  index: number;
  /** sAMAccountName, such as `anna.berg`. */
  account: string;
  display: string;
  email: string;
  role: Role;
  host: string;
  /** The workstation's FQDN, as Sysmon writes it. */
  fqdn: string;
  ip: string;
  /** Working hours in UTC, as fractional hours. */
  start: number;
  end: number;
}

export interface Organisation {
  name: string;
  /** NetBIOS domain, as in `FABRIKAM\anna.berg`. */
  netbios: string;
  adDomain: string;
  mailDomain: string;
  /** The mail gateway's address, the last internal hop of every inbound message. */
  mx: { name: string; ip: string };
  proxyName: string;
  people: Person[];
}

const FIRST = [
  'anna',
  'ben',
  'carla',
  'dev',
  'elif',
  'farid',
  'greta',
  'hiro',
  'ines',
  'jonas',
  'kemal',
  'lena',
  'marco',
  'nadia',
  'omar',
  'paula',
  'quinn',
  'rosa',
  'sami',
  'tara',
  'uwe',
  'vera',
  'wei',
  'ximena',
  'yusuf',
  'zoe',
];
const LAST = [
  'berg',
  'costa',
  'dahl',
  'evans',
  'fischer',
  'garcia',
  'holm',
  'ito',
  'jensen',
  'kovac',
  'larsen',
  'moreau',
  'novak',
  'olsen',
  'perez',
  'quist',
  'rossi',
  'silva',
  'tanaka',
  'ulrich',
  'vogel',
  'weber',
  'young',
  'zhang',
];

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function buildOrganisation(users: number, rng: Rng): Organisation {
  const adDomain = 'fabrikam.example';
  const people: Person[] = [];
  for (let index = 0; index < users; index += 1) {
    const first = FIRST[index % FIRST.length] ?? 'user';
    const last = LAST[Math.floor(index / FIRST.length) % LAST.length] ?? 'user';
    const round = Math.floor(index / (FIRST.length * LAST.length));
    const account = `${first}.${last}${round > 0 ? round : ''}`;
    // About one in twenty are administrators and one in fifty work in IT, as in a mid-size office.
    const draw = rng.next();
    const role: Role = draw < 0.02 ? 'it' : draw < 0.07 ? 'admin' : 'staff';
    const host = `WS-${String(index + 1).padStart(5, '0')}`;
    const start = 7 + rng.int(0, 8) / 4;
    people.push({
      index,
      account,
      display: `${capitalise(first)} ${capitalise(last)}`,
      email: `${account}@${adDomain}`,
      role,
      host,
      fqdn: `${host}.${adDomain}`,
      // 10.40.0.0/16 with the network and broadcast addresses of each /24 left out.
      ip: `10.40.${Math.floor(index / 250)}.${(index % 250) + 2}`,
      start,
      end: start + 8 + rng.int(0, 6) / 4,
    });
  }
  return {
    name: 'Fabrikam',
    netbios: 'FABRIKAM',
    adDomain,
    mailDomain: adDomain,
    mx: { name: `mx1.${adDomain}`, ip: '10.40.250.25' },
    proxyName: `proxy.${adDomain}`,
    people,
  };
}
