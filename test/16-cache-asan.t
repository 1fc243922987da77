#!/bin/sh
# The cache tests again, with the ASan/UBSan build: the rejection paths
# free what they loaded and close only what they made.
top=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -x "$top/build/asan/fragtrack" ]; then
	echo "ok 1 # SKIP build/asan/fragtrack not built (make asan)"
	echo "1..1"
	exit 0
fi
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
FRAGTRACK=$top/build/asan/fragtrack
export ASAN_OPTIONS UBSAN_OPTIONS FRAGTRACK
exec sh "$top/test/15-cache.t"
