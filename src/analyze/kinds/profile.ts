/**
 * Signed PKCS #7 containers, of which the mail-borne kind is the Apple configuration profile
 * (`.mobileconfig`): one tap installs VPNs, root certificates, MDM enrolment or web clips.
 * The property list is stored in clear inside the signature and read from there. Also Microsoft
 * rights-protected messages (`.rpmsg`), whose content opens only after a sign-in page.
 */
import { registerAnalyzer } from '../registry.js';

// Payloads that hand the device to someone else, as opposed to settings such as Wi-Fi.
const TAKEOVER =
  /com\.apple\.(?:mdm|security\.root|security\.pkcs1|vpn\.managed|webClip\.managed|dnsSettings)/;
const MAX_PLIST_CHARS = 4 * 1024 * 1024;

registerAnalyzer({
  kinds: ['pkcs7'],
  async analyze(bytes, ctx) {
    const text = bytes.toString('latin1');
    const start = text.indexOf('<?xml');
    const end = text.indexOf('</plist>', start);
    if (start < 0 || end < 0 || end - start > MAX_PLIST_CHARS) {
      ctx.add({ id: 'pkcs7-signed-data', severity: 'info', summary: 'PKCS #7 signed data' });
      return;
    }
    const plist = text.slice(start, end + '</plist>'.length);
    const values = (key: string) =>
      [
        ...plist.matchAll(new RegExp(`<key>${key}</key>\\s*<string>([^<]{0,512})</string>`, 'g')),
      ].map((m) => m[1]!);
    const types = [...new Set(values('PayloadType'))];
    const name = values('PayloadDisplayName')[0] ?? '';
    ctx.detail('payloadTypes', types);
    ctx.indicators.addText(plist);
    ctx.add({
      id: 'apple-configuration-profile',
      severity: types.some((t) => TAKEOVER.test(t)) ? 'critical' : 'high',
      summary: `Apple configuration profile "${name}" installs ${types.join(', ')}`,
    });
    await ctx.child('profile.plist', Buffer.from(plist, 'latin1'));
  },
});

registerAnalyzer({
  kinds: ['rpmsg'],
  async analyze(_bytes, ctx) {
    ctx.add({
      id: 'rights-protected-message',
      severity: 'medium',
      summary: 'encrypted Microsoft 365 message: readable only after a sign-in page',
    });
  },
});
