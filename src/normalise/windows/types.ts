import type { LwEvent } from '../../model/event.js';
import type { WinRecord } from '../../read/formats/windows/records.js';

/** Maps one Windows record to the event's content; the caller adds time, host and bookkeeping. */
export type WindowsMapper = (
  record: WinRecord,
) => Omit<LwEvent, '@timestamp' | 'lurewatch' | 'original' | 'host'> | undefined;
