/**
 * Renders a record as indented XML text, the way Event Viewer's "XML view" shows it. Null
 * attribute values are left out, as Windows does.
 */
import { entityText, type XmlAttribute, type XmlVisitor } from './expand.js';
import { VT, valueToText, type BinValue } from './values.js';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
};

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => XML_ESCAPES[c] as string);
}

interface Frame {
  hasChildren: boolean;
  hasText: boolean;
}

export class XmlRenderer implements XmlVisitor {
  private readonly parts: string[] = ['<?xml version="1.0" encoding="utf-8"?>\n'];
  private readonly frames: Frame[] = [];
  private readonly names: string[] = [];

  result(): string {
    return this.parts.join('');
  }

  open(name: string, attributes: XmlAttribute[]): void {
    const parent = this.frames[this.frames.length - 1];
    if (parent) {
      if (!parent.hasChildren && !parent.hasText) this.parts.push('\n');
      parent.hasChildren = true;
    }
    let tag = `${'  '.repeat(this.frames.length)}<${name}`;
    for (const a of attributes) {
      if (a.value.type === VT.null) continue;
      tag += ` ${a.name}="${escape(valueToText(a.value))}"`;
    }
    this.parts.push(`${tag}>`);
    this.frames.push({ hasChildren: false, hasText: false });
    this.names.push(name);
  }

  close(): void {
    const frame = this.frames.pop();
    const name = this.names.pop();
    if (!frame || name === undefined) return;
    const indent = frame.hasChildren ? '  '.repeat(this.frames.length) : '';
    this.parts.push(`${indent}</${name}>\n`);
  }

  text(value: BinValue): void {
    this.raw(escape(valueToText(value)));
  }

  entity(name: string): void {
    this.raw(escape(entityText(name)));
  }

  charRef(code: number): void {
    this.raw(`&#${code};`);
  }

  cdata(text: string): void {
    this.raw(`<![CDATA[${text.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`);
  }

  pi(target: string, data: string): void {
    this.raw(`<?${target} ${data}?>`);
  }

  private raw(text: string): void {
    const frame = this.frames[this.frames.length - 1];
    if (frame) frame.hasText = true;
    this.parts.push(text);
  }
}
