#!/bin/sh
# End-to-end: fragtrack record on the real kernel, against the kernel's
# own count of the same tracepoint.
. "$(dirname "$0")/lib.sh"

if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root 29 "record loads BPF programs"

# a private cache of compiled BPF objects: the first run compiles
FRAGTRACK_CACHE_DIR=$TMP/cache
export FRAGTRACK_CACHE_DIR

# -t ends the run even when no event ever arrives (without the memory
# map, whose scan at stop adds its seconds: 27-pagemap.t times that)
start=$(date +%s.%N)
"$FT" -q -t 2 --map-interval 0 -o "$TMP/idle.json" >"$TMP/idle.out" 2>&1
rc=$?
took=$(elapsed "$start")
ok $rc "-t 2 with no load exits 0"
lt "$took" 4.5
ok $? "-t 2 returns promptly without events (${took}s)"
json_valid "$TMP/idle.json"
ok $? "idle run leaves a valid document"
[ "$(bpf_object "$TMP/idle.json")" = compiled ] && ls "$TMP"/cache/*.bpf >/dev/null 2>&1
ok $? "a first run compiles and caches the BPF object"

# every extfrag event of the workload's pid, as the kernel counts it
"$FT" -q -o "$TMP/load.jsonl" >"$TMP/load.out" 2>&1 &
ftpid=$!
wait_for "$TMP/load.out" "Starting fragmentation event tracking" 30
ok $? "tracking starts"
# The workload's yield depends on the allocator's state: up to three runs,
# until one makes more than 100 events.  Every run is compared.
counted_workload e2e 15 128 100
ok $wl "workload ran ($attempt run(s), pids$pids)"
sleep 1.5
flushed=$(count_events "$TMP/load.jsonl" extfrag "$lpid")
[ "$flushed" -eq "$kernel" ]
ok $? "the file holds every event within a second, while still running ($flushed)"
kill -INT $ftpid
wait $ftpid
ok $? "SIGINT ends the run with status 0"
same=0 mine_all=""
set -- $counts
for p in $pids; do
	mine=$(count_events "$TMP/load.jsonl" extfrag "$p")
	mine_all="$mine_all $mine"
	[ "$mine" -eq "$1" ] || same=1
	shift
done
diag "extfrag events per workload run: fragtrack$mine_all, kernel$counts"
[ $same -eq 0 ] && [ "$kernel" -gt 100 ]
ok $? "captured extfrag counts equal the kernel's (fragtrack$mine_all = kernel$counts, last > 100)"
lost=$(tail -n 1 "$TMP/load.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["lost_events"])')
ok "$lost" "no event lost (lost_events = $lost)"
[ "$(bpf_object "$TMP/load.jsonl")" = cached ]
ok $? "that run started from the cached object"

# --prepare compiles into the cache, and the next run starts from it
out=$(FRAGTRACK_CACHE_DIR=$TMP/prep "$FT" --prepare 2>&1)
rc=$?
FRAGTRACK_CACHE_DIR=$TMP/prep "$FT" -q -t 0.5 -o "$TMP/prep.json" >/dev/null 2>&1
[ $rc -eq 0 ] && echo "$out" | grep -q "compiled and cached in $TMP/prep/" &&
	[ "$(bpf_object "$TMP/prep.json")" = cached ]
ok $? "--prepare fills the cache; the next run starts from it ($out)"

# a broken cache file is thrown away, and the run compiles
for f in "$TMP"/cache/*.bpf; do echo garbage >"$f"; done
"$FT" -q -t 1 -o "$TMP/broken.json" >/dev/null 2>&1
[ $? -eq 0 ] && [ "$(bpf_object "$TMP/broken.json")" = "compiled (cache rejected: not a fragtrack BPF object (8 bytes))" ] &&
	[ "$(head -c 16 "$TMP"/cache/*.bpf)" = "fragtrack-bpf-2" ]
ok $? "a corrupt cached object: compiled afresh and re-cached"

# SIGTERM in the middle of a burst, compiling (no cache): a valid file
# holding what was printed
FRAGTRACK_CACHE_DIR= "$FT" -o "$TMP/term.json" >"$TMP/term.out" 2>&1 &
ftpid=$!
wait_for "$TMP/term.out" "Starting fragmentation event tracking" 30
"$FRAGLOAD" -s 10 -q &
flpid=$!
wait_for "$TMP/term.out" "EXTFRAG" 20
sleep 1
kill -TERM $ftpid
wait $ftpid
ok $? "SIGTERM ends the run with status 0"
kill -INT $flpid 2>/dev/null
wait $flpid
json_valid "$TMP/term.json"
ok $? "SIGTERM leaves a valid document"
printed=$(grep -c -E "EXTFRAG|COMPACT_OK|COMPACT_FAIL" "$TMP/term.out")
saved=$(count_events "$TMP/term.json")
summary=$(sed -n 's/^Total events captured: //p' "$TMP/term.out")
diag "printed $printed, saved $saved, summary $summary"
[ "$printed" -gt 0 ] && [ "$printed" -eq "$saved" ] && [ "$saved" -eq "$summary" ]
ok $? "events saved = event lines printed = summary total ($saved)"
grep -q "^Data saved to $TMP/term.json" "$TMP/term.out"
ok $? "summary and 'Data saved to' printed"
! grep -q "$(printf '\033')" "$TMP/term.out"
ok $? "no colour codes when stdout is not a terminal"
# the seed visualizer's own logic (calculate_metrics, the compaction
# scatter's value tests) on the document, against report --json
python3 - "$TMP/term.json" >"$TMP/seed.json" <<'PY'
import json, sys
def get_migration_severity(from_type, to_type):
    if to_type == "UNMOVABLE": return -2
    elif from_type == "UNMOVABLE": return 1
    elif to_type == "MOVABLE": return 1
    elif from_type == "MOVABLE" and to_type == "RECLAIMABLE": return -1
    elif to_type == "RECLAIMABLE": return -0.5
    return 0
data = json.load(open(sys.argv[1]))
events = data.get("events", [])
compact = [e for e in events if e["event_type"] in ["compaction_success", "compaction_failure"]]
extfrag = [e for e in events if e["event_type"] == "extfrag"]
for e in compact:
    if e["event_type"] == "compaction_success":
        assert e.get("fragmentation_index", 0) <= 1000 or True
        _ = 1 + e["order"] * 2
compact_success = sum(1 for e in compact if e["event_type"] == "compaction_success")
print(json.dumps({
    "total": len(events),
    "compact_success_rate": float(f"{(compact_success / len(compact) * 100) if compact else 0:.1f}"),
    "compaction_success": compact_success,
    "compaction_failure": len(compact) - compact_success,
    "extfrag": len(extfrag),
    "bad_migrations": sum(1 for e in extfrag if get_migration_severity(e["migrate_from"], e["migrate_to"]) < 0),
    "good_migrations": sum(1 for e in extfrag if get_migration_severity(e["migrate_from"], e["migrate_to"]) > 0),
    "steal": sum(1 for e in extfrag if e.get("is_steal")),
    "claim": len(extfrag) - sum(1 for e in extfrag if e.get("is_steal")),
}, sort_keys=True))
PY
rc=$?
"$FT" report --json "$TMP/term.json" >"$TMP/mine.json"
# compared as numbers: the seed writes a rate of 0 as 0, fragtrack as 0.0
[ $rc -eq 0 ] && python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$TMP/seed.json" "$TMP/mine.json"
ok $? "the seed visualizer's logic reads the document and agrees with report --json ($(cat "$TMP/mine.json"))"
[ -s "$TMP/seed.json" ] || diag "seed logic failed"; diag "seed logic: $(cat "$TMP/seed.json")"
[ "$(bpf_object "$TMP/term.json")" = compiled ]
ok $? "FRAGTRACK_CACHE_DIR= (empty) compiles"

# SIGHUP, --pid-file
"$FT" -q --pid-file "$TMP/ft.pid" -o "$TMP/hup.json" >"$TMP/hup.out" 2>&1 &
ftpid=$!
wait_for "$TMP/hup.out" "Starting fragmentation event tracking" 30
[ "$(cat "$TMP/ft.pid")" = "$ftpid" ]
ok $? "--pid-file holds the pid while running"
kill -HUP $ftpid
wait $ftpid
rc=$?
json_valid "$TMP/hup.json" && [ $rc -eq 0 ] && [ ! -e "$TMP/ft.pid" ]
ok $? "SIGHUP stops cleanly, valid file, pid file removed"

# -o - streams JSON lines on stdout, messages on stderr
"$FT" -t 1 -o - >"$TMP/stdout.jsonl" 2>"$TMP/stderr.txt"
python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert "metadata" in lines[0] and "summary" in lines[-1], lines
' "$TMP/stdout.jsonl" && grep -q "Starting fragmentation event tracking" "$TMP/stderr.txt"
ok $? "-o -: JSON lines on stdout, human output on stderr"

# tracefs not mounted anywhere (a private mount namespace): mounted, works
out=$(unshare -m sh -c 'umount /sys/kernel/debug 2>/dev/null; umount /sys/kernel/tracing 2>/dev/null
	mountpoint -q /sys/kernel/tracing && exit 9
	"$0" -q -t 1 -o "$1" >/dev/null && mountpoint -q /sys/kernel/tracing' "$FT" "$TMP/mnt.json" 2>&1)
rc=$?
[ $rc -eq 0 ] && json_valid "$TMP/mnt.json"
ok $? "tracefs unmounted: fragtrack mounts it and records (rc $rc $out)"

# clear errors before anything is attached
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$FT" -t 1 -o "$TMP/x.json" 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "must be run as root" && [ ! -e "$TMP/x.json" ]
ok $? "not root: one clear line, non-zero exit ($out)"
out=$("$FT" -t 1 -o /nonexistent/dir/x.json 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "cannot write /nonexistent/dir/x.json" &&
	! echo "$out" | grep -q Compiling
ok $? "unwritable output refused before compiling ($out)"
mkdir -p "$TMP/faketracefs/events/kmem/mm_page_alloc"
out=$("$FT" -t 1 --tracefs "$TMP/faketracefs" -o "$TMP/z.json" 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "kmem:mm_page_alloc_extfrag not found" && [ ! -e "$TMP/z.json" ]
ok $? "no extfrag tracepoint: one clear line ($out)"
out=$("$FT" -t 1 --tracefs "$TMP/nonexistent" -o "$TMP/z.json" 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "no tracefs at $TMP/nonexistent"
ok $? "no tracefs: one clear line ($out)"
out=$(unshare -m sh -c 'mount -t tmpfs none /lib/modules && "$0" -t 1 -o "$1"' "$FT" "$TMP/y.json" 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "kernel headers not found.*make deps" && [ ! -e "$TMP/y.json" ]
ok $? "missing kernel headers: says to run make deps ($out)"

done_testing
