#!/bin/sh
# Nightly KPI report for cron: yesterday's KPIs (in the report's time zone) against the
# targets, beside the day before; a report for people mailed, the JSON kept next to it.
#
#   CONFIG=/etc/csm-kpi/nightly.config.json DATA=/srv/exports OUT=/srv/kpi MAIL_TO=lead@example.com nightly.sh
#
# Cron runs jobs with a minimal environment (PATH=/usr/bin:/bin, the home directory as the
# working directory, often no TZ): give every path absolute. Settings, from the environment:
#   DATA     directory of the exports; every *.csv in it is read                   (required)
#   OUT      directory for the reports: kpi-DAY.json and kpi-DAY.md (or .txt)       (required)
#   CONFIG   config file: columns, time zone, targets (see README)          (CONFIG or PRESET)
#   PRESET   a helpdesk preset (zendesk, freshdesk, …) when no config is needed
#   TARGETS  targets file, when the targets are not in the config's "targets" (it replaces them)
#   TZ_NAME  time zone of the report; unset, the config's "timezone" (else the system zone)
#   NOW      the night to report on, e.g. 2023-05-20T06:00 (default: the clock); re-runs a
#            missed night or tries the recipe on an old export
#   MAIL_TO  address the report goes to (with mail(1)); unset, nothing is mailed
#   CSM_KPI  the csm-kpi command (default: csm-kpi on PATH), e.g. "/usr/local/bin/csm-kpi"
# Exit 0: targets met, or none given (the mail's subject says "no targets checked"). 1: a target
# breached, or a targeted KPI without data yesterday (the report says which). 2: the run failed
# (bad input or settings): stderr says why, no report; or the mail could not be sent.
set -u
CSM_KPI=${CSM_KPI:-csm-kpi}

fail() {
  echo "nightly.sh: $1" >&2
  if [ -n "${MAIL_TO:-}" ]; then printf '%s\n' "$1" | mail -s "KPI report failed" "$MAIL_TO"; fi
  exit 2
}

[ -n "${DATA:-}" ] || fail "DATA must name the exports directory"
[ -n "${OUT:-}" ] || fail "OUT must name the reports directory"
[ -n "${CONFIG:-}${PRESET:-}" ] || fail "CONFIG (a config file) or PRESET (e.g. zendesk) must say how to read the exports"
[ -d "$OUT" ] || fail "$OUT: no such directory (OUT)"

# The arguments, built in "$@" so that paths with spaces stay whole.
set -- "$DATA"/*.csv
[ -e "$1" ] || fail "no *.csv file in $DATA (DATA)"
if [ -n "${CONFIG:-}" ]; then set -- "$@" --config "$CONFIG"; fi
if [ -n "${PRESET:-}" ]; then set -- "$@" --preset "$PRESET"; fi
if [ -n "${TARGETS:-}" ]; then set -- "$@" --targets "$TARGETS"; fi
# Without TZ_NAME no --tz: the config's zone decides, not the server's.
if [ -n "${TZ_NAME:-}" ]; then set -- "$@" --tz "$TZ_NAME"; fi
if [ -n "${NOW:-}" ]; then set -- "$@" --now "$NOW"; fi
set -- "$@" --last 1d --compare previous

work=$(mktemp -d "${TMPDIR:-/tmp}/csm-kpi-nightly.XXXXXX") || fail "cannot create a temporary directory"
trap 'rm -rf "$work"' EXIT

# The JSON decides the exit code: targets are checked on yesterday's window.
$CSM_KPI compute "$@" --format json --output "$work/report.json" --fail-on-breach 2>"$work/stderr"
code=$?
if [ "$code" -ne 0 ] && [ "$code" -ne 1 ]; then
  cat "$work/stderr" >&2
  fail "csm-kpi failed (exit $code); no report written"
fi
# The file is named after the day it reports on (the window's start), not the day it ran.
day=$(sed -n 's/^ *"from": "\([0-9][0-9-]*\)T.*/\1/p' "$work/report.json" | head -n 1)
[ -n "$day" ] || fail "the report has no window start"
json="$OUT/kpi-$day.json"
mv "$work/report.json" "$json" || fail "cannot write $json"

# The report for people: markdown when this csm-kpi has it, else the plain table.
if $CSM_KPI compute --help 2>/dev/null | grep -q markdown; then format=markdown ext=md; else format=table ext=txt; fi
human="$OUT/kpi-$day.$ext"
NO_COLOR=1 $CSM_KPI compute "$@" --format "$format" >"$work/human" 2>>"$work/stderr" || fail "csm-kpi could not write the $format report"
mv "$work/human" "$human" || fail "cannot write $human"

breaches=$(grep '^breach: ' "$work/stderr")
if [ "$code" -eq 0 ] && grep -q '^note: --fail-on-breach: no targets' "$work/stderr"; then
  # A run without targets cannot fail on a KPI: its subject must not read as a pass.
  subject="KPI report $day (no targets checked)"
  echo "kpi report: $human ($json), no targets checked"
elif [ "$code" -eq 0 ]; then
  subject="KPI report $day: targets met"
  echo "kpi report: $human ($json)"
else
  subject="KPI report $day: targets not met ($(printf '%s\n' "$breaches" | sed 's/^breach: \([a-z_]*\).*/\1/' | sort -u | paste -sd, - | sed 's/,/, /g'))"
  echo "kpi report: $human ($json), targets not met:"
  printf '%s\n' "$breaches"
fi
# csm-kpi's notes (a KPI without an input column, unmapped headers) go at the end of the mail.
notes=$(grep -v '^breach: ' "$work/stderr" | sort -u)
if [ -n "${MAIL_TO:-}" ]; then
  { if [ -n "$breaches" ]; then printf '%s\n\n' "$breaches"; fi; cat "$human"; printf '\nJSON: %s\n' "$json"; if [ -n "$notes" ]; then printf '\n%s\n' "$notes"; fi; } |
    mail -s "$subject" "$MAIL_TO" || { echo "nightly.sh: mail to $MAIL_TO failed" >&2; exit 2; }
fi
exit "$code"
