#!/bin/sh
# The Ansible role (ansible/fragtrack.yml) on a fleet of three hosts on this
# machine (local connection, an output folder each, one of them a -dev
# host; being one machine, they share the build, in turn): install from
# this tree, record the project's workload on all three at once, stop,
# collect, compare; every host's count against the kernel's own; a second
# run of each phase changes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/helpers/fleet.sh"
fleet_require 18

HOSTS="xfs-4k xfs-4k-dev xfs-16k"
H=$TMP/hosts
RES=$TMP/results/fragmentation
{
	echo "[baseline]"
	echo "xfs-4k fragtrack_labels='{\"bs\": \"4k\"}'"
	echo "xfs-16k fragtrack_labels='{\"bs\": \"16k\"}'"
	echo "[dev]"
	echo "xfs-4k-dev fragtrack_labels='{\"bs\": \"4k\"}'"
	echo "[all:vars]"
	fleet_host_vars
} >"$TMP/inventory"

# play NAME [ansible-playbook args]: the example playbook, its output kept
play() {
	_log=$1
	shift
	logged "$_log" ansible-playbook -i "$TMP/inventory" "$top/ansible/fragtrack.yml" \
		-e fragtrack_source="$top" -e monitoring_results_base_path="$TMP/results" \
		-v "$@"
}

began=$(date +%s.%N)
play install-start
ok $? "install and start on three hosts"
took_install=$(elapsed "$began")
running=$(fleet_running)
[ $running -eq 3 ] && [ -x "$TMP/machine/prefix/sbin/fragtrack" ] &&
	[ -f "$TMP/machine/prefix/share/fragtrack/single.gp" ]
ok $? "installed into the prefix; every host is recording ($running running)"
ls "$TMP"/machine/cache/*.bpf >/dev/null 2>&1 && grep -q "compiled and cached in $TMP/machine/cache/" "$TMP/install-start.log"
ok $? "install prepared the BPF object in the cache"

play install-start-again
rc=$?
n=$(changed "$TMP/install-start-again.log")
recap "$TMP/install-start-again.log"
[ $rc -eq 0 ] && [ "$n" -eq 0 ] && grep -q "already recording" "$TMP/install-start-again.log"
ok $? "a second install+start changes nothing (changed=$n) and leaves the recordings alone"

counted_workload fleet 15 128 100
ok $wl "workload ran (pids$pids, kernel counts$counts)"

# interim copies while the hosts go on recording
before=$(for h in $HOSTS; do cat "$H/$h/out/fragmentation_tracker.pid"; done)
play snapshot -t snapshot
rc=$?
after=$(for h in $HOSTS; do cat "$H/$h/out/fragmentation_tracker.pid" 2>/dev/null; done)
interim=0
for h in $HOSTS; do
	python3 -c '
import json, sys
m = json.load(open(sys.argv[1]))["metadata"]
assert m["snapshot"] is True and m["labels"]["host"] == sys.argv[2], m
' "$RES/${h}_fragmentation_data_interim.json" "$h" 2>/dev/null && interim=$((interim + 1))
done
[ $rc -eq 0 ] && [ $interim -eq 3 ] && [ "$before" = "$after" ] && [ "$(fleet_running)" -eq 3 ]
ok $? "snapshot: HOST_fragmentation_data_interim.json of each host, recordings still running ($interim)"

began=$(date +%s.%N)
play stop-collect-compare -t stop,collect,compare
ok $? "stop, collect and compare"
took_collect=$(elapsed "$began")
gone=0
for h in $HOSTS; do
	[ ! -e "$H/$h/out/fragmentation_tracker.pid" ] && gone=$((gone + 1))
done
[ $gone -eq 3 ]
ok $? "every tracer is gone and removed its pid file"

fetched=0 valid=0 same=0 lost=0 prefix=0 per_host="" lost_all=""
for h in $HOSTS; do
	f=$RES/${h}_fragmentation_data.json
	[ -f "$f" ] && fetched=$((fetched + 1))
	json_valid "$f" 2>/dev/null && cmp -s "$f" "$H/$h/out/fragmentation_data.json" && valid=$((valid + 1))
	same_as_kernel "$f" || same=1
	python3 -c '
import json, sys
f, s = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert s["events"] == f["events"][:len(s["events"])]
m = f["metadata"]
assert m["labels"] == {"host": sys.argv[3], "bs": sys.argv[4]} and m["hostname"] and "snapshot" not in m
' "$f" "$RES/${h}_fragmentation_data_interim.json" "$h" "$(case $h in *16k) echo 16k ;; *) echo 4k ;; esac)" 2>/dev/null || prefix=1
	per_host="$per_host $h:$mine_all;"
	l=$(python3 -c 'import json,sys; m = json.load(open(sys.argv[1]))["metadata"]; print(m["lost_events"], m["bpf_object"])' "$f" 2>/dev/null)
	lost_all="$lost_all $h:${l%% *}"
	[ "${l#* }" = cached ] || lost=1
done
diag "extfrag events of the workload per host:$per_host kernel:$counts"
[ $fetched -eq 3 ]
ok $? "every host's recording fetched as HOST_fragmentation_data.json ($fetched)"
[ $valid -eq 3 ]
ok $? "each is a valid, closed document, the host's file byte for byte ($valid)"
[ $same -eq 0 ] && [ "$kernel" -gt 100 ]
ok $? "each host's extfrag count of the workload equals the kernel's (kernel$counts)"
# Events lost system-wide are counted in the file (other work on a
# shared machine can overflow a buffer); the workload's own are all
# there, as the counts above show.
diag "lost events (counted, system-wide):$lost_all"
ok $lost "each host started from the prepared object"
ok $prefix "each interim copy is the first events of the host's final file; labels host and bs in the metadata"

dash=0
for h in $HOSTS; do
	[ -s "$RES/dashboards/$h/dashboard.png" ] && dash=$((dash + 1))
done
[ $dash -eq 3 ]
ok $? "a dashboard per host ($dash)"
[ -s "$RES/comparisons/xfs-4k_vs_xfs-4k-dev/comparison.png" ] &&
	[ "$(ls "$RES/comparisons")" = "xfs-4k_vs_xfs-4k-dev" ]
ok $? "the baseline xfs-4k against xfs-4k-dev, and no other pair ($(ls "$RES/comparisons" 2>/dev/null | tr '\n' ' '))"

# the summary's rows are report --json's figures of each host's file
FT=$FT python3 - "$RES" $HOSTS <<'PY' >"$TMP/summary.check" 2>&1
import html, json, os, subprocess, sys
res, hosts = sys.argv[1], sys.argv[2:]
md = open(res + "/summary.md").read()
page = open(res + "/summary.html").read()
for h in hosts:
    r = json.loads(subprocess.run([os.environ["FT"], "report", "--json",
        f"{res}/{h}_fragmentation_data.json"], capture_output=True, text=True, check=True).stdout)
    cells = [str(r[k]) for k in ("total", "extfrag", "steal", "claim", "bad_migrations",
             "good_migrations", "compaction_success", "compaction_failure", "compact_success_rate")]
    row = "| " + h.replace("_", "\\_") + " | " + " | ".join(cells) + " |"
    assert row in md, (row, md)
    tds = "".join(f'<td class="n">{c}</td>' for c in cells)
    assert f">{html.escape(h)}</a></td>{tds}</tr>" in page, (h, tds)
assert "xfs-4k vs xfs-4k-dev" in md
assert 'comparisons/xfs-4k_vs_xfs-4k-dev/comparison.png' in page
print("rows match")
PY
rc=$?
sed 's/^/# /' "$TMP/summary.check"
ok $rc "summary.md and summary.html hold each host's report figures and the pair"

play stop-collect-compare-again -t stop,collect,compare
rc=$?
n=$(changed "$TMP/stop-collect-compare-again.log")
recap "$TMP/stop-collect-compare-again.log"
[ $rc -eq 0 ] && [ "$n" -eq 0 ]
ok $? "a second stop, collect and compare changes nothing (changed=$n)"

# a recording changed on a host: fetched again, everything re-rendered
touch -d '1 hour ago' "$TMP/before"
touch -d '2 hours ago' "$RES/dashboards/xfs-16k/dashboard.png"
printf ' ' >>"$H/xfs-16k/out/fragmentation_data.json"
play recollect -t collect,compare
rc=$?
n=$(changed "$TMP/recollect.log")
[ $rc -eq 0 ] && [ "$n" -gt 0 ] && cmp -s "$RES/xfs-16k_fragmentation_data.json" "$H/xfs-16k/out/fragmentation_data.json" &&
	[ "$RES/dashboards/xfs-16k/dashboard.png" -nt "$TMP/before" ]
ok $? "a changed recording is fetched again and the dashboards re-rendered (changed=$n)"

diag "run time: install+start ${took_install}s, stop+collect+compare ${took_collect}s"
done_testing
