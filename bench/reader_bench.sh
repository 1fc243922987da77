#!/bin/sh
# Reader benchmark (issue 8, defect 5): wall and CPU time of
# `fragtrack report --json` on
#   - a generated 1,000,000-event recording (~300 MB, bench/gen_trace),
#   - one 40 MB number token and one 100 MB string token (before the bound
#     on tokens: 66 s and 40-50 s, quadratic in the token's length),
# for $FRAGTRACK (or ./fragtrack) and, when FRAGTRACK_OLD names another
# build, for it too (the huge tokens only with BENCH_OLD_TOKENS=1: they
# take minutes there).  Figures only: no pass/fail.
#
#   bench/reader_bench.sh [RUNS]   (default 3; BENCH_DIR keeps the files,
#                                   default build/bench)
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
FT=${FRAGTRACK:-$top/fragtrack}
OLD=${FRAGTRACK_OLD:-}
RUNS=${1:-3}
DIR=${BENCH_DIR:-$top/build/bench}

mkdir -p "$DIR"
[ -x "$FT" ] || { echo "reader_bench: build fragtrack first (make)" >&2; exit 1; }
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
# token FILE BYTES CHAR: {"events": [{"timestamp": 1, "comm": <token>}]}
token() {
	[ -s "$1" ] && return
	{
		printf '{"events": [{"event_type": "extfrag", "timestamp": 1, "comm": '
		[ "$3" = a ] && printf '"'
		head -c "$2" /dev/zero | tr '\0' "$3"
		[ "$3" = a ] && printf '"'
		printf '}]}\n'
	} >"$1"
}
token "$DIR/number40m.json" 40000000 7
token "$DIR/string100m.json" 100000000 a

# measure NAME FT FILE [RUNS]: runstat lines of report --json, its message
measure() {
	echo "== $1: $(basename "$3") ($(wc -c <"$3") bytes), $2"
	i=0
	while [ $i -lt "${4:-$RUNS}" ]; do
		"$DIR/runstat" "$2" report --json "$3" >/dev/null 2>"$DIR/err"
		echo "  run $((i + 1)): exit $? $(grep '^runstat:' "$DIR/err" | sed 's/^runstat: //')"
		i=$((i + 1))
	done
	grep -v '^runstat:' "$DIR/err" | head -1 | cut -c1-160 | sed 's/^/  (stderr) /'
}

for ft in "$FT" $OLD; do
	measure "normal recording" "$ft" "$TRACE"
	if [ "$ft" = "$FT" ] || [ -n "${BENCH_OLD_TOKENS:-}" ]; then
		measure "one number token" "$ft" "$DIR/number40m.json" 1
		measure "one string token" "$ft" "$DIR/string100m.json" 1
	fi
done
