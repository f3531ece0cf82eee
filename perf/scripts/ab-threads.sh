#!/usr/bin/env bash
# Needs wrk (apt-get install wrk). Starts a default stack in TALLY_HOME (default /tmp/ab-home), stops it at the end.
# A/B of the API's MAX_THREADS on one stack: each API start warmed 60 s, then abwrk rounds.
set -u
export TALLY_HOME=${TALLY_HOME:-/tmp/ab-home}; T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
bin/tally down --purge >/dev/null 2>&1
mkdir -p "${OUT:-perf-results/ab}"; bin/tally up > ${OUT:-perf-results/ab}/up.log 2>&1 || { echo up failed; exit 1; }
echo "stack warm-up: $(wrk -t1 -c256 -d150s -s $T/incr.lua http://127.0.0.1:8000 | grep Requests/sec)"
for threads in ${THREADS:-200 32 200}; do
  bin/tally stop api 1 >/dev/null; MAX_THREADS=$threads bin/tally start api 1 >/dev/null || echo "start failed"
  wrk -t1 -c256 -d60s -s $T/incr.lua http://127.0.0.1:8000 >/dev/null
  echo "== MAX_THREADS=$threads"; $T/abwrk.sh 2 20 512
done
bin/tally down >/dev/null 2>&1
