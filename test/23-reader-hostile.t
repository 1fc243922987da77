#!/bin/sh
# Hostile recordings given to report and plot (issue 8, defects 5, 8, 9):
# one huge JSON token is refused after reading a bounded amount, absurd
# metadata counts are refused (no undefined behaviour under UBSan),
# duplicate keys read as Python's json.load reads them, a NUL does not
# make a type name another, non-regular files (a FIFO with no writer
# above all) are refused at once, and plot's bins stay bounded when
# events and samples lie far apart.  Run against $FRAGTRACK (or
# ./fragtrack), then again under ASan/UBSan when build/asan/fragtrack
# exists.
. "$(dirname "$0")/lib.sh"

# one_line_error FT FILE PATTERN [CMD...]: exit 2, one line matching PATTERN,
# within $LIMIT seconds (default 60)
one_line_error() {
	_ft=$1 _file=$2 _pat=$3
	shift 3
	timeout "${LIMIT:-60}" "$_ft" "${@:-report}" "$_file" >"$TMP/o.out" 2>"$TMP/o.err"
	_rc=$?
	[ $_rc -eq 2 ] && [ "$(wc -l <"$TMP/o.err")" -eq 1 ] && grep -q "$_pat" "$TMP/o.err"
	_ok=$?
	[ $_ok -eq 0 ] || diag "exit $_rc: $(head -c 300 "$TMP/o.err")"
	return $_ok
}

EV='{"event_type": "extfrag", "timestamp": 1.5, "order": 3, "migrate_from": "MOVABLE", "migrate_to": "UNMOVABLE", "is_steal": true}'
OK='{"event_type": "compaction_success", "timestamp": 2.5, "order": 9, "fragmentation_index": 800}'

make_files() {
	python3 - "$TMP" <<'PY'
import sys
d = sys.argv[1]
head = '{"events": [{"event_type": "extfrag", "timestamp": 1, "order": 1, "migrate_from": "A", "migrate_to": "B", "comm": '
open(d + "/number.json", "w").write(head + "7" * (2 << 20) + "}]}")
open(d + "/string.json", "w").write(head + '"' + "a" * (2 << 20) + '"}]}')
PY
	printf '{"metadata": {"total_events": 1e20, "lost_events": 0}, "events": [%s]}\n' "$EV" \
		>"$TMP/total.json"
	printf '{"metadata": {"total_events": 1, "lost_events": 1e20}, "events": [%s]}\n' "$EV" \
		>"$TMP/lost.json"
	printf '{"events": [%s, %s], "metadata": {"kernel_version": "a"}, "events": [%s],
	  "metadata": {"kernel_version": "b"}}\n' "$EV" "$EV" "$OK" >"$TMP/dup.json"
	printf '{"events": [%s, %s]}\n' "$(echo "$EV" | sed 's/"extfrag"/"extfrag\\u0000junk"/')" \
		"$OK" >"$TMP/nul.json"
	# events at 1000 s, samples at 0 s: bins must span the gap, not 1 us each
	printf '%s\n' '{"metadata": {"start_time": 1756929774.5}}' \
		'{"event_type": "fragmentation_sample", "timestamp": 0.001, "node": 0, "zone": "Normal", "index": [-1000, 500], "unusable": [0, 300]}' \
		'{"event_type": "compaction_failure", "timestamp": 1000, "order": 9}' \
		'{"metadata": {"start_time": 1756929774.5}, "statistics": {}, "summary": {}}' \
		>"$TMP/far.jsonl"
}

# python_metrics FILE: total and kinds of the events json.load keeps
python_metrics() {
	python3 - "$1" <<'PY'
import json, sys
ev = json.load(open(sys.argv[1]))["events"]
kinds = [e["event_type"] for e in ev]
print(sum(k in ("extfrag", "compaction_success", "compaction_failure") for k in kinds),
      kinds.count("extfrag"), kinds.count("compaction_success"))
PY
}

# report_metrics FT FILE: the same three from fragtrack report --json
report_metrics() {
	"$1" report --json "$2" | python3 -c '
import json, sys
m = json.load(sys.stdin)
print(m["total"], m["extfrag"], m["compaction_success"])'
}

# sent_before_error FT: bytes a writer got into "report -" before the
# error, a number token growing without end (at most 64 MB, 30 s)
sent_before_error() {
	timeout 40 python3 - "$1" <<'PY'
import subprocess, sys
p = subprocess.Popen([sys.argv[1], "report", "-"], stdin=subprocess.PIPE,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
sent, block = 0, b"1" * 65536
try:
    p.stdin.write(b'{"events": [{"timestamp": ')
    while sent < 64 << 20:
        p.stdin.write(block)
        sent += len(block)
    p.stdin.close()
except BrokenPipeError:
    pass
err = p.stderr.read().decode()
print(sent, p.wait(timeout=30), err.strip().replace("\n", " | "))
PY
}

checks() {
	ft=$1 tag=$2

	# defect 5: one token of 2 MB, and a token that never ends
	for kind in number string; do
		one_line_error "$ft" "$TMP/$kind.json" "a JSON $kind longer than 1 MiB (1048576 bytes)"
		ok $? "$tag: a 2 MB $kind token: exit 2, the limit in the message"
	done
	set -- $(sent_before_error "$ft")
	diag "$tag: report - took $1 bytes of an endless number, exit $2: $(echo "$*" | cut -d' ' -f3-)"
	[ "${2:-}" = 2 ] && [ "${1:-999999999}" -lt $((4 << 20)) ]
	ok $? "$tag: an endless number on stdin: refused after reading less than 4 MiB"

	# defect 8: counts no integer holds
	one_line_error "$ft" "$TMP/total.json" 'metadata "total_events" is 1e20, not a count'
	ok $? "$tag: total_events 1e20: exit 2, a clear message (no UB)"
	one_line_error "$ft" "$TMP/lost.json" 'metadata "lost_events" is 1e20' plot -o "$TMP/p8"
	ok $? "$tag: lost_events 1e20 given to plot: exit 2, a clear message"

	# defect 9: Python's semantics
	want=$(python_metrics "$TMP/dup.json")
	got=$(report_metrics "$ft" "$TMP/dup.json")
	[ -n "$got" ] && [ "$got" = "$want" ]
	ok $? "$tag: a second \"events\" key: the last array counts, as json.load ($got, want $want)"
	"$ft" plot "$TMP/dup.json" -o "$TMP/pdup" >/dev/null 2>&1 &&
		grep -q '^n_total_a = 1$' "$TMP/pdup/dashboard.gp" &&
		grep -q 'kernel b' "$TMP/pdup/dashboard.gp"
	ok $? "$tag: plot of it: 1 event, the last metadata"
	want=$(python_metrics "$TMP/nul.json")
	got=$(report_metrics "$ft" "$TMP/nul.json")
	[ -n "$got" ] && [ "$got" = "$want" ]
	ok $? "$tag: \"extfrag\\u0000junk\" is not extfrag ($got, want $want)"

	rm -f "$TMP/fifo"
	mkfifo "$TMP/fifo"
	LIMIT=5
	one_line_error "$ft" "$TMP/fifo" "fifo: a FIFO, not a recording"
	ok $? "$tag: a FIFO with no writer: exit 2 within 5 s, not blocked"
	one_line_error "$ft" "$TMP/fifo" "a FIFO" plot -o "$TMP/pf"
	ok $? "$tag: plot of a FIFO: exit 2 within 5 s"
	LIMIT=60
	one_line_error "$ft" "$TMP" "a directory, not a recording"
	ok $? "$tag: a directory: refused as such"
	cat test/data/small.jsonl | "$ft" report --json - >"$TMP/stdin.out" 2>/dev/null &&
		grep -q '"total":' "$TMP/stdin.out"
	ok $? "$tag: standard input may still be a pipe"

	# plot: bins over the gap between events and samples stay bounded
	timeout 120 "$ft" plot "$TMP/far.jsonl" --bin 0.000001 -o "$TMP/far" >/dev/null 2>&1
	rc=$?
	lines=$(wc -l <"$TMP/far/dashboard-timeline.dat" 2>/dev/null || echo none)
	[ $rc -eq 0 ] && [ "$lines" != none ] && [ "$lines" -le 4098 ]
	ok $? "$tag: events at 1000 s, samples at 0 s, 1 us bins: $lines timeline rows (<= 4096 bins)"
}

make_files
checks "$FT" "$(basename "$FT")"
if [ -x build/asan/fragtrack ] && [ -z "${FRAGTRACK:-}" ]; then
	asan_env
	checks "$top/build/asan/fragtrack" "asan"
else
	skip "build/asan/fragtrack not built (make asan)"
fi
done_testing
