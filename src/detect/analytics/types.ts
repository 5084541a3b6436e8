import type { LwEvent } from '../../model/event.js';
import type { IntelLookup } from '../../intel/lookup.js';
import type { IntelMatch } from '../../intel/model.js';

/** One analytic's observation about one event. */
export interface Signal {
  analytic: string;
  eventId: string;
  summary: string;
  /** The file the signal is about, when it is about a file (lower-cased path or name). */
  subject?: string;
  /** Set for intel hits: the campaign or actor the indicator is tied to. */
  campaign?: string;
  /** Set for intel hits: the indicators matched, their sources and attribution. */
  intel?: IntelMatch[];
  /** ATT&CK techniques, for signals whose analytic is not a built-in one (Sigma rules). */
  attack?: string[];
}

export interface AnalyticContext {
  intel: IntelLookup;
}

/** A named, tested detection over single events. */
export interface EventAnalytic {
  id: string;
  title: string;
  /** Why an analyst cares, shown with every hit. */
  explanation: string;
  attack: string[];
  evaluate(event: LwEvent, context: AnalyticContext): Signal[];
}
