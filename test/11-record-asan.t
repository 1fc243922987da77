#!/bin/sh
# The record end-to-end tests again, with the ASan/UBSan build.
exec sh "$(dirname "$0")/helpers/asan-rerun.sh" 10-record.t
