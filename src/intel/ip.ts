/** IPv4 network containment for CIDR indicators; IPv6 networks compare as exact text. */

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

/** Whether `ip` lies inside `network` (`a.b.c.d/n`, or a bare address meaning itself). */
export function containsIp(network: string, ip: string): boolean {
  const [base = '', bitsText] = network.split('/');
  if (!base.includes('.')) return network.toLowerCase() === ip.toLowerCase();
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const start = ipv4ToInt(base);
  const value = ipv4ToInt(ip.split('/')[0] ?? '');
  if (start === undefined || value === undefined || !(bits >= 0 && bits <= 32)) return false;
  const size = 2 ** (32 - bits);
  const first = Math.floor(start / size) * size;
  return value >= first && value < first + size;
}
