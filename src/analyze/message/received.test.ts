import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isPublicIp, parseHops } from './received.js';

describe('Received chain', () => {
  it('orders hops oldest first with host, address and delay', () => {
    const hops = parseHops([
      'from mx.recipient.test (mx.recipient.test [192.0.2.1]) by inbox.recipient.test; ' +
        'Mon, 1 Jan 2024 10:00:30 +0000',
      'from sender.test (unknown [198.51.100.23]) by mx.recipient.test with ESMTPS id 1; ' +
        'Mon, 1 Jan 2024 10:00:10 +0000',
      'from [10.0.0.5] (helo=laptop) by sender.test; Mon, 1 Jan 2024 11:00:00 +0100',
    ]);
    assert.deepEqual(
      hops.map((h) => [h.index, h.from, h.by, h.ip, h.delaySeconds]),
      [
        [1, '[10.0.0.5]', 'sender.test', '10.0.0.5', undefined],
        [2, 'sender.test', 'mx.recipient.test', '198.51.100.23', 10],
        [3, 'mx.recipient.test', 'inbox.recipient.test', '192.0.2.1', 20],
      ],
    );
    assert.equal(hops[0]?.time, '2024-01-01T10:00:00.000Z');
  });

  it('tells public from private addresses', () => {
    assert.equal(isPublicIp('10.1.2.3'), false);
    assert.equal(isPublicIp('172.20.0.1'), false);
    assert.equal(isPublicIp('8.8.8.8'), true);
    assert.equal(isPublicIp('fe80::1'), false);
  });
});
