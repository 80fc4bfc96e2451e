import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Context } from './context.js';
import { CsmError } from './errors.js';
import { escapeControls } from './escape-controls.js';
import { runCompute } from './commands/compute.js';
import type { ComputeFlags } from './settings/settings.js';
import { collect, parseConfidence, parseCsatScale, parseDelimiter, parseEncoding, parseMinSample, parseScale, parseTargetsOn } from './settings/values.js';
import { parseLast } from './settings/window.js';
import { PRESETS } from './input/header/presets.js';
import { FORMATS } from './output/format.js';
import { parseValidYears } from './settings/valid-years.js';
// validate, columns and explain load when run: a compute (cron's case) does not pay for them.

const VERSION = '0.1.0';

/**
 * Checks a flag's text with the parser its setting is read with (settings/values.ts), so a
 * wrong value is refused while commander still knows which option it was; the text itself
 * goes on to the settings, which read flags and config keys alike.
 */
function checked(parse: (text: string) => unknown): (text: string) => string {
  return (text) => {
    try {
      parse(text);
      return text;
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };
}

/** Options every command that reads files accepts. */
function inputOptions(cmd: Command): Command {
  return cmd
    .option('--tickets <file>', 'read FILE as tickets whatever its header (repeatable)', collect)
    .option('--surveys <file>', 'read FILE as survey answers (repeatable)', collect)
    .option('--customers <file>', 'read FILE as customer counts per period (repeatable)', collect)
    .option('--tz <zone>', 'IANA time zone for timestamps without an offset, periods and windows (default: the system zone)')
    .option('--delimiter <char>', 'field delimiter: , ; tab, | or any other one character (default: detected from the header among , ; tab and |)', checked(parseDelimiter))
    .option('--encoding <name>', 'utf-8 (default), latin1 or windows-1252', checked(parseEncoding))
    .addOption(new Option('--survey-type <type>', 'the type of survey rows without a type column').choices(['csat', 'nps', 'ces']))
    .option('--csat-scale <range>', 'CSAT scale (default 1-5; satisfied = top two scores)', checked(parseCsatScale))
    .option('--ces-scale <range>', 'CES scale (default 1-5; easy = above the midpoint)', checked(parseScale))
    .option('--self-service-channels <list>', 'comma-separated channels counted as self-service')
    .addOption(new Option('--preset <name>', "read a helpdesk's own export").choices(Object.keys(PRESETS)))
    .option('--config <file>', 'column map, value maps, null tokens, date format, scales, … (default: ./csm-kpi.config.json when present)')
    .addOption(new Option('--duplicates <policy>', 'rows repeating a ticket id: an error, or keep the first or last row per id (event logs)').choices(['error', 'first', 'last']))
    .option('--valid-years <range>', 'years a timestamp may fall in, both included (default 1970-2099); others are invalid rows', checked(parseValidYears))
    .addOption(new Option('--empty-score <policy>', 'survey rows without a score: an error, or skip them (counted as no_answer)').choices(['error', 'skip']))
    .addOption(
      new Option('--invalid-fields <policy>', 'an invalid optional field (response before creation, negative duration, unknown rating): the row is invalid, or drop_field leaves that field out and counts it').choices(['error', 'drop_field']),
    );
}

export function buildProgram(ctx: Context, setCode: (code: number) => void): Command {
  const program = new Command('csm-kpi')
    .description('Customer-service KPIs from helpdesk CSV exports: response and resolution times, AHT, FCR, CSAT, NPS, CES, retention, churn.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      // One line, as every line on stderr is (README): a quoted value with a line break in it
      // (--delimiter $'\n', an option or command name) shown escaped, commander's suggestion
      // ("Did you mean …?") and the pointer to --help joined to the message.
      outputError: (s, write) =>
        write(
          `${s.replace(/^error: /, 'csm-kpi: ').replace(/'([^']*)'/g, (_m, v: string) => `'${escapeControls(v)}'`).split('\n').filter((l) => l !== '').map((l) => escapeControls(l)).join(' ').replace(/\.$/, '')}; run with --help for usage\n`,
        ),
    });

  inputOptions(
    program
      .command('compute')
      .description('compute every KPI from tickets, surveys and customers CSV files')
      .argument('[files...]', 'CSV files (- reads standard input); each file\'s kind is detected from its header'),
  )
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMATS).default('table', 'table, or from the --output extension'))
    .option('-o, --output <file>', 'write the report to FILE (atomically) instead of stdout (- is stdout); .json .csv .html .md pick the format')
    .option('--from <date>', 'window start, inclusive (date or timestamp in --tz; or today, yesterday, -7d, -2w, -1m)')
    .option('--to <date>', 'window end, exclusive (the same forms)')
    .option('--last <n>', 'window: the N whole days, weeks, months, quarters or years before the current one (1d = yesterday, 1w, 1m, 1q, 1y)', checked(parseLast))
    .option('--now <timestamp>', 'the time relative windows count from (default: the clock), e.g. 2026-03-05T06:00')
    .addOption(new Option('--compare <window>', 'compute the window before (previous) or a year earlier (year) beside it: "before" and "change"').choices(['previous', 'year']))
    .addOption(new Option('--period <period>', 'add a series by period').choices(['day', 'week', 'month', 'quarter', 'year']))
    .option('--by <field>', 'add KPIs per group: agent, team, channel, priority or any column (repeatable, nested)', collect)
    .option('--skip-invalid', 'compute on the valid rows; count and list the invalid ones')
    .option('--rejects <file>', 'write the invalid rows with their reason to FILE as CSV')
    .option('--business-hours <spec>', 'count response and resolution times in opening hours only, e.g. "Mon-Fri 09:00-18:00"')
    .option('--holidays <file>', 'closed days for --business-hours: one ISO date a line')
    .option('--sla <spec>', 'SLA targets, e.g. first_response=1h,resolution=24h; per priority: priority=urgent:first_response=15m (repeatable)', collect)
    .option('--where <condition>', 'only rows where COLUMN=VALUE[,VALUE] (or COLUMN!=VALUE[,VALUE]); a canonical column or a header (repeatable: all must hold)', collect)
    .addOption(new Option('--list <what>', 'instead of the report, list the tickets that missed an SLA (id, priority, agent, created, SLA, target, actual)').choices(['breaches']))
    .option('--targets <file>', 'JSON targets per KPI, e.g. {"csat": ">= 90", "first_response_time": "<= 1h"}')
    .option('--targets-on <slices>', 'check targets on each period and/or group too: period, group (repeatable or comma list)', (v: string, p?: string[]) => collect(checked(parseTargetsOn)(v), p))
    .option('--fail-on-breach', 'exit 1 (after writing the report) when a target is breached or its KPI has no data')
    .option('--confidence <level>', 'level of the confidence intervals: 0.9, 0.95 (default) or 0.99', checked(parseConfidence))
    .option('--min-sample <n>', 'below n answers or tickets a KPI is a small sample: shown with its n and interval, no band (default 30)', checked(parseMinSample))
    .option('--no-color', 'no colour in the table')
    .option('--quiet', 'no progress line on stderr (shown on a terminal when reading takes over a second)')
    .option('--top <n>', 'groups listed per --by level in the table, most tickets first (default 20; 0 or all: every group)')
    .addHelpText(
      'after',
      `
Examples:
  csm-kpi compute fixtures/tickets.csv fixtures/surveys.csv fixtures/customers.csv
  csm-kpi compute tickets.csv --format json | jq .kpis.nps
  csm-kpi compute exports/*.csv --period week --by agent
  csm-kpi compute tickets.csv --tz Europe/Madrid --from 2026-03-01 --to 2026-04-01
  csm-kpi compute tickets.csv --business-hours "Mon-Fri 09:00-18:00" --holidays holidays.txt --sla first_response=1h
  csm-kpi compute /data/*.csv --format json --output kpi.json --targets targets.json --fail-on-breach
  csm-kpi compute tickets.csv --tz Europe/Madrid --last 1d --compare previous --targets targets.json --fail-on-breach
  csm-kpi compute tickets.csv --last 4w --period week --by agent --targets-on group --targets targets.json
  csm-kpi compute exports/*.csv --period week --by team -o report.html
  csm-kpi compute tickets.csv --where team=support --where priority!=low --period week --by agent
  csm-kpi compute tickets.csv --sla first_response=1h,resolution=24h --sla priority=urgent:first_response=15m --list breaches

Exit codes: 0 success, 1 a target was breached or had no data (--fail-on-breach), 2 usage or input error.`,
    )
    .option('--threads <n>', 'threads for one large tickets file (default: one per core; 1 turns it off)')
    .addOption(new Option('--engine <name>', 'js (default) or duckdb: run the KPI SQL through DuckDB (CSV or Parquet; .parquet inputs imply it)').choices(['js', 'duckdb']))
    .action(async (files: string[], o: ComputeFlags, cmd: Command) =>
      // The format counts as given only when typed: then it wins over the --output extension.
      setCode(await runCompute(ctx, files, { ...o, format: cmd.getOptionValueSource('format') === 'default' ? undefined : o.format })),
    );

  inputOptions(
    program
      .command('validate')
      .description('check CSV files against the input contract and list every problem, without computing')
      .argument('[files...]', 'CSV files'),
  )
    .option('--rejects <file>', 'write the invalid rows with their reason to FILE as CSV')
    .addHelpText('after', '\nExamples:\n  csm-kpi validate fixtures/tickets.csv fixtures/surveys.csv\n\nExit codes: 0 all rows valid, 2 problems found.')
    .action(async (files: string[], o) => setCode(await (await import('./commands/validate.js')).runValidate(ctx, files, o)));

  inputOptions(
    program
      .command('columns')
      .description('show how each header maps onto the canonical columns, what is ignored, and which KPIs lack input')
      .argument('[files...]', 'CSV files'),
  )
    .addHelpText('after', '\nExamples:\n  csm-kpi columns export.csv --preset zendesk\n  csm-kpi columns incidents.csv --config examples/servicenow-incidents.config.json')
    .action(async (files: string[], o) => setCode(await (await import('./commands/columns.js')).runColumns(ctx, files, o)));

  program
    .command('sql')
    .description('print the KPI definitions as one SQL query over warehouse tables: one row per slice, one column per KPI field')
    .option('--tz <zone>', 'IANA time zone of the periods and of --from/--to (default: the system zone)')
    .option('--csat-scale <range>', 'CSAT scale (default 1-5; satisfied = top two scores)', checked(parseCsatScale))
    .option('--ces-scale <range>', 'CES scale (default 1-5; easy = above the midpoint)', checked(parseScale))
    .option('--self-service-channels <list>', 'comma-separated channels counted as self-service')
    .addOption(new Option('--preset <name>', "the tables hold a helpdesk's own columns").choices(Object.keys(PRESETS)))
    .option('--config <file>', 'column map, value maps, null tokens, scales, … (default: ./csm-kpi.config.json when present)')
    .addOption(new Option('--dialect <name>', 'SQL dialect').choices(['duckdb', 'postgres', 'bigquery', 'snowflake', 'spark']).default('duckdb'))
    .option('--tickets-table <name>', 'the tickets table (default: tickets)')
    .option('--surveys-table <name>', 'the survey answers table (default: surveys; none with --preset unless named)')
    .option('--customers-table <name>', 'the customer counts table (default: customers; none with --preset unless named)')
    .option('--from <date>', 'window start, inclusive (date or timestamp in --tz)')
    .option('--to <date>', 'window end, exclusive')
    .option('--last <n>', 'window: the N whole days, weeks, months, quarters or years before the current one', checked(parseLast))
    .option('--now <timestamp>', 'the time relative windows count from (default: the clock)')
    .addOption(new Option('--period <period>', 'a row per period').choices(['day', 'week', 'month', 'quarter', 'year']))
    .option('--by <field>', 'rows per group (repeatable, nested)', collect)
    .option('--sla <spec>', 'SLA targets, e.g. first_response=1h,resolution=24h')
    // compute's options the SQL cannot express: taken, so that the refusal says why (sql.ts), not "unknown option".
    .addOption(new Option('--business-hours <spec>').hideHelp())
    .addOption(new Option('--compare <mode>').hideHelp())
    .addHelpText('after', '\nExamples:\n  csm-kpi sql --dialect duckdb\n  csm-kpi sql --dialect bigquery --preset zendesk --tickets-table project.zendesk.tickets\n  csm-kpi sql --dialect postgres --period week --by agent --tz Europe/Madrid')
    .action(async (o) => setCode((await import('./commands/sql.js')).runSql(ctx, o)));

  program
    .command('explain')
    .description("print each KPI's formula, inputs, industry bands and a worked example")
    .argument('[kpi]', 'one KPI id, e.g. nps or first_response_time')
    .addHelpText(
      'after',
      '\nExamples:\n  csm-kpi explain\n  csm-kpi explain nps\n\n' +
        'Every KPI is computed on the rows compute --where keeps: tickets by their own\n' +
        'columns; a survey answer with its ticket when its ticket_id names one read, else\n' +
        'by its own columns (a column its file lacks is no value: left out by =, kept by\n' +
        '!=); customer counts only by the columns their file has (else all kept, noted).',
    )
    .action(async (kpi: string | undefined) => setCode((await import('./commands/explain.js')).runExplain(ctx, kpi)));

  program
    .command('schema')
    .description('print the JSON report\'s schema (csm-kpi/report@1) as JSON Schema, for scripts that validate reports')
    .addHelpText('after', '\nExamples:\n  csm-kpi schema > report.schema.json')
    .action(async () => setCode((await import('./commands/schema.js')).runSchema(ctx)));

  return program;
}

/** Runs the CLI; resolves to the exit code. Never throws for user errors: they become one line on stderr and exit 2. */
export async function runCli(ctx: Context, argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram(ctx, (c) => (code = c));
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2; // commander already printed the message
    }
    if (e instanceof CsmError) {
      ctx.stderr.write(`csm-kpi: ${escapeControls(e.message)}\n`);
      return 2;
    }
    return failed(ctx, e);
  }
}

/**
 * What went wrong outside the user's input, as one line on stderr; the exit code. A write to
 * stdout that fails (disk full, /dev/full, a closed terminal) is the report not written; any
 * other error is a bug. Both exit 2, because a cron script reads 1 as "target breached" and
 * knows no other codes; the stack only with CSM_KPI_DEBUG=1.
 */
export function failed(ctx: Pick<Context, 'stderr' | 'env'>, e: unknown): number {
  const err = e as NodeJS.ErrnoException;
  const line = typeof err?.code === 'string' && err.syscall === 'write' ? `cannot write the report: ${err.message}` : `internal error: ${e instanceof Error ? e.message : String(e)}`;
  ctx.stderr.write(`csm-kpi: ${escapeControls(line)}\n`);
  if (ctx.env.CSM_KPI_DEBUG === '1' && e instanceof Error && e.stack) ctx.stderr.write(e.stack + '\n');
  return 2;
}

export async function main(argv: string[]): Promise<number> {
  // `csm-kpi … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.exit(failed({ stderr: process.stderr, env: process.env }, e));
  });
  // Nothing should get here (runCli catches what the commands throw); if something does, still one line and exit 2.
  const last = (e: unknown) => process.exit(failed({ stderr: process.stderr, env: process.env }, e));
  process.on('uncaughtException', last);
  process.on('unhandledRejection', last);
  return runCli(
    {
      // A getter: process.stdin is only set up when `-` is read.
      get stdin() {
        return process.stdin;
      },
      stdout: process.stdout,
      stderr: process.stderr,
      env: process.env,
      cwd: process.cwd(),
    },
    argv,
  );
}
