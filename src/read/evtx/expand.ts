/**
 * Instantiates templates: walks a BinXML tree, puts each substitution's value where the
 * template asks for it, and tells a renderer what it meets, in document order.
 */
import { MAX_NESTING } from './binxml.js';
import { EvtxFormatError, NO_OFFSET } from './errors.js';
import type { BxAttr, BxNode } from './nodes.js';
import { NULL_VALUE, VT, valueToText, type BinValue } from './values.js';

export interface XmlAttribute {
  name: string;
  value: BinValue;
}

/** What a renderer receives; the JSON and XML renderers implement it. */
export interface XmlVisitor {
  open(name: string, attributes: XmlAttribute[]): void;
  close(): void;
  text(value: BinValue): void;
  entity(name: string): void;
  charRef(code: number): void;
  cdata(text: string): void;
  pi(target: string, data: string): void;
}

class Substitutions {
  private readonly used: boolean[];
  constructor(private readonly values: BinValue[]) {
    this.used = new Array<boolean>(values.length).fill(false);
  }

  /**
   * Each value is handed out once; a second use of the same index gets null, as the
   * reference reader does.
   */
  take(index: number): BinValue {
    if (index >= this.values.length || this.used[index]) return NULL_VALUE;
    this.used[index] = true;
    return this.values[index] as BinValue;
  }
}

const NO_SUBSTITUTIONS = new Substitutions([]);

/**
 * Nodes one record may expand to. Real events have hundreds; a hostile record that instantiates
 * a large template thousands of times would otherwise build an object without bound.
 */
const MAX_EXPANDED_NODES = 200_000;
/**
 * Characters of text one record may expand to: a literal in a template is repeated at every
 * instance, so a small record could otherwise render to gigabytes. Windows caps an event's data
 * at 64 KiB; this leaves room for the markup around it many times over.
 */
const MAX_EXPANDED_CHARS = 8 * 1024 * 1024;

interface Budget {
  nodes: number;
  chars: number;
}

function spendText(budget: Budget, value: BinValue): void {
  budget.chars -= typeof value.value === 'string' ? value.value.length : 16;
  if (budget.chars < 0) {
    throw new EvtxFormatError(
      'record text',
      NO_OFFSET,
      `at most ${MAX_EXPANDED_CHARS} characters`,
      'more',
    );
  }
}

export function expand(nodes: BxNode[], visitor: XmlVisitor): void {
  const budget: Budget = { nodes: MAX_EXPANDED_NODES, chars: MAX_EXPANDED_CHARS };
  walk(nodes, NO_SUBSTITUTIONS, visitor, 0, budget);
}

function walk(
  nodes: BxNode[],
  subs: Substitutions,
  visitor: XmlVisitor,
  depth: number,
  budget: Budget,
): void {
  if (depth > MAX_NESTING) {
    throw new EvtxFormatError(
      'template nesting',
      NO_OFFSET,
      `at most ${MAX_NESTING} levels`,
      'more',
    );
  }
  budget.nodes -= nodes.length;
  if (budget.nodes < 0) {
    throw new EvtxFormatError('record', NO_OFFSET, `at most ${MAX_EXPANDED_NODES} nodes`, 'more');
  }
  for (const node of nodes) {
    switch (node.kind) {
      case 'element':
        emitAttributeReferences(node.attrs, visitor);
        visitor.open(
          node.name,
          node.attrs.map((a) => ({ name: a.name, value: attrValue(a.parts, subs) })),
        );
        walk(node.children, subs, visitor, depth, budget);
        visitor.close();
        break;
      case 'value':
        spendText(budget, node.value);
        visitor.text(node.value);
        break;
      case 'subst': {
        // An optional substitution declared as null is left out altogether.
        if (node.optional && node.type === VT.null) break;
        const value = subs.take(node.index);
        if (value.type === VT.binXml)
          walk(value.value as BxNode[], NO_SUBSTITUTIONS, visitor, depth + 1, budget);
        else {
          spendText(budget, value);
          visitor.text(value);
        }
        break;
      }
      case 'template':
        walk(node.def.nodes, new Substitutions(node.values), visitor, depth + 1, budget);
        break;
      case 'entity':
        visitor.entity(node.name);
        break;
      case 'charref':
        visitor.charRef(node.code);
        break;
      case 'cdata':
        visitor.cdata(node.text);
        break;
      case 'pi':
        visitor.pi(node.target, node.data);
        break;
    }
  }
}

/**
 * Entity and character references inside attribute values reach the renderer as text of the
 * enclosing element, before the element itself opens: that is where the reference reader puts
 * them (`eTag="&quot;x&quot;"` gives `"x"` quotes as the parent's `#text`).
 */
function emitAttributeReferences(attrs: BxAttr[], visitor: XmlVisitor): void {
  for (const attr of attrs) {
    for (const part of attr.parts) {
      if (part.kind === 'entity') visitor.entity(part.name);
      else if (part.kind === 'charref') visitor.charRef(part.code);
    }
  }
}

/** An attribute's value: its one part, or the text of several joined. */
function attrValue(parts: BxNode[], subs: Substitutions): BinValue {
  const values: BinValue[] = [];
  for (const part of parts) {
    if (part.kind === 'value') values.push(part.value);
    else if (part.kind === 'subst') {
      if (part.optional && part.type === VT.null) continue;
      const value = subs.take(part.index);
      values.push(value.type === VT.binXml ? NULL_VALUE : value);
    }
  }
  if (values.length <= 1) return values[0] ?? NULL_VALUE;
  return { type: VT.string, value: values.map(valueToText).join('') };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function entityText(name: string): string {
  return Object.hasOwn(ENTITIES, name) ? (ENTITIES[name] as string) : `&${name};`;
}
