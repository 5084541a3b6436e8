import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildUdf } from '../../testing/udf-builder.js';
import { analyzeBytes, defaultOptions } from '../index.js';

describe('UDF images', () => {
  for (const metadata of [false, true]) {
    it(`lists nested, hidden, embedded and block-stored files (metadata ${metadata})`, async () => {
      const big = Buffer.alloc(5000, 0x41);
      const image = buildUdf(
        [
          {
            path: 'Invoice.lnk',
            content: Buffer.from('L\0\0\0 not really a shortcut'),
            embedded: true,
          },
          { path: 'data/payload.dll', content: big, hidden: true },
          { path: 'readme.txt', content: Buffer.from('hello') },
        ],
        { metadata },
      );
      const [file] = (await analyzeBytes(image, 'Invoice.img', defaultOptions())).files;
      assert.equal(file?.detectedType, 'iso');
      const children = new Map(file?.children.map((c) => [c.path, c.size]));
      assert.deepEqual([...children].sort(), [
        ['Invoice.img/Invoice.lnk', 26],
        ['Invoice.img/data/payload.dll', 5000],
        ['Invoice.img/readme.txt', 5],
      ]);
      const ids = file?.findings.map((f) => f.id) ?? [];
      assert.ok(ids.includes('iso-hidden-file'));
      assert.ok(ids.includes('container-delivers-executable'));
    });
  }
});
