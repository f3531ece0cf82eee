#!/usr/bin/env bash
# Usage: ab-processor-jar.sh A.jar B.jar   (two builds of stream-processor/target/stream-processor-*.jar;
#        "-" for the checkout's own). ENV_A / ENV_B: settings for that variant's processors, as
#        "NAME=value ..." (e.g. ENV_B="COMMIT_INTERVAL_MS=200", or KAFKA_CONFIG_FILE=client.properties for
#        Kafka client settings such as fetch.min.bytes).
# Needs wrk (apt-get install wrk). Starts a default stack in TALLY_HOME (default /tmp/ab-home), stops it at the end.
# Side by side on one stack: both processors restarted on jar A, then B, then A, then B (ROUNDS), each
# warmed 40 s, then its idle CPU and 2,000 increments/s open loop (p99, CPU per component).
# The checkout's own jar is put back at the end. Change no source meanwhile: bin/tally would rebuild.
set -u
export TALLY_HOME=${TALLY_HOME:-/tmp/ab-home}; T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
out=${OUT:-perf-results/ab-jar}; mkdir -p "$out"
source "$T/jar-swap.sh"; jar_keep stream-processor "$out"
[ $# -eq 2 ] && [ -f "$(jar_pick "$1")" ] && [ -f "$(jar_pick "$2")" ] || { echo "usage: $0 A.jar|- B.jar|-"; exit 2; }
a=$(jar_pick "$1"); b=$(jar_pick "$2")
bin/tally down --purge >/dev/null 2>&1
bin/tally up > "$out/up.log" 2>&1 || { echo up failed; exit 1; }
echo "stack warm-up: $(wrk -t1 -c256 -d90s -s $T/incr.lua http://127.0.0.1:8000 | grep Requests/sec)"
i=0
for v in ${ROUNDS:-A B A B}; do
  i=$((i + 1))
  if [ "$v" = A ]; then src=$a; settings=${ENV_A:-}; else src=$b; settings=${ENV_B:-}; fi
  for p in 1 2; do bin/tally stop processor $p >/dev/null; done
  cp "$src" "$jar"
  for p in 1 2; do env $settings bin/tally start processor $p >/dev/null || echo "processor $p start failed"; done
  wrk -t1 -c256 -d40s -s $T/incr.lua http://127.0.0.1:8000 >/dev/null
  sleep 5
  idle=$($T/cpu.sh 11 | tr '\n' ' ')
  # The latency run warms up 10 s first; CPU is read over its measured increments.
  ( sleep 11; $T/cpu.sh 21 > "$out/cpu-$i.txt" ) &
  bin/tally perf latency --url http://127.0.0.1:8000 --rate 2000 --seconds 20 --warm-up-seconds 10 --keys 2000 \
    --probes 20 --results "$out/latency-$i-$v" > "$out/latency-$i-$v.log" 2>&1
  wait
  echo "== round $i: $v ${settings} | idle: $idle| at 2,000/s: $(tr '\n' ' ' < "$out/cpu-$i.txt")"
  grep -E "^increments |counted" "$out/latency-$i-$v.log"
done
jar_restore
grep -c "CONCURRENT_TRANSACTIONS\|OUT_OF_ORDER" $TALLY_HOME/logs/*.log 2>/dev/null | grep -v ":0" || echo "no transaction errors in logs"
bin/tally down >/dev/null 2>&1
