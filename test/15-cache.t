#!/bin/sh
# The compiled BPF object cache against a hostile cache: an object compiled
# from other BPF text under the right name, directories others can write,
# symlinks at the object's name, planted temporary names, and an object
# whose maps cannot be created.  Every attack by nobody runs as nobody.
. "$(dirname "$0")/lib.sh"

if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root 21 "record loads BPF programs"

NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all"
chmod 0711 "$TMP" # nobody may reach the directories made for it below

# record DIR NAME: a short run with the cache in DIR, its output in
# $TMP/NAME.{json,out,err}; the status in rc
record() {
	FRAGTRACK_CACHE_DIR=$1 "$FT" -q -t 0.3 -o "$TMP/$2.json" >"$TMP/$2.out" 2>"$TMP/$2.err"
	rc=$?
}

# traced DIR NAME: a run with the cache in DIR while a shell whose pid is in
# $TMP/NAME.pid compacts all memory (compaction events of that pid)
traced() {
	FRAGTRACK_CACHE_DIR=$1 "$FT" -q -t 4 -o "$TMP/$2.json" >"$TMP/$2.out" 2>"$TMP/$2.err" &
	_ft=$!
	wait_for "$TMP/$2.out" "Starting fragmentation event tracking" 30
	diag "$2: the tracer's descriptors: $(ls -l /proc/$_ft/fd 2>/dev/null |
		awk 'NR > 1 { printf "%s->%s ", $9, $11 }')"
	sh -c 'echo $$ >"$1"; echo 1 >/proc/sys/vm/compact_memory' sh "$TMP/$2.pid"
	wait $_ft
	rc=$?
}

# events_of FILE PID: how many events carry that pid
events_of() {
	python3 -c '
import json, sys
print(sum(1 for e in json.load(open(sys.argv[1]))["events"] if e["pid"] == int(sys.argv[2])))' "$1" "$2"
}

# pid_events NAME: "OWN FORGED": the events of the compacting shell, and
# those with the pid 4242 the other BPF text writes
pid_events() {
	echo "$(events_of "$TMP/$1.json" "$(cat "$TMP/$1.pid")") $(events_of "$TMP/$1.json" 4242)"
}

starts_with() { case $1 in "$2"*) return 0 ;; esac; return 1; }

# ---- a genuine object ----
record "$TMP/cache" first
key=$(cd "$TMP/cache" 2>/dev/null && ls -- *.bpf 2>/dev/null)
[ $rc -eq 0 ] && [ "$(bpf_object "$TMP/first.json")" = compiled ] && [ -n "$key" ]
ok $? "a first run compiles and caches the object ($key)"
cp -p "$TMP/cache/$key" "$TMP/genuine.bpf"
record "$TMP/cache" second
[ $rc -eq 0 ] && [ "$(bpf_object "$TMP/second.json")" = cached ]
ok $? "the next run starts from it"

# ---- an object compiled from other BPF text, under the right name ----
# fragtrack again, from the tree $FT was built from, with BPF text that
# writes pid 4242 into every event: only bpf_text.c is rebuilt
src=$(dirname "$FT")
while [ "$src" != / ] && [ ! -f "$src/bpf_prog.c" ]; do src=$(dirname "$src"); done
alt=$TMP/alt
mkdir -p "$alt" &&
	tar -C "$src" --exclude=./.git --exclude=./build/asan --exclude=./build/test \
		--exclude=./build/bench --exclude=./test -cf - . | tar -C "$alt" -xf - &&
	sed -i 's/ev->pid = id >> 32;/ev->pid = 4242;/' "$alt/bpf_prog.c" &&
	grep -q 'ev->pid = 4242;' "$alt/bpf_prog.c" &&
	make -C "$alt" fragtrack >"$TMP/alt.log" 2>&1 &&
	FRAGTRACK_CACHE_DIR=$TMP/altcache "$alt/fragtrack" --prepare >/dev/null 2>&1 &&
	cp "$TMP"/altcache/*.bpf "$TMP/cache/$key"
ok $? "an object compiled from other BPF text (pid 4242 in every event) copied over $key"
traced "$TMP/cache" foreign
what=$(bpf_object "$TMP/foreign.json")
set -- $(pid_events foreign)
diag "foreign: bpf_object '$what'; events of the compacting shell $1, with pid 4242 $2; stderr: $(cat "$TMP/foreign.err")"
[ $rc -eq 0 ] && [ "$what" = "compiled (cache rejected: compiled from other BPF text or for another kernel)" ]
ok $? "the foreign object is rejected and the run compiles ($what)"
[ "$(grep -c "cached BPF object $TMP/cache/$key rejected (compiled from other BPF text" "$TMP/foreign.err")" -eq 1 ] &&
	[ "$(wc -l <"$TMP/foreign.err")" -eq 1 ]
ok $? "... and says so in one line on stderr"
[ "$1" -gt 0 ] && [ "$2" -eq 0 ]
ok $? "every event carries its real pid, none the forged one ($1 real, $2 forged)"
record "$TMP/cache" refreshed
[ "$(bpf_object "$TMP/refreshed.json")" = cached ]
ok $? "the compile replaced it: the next run starts from the cache"

# ---- directories others can write, or own: refused, the run compiles ----
# each holds a genuine object for this key, which must not be used
for how in world group nobody; do
	d=$TMP/unsafe-$how
	mkdir "$d" && cp -p "$TMP/genuine.bpf" "$d/$key"
	case $how in
	world) chmod 0777 "$d" ;;
	group) chmod 0770 "$d" ;;
	nobody) chown 65534:65534 "$d" ;;
	esac
	record "$d" "$how"
	what=$(bpf_object "$TMP/$how.json")
	[ $rc -eq 0 ] && starts_with "$what" "compiled (cache directory refused: " &&
		[ "$(grep -c "^fragtrack: cache directory $d refused (.*): compiled without a cache$" "$TMP/$how.err")" -eq 1 ] &&
		[ "$(wc -l <"$TMP/$how.err")" -eq 1 ] &&
		[ "$(ls -A "$d")" = "$key" ] && cmp -s "$d/$key" "$TMP/genuine.bpf"
	ok $? "a cache directory $how can write is refused, once on stderr; the run compiles ($what: $(cat "$TMP/$how.err"))"
done
out=$(FRAGTRACK_CACHE_DIR=$TMP/unsafe-world "$FT" --prepare 2>&1)
[ $? -ne 0 ] && echo "$out" | grep -q "cache directory $TMP/unsafe-world refused: writable by group or others"
ok $? "--prepare into it: refused with a clear message ($out)"

# ---- symlinks at the object's name ----
# nobody's directory, nobody's link to a genuine object of root's
d=$TMP/nobody-link
mkdir "$d" && chown 65534:65534 "$d" && cp -p "$TMP/genuine.bpf" "$TMP/target.bpf" &&
	$NOBODY ln -s "$TMP/target.bpf" "$d/$key"
ok $? "nobody links $key in its own directory to a genuine object"
record "$d" nobody-link
what=$(bpf_object "$TMP/nobody-link.json")
[ $rc -eq 0 ] && starts_with "$what" "compiled (cache directory refused: owned by uid 65534" &&
	[ -L "$d/$key" ] && cmp -s "$TMP/target.bpf" "$TMP/genuine.bpf"
ok $? "the link is not followed, nor written through ($what)"
# even in a directory only root can write
d=$TMP/root-link
mkdir -m 0700 "$d" && cp -p "$TMP/genuine.bpf" "$TMP/target2.bpf" && ln -s "$TMP/target2.bpf" "$d/$key"
record "$d" root-link
what=$(bpf_object "$TMP/root-link.json")
[ $rc -eq 0 ] && [ "$what" = "compiled (cache rejected: a symbolic link)" ] &&
	[ -f "$d/$key" ] && [ ! -L "$d/$key" ] && cmp -s "$TMP/target2.bpf" "$TMP/genuine.bpf"
ok $? "a symlink in root's own cache: not followed, replaced by a file, its target untouched ($what)"

# ---- the old temporary name, KEY.bpf.PID, planted for the next pids ----
# plant OWNER DIR VICTIM: symlinks at KEY.bpf.PID for the next 3000 pids
# (the system's python3: nobody cannot reach root's PATH)
plant() {
	$1 "$(PATH=/usr/local/bin:/usr/bin:/bin command -v python3)" - "$2/$key" "$3" <<'PY'
import os, sys
path, victim = sys.argv[1:3]
last = int(open("/proc/sys/kernel/ns_last_pid").read())
top = int(open("/proc/sys/kernel/pid_max").read())
for i in range(1, 3001):
    pid = last + i
    if pid >= top:
        pid = 300 + pid - top
    os.symlink(victim, "%s.%d" % (path, pid))
PY
}
echo precious >"$TMP/victim"
d=$TMP/planted-world
mkdir "$d" && chmod 0777 "$d" && plant "$NOBODY" "$d" "$TMP/victim"
ok $? "nobody plants 3000 symlinks at $key.PID in a world-writable cache directory"
record "$d" planted-world
[ $rc -eq 0 ] && [ "$(cat "$TMP/victim")" = precious ] && [ "$(ls -A "$d" | wc -l)" -eq 3000 ]
ok $? "root writes through none of them, and writes nothing there ($(bpf_object "$TMP/planted-world.json"))"
d=$TMP/planted-root
mkdir -m 0700 "$d" && plant "" "$d" "$TMP/victim"
record "$d" planted-root
[ $rc -eq 0 ] && [ "$(cat "$TMP/victim")" = precious ] && [ -f "$d/$key" ] && [ ! -L "$d/$key" ] &&
	[ "$(ls -A "$d" | wc -l)" -eq 3001 ] && [ "$(find "$d" -type l | wc -l)" -eq 3000 ]
ok $? "in root's own cache too: the object is written beside the links, through none, no temporary file left"

# ---- a cached object whose map creation fails ----
# --prepare makes the object in a process without perf buffers: its map
# numbers are low fds that, in a tracer, are perf buffers and the socket.
# The last map's type is made invalid and the seal recomputed, so the file
# passes every check and the kernel refuses the map.
d=$TMP/badmap
FRAGTRACK_CACHE_DIR=$d "$FT" --prepare >/dev/null 2>&1 &&
	maps=$(python3 - "$d/$key" <<'PY'
import hashlib, struct, sys
path = sys.argv[1]
data = open(path, "rb").read()
assert data[:16] == b"fragtrack-bpf-2\n", "not the sealed format"
body = bytearray(data[:-32])
nmaps = struct.unpack_from("=I", body, 48)[0]
first = 48 + 12 + 64          # the map records, 280 bytes each
names, refs = [], []
for i in range(nmaps):
    rec = first + 280 * i
    names.append(bytes(body[rec:rec + 256]).split(b"\0")[0].decode())
    refs.append(struct.unpack_from("=i", body, rec + 256 + 20)[0])
struct.pack_into("=i", body, first + 280 * (nmaps - 1) + 256, 0x7fff0000)
open(path, "wb").write(body + hashlib.sha256(body).digest())
print(" ".join("%s=fd%d" % m for m in zip(names, refs)))
PY
)
ok $? "a cached object whose last map has no valid type, sealed again (maps: $maps)"
last=${maps##* }
last=${last%%=*}
traced "$d" badmap
what=$(bpf_object "$TMP/badmap.json")
set -- $(pid_events badmap)
diag "badmap: bpf_object '$what'; events of the compacting shell $1; stderr: $(cat "$TMP/badmap.err")"
[ $rc -eq 0 ] && [ "$what" = "compiled (cache rejected: map $last could not be created: Invalid argument)" ] &&
	[ "$(wc -l <"$TMP/badmap.err")" -eq 1 ] && ! grep -q "compiler process died" "$TMP/badmap.err"
ok $? "the run compiles afresh and says truthfully why ($what)"
[ "$1" -gt 0 ]
ok $? "its perf buffers and socket were left open: it records events ($1 from the compacting shell)"
record "$d" badmap-next
[ "$(bpf_object "$TMP/badmap-next.json")" = cached ]
ok $? "the broken entry was replaced: the next run starts from the cache"

done_testing
