/**
 * A small IncidentReport for the report writers' tests: one escalated incident with a full chain
 * (the example scenario's emailed invoice), one dismissed incident whose file name is hostile
 * markup, and one input problem. Values that come from logs carry the characters that break
 * naive writers: `<`, `|`, backticks, a right-to-left override.
 */
import type { Evidence, Incident, IncidentReport, LiveLookup } from '../model/incident.js';

export const HOSTILE_FILE_NAME = '<img src=x onerror=alert(1)>.exe';

function evidence(
  id: string,
  input: string,
  location: string,
  format: string,
  time: string,
): Evidence {
  return { id, input, location, format, time };
}

const EV = {
  mail: evidence(
    'ev-1a2b3c4d5e6f70819203',
    'scenario/mail/invoice-4471.eml',
    'message',
    'eml',
    '2026-11-16T09:10:38.000Z',
  ),
  written: evidence(
    'ev-2b3c4d5e6f7081920314',
    'scenario/edr/sysmon.json',
    'line 6',
    'sysmon-json',
    '2026-11-16T09:12:07.114Z',
  ),
  fim: evidence(
    'ev-3c4d5e6f708192031425',
    'scenario/fim/alerts.json',
    'line 1',
    'wazuh-alerts',
    '2026-11-16T09:12:07.906Z',
  ),
  started: evidence(
    'ev-4d5e6f70819203142536',
    'scenario/edr/sysmon.json',
    'line 7',
    'sysmon-json',
    '2026-11-16T09:13:02.530Z',
  ),
  cmd: evidence(
    'ev-5e6f7081920314253647',
    'scenario/edr/sysmon.json',
    'line 10',
    'sysmon-json',
    '2026-11-16T09:13:04.017Z',
  ),
  beacon: evidence(
    'ev-6f708192031425364758',
    'scenario/edr/sysmon.json',
    'line 9',
    'sysmon-json',
    '2026-11-16T09:13:03.406Z',
  ),
  proxy: evidence(
    'ev-70819203142536475869',
    'scenario/proxy/access.log',
    'line 3',
    'squid-native',
    '2026-11-16T09:13:33.409Z',
  ),
  hostile: evidence(
    'ev-8192031425364758697a',
    'scenario/edr/sysmon.json',
    'line 30',
    'sysmon-json',
    '2026-11-16T11:02:40.000Z',
  ),
};

const escalated: Incident = {
  id: 'inc-ws-alice-2be435a49b9b',
  verdict: 'escalate',
  severity: 'critical',
  host: 'WS-ALICE.contoso.example',
  user: 'CONTOSO\\alice',
  firstSeen: '2026-11-16T09:10:38.000Z',
  file: {
    path: 'C:\\Users\\alice\\Downloads\\invoice_4471.pdf.exe',
    name: 'invoice_4471.pdf.exe',
    sha256: '2be435a49b9bf694db01e4292d8d126a0294ecaae37fb5cbb2936913d8516370',
    md5: 'bdf34e16884cd1135bcba3cb7660a423',
    size: 422,
  },
  delivery: {
    channel: 'email',
    detail: 'Accounts Payable <billing@northwind-invoices.com> via 198.51.100.23',
  },
  chain: [
    {
      stage: 'delivery',
      time: '2026-11-16T09:10:38.000Z',
      source: 'email',
      summary: 'Mail "Overdue invoice 4471" to alice@contoso.example with invoice_4471.pdf.exe',
      evidence: [EV.mail],
    },
    {
      stage: 'file-written',
      time: '2026-11-16T09:12:07.114Z',
      source: 'edr',
      summary: 'OUTLOOK.EXE wrote C:\\Users\\alice\\Downloads\\invoice_4471.pdf.exe',
      evidence: [EV.written, EV.fim],
      joinedBy: 'sha256',
    },
    {
      stage: 'execution',
      time: '2026-11-16T09:13:02.530Z',
      source: 'edr',
      summary: 'explorer.exe started invoice_4471.pdf.exe',
      evidence: [EV.started],
      joinedBy: 'file.path',
    },
    {
      stage: 'child-process',
      time: '2026-11-16T09:13:04.017Z',
      source: 'edr',
      summary: 'cmd.exe /c whoami & ipconfig /all',
      evidence: [EV.cmd],
      joinedBy: 'process.entity_id',
    },
    {
      stage: 'network',
      time: '2026-11-16T09:13:33.409Z',
      source: 'proxy',
      summary: 'CONNECT cdn-update-check.net:443 -> 203.0.113.50 (4 times, every 5 min)',
      evidence: [EV.beacon, EV.proxy],
      joinedBy: 'source.ip',
      clockOffsetMs: 0,
    },
  ],
  indicators: [
    {
      id: 'double-extension',
      summary: 'File name ends in .pdf.exe: a document extension hiding an executable one',
      attack: ['T1036.007'],
      evidence: [EV.started],
    },
    {
      id: 'shell-child',
      summary: 'The file started cmd.exe running discovery commands',
      attack: ['T1059.003', 'T1033'],
      evidence: [EV.cmd],
    },
    {
      id: 'beaconing',
      summary: 'Connections to 203.0.113.50:443 every 5 minutes',
      attack: ['T1071.001'],
      evidence: [EV.beacon, EV.proxy],
    },
  ],
  questions: [
    {
      id: 'known-channel',
      question: 'Did the file arrive through a known delivery channel?',
      answer: 'yes',
      explanation: 'Attached to an email from billing@northwind-invoices.com; SHA-256 matches.',
      evidence: [EV.mail],
    },
    {
      id: 'user-reported',
      question: 'Did the user report the file?',
      answer: 'unknown',
      explanation: 'No user report was among the inputs.',
      evidence: [],
    },
    {
      id: 'repeated-source',
      question: 'Has the same sender or source delivered files before?',
      answer: 'no',
      explanation: 'No other message from northwind-invoices.com in the inputs.',
      evidence: [],
    },
    {
      id: 'masquerading',
      question: 'Is the file masquerading as another type?',
      answer: 'yes',
      explanation: 'Double extension `.pdf.exe`; content starts with MZ.',
      evidence: [EV.started],
    },
  ],
  escalation: {
    decision: 'escalate',
    reasons: [
      'Executed by the user from an email attachment',
      'Started cmd.exe with discovery commands',
      'Beaconed to 203.0.113.50:443 (cdn-update-check.net)',
    ],
  },
  network: [{ ip: '203.0.113.50', port: 443, domain: 'cdn-update-check.net' }],
  checklist: [
    {
      id: 'identify-file',
      step: 'Identify the file, its hashes and where it came from',
      tier: 1,
      status: 'done',
      finding: 'invoice_4471.pdf.exe, SHA-256 2be435a4…, from email',
    },
    {
      id: 'scope-hosts',
      step: 'Find other hosts that ran or received the file',
      tier: 1,
      status: 'partial',
      finding: 'No other host ran it; mail logs for other recipients were not provided',
    },
    {
      id: 'contain',
      step: 'Isolate the host and block the C2 address',
      tier: 1,
      status: 'open',
      finding: 'Block 203.0.113.50 and cdn-update-check.net',
    },
  ],
  timeline: [
    {
      time: '2026-11-16T09:10:38.000Z',
      source: 'email',
      summary: 'Mail from billing@northwind-invoices.com',
      evidence: EV.mail,
    },
    {
      time: '2026-11-16T09:12:07.114Z',
      source: 'edr',
      summary: 'File created: invoice_4471.pdf.exe',
      evidence: EV.written,
    },
    {
      time: '2026-11-16T09:13:02.530Z',
      source: 'edr',
      summary: 'Process start: invoice_4471.pdf.exe',
      evidence: EV.started,
    },
    {
      time: '2026-11-16T09:13:04.017Z',
      source: 'edr',
      summary: 'Process start: cmd.exe /c whoami & ipconfig /all',
      evidence: EV.cmd,
    },
  ],
};

const dismissed: Incident = {
  id: 'inc-ws-bob-9c1e0f3a7b21',
  verdict: 'dismiss',
  severity: 'low',
  host: 'WS-BOB.contoso.example',
  user: 'CONTOSO\\bob',
  firstSeen: '2026-11-16T11:02:40.000Z',
  file: {
    path: `C:\\Users\\bob\\Downloads\\${HOSTILE_FILE_NAME}`,
    name: HOSTILE_FILE_NAME,
  },
  delivery: { channel: 'unknown' },
  chain: [
    {
      stage: 'execution',
      time: '2026-11-16T11:02:40.000Z',
      source: 'edr',
      summary: `explorer.exe started ${HOSTILE_FILE_NAME} from "team|\`q3\`.zip"`,
      evidence: [EV.hostile],
    },
  ],
  indicators: [],
  questions: [
    {
      id: 'masquerading',
      question: 'Is the file masquerading as another type?',
      answer: 'no',
      explanation: 'Name shown as "report\u202Eexe.txt" in the archive listing.',
      evidence: [EV.hostile],
    },
  ],
  escalation: { decision: 'no', reasons: ['No behaviour after execution'] },
  network: [],
  checklist: [],
  timeline: [
    {
      time: '2026-11-16T11:02:40.000Z',
      source: 'edr',
      summary: `Process start: ${HOSTILE_FILE_NAME}`,
      evidence: EV.hostile,
    },
  ],
};

export function sampleReport(): IncidentReport {
  return {
    schemaVersion: 1,
    generatedAt: '2026-11-16T12:00:00.000Z',
    incidents: [structuredClone(escalated), structuredClone(dismissed)],
    stats: {
      inputs: 5,
      events: 42,
      skipped: 3,
      problems: [
        {
          input: 'scenario/proxy/access.log',
          location: 'line 13',
          code: 'bad-record',
          message: 'expected 10 fields, found 4: <script>x</script>',
        },
      ],
    },
  };
}

/** Adds an intel hit and a live look-up to an incident, with the values a test wants to see. */
export function addIntel(
  incident: Incident,
  ref: { type: string; value: string; source: string; attribution: string },
  lookup: LiveLookup,
): void {
  const [kind = '', ...name] = ref.attribution.split(' ');
  incident.indicators.push({
    id: 'known-bad',
    summary: 'An indicator of the incident is on a threat list',
    intel: [
      {
        type: ref.type,
        value: ref.value,
        source: ref.source,
        attribution: [{ kind, name: name.join(' ') }],
        observed: 'seen in the incident',
      },
    ],
  });
  incident.lookups = [lookup];
}
