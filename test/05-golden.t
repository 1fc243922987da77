#!/bin/sh
# Golden outputs: the record writer's .json and .jsonl (field order and
# number formatting included), report text and --json, and the plot .gp
# and .dat files, byte for byte as test/data/golden/ holds them.  They
# were made by the code before the restructure (issue 9); a change here
# is a change of behaviour: say why in the commit that regenerates them
# (test/golden.sh FRAGTRACK test/data/golden/cli; unit_golden --write).
. "$(dirname "$0")/lib.sh"

GOLD=$top/test/data/golden
unit build/test/unit_golden

test/golden.sh "$FT" "$TMP/cli"
[ -d "$SHARED/data" ] || rm -rf "$TMP/cli/shared"
diff -r -x shared "$GOLD/cli" "$TMP/cli" >"$TMP/diff" 2>&1
ok $? "report and plot of the recordings in test/data as the goldens"
sed 's/^/# /' "$TMP/diff" | head -40
if [ -d "$SHARED/data" ]; then
	diff -r "$GOLD/cli/shared" "$TMP/cli/shared" >"$TMP/diff" 2>&1
	ok $? "report and plot of the shared recordings as the goldens"
	sed 's/^/# /' "$TMP/diff" | head -40
else
	skip "$SHARED/data not found: the shared recordings' goldens not checked"
fi
done_testing
