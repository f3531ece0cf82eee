#!/usr/bin/env bash
# Usage: ab-broker-jvm.sh "JVM OPTIONS A" "JVM OPTIONS B"   (added after the launcher's own: a later -Xmx wins)
# JDK_A / JDK_B: a JDK home to run that variant's brokers on (default: the java on PATH, as bin/tally's).
# Needs wrk (apt-get install wrk). Starts a default stack in TALLY_HOME (default /tmp/ab-home), stops it at the end.
# Side by side on one stack: the three brokers restarted one by one with options A, then B, then A, then B
# (ROUNDS), preferred leaders elected again, 60 s of warm-up, then the brokers' GC pauses logged live
# (jcmd VM.log) over three runs of 2,000 increments/s open loop (p99, CPU per component).
set -u
[ $# -eq 2 ] || { echo "usage: $0 \"OPTIONS A\" \"OPTIONS B\" (either may be \"\")"; exit 2; }
export TALLY_HOME=${TALLY_HOME:-/tmp/ab-home}; T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
out=$(realpath -m "${OUT:-perf-results/ab-broker-jvm}"); mkdir -p "$out"
bin/tally down --purge >/dev/null 2>&1
bin/tally up > "$out/up.log" 2>&1 || { echo up failed; exit 1; }
echo "stack warm-up: $(wrk -t1 -c256 -d90s -s $T/incr.lua http://127.0.0.1:8000 | grep Requests/sec)"
elect() { bash -c "source bin/lib/kafka-tool.sh org.apache.kafka.tools.LeaderElectionCommand --election-type PREFERRED --all-topic-partitions" >/dev/null 2>&1; }
i=0
for v in ${ROUNDS:-A B A B}; do
  i=$((i + 1)); [ "$v" = A ] && opts=$1 || opts=$2
  [ "$v" = A ] && jdk=${JDK_A:-} || jdk=${JDK_B:-}
  # The launcher starts a broker on its own JVM's java, so the variant's JDK goes first on PATH.
  path=$PATH; [ -n "$jdk" ] && path="$jdk/bin:$PATH"
  for b in 1 2 3; do
    bin/tally stop broker $b >/dev/null
    PATH="$path" TALLY_JVM_OPTS="$opts" bin/tally start broker $b >/dev/null || echo "broker $b start failed"
    sleep 5
  done
  sleep 5; elect
  wrk -t1 -c256 -d60s -s $T/incr.lua http://127.0.0.1:8000 >/dev/null
  for b in 1 2 3; do
    jcmd $(pgrep -f "tally.instance=broker-$b@$TALLY_HOME" | head -1) VM.log output="$out/gc-$i-broker-$b.log" what=gc decorators=time >/dev/null
  done
  echo "== round $i: $v ($opts${jdk:+ on $jdk})"
  for k in 1 2 3; do
    ( sleep 6; $T/cpu.sh 21 > "$out/cpu-$i-$k.txt" ) &
    bin/tally perf latency --url http://127.0.0.1:8000 --rate 2000 --seconds 20 --warm-up-seconds 5 --keys 2000 --probes 3 \
      --results "$out/latency-$i-$k" > "$out/latency-$i-$k.log" 2>&1
    wait
    echo "  run $k: $(grep -E '^increments ' "$out/latency-$i-$k.log") | $(tr '\n' ' ' < "$out/cpu-$i-$k.txt")"
  done
  for b in 1 2 3; do
    echo "  broker-$b: $(grep -c 'Pause Young' "$out/gc-$i-broker-$b.log") young pauses: $(grep 'Pause' "$out/gc-$i-broker-$b.log" | grep -oE '[0-9.]+ms$' | tr '\n' ' ')"
  done
done
grep -c "CONCURRENT_TRANSACTIONS\|OUT_OF_ORDER" $TALLY_HOME/logs/*.log 2>/dev/null | grep -v ":0" || echo "no transaction errors in logs"
bin/tally down >/dev/null 2>&1
