#!/bin/sh
# contrib/kdevops: kdevops' own monitoring tasks (../shared/kdevops, as
# upstream has them), patched to fragtrack, run on two hosts of this
# machine (a baseline and its -dev) the way kdevops' workflows include
# them: monitor_run, the workload, monitor-results.yml (interim copies),
# monitor_collect.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/helpers/fleet.sh"
fleet_require 11

HOSTS="xfs-4k xfs-4k-dev"
H=$TMP/hosts
KD=$TMP/kdevops
RES=$TMP/results/fragmentation

cp -a "$SHARED/kdevops" "$KD"
out=$(patch -p1 -d "$KD" <contrib/kdevops/fragtrack.patch 2>&1)
rc=$?
[ $rc -eq 0 ] && ! echo "$out" | grep -qi "fuzz\|offset\|reject"
ok $? "the patch applies cleanly to kdevops' files"
# the role linked in as the patch's Kconfig help says
ln -s "$top/ansible/roles/fragtrack" "$KD/playbooks/roles/fragtrack"
# Files of kdevops outside the copy in ../shared (folio migration, common
# setup, visualize.yml): empty, folio monitoring is off
T=$KD/playbooks/roles/monitoring/tasks
mkdir -p "$T/common" "$T/monitors/folio_migration"
for f in common/setup.yml monitors/folio_migration/run.yml \
	monitors/folio_migration/collect.yml monitors/folio_migration/collect_only.yml visualize.yml; do
	[ -e "$T/$f" ] || echo "[]" >"$T/$f"
done
# kdevops' configuration, as `make` writes it (extra_vars.yml)
cat >"$KD/extra_vars.yml" <<YML
topdir_path: $KD
enable_monitoring: true
monitor_developmental_stats: true
monitor_memory_fragmentation: true
monitor_folio_migration: false
monitor_fragmentation_duration: 0
monitoring_results_base_path: $TMP/results
YML
{
	echo "[baseline]"
	echo "xfs-4k"
	echo "[dev]"
	echo "xfs-4k-dev"
	echo "[all:vars]"
	fleet_host_vars
} >"$TMP/inventory"
# a workflow's use of the role, as docs/monitoring.md shows for fstests
cat >"$KD/playbooks/workflow-monitoring.yml" <<'YML'
- hosts: baseline:dev
  become: true
  become_method: sudo
  tasks:
    - name: Import optional extra_args file
      ansible.builtin.include_vars: "../extra_vars.yml"
    - name: Start monitoring services
      ansible.builtin.include_role:
        name: monitoring
        tasks_from: monitor_run
      when: step == "run"
    - name: Stop monitoring services and collect data
      ansible.builtin.include_role:
        name: monitoring
        tasks_from: monitor_collect
      when: step == "collect"
YML
kd_play() {
	_log=$1
	shift
	logged "$_log" ansible-playbook -i "$TMP/inventory" -v "$@"
}

began=$(date +%s.%N)
kd_play run "$KD/playbooks/workflow-monitoring.yml" -e step=run
rc=$?
running=$(fleet_running)
[ $rc -eq 0 ] && [ "$running" -eq 2 ]
ok $? "monitor_run installs fragtrack and starts it on both hosts ($running running, $(elapsed "$began")s)"

counted_workload fleet 15 128 100
ok $wl "workload ran (pids$pids, kernel counts$counts)"

# make monitor-results: kdevops' own playbook, interim copies
kd_play results "$KD/playbooks/monitor-results.yml"
rc=$?
interim=0
for h in $HOSTS; do
	python3 -c '
import json, sys
assert json.load(open(sys.argv[1]))["metadata"]["snapshot"] is True
' "$RES/${h}_fragmentation_data_interim.json" 2>/dev/null && interim=$((interim + 1))
done
[ $rc -eq 0 ] && [ $interim -eq 2 ] && [ "$(fleet_running)" -eq 2 ]
ok $? "monitor-results.yml: interim copies of both hosts, recordings still running ($interim)"

began=$(date +%s.%N)
kd_play collect "$KD/playbooks/workflow-monitoring.yml" -e step=collect
ok $? "monitor_collect stops, collects and compares ($(elapsed "$began")s)"
[ "$(fleet_running)" -eq 0 ] && [ ! -e "$H/xfs-4k/out/fragmentation_tracker.pid" ]
ok $? "no tracer left, pid files removed"
fetched=0 same=0 per_host=""
for h in $HOSTS; do
	f=$RES/${h}_fragmentation_data.json
	json_valid "$f" 2>/dev/null && [ -s "$RES/${h}_fragmentation_tracker.log" ] && fetched=$((fetched + 1))
	same_as_kernel "$f" || same=1
	per_host="$per_host $h:$mine_all;"
done
diag "extfrag events of the workload per host:$per_host kernel:$counts"
[ $fetched -eq 2 ]
ok $? "both recordings (valid) and logs in kdevops' results folder ($fetched)"
[ $same -eq 0 ]
ok $? "each host's extfrag count of the workload equals the kernel's"
[ -s "$RES/dashboards/xfs-4k/dashboard.png" ] && [ -s "$RES/dashboards/xfs-4k-dev/dashboard.png" ] &&
	[ -s "$RES/comparisons/xfs-4k_vs_xfs-4k-dev/comparison.png" ]
ok $? "dashboards per host and xfs-4k against xfs-4k-dev"
grep -q "^| xfs-4k-dev |" "$RES/summary.md" && grep -q ">xfs-4k</a>" "$RES/summary.html"
ok $? "the summary table in Markdown and HTML"
kd_play collect-again "$KD/playbooks/workflow-monitoring.yml" -e step=collect
rc=$?
n=$(changed "$TMP/collect-again.log")
recap "$TMP/collect-again.log"
[ $rc -eq 0 ] && [ "$n" -eq 0 ]
ok $? "monitor_collect again changes nothing (changed=$n)"

done_testing
