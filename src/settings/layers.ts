import { CsmError } from '../errors.js';
import type { ErrorCode } from '../errors.js';

/** Where a setting's value came from, as messages name it: `--sla`, `csm-kpi.config.json: sla`, or `default`. */
export type Source = string;

export interface Sourced<T> {
  value: T;
  source: Source;
}

/**
 * The layers a run is told its settings in, lowest first: defaults < config file < flags.
 * Each setting is picked from the highest layer that has it, and read with one parser
 * whichever layer it came from; a parser's error is prefixed with the source, so a wrong
 * value is one line naming the flag or the config key.
 */
export class Layers<F extends object, C extends object> {
  constructor(
    private readonly flags: F,
    private readonly config: C,
    /** The config file's name as messages show it, or null without one. */
    readonly configName: string | null,
  ) {}

  /** The flag's value when given, else the config key's (a dotted path such as "scales.csat"). */
  pick<T>(flag: keyof F & string, configKey: string | null): Sourced<T> | undefined {
    const f = this.flags[flag as keyof F];
    if (f !== undefined) return { value: f as T, source: flagName(flag) };
    if (configKey === null) return undefined;
    const c = configKey.split('.').reduce<unknown>((o, k) => (o === undefined || o === null ? undefined : (o as Record<string, unknown>)[k]), this.config);
    return c === undefined ? undefined : { value: c as T, source: `${this.configName}: ${configKey}` };
  }

  /** A key only the config file can give (column maps, value maps, null tokens, …). */
  fromConfig<K extends keyof C>(key: K): C[K] {
    return this.config[key];
  }

  /** The picked value read by parse (given the source, for readers that open files), or fallback when no layer has it. */
  read<T, U>(flag: keyof F & string, configKey: string | null, parse: (value: T, source: Sourced<T>) => U, fallback: U): U {
    const s = this.pick<T>(flag, configKey);
    return s === undefined ? fallback : readAs(s, parse);
  }
}

/** parse(s.value); an Error becomes a CsmError naming the source (a CsmError passes as is). */
export function readAs<T, U>(s: Sourced<T>, parse: (value: T, source: Sourced<T>) => U, code?: ErrorCode): U {
  try {
    return parse(s.value, s);
  } catch (e) {
    if (e instanceof CsmError) throw e;
    throw new CsmError(code ?? (s.source.startsWith('--') ? 'CSM_USAGE' : 'CSM_CONFIG_INVALID'), `${s.source}: ${(e as Error).message}`);
  }
}

/** commander's camelCase option key → the flag as typed: csatScale → --csat-scale. */
export function flagName(key: string): string {
  return key === 'tz' ? '--tz' : '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}
