#!/usr/bin/env bash
# Usage: ab-generator-nice.sh [ROUNDS]   (default 8; needs root for a negative nice)
# How much of the increments' p99 at 2,000/s is the load generator's own wait for a core: on one default
# stack in TALLY_HOME (default /tmp/ab-home), warmed 60 s at 4,000/s, runs of `bin/tally perf latency
# --rate 2000` with the generator's JVM at nice 0 and nice -10 in turn (the stack stays at nice 0),
# each with the CPU per component over its measured 20 s. Stops the stack at the end.
# Change no source meanwhile: bin/tally would rebuild.
set -u
export TALLY_HOME=${TALLY_HOME:-/tmp/ab-home}; T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
rounds=${1:-8}; out=${OUT:-perf-results/ab-nice}; mkdir -p "$out"
bin/tally down --purge >/dev/null 2>&1
bin/tally up > "$out/up.log" 2>&1 || { echo up failed; exit 1; }
latency=(bin/tally perf latency --url http://127.0.0.1:8000 --warm-up-seconds 10 --keys 2000 --results "$out")
"${latency[@]}" --seconds 60 --rate 4000 > "$out/warm.log" 2>&1
echo "warm-up: $(grep -E '^increments ' "$out/warm.log")"
for i in $(seq 1 "$rounds"); do
  if (( i % 2 )); then n=0; else n=-10; fi
  ( sleep 11; perf/scripts/cpu.sh 21 > "$out/cpu-$i.txt" ) &
  nice -n $n "${latency[@]}" --seconds 20 --rate 2000 > "$out/lat-$i.log" 2>&1
  wait
  echo "run $i nice $n: $(grep -E '^increments ' "$out/lat-$i.log") | $(tr '\n' ' ' < "$out/cpu-$i.txt") | $(grep -c 'exact' "$out/lat-$i.log") exact"
done
grep -c "CONCURRENT_TRANSACTIONS\|OUT_OF_ORDER" "$TALLY_HOME"/logs/*.log | grep -v ":0" || echo "no transaction errors in logs"
bin/tally down >/dev/null 2>&1
