#!/usr/bin/env bash
# Needs wrk (apt-get install wrk). Starts a default stack in TALLY_HOME (default /tmp/ab-home), stops it at the end.
# Side by side on one stack: processors' COMMIT_INTERVAL_MS and the API's LINGER_MS, single and batch increments.
set -u
export TALLY_HOME=${TALLY_HOME:-/tmp/ab-home}; T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
bin/tally down --purge >/dev/null 2>&1
bin/tally up > /tmp/knobs-up.log 2>&1 || { echo up failed; exit 1; }
echo "stack warm-up: $(wrk -t1 -c256 -d150s -s $T/incr.lua http://127.0.0.1:8000 | grep Requests/sec)"
measure() {
  for what in incr batch read; do
    ( $T/cpu.sh 20 > /tmp/knob-cpu.txt ) &
    if [ $what = incr ]; then out=$(wrk -t1 -c512 -d20s --latency -s $T/incr.lua http://127.0.0.1:8000)
    elif [ $what = batch ]; then out=$(wrk -t1 -c16 -d20s --latency -s $T/batch.lua http://127.0.0.1:8000)
    else out=$(wrk -t1 -c64 -d20s --latency -s $T/read.lua http://127.0.0.1:8000); fi
    wait
    echo "  $what: $(echo "$out" | grep Requests/sec | awk '{print $2}') req/s p50 $(echo "$out" | awk '/ 50%/{print $2}') p99 $(echo "$out" | awk '/ 99%/{print $2}') $(echo "$out" | grep Non-2xx) | cpu: $(tr '\n' ' ' < /tmp/knob-cpu.txt)"
  done
}
for setting in ${SETTINGS:-base commit500 linger20 base}; do
  commit=100; linger=5
  case $setting in commit500) commit=500;; linger20) linger=20;; esac
  for p in 1 2; do bin/tally stop processor $p >/dev/null; done
  for p in 1 2; do COMMIT_INTERVAL_MS=$commit bin/tally start processor $p >/dev/null || echo "processor $p start failed"; done
  bin/tally stop api 1 >/dev/null; LINGER_MS=$linger bin/tally start api 1 >/dev/null || echo "api start failed"
  wrk -t1 -c256 -d40s -s $T/incr.lua http://127.0.0.1:8000 >/dev/null
  echo "== $setting (COMMIT_INTERVAL_MS=$commit LINGER_MS=$linger)"; measure
done
pid() { pgrep -f "tally.instance=$1@$TALLY_HOME" | head -1; }
J=${OUT:-perf-results/knobs}; mkdir -p "$J"
for c in api-1 broker-1 processor-1; do jcmd $(pid $c) JFR.start name=k settings=profile duration=20s filename=$J/$c.jfr >/dev/null; done
( $T/cpu.sh 20 > $J/cpu-incr.txt ) &
wrk -t1 -c512 -d20s --latency -s $T/incr.lua http://127.0.0.1:8000 > $J/wrk-incr.txt; wait; sleep 3
echo "== profiled (base settings, JFR on): $(grep Requests/sec $J/wrk-incr.txt) | $(tr '\n' ' ' < $J/cpu-incr.txt)"
grep -c "CONCURRENT_TRANSACTIONS\|OUT_OF_ORDER" $TALLY_HOME/logs/*.log 2>/dev/null | grep -v ":0" || echo "no transaction errors in logs"
bin/tally down >/dev/null 2>&1
