/** Which helpdesk an unlabelled header looks like (src/input/header/preset-guess.ts). */
import { describe, expect, it } from 'vitest';
import { guessPreset, presetHint } from '../../src/input/header/preset-guess.js';
import { COLUMNS, normalizeHeader } from '../../src/input/header/columns.js';
import { PRESETS } from '../../src/input/header/presets.js';
import type { PresetName } from '../../src/input/header/presets.js';

const canonical = new Set(Object.values(COLUMNS).flatMap((cols) => cols.map((c) => c.name)));
/** A preset's own header names (not canonical ones), as its export writes them. */
const own = (p: PresetName) => Object.keys(PRESETS[p].columns).filter((k) => !canonical.has(normalizeHeader(k)));

describe('presetHint', () => {
  it.each([
    ['zendesk', 'Zendesk'],
    ['freshdesk', 'Freshdesk'],
    ['intercom', 'Intercom'],
    ['helpscout', 'Help Scout'],
    ['salesforce', 'Salesforce'],
    ['jira', 'Jira Service Management'],
  ] as const)('a %s header: "looks like a %s export"', (name, title) => {
    expect(presetHint(['id', ...own(name)])).toBe(`looks like a ${title} export: add --preset ${name}`);
  });

  it('takes three of its own names, and refuses a tie', () => {
    const z = own('zendesk');
    expect(z.length).toBeGreaterThanOrEqual(4);
    expect(guessPreset(z.slice(0, 3))).toBe('zendesk');
    expect(guessPreset(z.slice(0, 2))).toBeNull();
    expect(guessPreset(['id', 'created_at', 'status'])).toBeNull();
    expect(presetHint(['id', 'created_at'])).toBeNull();
    // Three names only Zendesk writes and three only Freshdesk writes: no preset wins.
    const only = (p: PresetName) =>
      own(p).filter((k) => (Object.keys(PRESETS) as PresetName[]).every((q) => q === p || !own(q).map(normalizeHeader).includes(normalizeHeader(k))));
    const [zo, fo] = [only('zendesk'), only('freshdesk')];
    expect(zo.length >= 3 && fo.length >= 4).toBe(true);
    expect(guessPreset([...zo.slice(0, 3), ...fo.slice(0, 3)])).toBeNull();
    // One more of Freshdesk's breaks the tie.
    expect(guessPreset([...zo.slice(0, 3), ...fo.slice(0, 4)])).toBe('freshdesk');
  });
});
