#!/usr/bin/env bash
# Usage: ab-processor-jar.sh A.jar B.jar   (two builds of stream-processor/target/stream-processor-*.jar;
#        "-" for the checkout's own). ENV_A / ENV_B: settings for that variant's processors, as
#        "NAME=value ..." (e.g. ENV_B="COMMIT_INTERVAL_MS=200", or KAFKA_CONFIG_FILE=client.properties for
#        Kafka client settings such as fetch.min.bytes).
# Needs wrk (apt-get install wrk). Starts a default stack in TALLY_HOME (default /tmp/ab-home), stops it at the end.
# Side by side on one stack: both processors restarted on jar A, then B, then A, then B (ROUNDS), each
# warmed 40 s, then its idle CPU and 2,000 increments/s open loop (p99, CPU per component).
# LOAD=batch instead: closed loops of CONNECTIONS (default "16 32") batches of batch.lua for 30 s each,
# reporting the increments accepted per second (the API producer's records sent, main and excess topics).
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
# Records the API's producer sent to the increments and excess topics so far: "main excess".
records_sent() { curl -s localhost:8011/metrics | awk '/^kafka_producer_topic_record_send_total/ && /tally-(increments|excess)"/ {
  split($0, a, "topic=\""); split(a[2], b, "\""); s[b[1]] = $NF } END { printf "%d %d", s["tally-increments"], s["tally-excess"] }'; }
i=0
for v in ${ROUNDS:-A B A B}; do
  i=$((i + 1))
  if [ "$v" = A ]; then src=$a; settings=${ENV_A:-}; else src=$b; settings=${ENV_B:-}; fi
  for p in 1 2; do bin/tally stop processor $p >/dev/null; done
  cp "$src" "$jar"
  for p in 1 2; do env $settings bin/tally start processor $p >/dev/null || echo "processor $p start failed"; done
  if [ "${LOAD:-latency}" = batch ]; then
    wrk -t1 -c8 -d40s -s $T/batch.lua http://127.0.0.1:8000 >/dev/null
    sleep 10
    for c in ${CONNECTIONS:-16 32}; do
      read -r m0 x0 <<< "$(records_sent)"
      ( sleep 3; $T/cpu.sh 25 > "$out/cpu-$i-$c.txt" ) &
      r=$(wrk -t1 -c"$c" -d30s -s $T/batch.lua http://127.0.0.1:8000 | awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "non-2xx", $NF}' | tr '\n' ' ')
      wait
      read -r m1 x1 <<< "$(records_sent)"
      echo "== round $i: $v ${settings} x$c: batches/s $r| accepted $(( (m1 - m0 + x1 - x0) / 30 ))/s, excess $(( (x1 - x0) / 30 ))/s | $(tr '\n' ' ' < "$out/cpu-$i-$c.txt")"
      sleep 15 # the processors drain the backlog before the next step
    done
    continue
  fi
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
