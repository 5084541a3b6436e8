/**
 * The tree Lurewatch builds from BinXML tokens. Template definitions are parsed once per chunk
 * into this tree and instantiated for each record by walking it with the record's values.
 */
import type { BinValue } from './values.js';

export type BxNode =
  | { kind: 'element'; name: string; attrs: BxAttr[]; children: BxNode[] }
  | { kind: 'value'; value: BinValue }
  | { kind: 'subst'; index: number; type: number; optional: boolean }
  | { kind: 'entity'; name: string }
  | { kind: 'charref'; code: number }
  | { kind: 'cdata'; text: string }
  | { kind: 'pi'; target: string; data: string }
  | { kind: 'template'; def: TemplateDef; values: BinValue[] };

export interface BxAttr {
  name: string;
  parts: BxNode[];
}

export interface TemplateDef {
  offset: number;
  guid: string;
  nodes: BxNode[];
}
