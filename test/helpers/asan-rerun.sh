#!/bin/sh
# asan-rerun.sh TEST: run test/TEST again with the ASan/UBSan build, or
# skip it visibly when that build is absent.  Leak detection is on: the
# LLVM side runs only in the compiler child, which leaves through _exit.
top=$(cd "$(dirname "$0")/../.." && pwd)
if [ ! -x "$top/build/asan/fragtrack" ]; then
	echo "ok 1 # SKIP build/asan/fragtrack not built (make asan)"
	echo "1..1"
	exit 0
fi
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
FRAGTRACK=$top/build/asan/fragtrack
export ASAN_OPTIONS UBSAN_OPTIONS FRAGTRACK
exec sh "$top/test/$1"
