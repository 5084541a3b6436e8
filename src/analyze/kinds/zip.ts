/**
 * Zip archives: every entry becomes a child file. Encrypted entries cannot be opened, which is
 * why lures use them; the password is then somewhere the user can read it (the archive
 * comment, the message body) and that pairing is reported.
 */
import type { FileContext } from '../context.js';
import { climbs } from '../extract.js';
import { registerAnalyzer } from '../registry.js';
import { payloadFindings } from './payload.js';
import { scanLocalHeaders } from './zip-local.js';
import { openZip, type ZipArchive } from './zip-reader.js';

// "password" in the languages seen in lures, followed within a few characters by a value.
const PASSWORD_HINT = new RegExp(
  String.raw`(?:^|[^\p{L}])(?:password|passwort|pass|pwd|senha|contrase[ñn]a|mot de passe|parola` +
    String.raw`|wachtwoord|has[lł]o|пароль|密码|パスワード)(?![\p{L}])[^\n]{0,40}`,
  'iu',
);

registerAnalyzer({
  kinds: ['zip'],
  async analyze(bytes, ctx) {
    const zip = await openZip(bytes).catch((error: Error) => {
      ctx.add({
        id: 'zip-directory-damaged',
        severity: 'medium',
        summary: `central directory unreadable (${error.message}); read from local headers`,
      });
      return scanLocalHeaders(bytes);
    });
    describeArchive(zip, ctx);
    for (const entry of zip.entries) {
      if (entry.isDirectory) continue;
      if (climbs(entry.name)) {
        ctx.add({
          id: 'archive-path-traversal',
          severity: 'high',
          summary: `entry ${JSON.stringify(entry.name)} would be written outside the folder`,
        });
      }
      if (entry.encrypted) continue;
      const name = entry.name;
      if (!ctx.reserve(entry.uncompressedSize, entry.compressedSize, name)) continue;
      const limit = ctx.options.limits.maxFileBytes;
      const content = await zip.read(entry, limit).catch((error: Error) => {
        ctx.add({
          id: 'archive-entry-unreadable',
          severity: 'low',
          summary: `${name}: ${error.message}`,
        });
        return undefined;
      });
      if (!content) continue;
      if (entry.salvaged) {
        ctx.add({
          id: 'zip-size-mismatch',
          severity: 'medium',
          summary: `${name}: data does not match its recorded sizes (read past them)`,
        });
      }
      await ctx.child(name, content, { packedSize: entry.compressedSize });
    }
    payloadFindings(ctx, 'archive');
  },
});

function describeArchive(zip: ZipArchive, ctx: FileContext): void {
  // Scanners that trust the end record's offsets fail to open such archives; Windows does not.
  if (zip.prefixBytes > 0 || zip.displacedBytes > 0) {
    const where = zip.prefixBytes > 0 ? 'before the archive' : 'before its central directory';
    ctx.add({
      id: 'zip-junk-bytes',
      severity: 'medium',
      summary: `${zip.prefixBytes || zip.displacedBytes} junk bytes ${where} (scanner evasion)`,
    });
  }
  if (zip.truncated) {
    ctx.add({ id: 'cap-count', severity: 'high', summary: 'limit reached: too many zip entries' });
  }
  const encrypted = zip.entries.filter((e) => e.encrypted);
  if (encrypted.length > 0) {
    ctx.add({
      id: 'zip-encrypted',
      severity: 'medium',
      summary: `${encrypted.length} encrypted entries: ${encrypted
        .map((e) => e.name)
        .slice(0, 5)
        .join(', ')}`,
    });
  }
  const hint = PASSWORD_HINT.exec(zip.comment);
  if (hint) {
    ctx.add({
      id: 'zip-password-hint',
      severity: encrypted.length > 0 ? 'high' : 'medium',
      summary: `the archive comment gives a password: ${JSON.stringify(hint[0].trim())}`,
    });
  } else if (encrypted.length > 0) {
    const inBody = ctx.hints.map((text) => PASSWORD_HINT.exec(text)?.[0]).find(Boolean);
    if (inBody) {
      ctx.add({
        id: 'zip-password-hint',
        severity: 'high',
        summary: `the message gives the archive's password: ${JSON.stringify(inBody.trim())}`,
      });
    }
  }
  if (zip.comment.trim()) ctx.indicators.addText(zip.comment);
}
