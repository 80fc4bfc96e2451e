#!/bin/sh
# Nightly KPI report for cron, e.g. in /etc/cron.d/csm-kpi:
#   0 6 * * * support DATA=/data/exports OUT=/reports TARGETS=/opt/kpi/targets.json /opt/kpi/nightly.sh
# Exit 0: report written, targets met. 1: report written, a target breached (mailed if MAIL_TO
# is set). 2: the run itself failed (bad input or usage); stderr says why.
set -u
CSM_KPI=${CSM_KPI:-csm-kpi}
out="${OUT:?OUT must name the report directory}/kpi-$(date +%F).json"
$CSM_KPI compute "${DATA:?DATA must name the exports directory}"/*.csv --tz "${TZ_NAME:-UTC}" --period day \
  --format json --output "$out" --targets "${TARGETS:?TARGETS must name a targets file}" --fail-on-breach
code=$?
case $code in
  0) echo "kpi report: $out" ;;
  1) echo "kpi report: $out (targets breached)"
     if [ -n "${MAIL_TO:-}" ]; then mail -s "KPI targets breached" "$MAIL_TO" < "$out"; fi ;;
  *) echo "csm-kpi failed (exit $code); no report written" >&2 ;;
esac
exit $code
