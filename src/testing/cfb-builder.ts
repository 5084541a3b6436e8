/**
 * Builds small compound files (MS-CFB version 3, 512-byte sectors) for tests: streams under
 * 4096 bytes go to the mini stream as the specification requires, larger ones to sectors.
 */

export interface CfbSpec {
  /** Storage names and the stream name joined with `/`. */
  path: string;
  content: Buffer;
}

const SECTOR = 512;
const MINI = 64;
const CUTOFF = 4096;
const END = 0xfffffffe;
const FREE = 0xffffffff;
const FAT_SECTOR = 0xfffffffd;

interface Node {
  name: string;
  type: 1 | 2 | 5;
  children: Node[];
  content?: Buffer;
  start?: number;
  index?: number;
  right?: number;
}

export function buildCfb(specs: CfbSpec[]): Buffer {
  const root: Node = { name: 'Root Entry', type: 5, children: [] };
  for (const spec of specs) addPath(root, spec.path.split('/'), spec.content);
  const nodes = flatten(root);

  // Small streams go one after another in the mini stream, padded to 64 bytes.
  const miniParts: Buffer[] = [];
  const miniFat: number[] = [];
  for (const node of nodes) {
    if (node.type !== 2 || node.content!.length >= CUTOFF || node.content!.length === 0) continue;
    node.start = miniFat.length;
    const count = Math.ceil(node.content!.length / MINI);
    for (let i = 0; i < count; i++) miniFat.push(i === count - 1 ? END : miniFat.length + 1);
    miniParts.push(pad(node.content!, MINI));
  }
  const miniStream = Buffer.concat(miniParts);

  // Regular sectors: directory, mini FAT, mini stream, then each large stream.
  const chains: Buffer[] = [];
  const fat: number[] = [];
  const place = (data: Buffer): number => {
    if (data.length === 0) return END;
    const start = fat.length;
    const count = Math.ceil(data.length / SECTOR);
    for (let i = 0; i < count; i++) fat.push(i === count - 1 ? END : fat.length + 1);
    chains.push(pad(data, SECTOR));
    return start;
  };
  const directorySize = nodes.length * 128;
  // Reserve sector 0 for the single FAT sector this builder supports (128 sectors).
  fat.push(FAT_SECTOR);
  const directoryStart = fat.length;
  const directoryPlaceholder = Buffer.alloc(directorySize);
  place(directoryPlaceholder);
  const miniFatBytes = Buffer.alloc(miniFat.length * 4);
  miniFat.forEach((v, i) => miniFatBytes.writeUInt32LE(v, i * 4));
  const miniFatStart = place(miniFatBytes);
  root.start = place(miniStream);
  for (const node of nodes) {
    if (node.type === 2 && node.content!.length >= CUTOFF) node.start = place(node.content!);
  }
  if (fat.length > SECTOR / 4) throw new Error('specimen too large for one FAT sector');

  const directory = Buffer.concat(
    nodes.map((node) => entry(node, node === root ? miniStream.length : undefined)),
  );
  directory.copy(chains[0]!);

  const header = Buffer.alloc(SECTOR, 0);
  Buffer.from('d0cf11e0a1b11ae1', 'hex').copy(header, 0);
  header.writeUInt16LE(0x3e, 0x18);
  header.writeUInt16LE(3, 0x1a);
  header.writeUInt16LE(0xfffe, 0x1c);
  header.writeUInt16LE(9, 0x1e);
  header.writeUInt16LE(6, 0x20);
  header.writeUInt32LE(1, 0x2c);
  header.writeUInt32LE(directoryStart, 0x30);
  header.writeUInt32LE(CUTOFF, 0x38);
  header.writeUInt32LE(miniFat.length > 0 ? miniFatStart : END, 0x3c);
  header.writeUInt32LE(Math.ceil(miniFatBytes.length / SECTOR), 0x40);
  header.writeUInt32LE(END, 0x44);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i === 0 ? 0 : FREE, 0x4c + i * 4);

  const fatSector = Buffer.alloc(SECTOR, 0xff);
  fat.forEach((v, i) => fatSector.writeUInt32LE(v, i * 4));
  return Buffer.concat([header, fatSector, ...chains]);
}

function addPath(parent: Node, parts: string[], content: Buffer): void {
  const [name, ...rest] = parts;
  if (rest.length === 0) {
    parent.children.push({ name: name!, type: 2, children: [], content });
    return;
  }
  let storage = parent.children.find((c) => c.name === name && c.type === 1);
  if (!storage) {
    storage = { name: name!, type: 1, children: [] };
    parent.children.push(storage);
  }
  addPath(storage, rest, content);
}

function flatten(root: Node): Node[] {
  const nodes: Node[] = [];
  const visit = (node: Node) => {
    node.index = nodes.length;
    nodes.push(node);
    node.children.forEach(visit);
  };
  visit(root);
  for (const node of nodes) {
    node.children.forEach((child, i) => (child.right = node.children[i + 1]?.index));
  }
  return nodes;
}

/** Siblings are chained through their right pointers: a valid, if unbalanced, tree. */
function entry(node: Node, rootSize?: number): Buffer {
  const out = Buffer.alloc(128);
  const name = Buffer.from(`${node.name}\0`, 'utf16le');
  name.copy(out, 0);
  out.writeUInt16LE(name.length, 0x40);
  out[0x42] = node.type;
  out[0x43] = 1;
  out.writeUInt32LE(FREE, 0x44);
  out.writeUInt32LE(node.right ?? FREE, 0x48);
  out.writeUInt32LE(node.children[0]?.index ?? FREE, 0x4c);
  out.writeUInt32LE(node.start ?? END, 0x74);
  out.writeUInt32LE(rootSize ?? node.content?.length ?? 0, 0x78);
  return out;
}

function pad(data: Buffer, size: number): Buffer {
  const padded = Buffer.alloc(Math.ceil(data.length / size) * size);
  data.copy(padded);
  return padded;
}
