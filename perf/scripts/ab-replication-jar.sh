#!/usr/bin/env bash
# Usage: ab-replication-jar.sh MODULE A.jar B.jar   (two builds of MODULE/target/MODULE-*.jar, a module on the API's
#        classpath; "-" for the checkout's own)
# On the running stack in TALLY_HOME (default .tally), side by side: the API restarted on jar A, then B, then A, then
# B (ROUNDS), each measured by `perf replication --url` (its read/increment mix, at CONNECTIONS, default 4096, with
# a 30 s stack warm-up: only the pairs compare, not the absolute figures), with the CPU per component 30 s into
# the step. Start the stack in the benchmark's shape first, e.g. bin/tally up --brokers 7 --replication-factor 1
# --write-quorum 1. The checkout's own jar is put back at the end. Change no source meanwhile: bin/tally would rebuild.
set -u
T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
out=${OUT:-perf-results/ab-replication-jar}
source "$T/jar-swap.sh"; jar_ab "$0" "$out" "$@"
home=${TALLY_HOME:-$PWD/.tally}
i=0
for v in ${ROUNDS:-A B A B}; do
  i=$((i + 1)); jar_api_on "$v"
  ( sleep 40; "$T/cpu.sh" 30 > "$out/cpu-$i.txt" ) &
  bin/tally perf replication --url http://127.0.0.1:8000 --home "$home" --stack-warm-up-seconds 30 --warm-up 10000 \
    --operations 100000 --connections "${CONNECTIONS:-4096}" --results "$out" > "$out/run-$i.txt" 2>&1
  wait
  echo "round $i $v: $(grep -A1 '^RF ' "$out/run-$i.txt" | tail -1) | $(tr '\n' ' ' < "$out/cpu-$i.txt")"
  grep -E "^rf [0-9]+ x[0-9]+ (reads|increments) " "$out/run-$i.txt" | tail -2
done
jar_restore
