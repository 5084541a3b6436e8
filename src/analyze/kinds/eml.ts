/** A message inside a message or an archive: its trace as findings, its parts as children. */
import { parseMessage } from '../message/message.js';
import { registerAnalyzer } from '../registry.js';

registerAnalyzer({
  kinds: ['eml'],
  async analyze(bytes, ctx) {
    const message = await parseMessage(bytes, {
      options: ctx.options,
      indicators: ctx.indicators,
      hints: ctx.hints,
      attach: (name, content, declaredType) => ctx.child(name, content, { declaredType }),
    });
    ctx.add({
      id: 'message-embedded',
      severity: 'info',
      summary: `message "${message.subject ?? ''}" from ${message.from ?? 'nobody'}`,
    });
    for (const finding of message.findings) ctx.add(finding);
  },
});
