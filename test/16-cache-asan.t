#!/bin/sh
# The cache tests again, with the ASan/UBSan build: the rejection paths
# free what they loaded and close only what they made.
exec sh "$(dirname "$0")/helpers/asan-rerun.sh" 15-cache.t
