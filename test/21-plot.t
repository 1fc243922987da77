#!/bin/sh
# fragtrack plot: both dashboards render (gnuplot exits 0, PNG of the size
# the script asks for), the script re-renders by itself, no event is lost
# between the recording and the .dat files, panels without data say so,
# the fragmentation sample panels and table rows of real recordings
# (test/data/measured.jsonl: fragload; idle.jsonl: nothing running),
# hostile labels, file names, comms, zone and migrate type names never run
# anything, bad input gets one line and exit 2.  Then the same under
# ASan/UBSan.
. "$(dirname "$0")/lib.sh"

DATA=$SHARED/data
SIMPLE=$DATA/fragmentation_data_simple.json
LOAD=$DATA/fragmentation_data_load.json
have_data() { [ -r "$SIMPLE" ] && [ -r "$LOAD" ]; }

png_size() { # FILE: "W H" from the IHDR chunk
	od -An -tu1 -j16 -N8 "$1" 2>/dev/null |
		awk '{ printf "%d %d", $1 * 16777216 + $2 * 65536 + $3 * 256 + $4, $5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}
gp_var() { # SCRIPT NAME: a number set in the generated header
	sed -n "s/^$2 = \([0-9.]*\)$/\1/p" "$1" | head -n 1
}
sum_col() { # FILE COLUMN
	awk -v c="$2" '!/^#/ { s += $c } END { print s + 0 }' "$1"
}

# renders FT DESCRIPTION STEM OUT ARGS...: exit 0, quiet, PNG as big as asked
renders() {
	_ft=$1 _what=$2 _stem=$3 _out=$4
	shift 4
	"$_ft" plot "$@" -o "$_out" >"$TMP/plot.out" 2>"$TMP/plot.err"
	_rc=$?
	_png=$_out/$_stem.png
	_want="$(gp_var "$_out/$_stem.gp" canvas_w) $(gp_var "$_out/$_stem.gp" canvas_h)"
	_got=$(png_size "$_png")
	[ $_rc -eq 0 ] && [ ! -s "$TMP/plot.err" ] && grep -q "saved: .*$_stem.png" "$TMP/plot.out" &&
		[ "$_got" = "$_want" ] && [ "${_got% *}" -eq 1680 ]
	ok $? "$_what: exit 0, no message, PNG $_got (script: $_want)"
	[ $_rc -eq 0 ] || sed 's/^/# /' "$TMP/plot.err"
}

bad() { # FT DESCRIPTION ARGS...: exit 2, one line on stderr
	_ft=$1 _what=$2
	shift 2
	"$_ft" plot "$@" >"$TMP/bad.out" 2>"$TMP/bad.err"
	_rc=$?
	[ $_rc -eq 2 ] && [ "$(wc -l <"$TMP/bad.err")" -eq 1 ] && grep -q '^fragtrack: ' "$TMP/bad.err"
	ok $? "$_what: exit 2 with one line ($(head -c 120 "$TMP/bad.err"))"
}


shared_checks() { # FT TAG
	ft=$1 tag=$2 out=$TMP/$2
	if ! have_data; then
		for i in 1 2 3 4 5 6; do skip "$DATA not found"; done
		return
	fi
	renders "$ft" "$tag: single dashboard of the load recording" dashboard "$out/single" "$LOAD"
	# every compaction event is in a scatter point, every extfrag event in the heatmap
	s=$(sum_col "$out/single/dashboard-scatter-a.dat" 5)
	h=$(sum_col "$out/single/dashboard-heat.dat" 3)
	t=$(awk '!/^#/ && NR > 1 && prev != "" { s += a + b } { prev = $1; a = $2; b = $3 } END { print s }' "$out/single/dashboard-timeline.dat")
	n=$(grep -cv '^#' "$out/single/dashboard-scatter-a.dat")
	[ "$s" -eq 6819 ] && [ "$h" -eq 269 ] && [ "$t" -eq 269 ] && [ "$n" -lt 6819 ]
	ok $? "$tag: no event lost: scatter $s/6819 in $n points, heatmap $h/269, timeline $t/269"
	renders "$ft" "$tag: comparison simple vs load" comparison "$out/cmp" "$SIMPLE" --compare "$LOAD"
	grep -q "^label_a = 'simple'$" "$out/cmp/comparison.gp" && grep -q "^label_b = 'load'$" "$out/cmp/comparison.gp"
	ok $? "$tag: default labels: the file names less their common part"
	# the table: every row with a defined better has a verdict, as the seed
	awk '!/^#/ { print $NF }' "$out/cmp/comparison-table.dat" | tr '\n' ' ' >"$TMP/verdicts"
	[ "$(cat "$TMP/verdicts")" = "-1 1 2 2 1 -1 -1 -1 -1 -1 -1 " ]
	ok $? "$tag: verdicts: rate A, extfrag B, bad B, good A, none for samples ($(cat "$TMP/verdicts"))"
	"$ft" plot "$SIMPLE" --compare "$LOAD" --labels "Light Load" "Heavy Load" --bin 2 \
		--format svg -o "$out/svg" >/dev/null 2>&1 &&
		head -c 200 "$out/svg/comparison.svg" | grep -q '<svg' &&
		grep -q 'Light Load' "$out/svg/comparison.svg" && grep -q 'per 2 s bin' "$out/svg/comparison.svg"
	ok $? "$tag: --format svg, --labels, --bin 2"
}

MEASURED=test/data/measured.jsonl
IDLE=test/data/idle.jsonl
NOSAMPLES='no fragmentation samples in this trace (recorded by the seed tracer?)'

sample_checks() { # FT TAG
	ft=$1 tag=$2 out=$TMP/$2

	renders "$ft" "$tag: single dashboard of a recording with samples" dashboard "$out/meas" "$MEASURED"
	d=$out/meas
	max=$(awk '!/^#/ && $4 > m { m = $4 } END { print m + 0 }' "$d/dashboard-fragidx.dat")
	last=$(tail -n 1 "$d/dashboard-blocks-a.dat")
	grep -q "^thp_peak_a = '999 (DMA32) at 8.0 s'$" "$d/dashboard.gp" &&
		grep -q "^thp_final_a = '-1000 (Normal)'$" "$d/dashboard.gp" &&
		grep -q "^zs_flat = 'DMA'$" "$d/dashboard.gp" && grep -q '^n_strips = 2$' "$d/dashboard.gp" &&
		[ "$max" -eq 1000 ] && [ "$last" = "14.5 20 -18 -2" ]
	ok $? "$tag: index strips of DMA32 and Normal (up to $max), THP peak 999, pageblocks $last"
	renders "$ft" "$tag: samples all at -1000 (nothing to draw, no gnuplot warning)" \
		dashboard "$out/idle" "$IDLE"
	grep -q '^n_zone_strips = 0$' "$out/idle/dashboard.gp"
	ok $? "$tag: the idle recording draws its message, no zone strip"
	renders "$ft" "$tag: comparison of two recordings with samples" comparison "$out/mi" \
		"$MEASURED" --compare "$IDLE"
	t=$out/mi/comparison-table.dat
	grep -q '^7 "Final index at order 9, THP (lower is better)" "-1000 (Normal)" "-1000 (Normal)" 0$' "$t" &&
		grep -q '^8 "Peak index at order 9, THP (lower is better)" "999 (DMA32)" "-1000 (Normal)" 2$' "$t" &&
		grep -q '^9 "Unmovable pageblocks gained (fewer is better)" "+20" "+0" 2$' "$t" &&
		grep -q '^10 "Reclaimable pageblocks gained (fewer is better)" "-2" "+0" 1$' "$t" &&
		grep -q '^n_strips = 4$' "$out/mi/comparison.gp"
	ok $? "$tag: table rows: final/peak index at order 9, pageblocks gained, with verdicts"
	# the same recording as the seed's document: the same panels
	python3 - "$MEASURED" "$TMP/measured.json" <<'PY'
import json, sys
meta, events, samples = {}, [], []
for line in open(sys.argv[1]):
    o = json.loads(line)
    if "metadata" in o:
        meta = o["metadata"]
    else:
        (samples if o["event_type"] == "fragmentation_sample" else events).append(o)
json.dump({"metadata": meta, "events": events, "samples": samples, "statistics": {}},
          open(sys.argv[2], "w"))
PY
	"$ft" plot "$TMP/measured.json" -o "$out/measdoc" >/dev/null 2>&1 &&
		cmp -s "$d/dashboard-fragidx.dat" "$out/measdoc/dashboard-fragidx.dat" &&
		cmp -s "$d/dashboard-blocks-a.dat" "$out/measdoc/dashboard-blocks-a.dat"
	ok $? "$tag: the recording as a document (\"samples\" array): the same panel data"
	if have_data; then
		"$ft" plot "$LOAD" --format svg -o "$out/seedsvg" >/dev/null 2>&1
		[ "$(grep -c "$NOSAMPLES" "$out/seedsvg/dashboard.svg")" -eq 2 ]
		ok $? "$tag: seed recording: both sample panels say '$NOSAMPLES'"
		"$ft" plot "$MEASURED" --compare "$LOAD" --labels measured load --format svg -o "$out/mixsvg" >/dev/null 2>"$TMP/mix.err"
		[ $? -eq 0 ] && grep -q "B  load:  $NOSAMPLES" "$out/mixsvg/comparison.svg" &&
			grep -q 'B  load: no samples' "$out/mixsvg/comparison.svg" &&
			grep -q '^8 "Peak index at order 9, THP (lower is better)" "999 (DMA32)" "n/a" -1$' \
				"$out/mixsvg/comparison-table.dat"
		ok $? "$tag: recording with samples vs the seed's: B's strip says so, no verdict"
	else
		skip "$DATA not found"
		skip "$DATA not found"
	fi
}

checks() { # FT TAG
	ft=$1 tag=$2 out=$TMP/$2
	mkdir -p "$out"

	shared_checks "$ft" "$tag"
	sample_checks "$ft" "$tag"
	renders "$ft" "$tag: fragtrack's JSON lines (samples, null indexes, order -1)" dashboard \
		"$out/small" test/data/small.jsonl

	# panels without data say so
	"$ft" plot test/data/compaction_only.json --format svg -o "$out/co" >/dev/null 2>&1
	[ "$(grep -c 'no external fragmentation events in this recording' "$out/co/dashboard.svg")" -eq 2 ] &&
		! grep -q 'no compaction events' "$out/co/dashboard.svg" &&
		grep -q '1 above 1000' "$out/co/dashboard.svg"
	ok $? "$tag: empty panels say 'no ... events' instead of empty axes"

	# -o IMAGE: the script and data beside it
	"$ft" plot test/data/small.jsonl -o "$out/img/frag.pdf" >/dev/null 2>&1 &&
		head -c 4 "$out/img/frag.pdf" | grep -q '%PDF' && [ -r "$out/img/frag.gp" ] &&
		[ -r "$out/img/frag-heat.dat" ]
	ok $? "$tag: -o x.pdf: PDF there, x.gp and x-*.dat beside it"

	# a truncated recording still plots, with the warning
	head -c 1200 test/data/small.jsonl >"$TMP/cut.jsonl"
	"$ft" plot "$TMP/cut.jsonl" -o "$out/cut" >/dev/null 2>"$TMP/cut.err"
	[ $? -eq 0 ] && grep -q 'recovered 3 complete events' "$TMP/cut.err" && [ -s "$out/cut/dashboard.png" ]
	ok $? "$tag: truncated recording: plotted, warned"

	# hostile strings: labels, file names, output folder, comm and pattern names;
	# run from an empty folder, where a relative "touch" would land
	pwn=$TMP/pwn-$tag
	mkdir -p "$pwn" "$TMP/in"
	sed "s#PWNDIR#$pwn#g" test/data/hostile.json >"$TMP/in/h.json"
	f1="$TMP/in/\`touch file1\`.json"
	f2="$TMP/in/x'; system('touch file2'); '.json"
	cp "$TMP/in/h.json" "$f1"
	cp "$TMP/in/h.json" "$f2"
	svgdir="$out/it's \`touch dir\` @x"
	(cd "$pwn" && "$ft" plot "$f1" --compare "$f2" --labels "\`touch label1\`" \
		"system(\"touch label2\") '; system('touch label3'); '
x" --format svg -o "$svgdir") >"$TMP/h.out" 2>"$TMP/h.err"
	rc=$?
	(cd "$pwn" && "$ft" plot "$TMP/in/h.json" -o "$out/hostile1") >/dev/null 2>&1
	rc1=$?
	# quotes first and in runs: where gnuplot's own '' escape breaks
	f3="$TMP/in/'''; system('touch file3'); '.json"
	cp "$TMP/in/h.json" "$f3"
	(cd "$pwn" && "$ft" plot "$f3" --compare "$TMP/in/h.json" --labels "'" \
		"'''; system('touch label4'); '''" -o "$out/'quoted''") >/dev/null 2>"$TMP/h3.err"
	rc3=$?
	[ $rc3 -eq 0 ] || sed 's/^/# /' "$TMP/h3.err"
	# @macros: gnuplot would paste label_b's text into the line
	f4="$TMP/in/\"@label_b\".json"
	cp "$TMP/in/h.json" "$f4"
	(cd "$pwn" && "$ft" plot "$f4" --compare "$TMP/in/h.json" --labels "it's @label_b \"@label_b\"" \
		"'.system('touch label5').'" -o "$out/@label_b") >/dev/null 2>"$TMP/h4.err"
	rc4=$?
	[ $rc4 -eq 0 ] && [ ! -s "$TMP/h4.err" ] || { rc4=1; sed 's/^/# /' "$TMP/h4.err"; }
	[ $rc -eq 0 ] && [ $rc1 -eq 0 ] && [ $rc3 -eq 0 ] && [ $rc4 -eq 0 ] && [ -z "$(ls -A "$pwn")" ]
	ok $? "$tag: hostile labels, file names, folder, comms: rendered, nothing ran ($(ls -A "$pwn" | tr '\n' ' '))"
	[ $rc -eq 0 ] || sed 's/^/# /' "$TMP/h.err"
	svg="$svgdir/comparison.svg"
	grep -q "touch label1" "$svg" && grep -q "label3'); '?x" "$svg" &&
		grep -q "touch p1" "$svg" && grep -q "touch file1" "$svg" &&
		grep -q 'node 0 `touch z1`' "$svg" && grep -q "M';system('t') 5 → 4 (-1)" "$svg" &&
		grep -q '?@label_a 1 → 1' "$svg"
	ok $? "$tag: the hostile strings, zone and type names too, are shown as text (newline as ?)"

	# bad input and options
	bad "$ft" "$tag: missing file" "$TMP/nonexistent.json" -o "$out/bad"
	printf 'garbage' >"$TMP/garbage.json"
	bad "$ft" "$tag: not JSON" "$TMP/garbage.json" -o "$out/bad"
	bad "$ft" "$tag: bad comparison file" test/data/small.jsonl --compare "$TMP/garbage.json" -o "$out/bad"
	bad "$ft" "$tag: --bin abc" test/data/small.jsonl --bin abc -o "$out/bad"
	bad "$ft" "$tag: --bin 0" test/data/small.jsonl --bin 0 -o "$out/bad"
	bad "$ft" "$tag: --format gif" test/data/small.jsonl --format gif -o "$out/bad"
	bad "$ft" "$tag: --labels with one name" test/data/small.jsonl --labels A
	bad "$ft" "$tag: output path with a newline" test/data/small.jsonl -o "$out/a
b"
	FRAGTRACK_GNUPLOT=/nonexistent/gnuplot "$ft" plot test/data/small.jsonl -o "$out/nognuplot" \
		>/dev/null 2>"$TMP/nognu.err"
	[ $? -eq 1 ] && grep -q 'cannot run /nonexistent/gnuplot' "$TMP/nognu.err"
	ok $? "$tag: no gnuplot: exit 1, says so"
}

unit build/test/unit_plot
if ! command -v gnuplot >/dev/null; then
	skip "gnuplot not installed"
	done_testing
	exit 0
fi
checks "$FT" "$(basename "$FT")"

# the script draws by itself, from where it is or from anywhere with datadir
out=$TMP/$(basename "$FT")
if [ -r "$out/single/dashboard.gp" ]; then
	rm -f "$out/single/dashboard.png"
	gnuplot "$out/single/dashboard.gp" 2>"$TMP/gp.err"
	[ $? -eq 0 ] && [ ! -s "$TMP/gp.err" ] && [ "$(png_size "$out/single/dashboard.png")" = "$(png_size "$out/cmp/comparison.png" | cut -d' ' -f1) $(gp_var "$out/single/dashboard.gp" canvas_h)" ]
	ok $? "gnuplot OUT/dashboard.gp re-renders it"
	mv "$out/single" "$TMP/moved"
	(cd / && gnuplot -e "datadir='$TMP/moved/'" "$TMP/moved/dashboard.gp") 2>"$TMP/gp.err"
	[ $? -eq 0 ] && [ -s "$TMP/moved/dashboard.png" ]
	ok $? "a moved folder re-renders with -e \"datadir='...'\""
else
	skip "no dashboard to re-render"
	skip "no dashboard to re-render"
fi

if have_data && [ -z "${FRAGTRACK:-}" ]; then
	make -s plot RUN="$SIMPLE" CMP="$LOAD" OUT="$TMP/make" >"$TMP/make.out" 2>&1
	[ $? -eq 0 ] && [ -s "$TMP/make/comparison.png" ]
	ok $? "make plot RUN=simple CMP=load OUT=..."
	make -s plot RUN="$LOAD" OUT="$TMP/make1" >/dev/null 2>&1 && [ -s "$TMP/make1/dashboard.png" ]
	ok $? "make plot RUN=load: a single dashboard"
else
	skip "make plot: shared data absent or FRAGTRACK set"
	skip "make plot: shared data absent or FRAGTRACK set"
fi

asan_again unit_plot
done_testing
