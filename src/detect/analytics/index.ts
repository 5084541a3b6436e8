/**
 * The built-in analytics, run over every event as it is read. Correlation later gathers the
 * signals of the events that make up each incident.
 */
import type { LwEvent } from '../../model/event.js';
import { officeSpawnsShell, unusualFileExecuted } from './execution.js';
import { deliveredFileWritten, masqueradingName } from './files.js';
import { knownBadIndicator } from './intel.js';
import type { AnalyticContext, EventAnalytic, Signal } from './types.js';

export const BUILTIN_ANALYTICS: readonly EventAnalytic[] = [
  unusualFileExecuted,
  officeSpawnsShell,
  masqueradingName,
  deliveredFileWritten,
  knownBadIndicator,
];

const BY_ID = new Map(BUILTIN_ANALYTICS.map((analytic) => [analytic.id, analytic]));

export function analytic(id: string): EventAnalytic | undefined {
  return BY_ID.get(id);
}

export function runAnalytics(
  event: LwEvent,
  context: AnalyticContext,
  analytics: readonly EventAnalytic[] = BUILTIN_ANALYTICS,
): Signal[] {
  const signals: Signal[] = [];
  for (const one of analytics) signals.push(...one.evaluate(event, context));
  return signals;
}

export type { AnalyticContext, EventAnalytic, Signal } from './types.js';
