#!/bin/sh
# make fuzz: fuzz/run.sh BUILD_DIR SECONDS [libFuzzer options...]
# Runs the target from the committed seeds (fuzz/corpus, read only) and
# keeps what it finds in BUILD_DIR/corpus; a crash, leak, UB or input
# slower than 10 s is written to BUILD_DIR/crashes/ and stops the run.
# Prints libFuzzer's final statistics (stat::number_of_executed_units).
set -e
dir=$1 seconds=${2:-300}
shift 2 || shift $#
mkdir -p "$dir/corpus" "$dir/crashes"
if "$dir/fuzz_reader" -max_total_time="$seconds" -print_final_stats=1 \
	-dict=fuzz/json.dict -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$dir/crashes/" "$@" "$dir/corpus" fuzz/corpus; then
	echo "fuzz: no finding"
else
	rc=$?
	# SIGINT: libFuzzer prints its statistics and exits 72
	[ $rc -eq 72 ] && { echo "fuzz: interrupted, no finding"; exit 0; }
	echo "fuzz: FINDING (exit $rc): see $dir/crashes/; add it to fuzz/regressions/ with the fix" >&2
	exit 1
fi
