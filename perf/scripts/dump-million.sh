#!/usr/bin/env bash
# 1,000,000 counters written in batches of 10,000 (429s retried), then GET /dump?format=ndjson checked line by line, RSS of the API and processors sampled every 2 s.
set -u
export TALLY_HOME=${TALLY_HOME:-/tmp/dump-home}; cd "$(dirname "$0")/../.."
bin/tally down --purge >/dev/null 2>&1
bin/tally up > /tmp/dump-up.log 2>&1 || { echo up failed; exit 1; }
rss() { for p in $(pgrep -f "tally.instance=(api|processor)-[0-9]+@$TALLY_HOME"); do echo "$(tr '\0' ' ' < /proc/$p/cmdline | grep -o 'tally.instance=[a-z]*-[0-9]*' | cut -d= -f2) $(awk '/VmRSS/{print $2}' /proc/$p/status) kB"; done | sort | tr '\n' ' '; }
start=$(date +%s)
for b in $(seq 0 99); do
  body=$(seq $((b*10000)) $((b*10000+9999)) | awk '{printf "{\"key\":\"dump-%07d\",\"by\":%d}\n", $1, $1 % 7 + 1}')
  while :; do
    code=$(printf '%s' "$body" | curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/x-ndjson' --data-binary @- localhost:8000/counters/increments)
    [ "$code" = 202 ] && break
    [ "$code" = 429 ] || [ "$code" = 503 ] || { echo "batch $b: HTTP $code"; exit 1; }
    sleep 1
  done
  [ $((b % 20)) = 19 ] && echo "written $(( (b+1)*10000 )) counters after $(( $(date +%s) - start )) s"
done
# every increment counted before the dump: the total of a few sampled keys, then the dump itself is the check
until [ "$(curl -s localhost:8000/counter/dump-0999999 | python3 -c 'import json,sys; print(json.load(sys.stdin).get("value"))')" = "$((999999 % 7 + 1))" ]; do sleep 2; done
sleep 5
echo "RSS before the dump: $(rss)"
( while sleep 2; do echo "RSS during: $(rss)"; done ) > /tmp/dump-rss.txt &
sampler=$!
t0=$(date +%s.%N)
curl -s 'localhost:8000/dump?format=ndjson' > /tmp/dump.ndjson
t1=$(date +%s.%N)
kill $sampler
echo "dump took $(python3 -c "print(round($t1-$t0,1))") s; lines $(wc -l < /tmp/dump.ndjson); $(python3 -c '
import json
n=0; s=0; errs=0
for l in open("/tmp/dump.ndjson"):
    o=json.loads(l)
    if "error" in o: errs+=1; continue
    n+=1; s+=o["value"]
print("counters", n, "sum", s, "expected", sum(i % 7 + 1 for i in range(1000000)), "error lines", errs)')"
echo "max RSS during the dump per process (kB): $(python3 -c '
import re,collections
m=collections.defaultdict(int)
for l in open("/tmp/dump-rss.txt"):
    for name,kb in re.findall(r"([a-z]+-\d+) (\d+) kB", l): m[name]=max(m[name],int(kb))
print(dict(sorted(m.items())))')"
echo "RSS after: $(rss)"
bin/tally down >/dev/null 2>&1
