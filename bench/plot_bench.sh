#!/bin/sh
# Plot benchmark: wall time and peak resident memory (the larger of
# fragtrack and its gnuplot child) of
#   - the single dashboard of the shared load recording,
#   - the comparison simple vs load,
#   - a generated 1,000,000-event recording in the seed's format (~300 MB),
#     drawn without sampling,
# then where the time goes (fragtrack alone, gnuplot alone).  Figures only:
# no pass/fail.  Targets (issue 3): 0.3 s, 0.5 s, 5 s and 100 MB; the seed
# visualizer took 52 s (262 MB) and 115 s (312 MB) for the first two.
#
#   bench/plot_bench.sh [RUNS]   (default 3 runs each; BENCH_DIR keeps the
#                                 generated trace, default build/bench)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
FT=${FRAGTRACK:-$top/fragtrack}
RUNS=${1:-3}
DIR=${BENCH_DIR:-$top/build/bench}
DATA=$top/../shared/data
SIMPLE=$DATA/fragmentation_data_simple.json
LOAD=$DATA/fragmentation_data_load.json
tmp=$(mktemp -d /tmp/fragtrack-plotbench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$DIR"
[ -x "$FT" ] || { echo "plot_bench: build fragtrack first (make)" >&2; exit 1; }
for tool in gen_trace runstat; do
	if [ ! -x "$DIR/$tool" ] || [ "bench/$tool.c" -nt "$DIR/$tool" ]; then
		${CC:-cc} -O2 -Wall -Wextra -Werror -std=gnu11 -o "$DIR/$tool" "bench/$tool.c" || exit 1
	fi
done
TRACE=$DIR/trace1m.json
if [ ! -s "$TRACE" ] || [ bench/gen_trace.c -nt "$TRACE" ]; then
	echo "generating $TRACE (1,000,000 events)"
	"$DIR/gen_trace" -n 1000000 >"$TRACE" || exit 1
fi

# measure NAME ARGS...: RUNS runs, each line from runstat, then the best wall
measure() {
	name=$1
	shift
	echo "== $name"
	i=0
	while [ $i -lt "$RUNS" ]; do
		"$DIR/runstat" "$@" >/dev/null 2>"$tmp/err"
		grep '^runstat:' "$tmp/err" | sed "s/^runstat:/  run $((i + 1)):/"
		grep -v '^runstat:' "$tmp/err" | sed 's/^/  (stderr) /'
		i=$((i + 1))
	done
}

if [ -r "$LOAD" ] && [ -r "$SIMPLE" ]; then
	measure "single dashboard, load recording (7088 events; seed: 52 s, 262 MB)" \
		"$FT" plot "$LOAD" -o "$tmp/single"
	measure "comparison simple vs load (seed: 115 s, 312 MB)" \
		"$FT" plot "$SIMPLE" --compare "$LOAD" -o "$tmp/cmp"
else
	echo "== shared recordings not found in $DATA: skipped"
fi
echo "   trace: $(wc -c <"$TRACE") bytes"
measure "1,000,000-event trace, single dashboard, no sampling" \
	"$FT" plot "$TRACE" -o "$tmp/big"
echo "   scatter: $(grep -cv '^#' "$tmp/big/dashboard-scatter-a.dat") points for" \
	"$(awk '!/^#/ { s += $5 } END { print s }' "$tmp/big/dashboard-scatter-a.dat") compaction events"
FRAGTRACK_GNUPLOT=true measure "  of which fragtrack alone (read, aggregate, write)" \
	"$FT" plot "$TRACE" -o "$tmp/big2"
measure "  of which gnuplot alone" gnuplot "$tmp/big/dashboard.gp"
measure "  report --json of the same trace (the reader alone)" "$FT" report --json "$TRACE"
