import type { GroupKey } from '../input/load.js';
import { escapeControls } from '../escape-controls.js';
import type { GroupEntry } from './report.js';

/** How a missing value (rows without an agent, say) reads in the table, markdown and CSV. */
export const NO_VALUE = '(none)';

/**
 * A value that the label could not show as it is without it reading like something else:
 * the missing-value mark itself, the separator of nested keys, or a leading quote (which
 * quoted values start with).
 */
function needsQuotes(v: string): boolean {
  return v === NO_VALUE || v.includes(' / ') || v.startsWith('"');
}

/** A group's keys (one value, or the list of nested values) as a list, outer first. */
export function groupKeys(entry: Pick<GroupEntry, 'key'>): GroupKey[] {
  return Array.isArray(entry.key) ? entry.key : [entry.key];
}

/**
 * A group as one line of text for people (the table, markdown, CSV's key column): its
 * values joined with " / ", a missing one as (none). Two different groups never read the
 * same: a value equal to "(none)", holding " / " or starting with a quote is shown quoted
 * (`"(none)"`). Control characters are escaped (escape-controls.ts).
 */
export function groupLabel(entry: Pick<GroupEntry, 'key'>): string {
  return groupKeys(entry).map(valueLabel).join(' / ');
}

/** One group value as text for people: (none) for a missing one, quoted where it would read like something else. */
export function valueLabel(v: GroupKey): string {
  return escapeControls(v === null ? NO_VALUE : needsQuotes(v) ? JSON.stringify(v) : v);
}
