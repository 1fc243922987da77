#!/bin/sh
# fragtrack compare DIR: a dashboard per host, each baseline against its
# -dev twin, and the summary tables; host names from the file names reach
# Markdown and HTML escaped; links and other files passed over.
. "$(dirname "$0")/lib.sh"

D=$TMP/results
mkdir -p "$D"
cp test/data/compaction_only.json "$D/xfs-4k_fragmentation_data.json"
cp test/data/small.jsonl "$D/xfs-4k-dev_fragmentation_data.json"
cp test/data/hostile.json "$D/a|b<i>_fragmentation_data.json"
ln -s "$top/test/data/compaction_only.json" "$D/linked_fragmentation_data.json"
cp test/data/small.jsonl "$D/xfs-4k_fragmentation_data_interim.json"

"$FT" compare "$D" >"$TMP/out" 2>&1
rc=$?
sed 's/^/# /' "$TMP/out"
[ $rc -eq 0 ] && [ -s "$D/dashboards/xfs-4k/dashboard.png" ] && [ -s "$D/dashboards/xfs-4k-dev/dashboard.png" ] &&
	[ -s "$D/dashboards/a|b<i>/dashboard.png" ] && [ "$(ls "$D/dashboards" | wc -l)" -eq 3 ]
ok $? "a dashboard for each of the three hosts (no link, no interim copy)"
[ -s "$D/comparisons/xfs-4k_vs_xfs-4k-dev/comparison.png" ] && [ "$(ls "$D/comparisons")" = "xfs-4k_vs_xfs-4k-dev" ]
ok $? "xfs-4k against xfs-4k-dev, the only pair"
FT=$FT python3 - "$D" <<'PY' >"$TMP/check" 2>&1
import json, os, subprocess, sys
d = sys.argv[1]
md, page = open(d + "/summary.md").read(), open(d + "/summary.html").read()
for h, md_name, html_name in (("xfs-4k", "xfs-4k", "xfs-4k"), ("xfs-4k-dev", "xfs-4k-dev", "xfs-4k-dev"),
                              ("a|b<i>", "a\\|b&lt;i&gt;", "a|b&lt;i&gt;")):
    r = json.loads(subprocess.run([os.environ["FT"], "report", "--json", f"{d}/{h}_fragmentation_data.json"],
                                  capture_output=True, text=True, check=True).stdout)
    cells = [str(r[k]) for k in ("total", "extfrag", "steal", "claim", "bad_migrations",
             "good_migrations", "compaction_success", "compaction_failure", "compact_success_rate")]
    assert "| " + md_name + " | " + " | ".join(cells) + " |" in md, (h, md)
    assert ">" + html_name + "</a></td>" + "".join(f'<td class="n">{c}</td>' for c in cells) in page, h
assert "<i>" not in page and "<i>" not in md
assert 'href="dashboards/a%7Cb%3Ci%3E/dashboard.png"' in page
assert md.count("\n| ") == 4  # the header and three hosts
print("summary rows match report --json")
PY
rc=$?
sed 's/^/# /' "$TMP/check"
ok $rc "summary.md and summary.html: report's figures per host, names escaped"
mkdir "$TMP/none"
out=$("$FT" compare "$TMP/none" 2>&1)
[ $? -eq 2 ] && echo "$out" | grep -q "no HOST_fragmentation_data.json"
ok $? "a folder without recordings: one line, status 2 ($out)"
done_testing
