import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { CsmError } from '../errors.js';
import { BusinessClock, parseHolidays, parseSchedule, readHolidays } from '../time/business-hours.js';
import type { Config } from './config-file.js';
import { parseSpan } from '../input/cells/span.js';
import type { TimeZone } from '../time/time-zone.js';
import { parseTargets, readTargets } from '../engine/targets.js';
import type { Target } from '../engine/targets.js';

/** compute's flags that shape the report beyond the inputs; each may also come from the config file. */
export interface ReportCliOptions {
  businessHours?: string;
  holidays?: string;
  sla?: string;
  targets?: string;
}

export interface ReportOptions {
  hours: { spec: string; holidays: Set<number>; clock: BusinessClock } | null;
  sla: { firstResponse: number | null; resolution: number | null };
  targets: Target[];
}

/** Business hours, SLAs and targets from the flags, else from the config file; errors name the flag or the config key. */
export function reportOptions(ctx: Context, o: ReportCliOptions, config: Config, configName: string | null, zone: TimeZone): ReportOptions {
  const hoursSpec = o.businessHours ?? config.business_hours;
  let hours: ReportOptions['hours'] = null;
  if (hoursSpec !== undefined) {
    let week;
    try {
      week = parseSchedule(hoursSpec);
    } catch (e) {
      throw new CsmError('CSM_USAGE', `${o.businessHours !== undefined ? '--business-hours' : `${configName}: business_hours`}: ${(e as Error).message}`);
    }
    const holidays = o.holidays
      ? readHolidays(resolve(ctx.cwd, o.holidays), o.holidays, zone)
      : parseHolidays(config.holidays ?? [], `${configName}: holidays`, zone);
    hours = { spec: hoursSpec, holidays, clock: new BusinessClock(week, holidays, zone) };
  } else if (o.holidays) throw new CsmError('CSM_USAGE', '--holidays needs --business-hours');
  const sla = o.sla !== undefined ? parseSla(slaFromFlag(o.sla), '--sla') : parseSla((config.sla ?? {}) as Record<string, string>, `${configName}: sla`);
  const targets = o.targets
    ? readTargets(resolve(ctx.cwd, o.targets), o.targets)
    : config.targets
      ? parseTargets(config.targets, `${configName}: targets`)
      : [];
  return { hours, sla, targets };
}

/** --sla first_response=1h,resolution=24h (or the config's "sla" object) → seconds per target. */
function parseSla(spec: Record<string, string>, source: string): { firstResponse: number | null; resolution: number | null } {
  const out = { firstResponse: null as number | null, resolution: null as number | null };
  for (const [key, text] of Object.entries(spec)) {
    const seconds = parseSpan(text);
    if (seconds === null || seconds <= 0) throw new CsmError('CSM_USAGE', `${source}: ${key}: "${text}" is not a duration such as 1h, 30m or 24h`);
    if (key === 'first_response') out.firstResponse = seconds;
    else if (key === 'resolution') out.resolution = seconds;
    else throw new CsmError('CSM_USAGE', `${source}: unknown SLA "${key}" (first_response or resolution)`);
  }
  return out;
}

function slaFromFlag(text: string): Record<string, string> {
  const spec: Record<string, string> = {};
  for (const part of text.split(',')) {
    const [k, v] = part.split('=');
    if (v === undefined) throw new CsmError('CSM_USAGE', `--sla: "${part}" should be name=duration, e.g. first_response=1h,resolution=24h`);
    spec[k.trim()] = v.trim();
  }
  return spec;
}

