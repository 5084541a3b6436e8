import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChainLink } from '../model/incident.js';
import { HOSTILE_FILE_NAME, addIntel, sampleReport } from '../testing/incident-report.js';
import { CONTENT_SECURITY_POLICY, renderHtml } from './html.js';

/** Every element the page is made of; anything else would have come from a log value. */
const PAGE_ELEMENTS = new Set(
  (
    'html head meta title style body header h1 h2 h3 p main section table thead tbody tr th td ' +
    'a span code strong dl dt dd ul li br figure figcaption details summary ' +
    'svg defs marker path polyline g rect text'
  ).split(' '),
);

/** The markup of one incident's section. */
function incidentSection(html: string, n: number): string {
  const start = html.indexOf(`<section class="incident`, html.indexOf(`id="incident-${n}"`) - 80);
  assert.ok(start !== -1);
  return html.slice(start, html.indexOf('</section>', start));
}

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

test('the page loads nothing from outside and runs no script', () => {
  const html = renderHtml(sampleReport());
  assert.ok(!/\b(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:[a-z]+:|\/\/)/i.test(html));
  // url(#...) is a reference inside the page (the arrow markers); any other url( would fetch.
  assert.ok(!/<script|<link|<iframe|<object|<embed|@import|url\((?!#)/i.test(html));
  const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(hrefs, ['#incident-1', '#incident-2']);
});

test('a strict Content-Security-Policy is declared in the head', () => {
  const html = renderHtml(sampleReport());
  const head = html.slice(0, html.indexOf('</head>'));
  assert.ok(
    head.includes(
      `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    ),
  );
  assert.match(CONTENT_SECURITY_POLICY, /^default-src 'none'; style-src 'unsafe-inline'/);
});

test('the hostile file name is shown as text, never as a tag', () => {
  const html = renderHtml(sampleReport());
  const tags = new Set([...html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)/g)].map((m) => m[1]));
  for (const tag of tags) assert.ok(PAGE_ELEMENTS.has(tag ?? ''), `unexpected element <${tag}>`);
  assert.ok(!html.includes(HOSTILE_FILE_NAME));
  assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;.exe'));
  assert.ok(!/\sonerror=/i.test(html.replace(/&lt;[^&]*&gt;/g, '')));
  assert.ok(html.includes('&lt;script&gt;x&lt;/script&gt;'), 'the problem message is escaped');
  assert.ok(html.includes('report&lt;U+202E&gt;exe.txt'), 'the direction override is shown');
});

test('each incident draws its chain as an SVG with one node per stage', () => {
  const html = renderHtml(sampleReport());
  const escalated = incidentSection(html, 1);
  assert.equal(count(escalated, /<svg class="chain"/g), 1);
  assert.equal(count(escalated, /<g class="chain-node stage-/g), 5);
  assert.equal(count(escalated, /<polyline class="chain-arrow"/g), 4);
  for (const stage of ['delivery', 'file-written', 'execution', 'child-process', 'network']) {
    assert.ok(escalated.includes(`<g class="chain-node stage-${stage}">`), stage);
  }
  assert.match(escalated, /<text class="chain-time"[^>]*>09:13:02Z<\/text>/);
  assert.match(escalated, /<text class="chain-source"[^>]*>proxy<\/text>/);

  const dismissed = incidentSection(html, 2);
  assert.equal(count(dismissed, /<g class="chain-node/g), 1);
  assert.equal(count(dismissed, /<polyline/g), 0);

  // Both diagrams sit in one document: their marker ids must not collide.
  const ids = [...html.matchAll(/\bid="([^"]*)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length);
});

test('the page has the summary, questions, indicators, checklist, timeline, evidence', () => {
  const html = renderHtml(sampleReport());
  const summary = html.slice(html.indexOf('<section id="summary">'), html.indexOf('</section>'));
  assert.equal(count(summary, /<tr>/g), 3);
  assert.match(summary, /verdict-escalate">escalate</);
  assert.match(summary, /verdict-dismiss">dismiss</);

  const escalated = incidentSection(html, 1);
  for (const heading of ['Questions', 'Indicators', 'Network peers', 'Checklist', 'Evidence']) {
    assert.ok(escalated.includes(`<h3>${heading}</h3>`), heading);
  }
  assert.ok(escalated.includes('<h3>Timeline (±30 minutes)</h3>'));
  assert.equal(count(escalated, /class="answer answer-/g), 4);
  assert.ok(escalated.includes('<code>203.0.113.50</code>'));
  assert.ok(escalated.includes('<code>ev-70819203142536475869</code>'));
});

test('a very long chain is drawn up to the cap and the caption says so', () => {
  const report = sampleReport();
  const incident = report.incidents[0];
  assert.ok(incident);
  const link = incident.chain[4] as ChainLink;
  incident.chain = Array.from({ length: 75 }, () => structuredClone(link));
  const section = incidentSection(renderHtml(report), 1);
  assert.equal(count(section, /<g class="chain-node/g), 60);
  assert.match(section, /The first 60 of 75 links/);
});

test('a report re-read from an edited incidents.json cannot inject markup anywhere', () => {
  const report = sampleReport();
  const incident = report.incidents[0];
  assert.ok(incident && incident.chain[0]);
  // Simulates JSON whose numbers and enumerations were replaced with markup.
  const markup = '<b>x</b>' as unknown;
  incident.file.size = markup as number;
  incident.chain[0].clockOffsetMs = markup as number;
  incident.verdict = markup as 'escalate';
  report.stats.inputs = markup as number;
  const html = renderHtml(report);
  assert.ok(!html.includes('<b>'));
  assert.equal(count(html, /&lt;b&gt;x&lt;\/b&gt;/g) >= 4, true);
});

test('a clock estimate from an edited incidents.json cannot inject markup', () => {
  const report = sampleReport();
  const markup = '<b>x</b>' as unknown;
  report.stats.clocks = [
    {
      source: '<b>x</b>',
      offsetMs: markup as number,
      pairs: 3,
      agreeing: 3,
      spreadMs: 0,
      matchedBy: [],
      applied: true,
      reason: '<b>x</b>',
    },
  ];
  const html = renderHtml(report);
  assert.match(html, /<h2>Clocks<\/h2>/);
  assert.ok(!html.includes('<b>'));
  assert.equal(count(html, /&lt;b&gt;x&lt;\/b&gt;/g), 3);
});

test('matched intel and live look-ups are listed, escaped like every other value', () => {
  const report = sampleReport();
  const incident = report.incidents[0]!;
  assert.ok(!renderHtml(report).includes('<h3>Threat intelligence</h3>'));
  addIntel(
    incident,
    {
      type: 'domain',
      value: '<img src=x onerror=alert(1)>.example',
      source: 'list:feeds/bad.txt',
      attribution: 'actor Example Spider',
    },
    { connector: 'misp', type: 'ip', value: '203.0.113.50', status: 'found' },
  );
  const section = incidentSection(renderHtml(report), 1);
  assert.match(section, /<h3>Threat intelligence<\/h3>/);
  assert.ok(section.includes('&lt;img src=x onerror=alert(1)&gt;.example'));
  assert.ok(!section.includes('<img'));
  assert.match(section, /<td>actor Example Spider<\/td>/);
  assert.match(section, /<td>misp<\/td><td>ip<\/td><td>203\.0\.113\.50<\/td><td>found<\/td>/);
});
