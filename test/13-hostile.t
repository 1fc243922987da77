#!/bin/sh
# End-to-end: record as root among hostile users and hostile process
# names.  User nobody plants links and files in world-writable folders
# (sticky and not): root's writes never follow them, and fragtrack
# removes only what it created, on every failure path; a process named
# with ESC and CSI (U+009B) sequences shows escaped in the event lines.
. "$(dirname "$0")/lib.sh"

if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root 20 "record loads BPF programs, and the attacks need user nobody"

FRAGTRACK_CACHE_DIR=$TMP/cache
export FRAGTRACK_CACHE_DIR
chmod 711 "$TMP" # nobody reaches the shared folders below, nothing else
as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
printf 'precious\n' >"$TMP/precious"
intact() { [ "$(cat "$TMP/precious")" = precious ] && [ "$(stat -c %u "$TMP/precious")" = 0 ]; }
# leftovers DIR: names in DIR that fragtrack may have left (temporaries)
leftovers() { ls -A "$1" | grep -v -x -e out.json -e ft.pid -e dangling.json -e theirs.json \
	-e good.json | tr '\n' ' '; }

for kind in sticky open; do
	d=$TMP/$kind
	mkdir "$d"
	if [ $kind = sticky ]; then chmod 1777 "$d"; else chmod 0777 "$d"; fi
	as_nobody ln -s "$TMP/precious" "$d/out.json"
	as_nobody ln -s "$TMP/precious" "$d/ft.pid"
	as_nobody ln -s "$TMP/$kind-made-by-root" "$d/dangling.json"
	as_nobody sh -c 'echo theirs >"$0/theirs.json"' "$d"

	out=$("$FT" -q -t 1 -o "$d/out.json" 2>&1)
	rc=$?
	[ $rc -ne 0 ] && echo "$out" | grep -q "symbolic link" && intact && [ -L "$d/out.json" ]
	ok $? "$kind: a link planted by nobody at -o: refused, its root-owned target untouched ($out)"
	out=$("$FT" -q -t 1 -o "$d/run.json" --pid-file "$d/ft.pid" 2>&1)
	rc=$?
	[ $rc -ne 0 ] && echo "$out" | grep -q "symbolic link" && intact && [ -L "$d/ft.pid" ] &&
		[ ! -e "$d/run.json" ] && [ -z "$(leftovers "$d")" ]
	ok $? "$kind: a link at --pid-file: refused, target untouched, nothing left behind ($out)"
	out=$("$FT" -q -t 1 -o "$d/dangling.json" 2>&1)
	rc=$?
	[ $rc -ne 0 ] && [ ! -e "$TMP/$kind-made-by-root" ]
	ok $? "$kind: a dangling link: nothing created through it ($out)"
	out=$("$FT" -q -t 1 -o "$d/theirs.json" 2>&1)
	rc=$?
	[ $rc -ne 0 ] && echo "$out" | grep -q "another user" &&
		[ "$(cat "$d/theirs.json")" = theirs ] && [ "$(stat -c %u "$d/theirs.json")" = 65534 ]
	ok $? "$kind: nobody's own file at -o: refused, not replaced ($out)"
	out=$("$FT" -q -t 1 -o "$d/good.json" --pid-file "$d/good.pid" 2>&1)
	rc=$?
	[ $rc -eq 0 ] && json_valid "$d/good.json" && [ "$(stat -c %u "$d/good.json")" = 0 ] &&
		[ ! -e "$d/good.pid" ] && [ -z "$(leftovers "$d")" ]
	ok $? "$kind: recording there works, leaves its file only (rc $rc, left: $(leftovers "$d"))"
done

# /dev/null: written, never replaced or removed; in a private /dev, so
# that a build that deletes it harms nothing
devnull() { # ARGS...: fragtrack's status, then whether /dev/null is a device
	unshare -m sh -c 'mount -t tmpfs ft-dev /dev && mknod -m 666 /dev/null c 1 3 || exit 9
		"$0" "$@" >/dev/null 2>&1; echo "rc=$?"; [ -c /dev/null ] && echo device' "$FT" "$@"
}
out=$(devnull -q -t 1 -o /dev/null --pid-file /bad/dir/pid)
echo "$out" | grep -q "rc=[1-9]" && echo "$out" | grep -q device
ok $? "-o /dev/null --pid-file /bad/dir/pid: fails, /dev/null is still a device ($(echo $out))"
out=$(devnull -q -t 1 -o /dev/null)
[ "$(echo $out)" = "rc=0 device" ]
ok $? "-o /dev/null: records into it, leaves it a device ($(echo $out))"

# early failures keep what was there: the pid file fails; the BPF compiler
# cannot load (address space limit) after both files were opened
printf 'old run\n' >"$TMP/keep.json"
printf '4242\n' >"$TMP/keep.pid"
out=$("$FT" -q -t 1 -o "$TMP/keep.json" --pid-file /bad/dir/pid 2>&1)
rc=$?
[ $rc -ne 0 ] && [ "$(cat "$TMP/keep.json")" = "old run" ]
ok $? "pid file fails: the old output is untouched ($out)"
out=$( (ulimit -v 100000; FRAGTRACK_CACHE_DIR= exec "$FT" -q -t 1 -o "$TMP/keep.json" \
	--pid-file "$TMP/keep.pid") 2>&1)
rc=$?
[ $rc -ne 0 ] && [ "$(cat "$TMP/keep.json")" = "old run" ] && [ "$(cat "$TMP/keep.pid")" = 4242 ] &&
	! ls -A "$TMP" | grep -q '^\.keep'
ok $? "compiler fails after both files were opened: old output and pid file kept, no temporaries ($(echo $out | head -c 200))"
out=$("$FT" -q -t 1 -o "$TMP/keep.json" --pid-file "$TMP/keep.pid" 2>&1)
rc=$?
[ $rc -eq 0 ] && json_valid "$TMP/keep.json" && [ ! -e "$TMP/keep.pid" ]
ok $? "a run that starts replaces an old file of root's, as before (rc $rc)"

out=$("$FT" -q -t 1 -o "$TMP/same.json" --pid-file "$TMP/same.json" 2>&1)
rc=$?
[ $rc -eq 2 ] && echo "$out" | grep -q "name the same file" && [ ! -e "$TMP/same.json" ]
ok $? "-o and --pid-file the same file: refused ($out)"
out=$("$FT" -t "$(printf '\033[2J')" 2>&1; "$FT" "x$(printf '\302\233')" 2>&1)
! echo "$out" | grep -q "$(printf '\033')" && ! echo "$out" | grep -q "$(printf '\302\233')" &&
	echo "$out" | grep -q "not '\\\\x1b\[2J'" && echo "$out" | grep -q "argument 'x\\\\u009b'"
ok $? "ESC and U+009B in arguments: escaped in the messages ($(echo "$out" | head -n 1 | cat -v))"

# a process named with ESC and CSI sequences, making extfrag events
esc=$(printf '\033')
csi=$(printf '\302\233')
name=$(printf '\033[31mX\302\2332J')
ln -s "$FRAGLOAD" "$TMP/$name"
"$FT" -o "$TMP/esc.jsonl" >"$TMP/esc.out" 2>&1 &
ftpid=$!
wait_for "$TMP/esc.out" "Starting fragmentation event tracking" 30
ok $? "tracking starts"
lines=0 attempt=0
while [ $attempt -lt 3 ] && [ "$lines" -eq 0 ]; do
	attempt=$((attempt + 1))
	"$TMP/$name" -s 10 -q -p 128 &
	lpid=$!
	wait $lpid
	sleep 1.2
	lines=$(grep -c "PID= *$lpid\$" "$TMP/esc.out")
done
kill -INT $ftpid
wait $ftpid
mine=$(grep "PID= *$lpid\$" "$TMP/esc.out" | head -n 1)
diag "$attempt workload run(s), $lines event lines of pid $lpid, e.g.: $(echo "$mine" | cat -v)"
[ "$lines" -gt 0 ] && echo "$mine" | grep -q 'Process=\\x1b\[31mX\\u009b2J  *PID' &&
	! grep -q "$esc" "$TMP/esc.out" && ! grep -q "$csi" "$TMP/esc.out"
ok $? "comm with ESC and U+009B: escaped in the event lines, no raw escape on the console"
python3 -c '
import json, sys
comms = {json.loads(l).get("comm") for l in open(sys.argv[1]) if "\"pid\":%s," % sys.argv[2] in l}
sys.exit(comms != {"\x1b[31mX\x9b2J"})' "$TMP/esc.jsonl" "$lpid"
ok $? "the file keeps the name as it is (JSON-escaped)"

done_testing
