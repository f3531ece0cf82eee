#!/usr/bin/env bash
# Needs wrk. Starts a default stack in TALLY_HOME (default /tmp/ab-home), stops it at the end.
# Side by side on one stack: the processors with WINDOWS off and WINDOWS=1m,1h, alternating.
set -u
export TALLY_HOME=${TALLY_HOME:-/tmp/ab-home}; T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
bin/tally down --purge >/dev/null 2>&1
bin/tally up > /tmp/win-up.log 2>&1 || { echo up failed; exit 1; }
echo "stack warm-up: $(wrk -t1 -c256 -d60s -s $T/incr.lua http://127.0.0.1:8000 | grep Requests/sec)"
for w in off 1m,1h off 1m,1h; do
  for p in 1 2; do bin/tally stop processor $p >/dev/null; done
  if [ $w = off ]; then for p in 1 2; do bin/tally start processor $p >/dev/null; done
  else for p in 1 2; do WINDOWS=$w bin/tally start processor $p >/dev/null; done; fi
  wrk -t1 -c256 -d30s -s $T/incr.lua http://127.0.0.1:8000 >/dev/null
  ( $T/cpu.sh 20 > /tmp/win-cpu.txt ) &
  out=$(wrk -t1 -c16 -d20s -s $T/batch.lua http://127.0.0.1:8000); wait
  echo "WINDOWS=$w batches of 100: $(echo "$out" | grep Requests/sec | awk '{print $2}') req/s $(echo "$out" | grep Non-2xx) | cpu: $(tr '\n' ' ' < /tmp/win-cpu.txt)"
done
bin/tally down >/dev/null 2>&1
