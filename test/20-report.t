#!/bin/sh
# fragtrack report and the streaming reader: the seed visualizer's numbers
# for the shared recordings, JSON lines = document, truncated files, the
# fragmentation sample lines of a real recording (test/data/measured.jsonl,
# fragtrack record during fragload), and one line with exit status 2 for
# every bad input, bad samples included.  Run against $FRAGTRACK (or
# ./fragtrack), then again under ASan/UBSan when build/asan/fragtrack exists.
. "$(dirname "$0")/lib.sh"

DATA=$SHARED/data
SIMPLE=$DATA/fragmentation_data_simple.json
LOAD=$DATA/fragmentation_data_load.json
GOLD_SIMPLE='{"total":4472,"compact_success_rate":42.0,"compaction_success":1243,"compaction_failure":1715,"extfrag":1514,"bad_migrations":204,"good_migrations":1310,"steal":1214,"claim":300}'
GOLD_LOAD='{"total":7088,"compact_success_rate":35.6,"compaction_success":2426,"compaction_failure":4393,"extfrag":269,"bad_migrations":178,"good_migrations":91,"steal":3,"claim":266}'

# the unit tests of the reader, as one TAP line (their own lines as comments)

# bad FT DESCRIPTION FILE...: exit 2, one line on stderr, nothing on stdout
bad() {
	_ft=$1 _what=$2
	shift 2
	"$_ft" report "$@" >"$TMP/bad.out" 2>"$TMP/bad.err"
	_rc=$?
	_lines=$(wc -l <"$TMP/bad.err")
	[ $_rc -eq 2 ] && [ "$_lines" -eq 1 ] && [ ! -s "$TMP/bad.out" ] &&
		grep -q '^fragtrack: ' "$TMP/bad.err"
	ok $? "$_what: exit 2 with one line ($(head -c 150 "$TMP/bad.err"))"
}

# a copy of the event list of a shared file, shaped by python3
to_jsonl() { # SRC DST: fragtrack's JSON lines, with a sample record mixed in
	python3 - "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
with open(sys.argv[2], "w") as f:
    f.write(json.dumps({"metadata": dict(d["metadata"], end_time=None)}) + "\n")
    for i, e in enumerate(d["events"]):
        f.write(json.dumps(e) + "\n")
        if i == 10:
            f.write(json.dumps({"event_type": "fragmentation_sample", "timestamp": e["timestamp"],
                                "node": 0, "zone": "Normal", "free": [1, 2], "index": [-1000, 500],
                                "unusable": [0, 300]}) + "\n")
    f.write(json.dumps({"metadata": d["metadata"], "statistics": d["statistics"], "summary": {}}) + "\n")
PY
}

to_document() { # SRC.jsonl DST.json: the same records as the seed's document, samples last
	python3 - "$1" "$2" <<'PY'
import json, sys
meta, events, samples, stats = {}, [], [], {}
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "metadata" in o:
        meta, stats = o["metadata"], o.get("statistics", stats)
    elif o["event_type"] == "fragmentation_sample":
        samples.append(o)
    else:
        events.append(o)
json.dump({"metadata": meta, "events": events, "samples": samples, "statistics": stats},
          open(sys.argv[2], "w"), indent=1)
PY
}

MEASURED=test/data/measured.jsonl
KEYS='total compact_success_rate compaction_success compaction_failure extfrag bad_migrations good_migrations steal claim'

sample_checks() { # FT LABEL
	ft=$1 tag=$2

	"$ft" report "$MEASURED" >"$TMP/m.out" 2>"$TMP/m.err"
	[ $? -eq 0 ] && [ ! -s "$TMP/m.err" ] &&
		grep -q '^Fragmentation Samples  *45  (3 zones, 0.001 s to 14.113 s)$' "$TMP/m.out" &&
		grep -q '^Final Index at Order 9 (THP)  *-1000  (Normal)$' "$TMP/m.out" &&
		grep -q '^Peak Index at Order 9 (THP)  *999  (DMA32, at 8.009 s)$' "$TMP/m.out" &&
		grep -q '^Unmovable Blocks Gained  *+20  (308 -> 328)$' "$TMP/m.out" &&
		grep -q '^Reclaimable Blocks Gained  *-2  (7 -> 5)$' "$TMP/m.out"
	ok $? "$tag: text report of a recording with samples: index at order 9, pageblocks gained"
	grep -q '^ DMA32  *15  *-1000  *999 103 -> 124 (+21)  *3 -> 1 (-2)$' "$TMP/m.out" &&
		grep -q '^ Normal  *15  *-1000  *997 204 -> 203 (-1)  *4 -> 4 (+0)$' "$TMP/m.out" &&
		grep -q '^ DMA  *15  *-1000  *-1000 1 -> 1 (+0)  *0 -> 0 (+0)$' "$TMP/m.out"
	ok $? "$tag: text report: the same per zone"
	# the JSON keeps exactly the nine keys of issue 3
	"$ft" report --json "$MEASURED" >"$TMP/m.json"
	keys=$(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))))' "$TMP/m.json")
	[ "$keys" = "$KEYS" ] && grep -q '"total":175,' "$TMP/m.json"
	ok $? "$tag: report --json with samples: the nine keys, nothing more ($keys)"
	if [ -r "$SIMPLE" ]; then
		! "$ft" report "$SIMPLE" | grep -q 'Fragmentation\|Index at\|Blocks Gained'
		ok $? "$tag: no sample lines for the seed's recordings"
	else
		skip "$SIMPLE not found"
	fi
	# the document's "samples" array reads as the lines do
	to_document "$MEASURED" "$TMP/measured.json"
	"$ft" report "$TMP/measured.json" | sed 1d >"$TMP/md.out"
	sed 1d "$TMP/m.out" | cmp -s - "$TMP/md.out"
	ok $? "$tag: the same recording as a document: the same report"

	# bad samples: one line, exit 2
	printf '{"event_type": "fragmentation_sample", "timestamp": 1, "node": 0, "zone": "Normal", "index": [-1000, 1500], "unusable": [0, 1]}\n' >"$TMP/s1.jsonl"
	bad "$ft" "$tag: sample index 1500" "$TMP/s1.jsonl"
	grep -q 'event 1 (fragmentation_sample): "index"\[1\] is 1500, outside -1000..1000' "$TMP/bad.err"
	ok $? "$tag: the message names the sample, the field and the range"
	printf '{"events": [], "samples": [{"event_type": "fragmentation_sample", "timestamp": 1, "node": 0, "zone": "Normal", "index": [0], "unusable": ["0"]}]}' >"$TMP/s2.json"
	bad "$ft" "$tag: sample unusable not integers (document)" "$TMP/s2.json"
	printf '{"event_type": "fragmentation_sample", "timestamp": 1, "node": 0, "zone": "0123456789abcdef", "index": [0], "unusable": [0]}\n' >"$TMP/s3.jsonl"
	bad "$ft" "$tag: sample zone name of 16 bytes" "$TMP/s3.jsonl"
	printf '{"event_type": "fragmentation_sample", "timestamp": 1, "node": 0, "zone": "Normal", "index": [0], "unusable": [0], "blocks": {"Movable": -3}}\n' >"$TMP/s4.jsonl"
	bad "$ft" "$tag: negative pageblock count" "$TMP/s4.jsonl"
	printf '{"event_type": "fragmentation_sample", "timestamp": 1, "node": 0, "zone": "Normal", "index": [0]}\n' >"$TMP/s5.jsonl"
	bad "$ft" "$tag: sample without unusable" "$TMP/s5.jsonl"
}

checks() { # FT LABEL
	ft=$1 tag=$2

	# golden numbers: the seed visualizer's table for the shared recordings
	if [ -r "$SIMPLE" ] && [ -r "$LOAD" ]; then
		out=$("$ft" report --json "$SIMPLE")
		[ "$out" = "$GOLD_SIMPLE" ]
		ok $? "$tag: report --json simple = the seed's numbers ($out)"
		out=$("$ft" report --json "$LOAD")
		[ "$out" = "$GOLD_LOAD" ]
		ok $? "$tag: report --json load = the seed's numbers ($out)"
		"$ft" report "$SIMPLE" >"$TMP/text.out"
		grep -q '^Compaction Success Rate *42.0%$' "$TMP/text.out" &&
			grep -q '^Bad Migrations *204$' "$TMP/text.out" &&
			grep -q '^ !! *MOVABLE->UNMOVABLE *99 *0 *99$' "$TMP/text.out"
		ok $? "$tag: text report: table and patterns"
		"$ft" report - <"$LOAD" >"$TMP/stdin.out"
		grep -q '^Total Events *7088$' "$TMP/stdin.out"
		ok $? "$tag: report - reads standard input"
	else
		for i in 1 2 3 4; do skip "$DATA not found"; done
	fi

	# JSON lines and the document give the same report
	if [ -r "$LOAD" ] && command -v python3 >/dev/null; then
		to_jsonl "$LOAD" "$TMP/load.jsonl"
		a=$("$ft" report --json "$LOAD")
		b=$("$ft" report --json "$TMP/load.jsonl" 2>"$TMP/jsonl.err")
		[ -n "$a" ] && [ "$a" = "$b" ] && [ ! -s "$TMP/jsonl.err" ]
		ok $? "$tag: JSON lines (with a sample record) = document"
	else
		skip "$LOAD or python3 not found"
	fi
	out=$("$ft" report --json test/data/small.jsonl)
	[ "$out" = '{"total":7,"compact_success_rate":50.0,"compaction_success":2,"compaction_failure":2,"extfrag":3,"bad_migrations":2,"good_migrations":1,"steal":1,"claim":2}' ]
	ok $? "$tag: fragtrack's own JSON lines (null indexes, order -1)"

	# truncated: every complete event, one warning with the count
	if [ -r "$SIMPLE" ]; then
		head -c 700000 "$SIMPLE" >"$TMP/cut.json"
		want=$(python3 -c '
import json,sys
t=open(sys.argv[1]).read()
print(t.count("\n    }"))' "$TMP/cut.json" 2>/dev/null)
		"$ft" report --json "$TMP/cut.json" >"$TMP/cut.out" 2>"$TMP/cut.err"
		rc=$?
		got=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$TMP/cut.out")
		[ $rc -eq 0 ] && [ "$(wc -l <"$TMP/cut.err")" -eq 1 ] &&
			grep -q "warning: $TMP/cut.json is truncated (run killed before it closed?): recovered $got complete events" "$TMP/cut.err" &&
			{ [ -z "$want" ] || [ "$got" = "$want" ]; }
		ok $? "$tag: truncated document: $got complete events (python: $want), one warning"
	else
		skip "$SIMPLE not found"
	fi
	# 3 events and a sample, then half of the fourth event
	head -c 1200 test/data/small.jsonl >"$TMP/cut.jsonl"
	"$ft" report --json "$TMP/cut.jsonl" >"$TMP/cutl.out" 2>"$TMP/cutl.err"
	rc=$?
	[ $rc -eq 0 ] && grep -q '"total":3' "$TMP/cutl.out" && grep -q 'recovered 3 complete' "$TMP/cutl.err"
	ok $? "$tag: truncated JSON lines: the 3 complete events"

	# bad input: one line, exit 2, never a crash
	bad "$ft" "$tag: missing file" "$TMP/nonexistent.json"
	: >"$TMP/empty.json"
	bad "$ft" "$tag: empty file" "$TMP/empty.json"
	printf 'this is not json\n' >"$TMP/text.json"
	bad "$ft" "$tag: not JSON" "$TMP/text.json"
	printf '\177ELF\002\001\001\000\000\000' >"$TMP/binary.json"
	bad "$ft" "$tag: binary file" "$TMP/binary.json"
	bad "$ft" "$tag: a directory" "$TMP"
	printf '[1, 2, 3]\n' >"$TMP/array.json"
	bad "$ft" "$tag: valid JSON, not a recording" "$TMP/array.json"
	printf '{"events": [{"event_type": "extfrag", "timestamp": 1, "order": "0", "migrate_from": "A", "migrate_to": "B"}]}' >"$TMP/type.json"
	bad "$ft" "$tag: wrong type (order a string)" "$TMP/type.json"
	printf '{"events": [{"event_type": "extfrag", "timestamp": 1, "order": 0, "migrate_from": "A", "migrate_to": "B", "is_steal": "yes"}]}' >"$TMP/type2.json"
	bad "$ft" "$tag: wrong type (is_steal a string)" "$TMP/type2.json"
	printf '{"events": [{"event_type": "compaction_success", "order": 9}]}' >"$TMP/missing.json"
	bad "$ft" "$tag: missing field (timestamp)" "$TMP/missing.json"
	printf '{"events": [{"event_type": "extfrag", "timestamp": 1, "order": 0, "migrate_to": "B"}]}' >"$TMP/missing2.json"
	bad "$ft" "$tag: missing field (migrate_from)" "$TMP/missing2.json"
	printf '{"events": [{"event_type": "compaction_failure", "timestamp": 1, "order": 99}]}' >"$TMP/absurd.json"
	bad "$ft" "$tag: absurd order 99" "$TMP/absurd.json"
	printf '{"events": [{"event_type": "compaction_failure", "timestamp": -5, "order": 9}]}' >"$TMP/absurd2.json"
	bad "$ft" "$tag: negative timestamp" "$TMP/absurd2.json"
	printf '{"events": [{"event_type": "compaction_failure", "timestamp": 1e999, "order": 9}]}' >"$TMP/absurd3.json"
	bad "$ft" "$tag: infinite timestamp" "$TMP/absurd3.json"
	printf '{"events": [{"event_type": "compaction_failure", "timestamp": 1, "order": 9}, 7]}' >"$TMP/absurd4.json"
	bad "$ft" "$tag: an event that is not an object" "$TMP/absurd4.json"
	grep -q 'event 2 is not an object' "$TMP/bad.err"
	ok $? "$tag: the message numbers the event"
	# control characters in every string report prints: escaped, not sent
	# to the terminal (JSON escapes and raw UTF-8, ESC and C1 U+009B)
	printf '%s\n' '{"metadata": {"kernel_version": "6.1\u001b]0;pwn\u0007\u009b"}}' \
		'{"event_type": "extfrag", "timestamp": 1, "pid": 1, "comm": "x\u001b[31m\u009b2J", "order": 0, "migrate_from": "MOV\u001b[2J", "migrate_to": "UN\u009b1m", "is_steal": true}' \
		'{"event_type": "fragmentation_sample", "timestamp": 1, "node": 0, "zone": "N\u001b[7m\u009bX", "free": [1], "index": [-1000], "unusable": [0]}' \
		>"$TMP/esc.jsonl"
	printf '{"event_type": "extfrag", "timestamp": 2, "pid": 1, "comm": "y", "order": 0, "migrate_from": "M\302\233", "migrate_to": "\\u001b[5m"}\n' >>"$TMP/esc.jsonl"
	"$ft" report "$TMP/esc.jsonl" >"$TMP/esc.out" 2>"$TMP/esc.err"
	rc=$?
	[ $rc -eq 0 ] && ! grep -q "$(printf '\033')" "$TMP/esc.out" "$TMP/esc.err" &&
		! grep -q "$(printf '\302\233')" "$TMP/esc.out" &&
		grep -q '^Kernel: *6.1\\x1b]0;pwn\\x07\\u009b$' "$TMP/esc.out" &&
		grep -q 'MOV\\x1b\[2J->UN\\u009b1m ' "$TMP/esc.out" &&
		grep -q 'M\\u009b->\\x1b\[5m ' "$TMP/esc.out" &&
		grep -q '^ N\\x1b\[7m\\u009bX  *1 ' "$TMP/esc.out"
	ok $? "$tag: ESC and U+009B in kernel, type and zone names: escaped in the text ($(grep -e Kernel -e MOV -e 'M\\' "$TMP/esc.out" | cat -v | tr '\n' '|'))"
	evil="$TMP/$(printf 'e\033]0;x\007\302\233')"
	head -c 300 "$TMP/esc.jsonl" >"$evil.jsonl"
	"$ft" report "$evil.jsonl" >/dev/null 2>"$TMP/esc.err"
	"$ft" report "$evil-missing.json" >/dev/null 2>>"$TMP/esc.err"
	[ "$(wc -l <"$TMP/esc.err")" -eq 2 ] && ! grep -q "$(printf '\033')" "$TMP/esc.err" &&
		! grep -q "$(printf '\302\233')" "$TMP/esc.err" &&
		grep -q 'e\\x1b]0;x\\x07\\u009b-missing.json' "$TMP/esc.err"
	ok $? "$tag: a file name with ESC and U+009B: escaped in the warning and the error ($(cat -v "$TMP/esc.err" | tr '\n' '|'))"
	bad "$ft" "$tag: no FILE"
	bad "$ft" "$tag: two FILEs" test/data/small.jsonl test/data/small.jsonl
	sample_checks "$ft" "$tag"
}

unit build/test/unit_reader
checks "$FT" "$(basename "$FT")"
asan_again unit_reader
done_testing
