#!/bin/sh
# golden.sh FRAGTRACK OUT: what the goldens guard, made by FRAGTRACK into
# OUT: report text and --json of every recording at hand, and the plot
# .gp and .dat files of single and compared recordings.  Paths that depend
# on where things live are replaced by @OUT@, @DATA@ and @TESTDATA@, so a
# run anywhere compares equal.  Recordings absent here (the shared ones
# outside the repository) are left out: the caller says which it expects.
set -u
ft=$1
out=$2
top=$(cd "$(dirname "$0")/.." && pwd)
tdata=$top/test/data
sdata=$top/../shared/data
mkdir -p "$out"
out=$(cd "$out" && pwd)

norm() { # FILE: the paths made neutral, in place
	sed -i -e "s|$out|@OUT@|g" -e "s|generated [0-9]*-[0-9]*-[0-9]* [0-9]*:[0-9]*:[0-9]*|generated @TIME@|g" -e "s|$tdata|@TESTDATA@|g" -e "s|$sdata|@DATA@|g" "$1"
}

report() { # NAME FILE
	"$ft" report "$2" >"$out/$1.report.txt" 2>&1
	echo "exit $?" >>"$out/$1.report.txt"
	"$ft" report --json "$2" >"$out/$1.report.json" 2>&1
	echo "exit $?" >>"$out/$1.report.json"
	norm "$out/$1.report.txt"
	norm "$out/$1.report.json"
}

plot() { # NAME ARGS...: the .gp and .dat files (gnuplot not run)
	name=$1
	shift
	FRAGTRACK_GNUPLOT=/bin/true "$ft" plot "$@" -o "$out/$name" >/dev/null 2>"$out/$name.plot.err"
	echo "exit $?" >>"$out/$name.plot.err"
	norm "$out/$name.plot.err"
	for f in "$out/$name"/*.gp "$out/$name"/*.dat; do
		[ -f "$f" ] && norm "$f"
	done
	# the image is gnuplot's (not run here): only what fragtrack wrote counts
	rm -f "$out/$name"/*.png "$out/$name"/*.svg "$out/$name"/*.pdf
}

for f in "$tdata"/*.json "$tdata"/*.jsonl; do
	report "$(basename "$f")" "$f"
done
plot measured "$tdata/measured.jsonl"
plot idle "$tdata/idle.jsonl"
plot small "$tdata/small.jsonl"
plot maps "$tdata/maps.jsonl"
plot measured-vs-idle "$tdata/measured.jsonl" --compare "$tdata/idle.jsonl" --labels measured idle
if [ -r "$sdata/fragmentation_data_load.json" ] && [ -r "$sdata/fragmentation_data_simple.json" ]; then
	mkdir -p "$out/shared"
	out0=$out
	for f in load simple; do
		report "shared/$f" "$sdata/fragmentation_data_$f.json"
	done
	plot shared/load "$sdata/fragmentation_data_load.json"
	plot shared/simple "$sdata/fragmentation_data_simple.json"
	plot shared/load-vs-simple "$sdata/fragmentation_data_load.json" --compare "$sdata/fragmentation_data_simple.json"
	plot shared/load-bin5 "$sdata/fragmentation_data_load.json" --bin 5
	out=$out0
fi
