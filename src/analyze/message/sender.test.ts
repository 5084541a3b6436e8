import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { editDistance, lookalikeOf, senderFindings, skeleton } from './sender.js';

const policy = { ownDomains: ['example.com'], internalNames: ['Jane Doe'] };
const ids = (findings: Array<{ id: string }>) => findings.map((f) => f.id);

describe('sender checks', () => {
  it('catches look-alike domains by confusables and by edit distance', () => {
    assert.equal(lookalikeOf('examp1e.com', ['example.com'])?.how, 'confusable characters');
    assert.equal(lookalikeOf('xn--exmple-4nf.com', ['example.com'])?.how, 'confusable characters');
    assert.equal(lookalikeOf('exampel.com', ['example.com'])?.how, 'edit distance 2');
    assert.equal(lookalikeOf('example.co', ['example.com'])?.how, 'same name under another suffix');
    assert.equal(lookalikeOf('mail.example.com', ['example.com']), undefined);
    assert.equal(lookalikeOf('unrelated.org', ['example.com']), undefined);
    assert.equal(skeleton('rnicrosoft.com'), skeleton('microsoft.com'));
    assert.equal(editDistance('kitten', 'sitting', 5), 3);
  });

  it('flags an internal name on an outside address, and an address shown in the name', () => {
    const spoof = senderFindings(
      { from: { name: 'Doe, Jane', address: 'jane@freemail.test' } },
      policy,
    );
    assert.ok(ids(spoof).includes('sender-display-name-spoof'));
    const own = senderFindings({ from: { name: 'Jane Doe', address: 'jane@example.com' } }, policy);
    assert.deepEqual(own, []);
    const shown = senderFindings(
      { from: { name: 'ceo@example.com', address: 'x@evil.test' } },
      policy,
    );
    assert.ok(ids(shown).includes('sender-display-name-address'));
  });

  it('compares Reply-To, Return-Path and Sender with From', () => {
    const findings = senderFindings(
      {
        from: { address: 'billing@example.com' },
        replyTo: { address: 'billing@examp1e.com' },
        returnPath: 'bounce@mailer.example.com',
      },
      policy,
    );
    assert.deepEqual(ids(findings).sort(), ['sender-lookalike-domain', 'sender-reply-to-mismatch']);
  });
});
