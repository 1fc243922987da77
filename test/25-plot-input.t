#!/bin/sh
# plot --input DIR --output FILE, as kdevops calls the visualizer: the
# newest recording in DIR (snapshots, links and other files passed over).
. "$(dirname "$0")/lib.sh"

D=$TMP/results
mkdir -p "$D"
cp test/data/small.jsonl "$D/older.jsonl"
cp test/data/compaction_only.json "$D/newest.json"
cp test/data/small.jsonl "$D/newest.snapshot.json"
echo '{' >"$D/notes.txt"
ln -s "$top/test/data/hostile.json" "$D/link.json"
touch -d '2 hours ago' "$D/older.jsonl"
touch -d '1 hour ago' "$D/newest.json"
touch "$D/newest.snapshot.json" "$D/notes.txt"
touch -h "$D/link.json"

"$FT" plot --input "$D" --output "$TMP/out.png" >"$TMP/plot.out" 2>&1
rc=$?
[ $rc -eq 0 ] && [ -s "$TMP/out.png" ] && grep -q "^file_a = '$D/newest.json'$" "$TMP/out.gp"
ok $? "--input DIR draws the newest recording, --output FILE names the image ($(cat "$TMP/plot.out"))"
"$FT" plot --input "$D/older.jsonl" --output "$TMP/one.png" >/dev/null 2>&1 &&
	grep -q "^file_a = '$D/older.jsonl'$" "$TMP/one.gp"
ok $? "--input FILE draws that file"
mkdir "$TMP/empty"
out=$("$FT" plot --input "$TMP/empty" --output "$TMP/e.png" 2>&1)
rc=$?
[ $rc -eq 2 ] && echo "$out" | grep -q "no recording" && [ ! -e "$TMP/e.png" ]
ok $? "a folder without recordings: one line, status 2 ($out)"
out=$("$FT" plot --input "$D" "$D/older.jsonl" 2>&1)
[ $? -eq 2 ]
ok $? "--input and a FILE: refused ($out)"
done_testing
