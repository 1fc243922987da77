#!/bin/sh
# Nothing lost, or counted.  The tracer is stopped (SIGSTOP) in the middle
# of a burst and kept stopped until the workload has exited: its perf
# buffers overflow at the end of the burst, and no later event brings the
# kernel's PERF_RECORD_LOST.  The run then ends; every event the workload
# made must be in the file or counted lost: captured + lost = the kernel's
# own count (private tracefs instances filtered on the workload's pid).
# The tracer traces every process, and other processes lose events in the
# same overflow: the workload's share is metadata.lost_by_pid.
. "$(dirname "$0")/lib.sh"

if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root 15 "record loads BPF programs"

# a stopped tracer, or a counting instance, is never left behind
ftpid=
trap '[ -n "$ftpid" ] && kill -CONT $ftpid 2>/dev/null && kill -INT $ftpid 2>/dev/null
	for i in /sys/kernel/tracing/instances/ft_lost_$$_* /sys/kernel/debug/tracing/instances/ft_lost_$$_*; do
		[ -d "$i" ] && rmdir "$i"
	done
	rm -rf "$TMP"' EXIT

# one page a CPU holds ~40 events: the burst overflows it for certain
FRAGTRACK_PERF_BUFFER_KB=4
export FRAGTRACK_PERF_BUFFER_KB

# the tracepoints behind the tracer's events, from its metadata
tracepoints() {
	echo kmem:mm_page_alloc_extfrag
	case $(grep -o '"compaction_source":"[a-z_]*"' "$1" | head -n 1) in
	*'"compaction"') echo compaction:mm_compaction_end ;;
	*'"page_alloc"') echo page_alloc:mm_compaction_success page_alloc:mm_compaction_failure ;;
	esac
}

# run_facts FILE PID: the workload's captured events, its lost events,
# lost_events, the sum of lost_by_pid, bpf_object
run_facts() {
	python3 - "$1" "$2" <<'PY'
import json, sys
path, pid = sys.argv[1], int(sys.argv[2])
kinds = ("extfrag", "compaction_success", "compaction_failure")
if path.endswith(".jsonl"):
    lines = [json.loads(l) for l in open(path)]
    meta, events = lines[-1]["metadata"], lines
else:
    doc = json.load(open(path))
    meta, events = doc["metadata"], doc["events"]
captured = sum(1 for e in events if e.get("event_type") in kinds and e["pid"] == pid)
by_pid = meta.get("lost_by_pid", {})
print(captured, by_pid.get(str(pid), 0), meta["lost_events"], sum(by_pid.values()),
      meta.get("bpf_object"))
PY
}

# burst LABEL BIN OUT record|watch: the workload's burst with the tracer
# stopped through its end.  Sets lpid kernel ftrc flrc log.
burst() {
	label=$1 bin=$2 out=$3 mode=$4
	log=$TMP/$label.out
	if [ "$mode" = watch ]; then
		# no terminal: a plain line per interval, with the live lost figure
		"$bin" watch --interval 0.5 -o "$out" </dev/null >"$log" 2>&1 &
		ready="] extfrag"
	else
		"$bin" -q -o "$out" >"$log" 2>&1 &
		ready="Starting fragmentation event tracking"
	fi
	ftpid=$!
	wait_for "$log" "$ready" 30 || diag "$label: tracer not ready: $(cat "$log")"
	tps=$(tracepoints "$out")
	mkfifo "$TMP/$label.go"
	"$FRAGLOAD" -s 15 -q -w -p 256 <"$TMP/$label.go" >"$TMP/$label.pid" &
	flpid=$!
	exec 3>"$TMP/$label.go"
	wait_for "$TMP/$label.pid" "[0-9]" 10
	lpid=$(head -n 1 "$TMP/$label.pid")
	n=0
	for tp in $tps; do
		n=$((n + 1))
		test/helpers/kcount.sh start "ft_lost_$$_$n" "$tp" "common_pid == $lpid" >/dev/null
	done
	echo go >&3
	exec 3>&-
	# in the burst: the file holds one of the workload's events
	wait_for "$out" "\"pid\":$lpid," 20 || diag "$label: no event of $lpid before the stop"
	kill -STOP $ftpid
	wait $flpid
	flrc=$?
	kernel=0 n=0
	for tp in $tps; do
		n=$((n + 1))
		k=$(test/helpers/kcount.sh stop "ft_lost_$$_$n" "$tp")
		kernel=$((kernel + ${k:-0}))
	done
	if [ "$mode" = watch ]; then
		# one interval for the live figure, then the end
		lines=$(grep -c "] extfrag" "$log")
		kill -CONT $ftpid
		end=$(($(date +%s) + 10))
		while [ "$(grep -c "] extfrag" "$log")" -le "$lines" ] && [ "$(date +%s)" -le $end ]; do
			sleep 0.1
		done
		kill -INT $ftpid
	else
		# ended while stopped: nothing after the burst
		kill -INT $ftpid
		kill -CONT $ftpid
	fi
	wait $ftpid
	ftrc=$?
	ftpid= # ended: the trap must not signal whatever reuses the pid
}

# burst_retried LABEL BIN OUT MODE: the workload's yield depends on the
# allocator's state, and on other fragloads (one at a time uses the pool;
# a run that waits half its budget for it goes on without, making few
# events): up to three bursts, until one makes more than 1000 events
burst_retried() {
	attempt=0 kernel=0
	while [ $attempt -lt 3 ] && [ $kernel -le 1000 ]; do
		attempt=$((attempt + 1))
		rm -f "$3" "$TMP/$1.go"
		burst "$@"
		[ $kernel -le 1000 ] && diag "$1: burst $attempt made only $kernel events"
	done
}

# check LABEL OUT BPF_OBJECT: the accounting of the burst just run
check() {
	label=$1
	set -- $(run_facts "$2" "$lpid") "$3"
	captured=$1 lost_pid=$2 lost=$3 lost_sum=$4 obj=$5 want_obj=$6
	diag "$label: kernel $kernel, captured $captured + lost $lost_pid (pid $lpid); lost_events $lost"
	[ $ftrc -eq 0 ] && [ $flrc -eq 0 ]
	ok $? "$label: tracer (rc $ftrc) and workload (rc $flrc) end cleanly"
	[ "$lost_pid" -gt 0 ] && [ "$captured" -gt 0 ]
	ok $? "$label: the buffers overflowed, and it is counted (captured $captured, lost $lost_pid)"
	[ $((captured + lost_pid)) -eq "$kernel" ]
	ok $? "$label: captured + lost = the kernel's count ($captured + $lost_pid = $kernel)"
	[ "$lost" -ge "$lost_sum" ] && [ "$lost_sum" -ge "$lost_pid" ]
	ok $? "$label: lost_events $lost >= lost_by_pid's sum $lost_sum >= the workload's $lost_pid"
	grep -q "^Lost events: $lost\$" "$log" && grep -q "by process:.* pid $lpid: $lost_pid\\b" "$log"
	ok $? "$label: the summary says so ($(grep -A1 '^Lost events' "$log" | tr '\n' ' '))"
	[ "$obj" = "$want_obj" ]
	ok $? "$label: BPF object $obj (want $want_obj)"
}

# a buffer size the kernel cannot map: one clear line, nothing left behind
out=$(FRAGTRACK_PERF_BUFFER_KB=100 "$FT" -t 1 -o "$TMP/bad.json" 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "FRAGTRACK_PERF_BUFFER_KB must be a power of two" &&
	[ ! -e "$TMP/bad.json" ]
ok $? "FRAGTRACK_PERF_BUFFER_KB=100 refused (rc $rc: $(echo "$out" | tail -n 1))"

# record, compiling (no cache), the seed's document format
FRAGTRACK_CACHE_DIR=
export FRAGTRACK_CACHE_DIR
burst_retried record "$FT" "$TMP/record.json" record
check record "$TMP/record.json" compiled

# watch from the cached object (its maps made anew), JSON lines; with the
# ASan/UBSan build when there is one
bin=$FT
if [ -x build/asan/fragtrack ] && [ -z "${FRAGTRACK:-}" ]; then
	asan_env
	bin=$top/build/asan/fragtrack
fi
FRAGTRACK_CACHE_DIR=$TMP/cache
out=$("$bin" --prepare 2>&1)
ok $? "--prepare caches the object ($bin: $out)"
burst_retried watch "$bin" "$TMP/watch.jsonl" watch
check watch "$TMP/watch.jsonl" cached
# the workload's events missing from the file were all made before SIGCONT
missing=$((kernel - captured))
live=$(grep "] extfrag" "$log" | tail -n 1 | sed -n 's/.* lost \([0-9]*\)$/\1/p')
[ -n "$live" ] && [ "$missing" -gt 0 ] && [ "$live" -ge "$missing" ]
ok $? "watch shows the loss live, before the run ends (lost ${live:-?} >= $missing missing)"

done_testing
