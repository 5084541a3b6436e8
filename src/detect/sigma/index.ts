/**
 * Sigma detection: loads SigmaHQ-format rules (specification v2, correlation rules included),
 * routes each event to the rules whose log source applies, and reports matches.
 *
 * Flow: loader (YAML -> rule model, rejections with file and line) -> detection/values/
 * modifiers/condition (compiled predicates) -> engine (log-source index, evaluation) ->
 * correlation (windows over matches). Events come in through the `SigmaEvent` view.
 */
export { loadRules, parseRuleText, type LoadOptions, type LoadResult } from './loader.js';
export { SigmaEngine, type DetectionMatch } from './engine.js';
export { toSigmaEvent, evtxDumpEvent, flatEvent, type SigmaEvent } from './event.js';
export { LogsourceRouter, type Logsource, type LogsourceTag } from './logsource.js';
export { MODIFIERS } from './modifiers.js';
export type { CorrelationRule, DetectionRule, Level, Rejection, SigmaRule } from './model.js';
export { LEVELS, levelRank } from './model.js';
