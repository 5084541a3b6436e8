import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nameFindings } from './names.js';

const ids = (name: string) => nameFindings(name).map((f) => f.id);

describe('file name deceptions', () => {
  it('flags a right-to-left override, also as mojibake', () => {
    assert.deepEqual(ids('invoice\u202Efdp.exe'), ['name-rtl-override']);
    assert.deepEqual(ids('invoice\u00E2\u20AC\u00AEfdp.exe'), ['name-rtl-override']);
  });

  it('flags double extensions, padding and invisible characters', () => {
    assert.deepEqual(ids('report.pdf.exe'), ['name-double-extension']);
    assert.deepEqual(ids('report.pdf      .exe').sort(), [
      'name-double-extension',
      'name-space-padding',
    ]);
    assert.deepEqual(ids('photo\u200B.jpg'), ['name-hidden-characters']);
  });

  it('leaves ordinary names alone', () => {
    assert.deepEqual(ids('Résumé 2024.docx'), []);
    assert.deepEqual(ids('Re\u0301sume\u0301.pdf'), []);
    assert.deepEqual(ids('archive.tar.gz'), []);
    assert.deepEqual(ids('v1.2.3.zip'), []);
  });
});
