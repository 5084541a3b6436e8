/**
 * The chain drawn as an inline SVG: one box per link, in order, with an arrow from each to the
 * next, labelled with the stage, the time and the log source that saw it. Rows wrap after four
 * boxes so that a long chain stays readable on a laptop screen.
 */
import type { ChainLink, ChainStage } from '../model/incident.js';
import { escapeHtml } from './html-escape.js';
import { REPORT_LIMITS, displayClock } from './text.js';

const BOX = { width: 184, height: 78 };
const GAP = { x: 44, y: 40 };
const PAD = 8;
const PER_ROW = 4;
// About 7 px per character at the 12 px font inside a 184 px box.
const LABEL_CHARS = 24;

const STAGES: readonly ChainStage[] = [
  'delivery',
  'file-written',
  'execution',
  'child-process',
  'network',
  'file-activity',
  'follow-up',
];

function origin(index: number): { x: number; y: number } {
  const row = Math.floor(index / PER_ROW);
  const col = index % PER_ROW;
  return { x: PAD + col * (BOX.width + GAP.x), y: PAD + row * (BOX.height + GAP.y) };
}

/** A straight arrow within a row; down, across and down again when the chain wraps. */
function arrow(from: number, markerId: string): string {
  const a = origin(from);
  const b = origin(from + 1);
  const points =
    a.y === b.y
      ? [
          [a.x + BOX.width, a.y + BOX.height / 2],
          [b.x - 2, b.y + BOX.height / 2],
        ]
      : [
          [a.x + BOX.width / 2, a.y + BOX.height],
          [a.x + BOX.width / 2, a.y + BOX.height + GAP.y / 2],
          [b.x + BOX.width / 2, a.y + BOX.height + GAP.y / 2],
          [b.x + BOX.width / 2, b.y - 2],
        ];
  const list = points.map(([x, y]) => `${x},${y}`).join(' ');
  return `<polyline class="chain-arrow" points="${list}" marker-end="url(#${markerId})"/>`;
}

function node(link: ChainLink, index: number): string {
  const { x, y } = origin(index);
  // The stage becomes a CSS class, so only the known names are let through.
  const stage = STAGES.includes(link.stage) ? link.stage : 'other';
  const lines = [
    [`chain-stage`, escapeHtml(link.stage, LABEL_CHARS)],
    ['chain-time', escapeHtml(displayClock(link.time), LABEL_CHARS)],
    ['chain-source', escapeHtml(link.source, LABEL_CHARS)],
    ['chain-summary', escapeHtml(link.summary, LABEL_CHARS)],
  ];
  const text = lines
    .map(
      ([cls, label], i) =>
        `<text class="${cls}" x="${x + 10}" y="${y + 18 + i * 17}">${label}</text>`,
    )
    .join('');
  return (
    `<g class="chain-node stage-${stage}">` +
    `<title>${escapeHtml(`${link.stage} ${link.time} ${link.source}: ${link.summary}`)}</title>` +
    `<rect x="${x}" y="${y}" width="${BOX.width}" height="${BOX.height}" rx="6"/>` +
    `${text}</g>`
  );
}

/** `id` must be unique in the page: the arrow marker is referenced by it. */
export function chainSvg(chain: ChainLink[], id: string): string {
  const links = chain.slice(0, REPORT_LIMITS.maxChainNodes);
  if (links.length === 0) return '';
  const cols = Math.min(PER_ROW, links.length);
  const rows = Math.ceil(links.length / PER_ROW);
  const width = PAD * 2 + cols * BOX.width + (cols - 1) * GAP.x;
  const height = PAD * 2 + rows * BOX.height + (rows - 1) * GAP.y;
  const markerId = `${id}-arrow`;
  const arrows = links.slice(1).map((_, i) => arrow(i, markerId));
  return [
    `<svg class="chain" role="img" ` +
      `aria-label="Chain of ${links.length} stages" width="${width}" height="${height}" ` +
      `viewBox="0 0 ${width} ${height}">`,
    `<defs><marker id="${markerId}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" ` +
      `markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>`,
    ...arrows,
    ...links.map(node),
    '</svg>',
  ].join('\n');
}
