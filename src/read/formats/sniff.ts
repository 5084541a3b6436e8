/** Helpers the JSON readers share for recognising their records in a sniff sample. */

/** The first line of the sample parsed as JSON, when the sample starts with a one-line record. */
export function firstJsonRecord(head: Buffer): unknown {
  const text = head.toString('utf8');
  const start = text.search(/\S/);
  if (start === -1 || (text[start] !== '{' && text[start] !== '[')) return undefined;
  const end = text.indexOf('\n', start);
  const line = end === -1 ? text.slice(start) : text.slice(start, end);
  try {
    const value = JSON.parse(line) as unknown;
    // A one-line array of rows: judge by its first row.
    return Array.isArray(value) ? value[0] : value;
  } catch {
    return undefined;
  }
}
