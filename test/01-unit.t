#!/bin/sh
# C unit tests of the record path and the fragmentation measures, plain
# and under ASan/UBSan.  (The reader's and plot's own unit tests run from
# 20-report.t and 21-plot.t.)
. "$(dirname "$0")/lib.sh"

unit build/test/unit_record
unit build/test/unit_outfile
unit build/test/unit_fragindex
if [ -x build/asan/test/unit_record ]; then
	asan_env
	unit build/asan/test/unit_record
	unit build/asan/test/unit_outfile
	unit build/asan/test/unit_fragindex
else
	skip "ASan unit tests not built (make asan)"
fi
done_testing
