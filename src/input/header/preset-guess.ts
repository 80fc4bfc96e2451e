/**
 * Which helpdesk's export a header looks like, as DuckDB's sniffer says what it guessed:
 * a file read without --preset (or a config) whose header is, say, Zendesk's gets
 * "looks like a Zendesk export: add --preset zendesk", instead of half its columns ignored.
 */
import { COLUMNS, normalizeHeader } from './columns.js';
import { PRESETS } from './presets.js';
import type { PresetName } from './presets.js';

const CANONICAL = new Set(Object.values(COLUMNS).flatMap((cols) => cols.map((c) => c.name)));

/** Headers of a preset's own naming (not already canonical ones such as Status) a header must have to be taken for it. */
const MIN_MATCHES = 3;

/** The preset whose own header names the header has most of (at least MIN_MATCHES, and more than any other), or null. */
export function guessPreset(header: readonly string[]): PresetName | null {
  const names = new Set(header.map(normalizeHeader));
  let best: PresetName | null = null;
  let bestCount = 0;
  let tie = false;
  for (const [name, preset] of Object.entries(PRESETS) as [PresetName, (typeof PRESETS)[PresetName]][]) {
    const own = new Set(Object.keys(preset.columns).map(normalizeHeader).filter((k) => !CANONICAL.has(k)));
    let count = 0;
    for (const k of own) if (names.has(k)) count++;
    if (count > bestCount) [best, bestCount, tie] = [name, count, false];
    else if (count === bestCount) tie = true;
  }
  return bestCount >= MIN_MATCHES && !tie ? best : null;
}

/** How the note names a preset: "Zendesk", "Help Scout". */
export function presetTitle(name: PresetName): string {
  return { zendesk: 'Zendesk', freshdesk: 'Freshdesk', intercom: 'Intercom', helpscout: 'Help Scout', salesforce: 'Salesforce', jira: 'Jira Service Management' }[name];
}

/** The note for a header that looks like a preset's export, or null. */
export function presetHint(header: readonly string[]): string | null {
  const p = guessPreset(header);
  return p === null ? null : `looks like a ${presetTitle(p)} export: add --preset ${p}`;
}
