#!/bin/sh
# C unit tests of the record path, the fragmentation measures, SHA-256,
# the BPF object cache and the memory map, plain and under ASan/UBSan.
# (The reader's and plot's own unit tests run from 20-report.t and
# 21-plot.t.)
. "$(dirname "$0")/lib.sh"

unit build/test/unit_record
unit build/test/unit_outfile
unit build/test/unit_fragindex
unit build/test/unit_sha256
unit build/test/unit_bpfobj
unit build/test/unit_pagemap
if [ -x build/asan/test/unit_record ]; then
	asan_env
	unit build/asan/test/unit_record
	unit build/asan/test/unit_outfile
	unit build/asan/test/unit_fragindex
	unit build/asan/test/unit_sha256
	unit build/asan/test/unit_bpfobj
	unit build/asan/test/unit_pagemap
else
	skip "ASan unit tests not built (make asan)"
fi
done_testing
