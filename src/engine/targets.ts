import { readFileSync } from 'node:fs';
import { loadZod } from '../settings/zod-lazy.js';
import { CsmError } from '../errors.js';
import type { KpiId } from '../metrics/definition.js';
import { KPI_BY_ID } from '../metrics/kpi-set.js';
import type { KpiResults } from '../metrics/kpi-set.js';
import { parseSpan } from '../input/cells/span.js';

export type Comparison = '>=' | '>' | '<=' | '<' | '==';

export interface Target {
  kpi: KpiId;
  /** The rule as written, e.g. ">= 90" or "<= 1h". */
  rule: string;
  op: Comparison;
  /** In the KPI's unit (seconds for times, percent for rates). */
  threshold: number;
}

export interface TargetResult {
  rule: string;
  threshold: number;
  status: 'met' | 'breached' | 'no_data';
}

const RULE = /^\s*(>=|<=|==|>|<|=)\s*(.+?)\s*$/;

/** "<= 1h" for a time KPI, ">= 90" or ">= 90 %" for a rate, ">= 40" for NPS. */
export function parseTarget(kpi: string, rule: string): Target {
  const def = KPI_BY_ID.get(kpi as KpiId);
  if (!def) throw new Error(`unknown KPI "${kpi}" (see csm-kpi explain)`);
  const m = RULE.exec(rule);
  if (!m) throw new Error(`"${rule}" is not a rule such as ">= 90" or "<= 1h"`);
  const op = (m[1] === '=' ? '==' : m[1]) as Comparison;
  const text = m[2];
  let threshold: number | null;
  if (def.unit === 'seconds') threshold = parseSpan(text);
  else {
    const n = text.replace(/\s*%$/, '');
    threshold = /^[+-]?\d+(\.\d+)?$/.test(n) ? Number(n) : null;
    if (threshold !== null && text.endsWith('%') && def.unit !== 'percent') threshold = null;
  }
  if (threshold === null) {
    throw new Error(`"${text}" is not a ${def.unit === 'seconds' ? 'duration such as 15m, 1h or 90 (seconds)' : def.unit === 'percent' ? 'percentage such as 90' : 'number'}`);
  }
  return { kpi: def.id, rule: rule.trim(), op, threshold };
}


/** Targets from a JSON object ({"csat": ">= 90", …}); source names the file or config in messages. */
export function parseTargets(json: unknown, source: string): Target[] {
  const z = loadZod();
  const r = z.record(z.string(), z.string({ error: 'must be a rule string such as ">= 90"' })).safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new CsmError('CSM_TARGETS_INVALID', `${source}: ${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`);
  }
  return Object.entries(r.data).map(([kpi, rule]) => {
    try {
      return parseTarget(kpi, rule);
    } catch (e) {
      throw new CsmError('CSM_TARGETS_INVALID', `${source}: ${kpi}: ${(e as Error).message}`);
    }
  });
}

export function readTargets(path: string, name: string): Target[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CsmError('CSM_TARGETS_INVALID', `${name}: no such targets file`);
    throw new CsmError('CSM_TARGETS_INVALID', `${name}: not valid JSON (${(e as Error).message})`);
  }
  return parseTargets(json, name);
}

function holds(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>=': return value >= threshold;
    case '>': return value > threshold;
    case '<=': return value <= threshold;
    case '<': return value < threshold;
    case '==': return value === threshold;
  }
}

/** Marks each targeted KPI met, breached or no_data (value null); returns the breached ones. */
export function applyTargets(kpis: KpiResults, targets: readonly Target[]): Target[] {
  const breached: Target[] = [];
  for (const t of targets) {
    const k = kpis[t.kpi];
    if (!k) continue;
    const status = k.value === null ? 'no_data' : holds(k.value, t.op, t.threshold) ? 'met' : 'breached';
    const result: TargetResult = { rule: t.rule, threshold: t.threshold, status };
    k.target = result;
    if (status === 'breached') breached.push(t);
  }
  return breached;
}
