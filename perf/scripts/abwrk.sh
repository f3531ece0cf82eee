#!/usr/bin/env bash
# Side by side on one warm stack: GET /health and single increments, alternating, N rounds of S seconds, with CPU per component.
set -u
T=$(cd "$(dirname "$0")" && pwd); rounds=${1:-2}; secs=${2:-20}; c=${3:-512}
for r in $(seq 1 $rounds); do
  for what in health incr; do
    ( $T/cpu.sh $secs > /tmp/ab-cpu.txt ) &
    if [ $what = health ]; then out=$(wrk -t1 -c256 -d${secs}s --latency http://127.0.0.1:8000/health)
    else out=$(wrk -t1 -c$c -d${secs}s --latency -s $T/incr.lua http://127.0.0.1:8000); fi
    wait
    echo "round $r $what: $(echo "$out" | grep Requests/sec | awk '{print $2}')/s p50 $(echo "$out" | awk '/ 50%/{print $2}') p99 $(echo "$out" | awk '/ 99%/{print $2}') $(echo "$out" | grep Non-2xx) | cpu: $(tr '\n' ' ' < /tmp/ab-cpu.txt)"
  done
done
