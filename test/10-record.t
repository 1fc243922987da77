#!/bin/sh
# End-to-end: fragtrack record on the real kernel, against the kernel's
# own count of the same tracepoint.
. "$(dirname "$0")/lib.sh"

if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root 23 "record loads BPF programs"

# a private cache of compiled BPF objects: the first run compiles
FRAGTRACK_CACHE_DIR=$TMP/cache
export FRAGTRACK_CACHE_DIR
bpf_object() { python3 -c '
import json, sys
p = sys.argv[1]
m = json.load(open(p))["metadata"] if p.endswith(".json") else json.loads(open(p).readlines()[-1])["metadata"]
print(m.get("bpf_object"))' "$1"; }

# -t ends the run even when no event ever arrives
start=$(date +%s.%N)
"$FT" -q -t 2 -o "$TMP/idle.json" >"$TMP/idle.out" 2>&1
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
mkfifo "$TMP/go"
"$FT" -q -o "$TMP/load.jsonl" >"$TMP/load.out" 2>&1 &
ftpid=$!
wait_for "$TMP/load.out" "Starting fragmentation event tracking" 30
ok $? "tracking starts"
"$FRAGLOAD" -s 15 -q -w <"$TMP/go" >"$TMP/fl.pid" &
flpid=$!
exec 3>"$TMP/go"
wait_for "$TMP/fl.pid" "[0-9]" 10
lpid=$(head -n 1 "$TMP/fl.pid")
scripts/kcount.sh start ft_e2e_$$ kmem:mm_page_alloc_extfrag "common_pid == $lpid" >/dev/null
echo go >&3
exec 3>&-
wait $flpid
ok $? "workload ran (pid $lpid)"
sleep 1
kill -INT $ftpid
wait $ftpid
ok $? "SIGINT ends the run with status 0"
kernel=$(scripts/kcount.sh stop ft_e2e_$$ kmem:mm_page_alloc_extfrag)
mine=$(count_events "$TMP/load.jsonl" extfrag "$lpid")
diag "extfrag events of pid $lpid: fragtrack $mine, kernel $kernel"
[ "$kernel" -gt 100 ] && [ "$mine" -eq "$kernel" ]
ok $? "captured extfrag count equals the kernel's ($mine = $kernel, > 100)"
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
[ $? -eq 0 ] && [ "$(bpf_object "$TMP/broken.json")" = compiled ] &&
	[ "$(head -c 16 "$TMP"/cache/*.bpf)" = "fragtrack-bpf-1" ]
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
out=$(unshare -m sh -c 'mount -t tmpfs none /lib/modules && "$0" -t 1 -o "$1"' "$FT" "$TMP/y.json" 2>&1)
rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "kernel headers not found.*make deps" && [ ! -e "$TMP/y.json" ]
ok $? "missing kernel headers: says to run make deps ($out)"

done_testing
