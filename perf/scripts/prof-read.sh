#!/usr/bin/env bash
# Reads at capacity on a warm stack: throughput with wrk, CPU per component, JFR of api-1 and processor-1.
set -u
export TALLY_HOME=${TALLY_HOME:-/tmp/ab-home}; out=${OUT:-perf-results/reads}; mkdir -p $out; T=$(cd "$(dirname "$0")" && pwd)
cd "$T/../.."
pid() { pgrep -f "tally.instance=$1@$TALLY_HOME" | head -1; }
wrk -t1 -c256 -d30s -s $T/incr.lua http://127.0.0.1:8000 > /dev/null   # the keys exist
wrk -t1 -c128 -d40s -s $T/read.lua http://127.0.0.1:8000 | grep Requests/sec
for c in api-1 processor-1 processor-2; do jcmd $(pid $c) JFR.start name=r duration=30s filename=$out/$c.jfr >/dev/null; done
( $T/cpu.sh 30 > $out/cpu-read.txt ) &
wrk -t1 -c128 -d30s --latency -s $T/read.lua http://127.0.0.1:8000 > $out/wrk-read.txt; wait
grep -E "Requests/sec|Non-2xx| 99%" $out/wrk-read.txt; cat $out/cpu-read.txt
