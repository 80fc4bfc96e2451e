/** Targets ({"csat": ">= 90", "first_response_time": "<= 1h"}) from a targets file or the config's "targets". */
import { CsmError } from '../errors.js';
import type { KpiId } from '../metrics/definition.js';
import type { Scale } from '../metrics/facts.js';
import { KPI_BY_ID } from '../metrics/kpi-set.js';
import type { Comparison, Target } from '../engine/targets.js';
import { parseSpan } from '../input/cells/span.js';
import { readJsonFile } from './config-file.js';
import { DEFAULT_SCALE, parseConfidence } from './values.js';
import { loadZod } from './zod-lazy.js';

const RULE = /^\s*(>=|<=|==|>|<|=)\s*(.+?)\s*$/;
/** A confidence the rule asks for: "@95%", "@ 0.9". */
const AT_LEVEL = /\s*@\s*([\d.]+)\s*%?\s*$/;

/**
 * "<= 1h" for a time KPI, ">= 90" or ">= 90 %" for a rate, ">= 40" for NPS, ">= 4" for CES on
 * its scale (cesScale); "@95%" after any of them asks for confidence.
 */
export function parseTarget(kpi: string, rule: string, cesScale: Scale = DEFAULT_SCALE): Target {
  const def = KPI_BY_ID.get(kpi as KpiId);
  if (!def) throw new Error(`unknown KPI "${kpi}" (see csm-kpi explain)`);
  const at = AT_LEVEL.exec(rule);
  const confidence = at ? parseConfidence(at[1]) : undefined;
  if (confidence !== undefined && !def.estimate) throw new Error(`"@${at![1]}": ${kpi} is a count, not an estimate with an interval`);
  const m = RULE.exec(at ? rule.slice(0, at.index) : rule);
  if (!m) throw new Error(`"${rule}" is not a rule such as ">= 90", "<= 1h" or ">= 90 @95%"`);
  const op = (m[1] === '=' ? '==' : m[1]) as Comparison;
  const text = m[2];
  // "<> 90", "=> 90", "<<= 90": not an operator of ours, rather than "> 90" read as the number.
  if (/^[<>=!]/.test(text)) throw new Error(`"${rule.trim()}" is not a rule such as ">= 90", "<= 1h" or ">= 90 @95%" (operators: >= <= > < ==)`);
  let threshold: number | null;
  if (def.unit === 'seconds') threshold = parseSpan(text);
  else {
    const n = text.replace(/\s*%$/, '');
    threshold = /^[+-]?\d+(\.\d+)?$/.test(n) ? Number(n) : null;
    if (threshold !== null && text.endsWith('%') && def.unit !== 'percent') threshold = null;
  }
  // A rate beyond 0..100 would be met (or breached) by every value: a sign of a wrong rule; so would an NPS beyond ±100.
  if (threshold !== null && def.unit === 'percent' && (threshold < 0 || threshold > 100)) throw new Error(`"${text}" is not a percentage from 0 to 100`);
  if (threshold !== null && def.id === 'nps' && (threshold < -100 || threshold > 100)) throw new Error(`"${text}" is not an NPS from -100 to 100`);
  // A mean CES is on its scale: ">= 6" on 1..5 is never met, ">= 0" always.
  if (threshold !== null && def.id === 'ces' && (threshold < cesScale.min || threshold > cesScale.max)) {
    throw new Error(`"${text}" is off the CES scale ${cesScale.min}-${cesScale.max} (--ces-scale or the config's scales.ces sets another)`);
  }
  if (threshold !== null && def.id !== 'nps' && threshold < 0) throw new Error(`"${text}" is below 0, which ${kpi} never is`);
  // At the edge of the KPI's range, a rule every value meets (a target that can never fail a
  // nightly run: "csat >= 0", "nps >= -100", "<= 100" on a rate, "ces >= 1" on 1..5) or none can.
  if (threshold !== null) {
    const low = def.id === 'nps' ? -100 : def.id === 'ces' ? cesScale.min : 0;
    const high = def.unit === 'percent' || def.id === 'nps' ? 100 : def.id === 'ces' ? cesScale.max : null;
    const always = (op === '>=' && threshold === low) || (op === '<=' && threshold === high);
    const never = (op === '<' && threshold === low) || (op === '>' && threshold === high);
    if (always || never) throw new Error(`"${rule.trim()}" is ${always ? 'met by every' : 'met by no'} value of ${kpi} (from ${low}${high === null ? '' : ` to ${high}`}): a target that ${always ? 'can never fail' : 'can never be met'}`);
  }
  // ">= 0.9" for 90 % (a fraction, as a spreadsheet writes rates) would be met by nearly any rate.
  if (threshold !== null && def.unit === 'percent' && threshold > 0 && threshold < 1 && (op === '>=' || op === '>') && !text.endsWith('%')) {
    const percent = Number((threshold * 100).toFixed(6));
    throw new Error(`"${text}" would be ${text} %: percentages are written from 0 to 100 (${percent} for ${percent} %; "${text} %" if you mean it)`);
  }
  if (threshold === null) {
    throw new Error(`"${text}" is not a ${def.unit === 'seconds' ? 'duration such as 15m, 1h or 90 (seconds)' : def.unit === 'percent' ? 'percentage such as 90' : 'number'}`);
  }
  return { kpi: def.id, rule: rule.trim(), op, threshold, ...(confidence === undefined ? {} : { confidence }) };
}


/** Targets from a JSON object ({"csat": ">= 90", …}); source names the file or config in messages. */
export function parseTargets(json: unknown, source: string, cesScale: Scale = DEFAULT_SCALE): Target[] {
  const z = loadZod();
  const r = z.record(z.string(), z.string({ error: 'must be a rule string such as ">= 90"' })).safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CsmError('CSM_TARGETS_INVALID', `${source}: ${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`);
  }
  return Object.entries(r.data).map(([kpi, rule]) => {
    try {
      return parseTarget(kpi, rule, cesScale);
    } catch (e) {
      throw new CsmError('CSM_TARGETS_INVALID', `${source}: ${kpi}: ${(e as Error).message}`);
    }
  });
}

export function readTargets(path: string, name: string, cesScale: Scale = DEFAULT_SCALE): Target[] {
  return parseTargets(readJsonFile(path, name, 'targets', 'CSM_TARGETS_INVALID'), name, cesScale);
}
