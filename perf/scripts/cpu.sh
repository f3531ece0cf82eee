#!/usr/bin/env bash
# usage: cpu.sh SECONDS  -> CPU % of one core per tally component over SECONDS (from /proc ticks)
secs=${1:-30}
snap() { for p in $(pgrep java; pgrep wrk); do
  cmd=$(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null)
  case "$cmd" in *tally.instance=processor-*) k=processor;; *tally.instance=api-*) k=api;; *tally.instance=controller-*) k=controller;; *tally.instance=broker-*) k=broker;; wrk*) k=wrk;; *PerfCli*) k=generator;; *) k=other;; esac
  t=$(awk '{print $14+$15}' /proc/$p/stat 2>/dev/null); echo "$k $p $t"; done; }
# The load generator starts beside this script: look for it a second in, so that it is counted.
sleep 1; secs=$((secs - 1))
snap > /tmp/cpu.a; sleep "$secs"; snap > /tmp/cpu.b
hz=$(getconf CLK_TCK)
join -1 2 -2 2 <(sort -k2 /tmp/cpu.a) <(sort -k2 /tmp/cpu.b) | awk -v s=$secs -v hz=$hz '{d[$2]+=($5-$3)} END{for(k in d) printf "%s %.0f%%\n", k, 100*d[k]/hz/s}' | sort
