#!/bin/sh
# Record benchmark: start-up time (launch to "tracking"), resident memory
# while a fragmentation workload runs, and captured-vs-kernel event counts.
# Root only.  BENCH_SECONDS (default 60) sets the length of the memory run.
#
# For scale, the seed tracer (fragmentation_tracker.py) on this kind of
# machine: 1.2-1.6 s to tracking, 167 MB resident while idle, growing with
# every event.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
FT=${FRAGTRACK:-$top/fragtrack}
FRAGLOAD=$top/build/fragload
SECS=${BENCH_SECONDS:-60}
tmp=$(mktemp -d /tmp/fragtrack-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

[ "$(id -u)" -eq 0 ] || { echo "bench: must run as root" >&2; exit 1; }
[ -x "$FT" ] && [ -x "$FRAGLOAD" ] || { echo "bench: run make first" >&2; exit 1; }

now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }
hwm_kb() { awk '/^VmHWM/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

startup() { # LABEL: launch to the "tracking" line
	t0=$(now_ms)
	"$FT" -q -t 0.5 -o "$tmp/s.json" | while IFS= read -r line; do
		case $line in *"Starting fragmentation event tracking"*)
			echo "$1: $(($(now_ms) - t0)) ms" ;;
		esac
	done
}
echo "== start-up: launch to 'Starting fragmentation event tracking'"
export FRAGTRACK_CACHE_DIR="$tmp/cache"
for i in 1 2 3 4 5; do
	rm -rf "$tmp/cache"
	startup "cold (compiles with libbcc) run $i"
done
for i in 1 2 3 4 5; do
	startup "warm (cached object) run $i"
done
unset FRAGTRACK_CACHE_DIR

echo "== memory over ${SECS}s of continuous fragmentation load"
"$FT" -q -o "$tmp/mem.jsonl" >"$tmp/mem.out" 2>&1 &
ft=$!
until grep -q "Starting fragmentation" "$tmp/mem.out" 2>/dev/null; do sleep 0.1; done
sleep 1
echo "idle after start: VmRSS $(rss_kb $ft) kB"
end=$(($(date +%s) + SECS))
(
	while [ "$(date +%s)" -lt "$end" ]; do
		left=$((end - $(date +%s)))
		[ $left -gt 20 ] && left=20
		[ $left -ge 5 ] || break
		"$FRAGLOAD" -q -s "$left" || true
	done
) &
load=$!
start=$(date +%s)
while [ "$(date +%s)" -lt "$end" ]; do
	sleep 10
	n=$(grep -c '"event_type":"extfrag"' "$tmp/mem.jsonl")
	echo "t=$(($(date +%s) - start))s: VmRSS $(rss_kb $ft) kB, $n extfrag events so far"
done
wait $load
echo "after ${SECS}s: VmRSS $(rss_kb $ft) kB, peak VmHWM $(hwm_kb $ft) kB"
kill -INT $ft
wait $ft
tail -n 1 "$tmp/mem.jsonl" | python3 -c '
import json, sys
m = json.load(sys.stdin)["metadata"]
print("total events %d, lost %d" % (m["total_events"], m["lost_events"]))'

echo "== captured vs kernel (extfrag of the workload pid, private tracefs instance)"
for i in 1 2 3; do
	"$FT" -q -o "$tmp/c$i.jsonl" >"$tmp/c$i.out" 2>&1 &
	ft=$!
	until grep -q "Starting fragmentation" "$tmp/c$i.out" 2>/dev/null; do sleep 0.1; done
	mkfifo "$tmp/go$i"
	"$FRAGLOAD" -q -s 15 -w <"$tmp/go$i" >"$tmp/pid$i" &
	fl=$!
	exec 3>"$tmp/go$i"
	until [ -s "$tmp/pid$i" ]; do sleep 0.05; done
	pid=$(head -n 1 "$tmp/pid$i")
	"$top/test/helpers/kcount.sh" start ftbench$i kmem:mm_page_alloc_extfrag "common_pid == $pid" >/dev/null
	echo go >&3
	exec 3>&-
	wait $fl
	sleep 1
	kill -INT $ft
	wait $ft
	kernel=$("$top/test/helpers/kcount.sh" stop ftbench$i kmem:mm_page_alloc_extfrag)
	mine=$(grep -c "\"event_type\":\"extfrag\",\"pid\":[0-9]*,\"tid\":$pid," "$tmp/c$i.jsonl")
	lost=$(tail -n 1 "$tmp/c$i.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["lost_events"])')
	echo "run $i: fragtrack $mine, kernel $kernel, lost $lost"
done
