#!/bin/sh
# The fuzz target (fuzz/, make fuzz) under ASan/UBSan: every past finding
# in fuzz/regressions/ replayed one by one, the seed corpus replayed, then
# FT_FUZZ_TIME seconds (default 60) of fuzzing from the seeds.  Each
# finding is also given to fragtrack report and plot (the ASan build when
# there is one): exit 0 or 2, never a crash.  A visible SKIP without
# clang's libFuzzer.
. "$(dirname "$0")/lib.sh"

FUZZ=$top/build/fuzz/fuzz_reader
SECONDS_TO_FUZZ=${FT_FUZZ_TIME:-60}

if ! fuzz/have-libfuzzer.sh "${FUZZ_CC:-clang}"; then
	for what in "past findings" "seed corpus" "fuzzing" "findings through report and plot"; do
		skip "no clang with libFuzzer (apt-get install clang libclang-rt-14-dev): $what"
	done
	done_testing
	exit
fi
if [ ! -x "$FUZZ" ]; then
	ok 1 "the fuzz target is built (make fuzz-build; make check does it)"
	done_testing
	exit
fi
asan_env

# past findings, one run each (files, not a folder: no length cut-off)
"$FUZZ" fuzz/regressions/* >"$TMP/replay.out" 2>&1
rc=$?
n=$(grep -c '^Executed fuzz/regressions/' "$TMP/replay.out")
[ $rc -eq 0 ] && [ "$n" -eq "$(ls fuzz/regressions | wc -l)" ]
ok $? "the $n past findings in fuzz/regressions/ run clean"
[ $rc -eq 0 ] || tail -30 "$TMP/replay.out" | sed 's/^/# /'

"$FUZZ" -runs=0 fuzz/corpus >"$TMP/corpus.out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q 'INITED' "$TMP/corpus.out"
ok $? "the $(ls fuzz/corpus | wc -l) seeds of fuzz/corpus/ run clean"
[ $rc -eq 0 ] || tail -30 "$TMP/corpus.out" | sed 's/^/# /'

# fuzzing: what it finds lands in build/fuzz/crashes/ (fuzz/README)
fuzz/run.sh "$top/build/fuzz" "$SECONDS_TO_FUZZ" >"$TMP/fuzz.out" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TMP/fuzz.out")
[ $rc -eq 0 ] && [ "${runs:-0}" -gt 0 ]
ok $? "$SECONDS_TO_FUZZ s of fuzzing: ${runs:-no} executions, no finding"
[ $rc -eq 0 ] || grep -A30 'ERROR\|SUMMARY\|==[0-9]*==' "$TMP/fuzz.out" | head -60 | sed 's/^/# /'

# the findings through the commands themselves
ft=$FT
[ -x build/asan/fragtrack ] && [ -z "${FRAGTRACK:-}" ] && ft=$top/build/asan/fragtrack
bad=""
# clean CMD ARGS...: exit 0, or 2 with one line; else noted in $bad
clean() {
	timeout 60 "$ft" "$@" >/dev/null 2>"$TMP/cmd.err"
	_rc=$?
	[ $_rc -eq 0 ] || { [ $_rc -eq 2 ] && [ "$(wc -l <"$TMP/cmd.err")" -eq 1 ]; } && return
	bad="$bad $1:$(basename "$2")($_rc)"
	head -5 "$TMP/cmd.err" | sed 's/^/# /'
}
for f in fuzz/regressions/*; do
	clean report "$f"
	clean plot "$f" -o "$TMP/plot"
done
[ -z "$bad" ]
ok $? "every past finding: report and plot ($(basename "$ft")) exit 0 or 2 with one line${bad:+ (not:$bad)}"

done_testing
