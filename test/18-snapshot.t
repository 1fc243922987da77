#!/bin/sh
# Snapshots during a busy recording: `fragtrack snapshot --pid-file` (and
# a plain SIGUSR1) make a closed copy of everything written so far beside
# the live file; the recording goes on into the same file.  Each copy is
# json.load-able and is exactly the first events of the final file, which
# holds every event of the workload as the kernel counts them.  Also -t 0
# (until stopped) and --label with the hostname in the metadata.
. "$(dirname "$0")/lib.sh"

if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root 11 "record loads BPF programs"
KCOUNT=test/helpers/kcount.sh

"$FT" -q -t 0 --label bs=16k --label "kernel=next 6.19" -o "$TMP/live.json" \
	--pid-file "$TMP/ft.pid" >"$TMP/live.out" 2>&1 &
ftpid=$!
wait_for "$TMP/live.out" "Starting fragmentation event tracking" 30
ok $? "recording with -t 0 and labels"

# The workload, up to three runs until one makes more than 100 extfrag
# events (the kernel counts each run's in a private instance); a snapshot
# in each run's burst, by fragtrack snapshot; a plain SIGUSR1 after the first
pids="" counts="" attempt=0 kernel=0 wl=0 asked=0
while [ $attempt -lt 3 ] && [ "$kernel" -le 100 ]; do
	attempt=$((attempt + 1))
	mkfifo "$TMP/go$attempt"
	"$FRAGLOAD" -s 12 -q -w -p 128 <"$TMP/go$attempt" >"$TMP/fl$attempt.pid" &
	flpid=$!
	exec 3>"$TMP/go$attempt"
	wait_for "$TMP/fl$attempt.pid" "[0-9]" 10
	lpid=$(head -n 1 "$TMP/fl$attempt.pid")
	$KCOUNT start ft_snap_$$ kmem:mm_page_alloc_extfrag "common_pid == $lpid" >/dev/null
	echo go >&3
	exec 3>&-
	# once the kernel has counted the burst's first events
	end=$(($(date +%s) + 12))
	while [ "$($KCOUNT count ft_snap_$$ kmem:mm_page_alloc_extfrag 2>/dev/null || echo 0)" -lt 20 ] &&
		[ "$(date +%s)" -le $end ]; do
		sleep 0.05
	done
	"$FT" snapshot --pid-file "$TMP/ft.pid" >"$TMP/snap$attempt.out" 2>&1 || asked=1
	cp "$TMP/live.snapshot.json" "$TMP/snap$attempt.json" 2>/dev/null
	[ $attempt -eq 1 ] && kill -USR1 $ftpid
	wait $flpid || wl=1
	kernel=$($KCOUNT stop ft_snap_$$ kmem:mm_page_alloc_extfrag)
	pids="$pids $lpid"
	counts="$counts $kernel"
done
snaps=$((attempt + 1))
[ $asked -eq 0 ] && grep -q "snapshot written by process $ftpid" "$TMP/snap1.out"
ok $? "fragtrack snapshot returns once written ($(cat "$TMP/snap1.out"); runs: pids$pids, kernel$counts)"
kill -0 $ftpid 2>/dev/null
ok $? "with -t 0 fragtrack still records after the workload (workload rc $wl)"
"$FT" snapshot --pid-file "$TMP/ft.pid" >/dev/null 2>&1
cp "$TMP/live.snapshot.json" "$TMP/snap_end.json"
kill -INT $ftpid
wait $ftpid
ok $? "SIGINT ends it with status 0"
n=$(grep -c "^Snapshot saved to $TMP/live.snapshot.json" "$TMP/live.out")
[ "$n" -eq $((snaps + 1)) ]
ok $? "each request logged ($n snapshots)"

python3 - "$TMP" "$pids" "$counts" >"$TMP/check.out" 2>&1 <<'PY'
import json, sys
tmp = sys.argv[1]
runs = list(zip(map(int, sys.argv[2].split()), map(int, sys.argv[3].split())))
final = json.load(open(f"{tmp}/live.json"))
def mine(events, pid):
    return sum(1 for e in events if e["event_type"] == "extfrag" and e.get("tid", e["pid"]) == pid)
fe = final["events"]
# every event is in the file or counted as lost (whose, in lost_by_pid)
lost = {int(p): n for p, n in final["metadata"].get("lost_by_pid", {}).items()}
print(f"final: {len(fe)} events; workload extfrag per run {[mine(fe, p) for p, _ in runs]}, "
      f"lost {[lost.get(p, 0) for p, _ in runs]}, kernel {[k for _, k in runs]}")
assert all(mine(fe, p) + lost.get(p, 0) == k for p, k in runs) and runs[-1][1] > 100, "final vs kernel"
prev = 0
names = [f"snap{i + 1}" for i in range(len(runs))] + ["snap_end"]
for name in names:
    s = json.load(open(f"{tmp}/{name}.json"))
    m, ev = s["metadata"], s["events"]
    print(f"{name}: {len(ev)} events, workload extfrag {[mine(ev, p) for p, _ in runs]}, samples {len(s.get('samples', []))}")
    assert m["snapshot"] is True and m["total_events"] == len(ev), name
    assert ev == fe[:len(ev)], name + ": not the final file's first events"
    assert len(ev) >= prev, name
    st = s["statistics"]["extfrag"]
    assert sum(st.values()) == sum(1 for e in ev if e["event_type"] == "extfrag"), name + " statistics"
    prev = len(ev)
# the last run's snapshot was taken in the middle of its burst
p, k = runs[-1]
sl = json.load(open(f"{tmp}/snap{len(runs)}.json"))["events"]
assert 0 < mine(sl, p) <= k, "snapshot within the burst"
print(f"mid-burst: {mine(sl, p)} of {k}")
md = final["metadata"]
assert md["labels"] == {"bs": "16k", "kernel": "next 6.19"}, md.get("labels")
import socket
assert md["hostname"] == socket.gethostname(), md.get("hostname")
assert "snapshot" not in md and md["complete"] is True
print("ok")
PY
rc=$?
sed 's/^/# /' "$TMP/check.out"
[ $rc -eq 0 ]
ok $? "json.load reads every snapshot; each is exactly the final file's first events; the final file has the kernel's count (captured + counted lost)"
grep -q "^mid-burst" "$TMP/check.out"
ok $? "a snapshot during the burst holds part of it ($(sed -n 's/^mid-burst: //p' "$TMP/check.out"))"
grep -q "^ok" "$TMP/check.out"
ok $? "labels and hostname in the metadata"

# JSON lines: the snapshot is lines too, with the closing line
"$FT" -q -o "$TMP/live.jsonl" --pid-file "$TMP/l.pid" >"$TMP/l.out" 2>&1 &
ftpid=$!
wait_for "$TMP/l.out" "Starting fragmentation event tracking" 30
"$FT" snapshot --pid-file "$TMP/l.pid" >/dev/null 2>&1
rc=$?
kill -INT $ftpid
wait $ftpid
[ $rc -eq 0 ] && python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert lines[-1]["metadata"]["snapshot"] and "summary" in lines[-1], lines[-1]
' "$TMP/live.snapshot.jsonl"
ok $? "a .jsonl recording's snapshot: lines, closed by the summary line"

# refusals: stdout output, a pid file naming another process
"$FT" -q -o - --pid-file "$TMP/s.pid" >/dev/null 2>"$TMP/s.err" &
ftpid=$!
wait_for "$TMP/s.err" "Starting fragmentation event tracking" 30
out=$("$FT" snapshot --pid-file "$TMP/s.pid" --timeout 10 2>&1)
rc=$?
kill -INT $ftpid
wait $ftpid
[ $rc -ne 0 ] && echo "$out" | grep -q "could not write the snapshot"
ok $? "-o -: no snapshot, the asker is told so ($out)"
echo $$ >"$TMP/other.pid"
out=$("$FT" snapshot --pid-file "$TMP/other.pid" 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "is not a running fragtrack"
ok $? "a pid that is not fragtrack is not signalled ($out)"

done_testing
