/**
 * Routes events to the rules whose `logsource` can apply. An event yields tags (product,
 * category, service, field renames) from the Windows mappings or from its adapter; a rule
 * applies to a tag when its category equals the tag's (both may be absent) and its product
 * and service, where given, agree.
 */
import type { SigmaEvent } from './event.js';
import {
  WINDOWS_CATEGORIES,
  WINDOWS_SERVICES,
  type CategoryMapping,
  type ServiceMapping,
} from './mappings/windows.js';

export interface Logsource {
  product?: string;
  category?: string;
  service?: string;
}

export interface LogsourceTag extends Logsource {
  /** Sigma field name -> the event's own name, for rules routed through this tag. */
  fieldMap?: Readonly<Record<string, string>>;
}

export function logsourceKey(source: Logsource): string {
  return `${source.product ?? '*'}/${source.category ?? '-'}/${source.service ?? '*'}`;
}

export function appliesTo(rule: Logsource, tag: Logsource): boolean {
  return (
    (rule.category ?? undefined) === (tag.category ?? undefined) &&
    (rule.product === undefined || rule.product === tag.product) &&
    (rule.service === undefined || rule.service === tag.service)
  );
}

export class LogsourceRouter {
  private readonly serviceByChannel = new Map<string, string>();
  private readonly categories = new Map<string, CategoryMapping[]>();

  constructor(
    services: readonly ServiceMapping[] = WINDOWS_SERVICES,
    categories: readonly CategoryMapping[] = WINDOWS_CATEGORIES,
  ) {
    for (const mapping of services) {
      for (const channel of mapping.channels) {
        this.serviceByChannel.set(channel.toLowerCase(), mapping.service);
      }
    }
    for (const mapping of categories) {
      for (const id of mapping.eventIds) {
        const key = `${mapping.service}|${id}`;
        this.categories.set(key, [...(this.categories.get(key) ?? []), mapping]);
      }
    }
  }

  /** The tags of one event, most specific first. */
  tags(event: SigmaEvent): LogsourceTag[] {
    if (event.logsources) return [...event.logsources];
    if (event.channel === undefined) return [];
    const service = this.serviceByChannel.get(event.channel.toLowerCase());
    const tags: LogsourceTag[] = [];
    if (service !== undefined && event.eventId !== undefined) {
      for (const mapping of this.categories.get(`${service}|${event.eventId}`) ?? []) {
        if (!matchesWhere(mapping, event)) continue;
        tags.push({
          product: 'windows',
          category: mapping.category,
          service,
          ...(mapping.fieldMap ? { fieldMap: mapping.fieldMap } : {}),
        });
      }
    }
    tags.push(service === undefined ? { product: 'windows' } : { product: 'windows', service });
    return tags;
  }

  /** A key that is equal for events that get equal tags, for caching the rule selection. */
  routeKey(event: SigmaEvent, tags: readonly LogsourceTag[]): string {
    if (event.logsources) return tags.map(logsourceKey).join(',');
    const categories = tags.map((t) => t.category).join(',');
    return `${event.channel ?? ''}|${event.eventId ?? ''}|${categories}`;
  }
}

function matchesWhere(mapping: CategoryMapping, event: SigmaEvent): boolean {
  if (!mapping.where) return true;
  for (const [field, expected] of Object.entries(mapping.where)) {
    const value = event.get(field);
    if (typeof value !== 'string' || value.toLowerCase() !== expected.toLowerCase()) return false;
  }
  return true;
}
