#!/usr/bin/env bash
# Usage: ab-api-env.sh "A SETTINGS" "B SETTINGS"   e.g. ab-api-env.sh "LINGER_MS=5" "LINGER_MS=20"
# Needs wrk (apt-get install wrk). On the running stack in TALLY_HOME (default .tally), side by side: the API
# restarted with A's environment, then B's, A's, B's (ROUNDS), each warmed 60 s at 256 connections, then
# `bin/tally perf latency --rate 2000` (p50 / p99 over 20 s, open loop) and single increments in a closed
# loop of 1,024 connections for 30 s (CONNECTIONS), with the CPU per component over each. The API is
# started with the stack's own settings at the end. Change no source meanwhile: bin/tally would rebuild.
set -u
T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
[ $# -eq 2 ] || { echo "usage: $0 \"A SETTINGS\" \"B SETTINGS\""; exit 2; }
out=${OUT:-perf-results/ab-api-env}; mkdir -p "$out"
home=${TALLY_HOME:-$PWD/.tally}
latency=(bin/tally perf latency --url http://127.0.0.1:8000 --warm-up-seconds 10 --keys 2000 --results "$out")
i=0
for v in ${ROUNDS:-A B A B}; do
  i=$((i + 1)); [ "$v" = A ] && settings=$1 || settings=$2
  bin/tally stop api 1 >/dev/null
  env $settings bin/tally start api 1 >/dev/null || echo "api start failed"
  wrk -t1 -c256 -d60s -s "$T/incr.lua" http://127.0.0.1:8000 >/dev/null
  ( sleep 11; "$T/cpu.sh" 21 > "$out/cpu-$i-latency.txt" ) &
  "${latency[@]}" --seconds 20 --rate 2000 > "$out/latency-$i.log" 2>&1
  wait
  echo "round $i $v ($settings) 2,000/s: $(grep -E '^increments ' "$out/latency-$i.log") | $(grep -c exact "$out/latency-$i.log") exact | $(tr '\n' ' ' < "$out/cpu-$i-latency.txt")"
  for c in ${CONNECTIONS:-1024}; do
    ( sleep 5; "$T/cpu.sh" 20 > "$out/cpu-$i-$c.txt" ) &
    rate=$(wrk -t1 -c"$c" -d30s --latency -s "$T/incr.lua" http://127.0.0.1:8000 \
      | awk '/Requests\/sec/ {print $2, "incr/s"} / 99%/ {print "p99", $2} /Non-2xx/ {print "non-2xx", $NF}' | tr '\n' ' ')
    wait
    echo "round $i $v ($settings) x$c: $rate | $(tr '\n' ' ' < "$out/cpu-$i-$c.txt")"
  done
done
bin/tally stop api 1 >/dev/null; bin/tally start api 1 >/dev/null || echo "api start failed"
grep -c "CONCURRENT_TRANSACTIONS\|OUT_OF_ORDER" "$home"/logs/*.log | grep -v ":0" || echo "no transaction errors in logs"
