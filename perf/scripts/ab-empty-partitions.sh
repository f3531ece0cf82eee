#!/usr/bin/env bash
# Usage: ab-empty-partitions.sh [PARTITIONS]   (default 36)
# Whether partitions that carry nothing cost the brokers anything under load: on the running stack in
# TALLY_HOME (default .tally), warmed 120 s at 4,000 increments/s, runs of `bin/tally perf latency
# --rate 2000` in turn without (A) and with (B) an extra topic of PARTITIONS empty partitions at
# replication factor 3, created before each B run and deleted after it, with the CPU per component
# over each measured 20 s. Every replica of such a topic sits in the followers' fetch sessions.
set -u
T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
n=${1:-36}; out=${OUT:-perf-results/ab-empty}; mkdir -p "$out"
latency=(bin/tally perf latency --url http://127.0.0.1:8000 --warm-up-seconds 10 --keys 2000 --results "$out")
"${latency[@]}" --seconds 120 --rate 4000 > "$out/warm.log" 2>&1
echo "warm-up: $(grep -E '^increments ' "$out/warm.log")"
for i in 1 2 3 4 5 6; do
  if (( i % 2 )); then v=A; else v=B
    bin/kafka-topics.sh --create --topic ab-empty-partitions --partitions "$n" --replication-factor 3 >/dev/null && sleep 15; fi
  ( sleep 11; "$T/cpu.sh" 21 > "$out/cpu-$i.txt" ) &
  "${latency[@]}" --seconds 20 --rate 2000 > "$out/lat-$i.log" 2>&1
  wait
  echo "run $i $v: $(grep -E '^increments ' "$out/lat-$i.log") | $(tr '\n' ' ' < "$out/cpu-$i.txt")"
  if [ "$v" = B ]; then bin/kafka-topics.sh --delete --topic ab-empty-partitions >/dev/null && sleep 15; fi
done
