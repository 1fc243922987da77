#!/bin/sh
# The layout's one rule: every dependency points down the data path
# (CONTRIBUTING).  A folder includes headers of its own and of the
# folders it may use, nothing else: no command is included by the
# engine, no step includes one that comes after it.
. "$(dirname "$0")/lib.sh"

allowed() { # FOLDER: the folders its files may include
	case $1 in
	util) echo "util" ;;
	model) echo "model util" ;;
	json) echo "json model util" ;;
	probes) echo "probes model util" ;;
	trace) echo "trace probes json model util" ;;
	plot) echo "plot json model util" ;;
	ui) echo "ui trace probes json model util" ;;
	cmd) echo "cmd ui trace plot probes json model util" ;;
	.) echo "cmd" ;;
	esac
}

for dir in util model json probes trace plot ui cmd .; do
	bad=
	for f in $(ls $dir/*.c $dir/*.h 2>/dev/null | grep -v '\.bpf\.c$'); do
		[ "$dir" = . ] && [ "$f" != ./fragtrack.c ] && continue
		for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
			case $inc in */*) ;; *) bad="$bad $f:$inc(no folder)"; continue ;; esac
			ok_dir=
			for a in $(allowed "$dir"); do
				[ "${inc%%/*}" = "$a" ] && ok_dir=1
			done
			[ -n "$ok_dir" ] || bad="$bad $f:$inc"
		done
	done
	[ -z "$bad" ]
	ok $? "$dir/ includes only $(allowed "$dir" | sed 's/ /, /g')${bad:+ (not:$bad)}"
done
done_testing
