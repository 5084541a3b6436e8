/** Findings for VBA macros, shared by OLE2 documents and OOXML `vbaProject.bin` parts. */
import type { FileContext } from '../context.js';
import { vbaIndicators, type VbaModule } from './vba.js';

// Enough of a module for an analyst to read in the report; the whole source is a child file.
const SOURCE_PREVIEW_CHARS = 4_000;

export async function reportMacros(modules: VbaModule[], ctx: FileContext): Promise<void> {
  if (modules.length === 0) return;
  const withCode = modules.filter((m) => /\b(?:Sub|Function)\b/i.test(m.source));
  ctx.add({
    id: 'vba-macros',
    severity: withCode.length > 0 ? 'medium' : 'low',
    summary: `VBA project with ${modules.length} modules (${withCode.length} with code)`,
  });

  const autoRun = new Set<string>();
  const suspicious = new Set<string>();
  for (const module of modules) {
    const found = vbaIndicators(module.source);
    found.autoRun.forEach((a) => autoRun.add(a));
    found.suspicious.forEach((s) => suspicious.add(s));
    ctx.indicators.addText(module.source);
  }
  if (autoRun.size > 0) {
    ctx.add({
      id: 'vba-auto-run',
      severity: 'high',
      summary: `macro runs on open or close: ${[...autoRun].join(', ')}`,
    });
  }
  if (suspicious.size > 0) {
    ctx.add({
      id: 'vba-suspicious-calls',
      severity: autoRun.size > 0 ? 'critical' : 'high',
      summary: `macro calls ${[...suspicious].slice(0, 15).join(', ')}`,
    });
  }
  ctx.detail(
    'macros',
    modules.map((m) => ({
      module: m.name,
      stream: m.stream,
      source: m.source.slice(0, SOURCE_PREVIEW_CHARS),
    })),
  );
  for (const module of modules) {
    const source = Buffer.from(module.source, 'utf8');
    if (ctx.reserve(source.length))
      await ctx.child(`${module.name}.vba`, source, { declaredType: 'text/x-vba' });
  }
}
