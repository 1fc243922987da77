#!/bin/sh
# fuzz/have-libfuzzer.sh [CC]: exit 0 when CC (default clang) builds a
# libFuzzer target with ASan and UBSan, so make check can fuzz.
cc=${1:-clang}
command -v "$cc" >/dev/null 2>&1 || exit 1
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
printf '%s\n' '#include <stddef.h>' \
	'int LLVMFuzzerTestOneInput(const unsigned char *d, size_t n);' \
	'int LLVMFuzzerTestOneInput(const unsigned char *d, size_t n) { return d && n > 99; }' \
	>"$tmp/probe.c"
"$cc" -fsanitize=fuzzer,address,undefined -o "$tmp/probe" "$tmp/probe.c" >/dev/null 2>&1
