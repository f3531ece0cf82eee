#!/usr/bin/env bash
# Usage: ab-api-jar.sh MODULE A.jar B.jar   (two builds of MODULE/target/MODULE-*.jar, a module on the API's
#        classpath: api-server, ingest-api, query-api, server-support; "-" for the checkout's own)
# Needs wrk (apt-get install wrk). On the running stack in TALLY_HOME (default .tally), side by side: the API
# restarted on jar A, then B, then A, then B (ROUNDS), each warmed 60 s of increments at 256 connections, then
# LOAD (incr: single increments, the default; read: GET /counter/{key} of the same keys) in closed loops
# at each of CONNECTIONS (default "1024 4096") for 30 s, with the CPU per
# component and the API's collections over each (jstat: young and full collections, seconds paused).
# The checkout's own jar is put back at the end. Change no source meanwhile: bin/tally would rebuild.
set -u
T=$(cd "$(dirname "$0")" && pwd); cd "$T/../.."
out=${OUT:-perf-results/ab-api-jar}
source "$T/jar-swap.sh"; jar_ab "$0" "$out" "$@"
home=${TALLY_HOME:-$PWD/.tally}
gc() { jstat -gcutil "$(pgrep -f "tally.instance=api-1@$home" | head -1)" | awk 'NR==2 {print $(NF-6), $(NF-4), $NF}'; }
i=0
for v in ${ROUNDS:-A B A B}; do
  i=$((i + 1)); jar_api_on "$v"
  wrk -t1 -c256 -d60s -s "$T/incr.lua" http://127.0.0.1:8000 >/dev/null
  for c in ${CONNECTIONS:-1024 4096}; do
    read -r yg0 fg0 t0 <<< "$(gc)"
    ( sleep 5; "$T/cpu.sh" 20 > "$out/cpu-$i-$c.txt" ) &
    rate=$(wrk -t1 -c"$c" -d30s -s "$T/${LOAD:-incr}.lua" http://127.0.0.1:8000 | awk '/Requests\/sec/ {print $2} /Non-2xx/ {print "non-2xx", $NF}' | tr '\n' ' ')
    wait
    read -r yg1 fg1 t1 <<< "$(gc)"
    echo "round $i $v x$c: $rate ${LOAD:-incr}/s | young $((yg1 - yg0)) full $((fg1 - fg0)) paused $(echo "$t1 - $t0" | bc) s | $(tr '\n' ' ' < "$out/cpu-$i-$c.txt")"
  done
done
jar_restore
