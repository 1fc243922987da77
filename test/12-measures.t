#!/bin/sh
# End-to-end: the real fragmentation measures on the real kernel:
# samples, node/zone/index of each event, mainline compaction events and
# their relation to /proc/vmstat.
. "$(dirname "$0")/lib.sh"

if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root 8 "record loads BPF programs"

"$FT" -q --interval 0.5 -o "$TMP/m.jsonl" >"$TMP/m.out" 2>&1 &
ftpid=$!
wait_for "$TMP/m.out" "Starting fragmentation event tracking" 30
ok $? "tracking starts"
# the workload's yield depends on the allocator's state: up to three runs
for attempt in 1 2 3; do
	"$FRAGLOAD" -s 15 -q -p 128
	sleep 1.2 # fragtrack flushes every second
	[ "$(grep -c '"event_type":"extfrag"' "$TMP/m.jsonl")" -gt 100 ] && break
done
echo 1 >/proc/sys/vm/compact_memory
sleep 1.5
kill -INT $ftpid
wait $ftpid
ok $? "run ends cleanly"

check() { # check NAME: one python assertion block from the heredoc below
	python3 - "$TMP/m.jsonl" "$1" <<'PY'
import json, sys, os
path, name = sys.argv[1], sys.argv[2]
lines = [json.loads(l) for l in open(path)]
meta = lines[-1]["metadata"]
events = [l for l in lines if l.get("event_type") in ("extfrag", "compaction_success", "compaction_failure")]
samples = [l for l in lines if l.get("event_type") == "fragmentation_sample"]

def zones():
    spans, cur = [], None
    for line in open("/proc/zoneinfo"):
        w = line.split()
        if line.startswith("Node"):
            cur = {"node": int(w[1].rstrip(",")), "zone": w[3], "start": 0, "spanned": 0, "managed": 0}
            spans.append(cur)
        elif cur and w[:1] == ["spanned"]:
            cur["spanned"] = int(w[1])
        elif cur and w[:1] == ["managed"]:
            cur["managed"] = int(w[1])
        elif cur and w[:1] == ["start_pfn:"]:
            cur["start"] = int(w[1])
    return spans

def fail(msg):
    print("#", msg)
    sys.exit(1)

if name == "samples":
    buddy = [l.split() for l in open("/proc/buddyinfo")]
    for b in buddy:
        node, zone = int(b[1].rstrip(",")), b[3]
        mine = [s for s in samples if s["node"] == node and s["zone"] == zone]
        if len(mine) < 3:
            fail(f"{len(mine)} samples of node {node} {zone}")
        for s in mine:
            n = len(b) - 4
            if not (len(s["free"]) == len(s["index"]) == len(s["unusable"]) == n):
                fail(f"sample arrays of {zone}: {s}")
            if not all(-1000 <= v <= 1000 for v in s["index"]) or not all(0 <= v <= 1000 for v in s["unusable"]):
                fail(f"index out of range: {s}")
            if "blocks" in s and sum(s["blocks"].values()) <= 0 and zone != "Movable":
                fail(f"no pageblocks: {s}")
    print("#", len(samples), "samples for", len(buddy), "zones")
elif name == "extfrag":
    spans = zones()
    ext = [e for e in events if e["event_type"] == "extfrag"]
    if not ext:
        fail("no extfrag events")
    for e in ext:
        z = [s for s in spans if s["spanned"] and s["start"] <= e["pfn"] < s["start"] + s["spanned"]]
        if not z or e.get("zone") != z[0]["zone"] or e["node"] != z[0]["node"]:
            fail(f"pfn {e['pfn']} mapped to {e.get('zone')}, spans say {z}")
        fi = e["fragmentation_index"]
        if not isinstance(fi, int) or not -1000 <= fi <= 1000:
            fail(f"index {fi} of {e}")
    print("#", len(ext), "extfrag events, all with node, zone and index")
elif name == "source":
    has_oot = os.path.exists("/sys/kernel/tracing/events/page_alloc/mm_compaction_success")
    want = "page_alloc" if has_oot else "compaction"
    if meta["compaction_source"] != want:
        fail(f"source {meta['compaction_source']}, want {want}")
elif name == "whole_zone":
    populated = [s for s in zones() if s["managed"] > 0]
    wz = [e for e in events if e.get("trigger") == "whole_zone"]
    seen = {(e["node"], e["zone"]) for e in wz}
    want = {(s["node"], s["zone"]) for s in populated}
    if not want <= seen:
        fail(f"compact_memory compacted {seen}, populated zones {want}")
    if any(e["order"] != -1 or e["source"] != "compaction" for e in wz):
        fail("whole-zone events must have order -1")
    print("#", len(wz), "whole-zone compaction events for", len(want), "zones")
elif name == "vmstat":
    d = meta["vmstat_delta"]
    direct = [e for e in events if e.get("trigger") == "direct"]
    ok_ = sum(1 for e in direct if e["event_type"] == "compaction_success")
    print(f"# vmstat: stall +{d['compact_stall']} success +{d['compact_success']} fail +{d['compact_fail']}; "
          f"direct zone runs {len(direct)} ({ok_} success)")
    # Every stall the kernel counts ran try_to_compact_pages with a result
    # other than COMPACT_SKIPPED, and ends as one success or one fail.
    if d["compact_stall"] != d["compact_success"] + d["compact_fail"]:
        fail("vmstat itself: stall != success + fail")
    # A stall compacts one or more zones (one direct event each) unless
    # every zone was deferred; so direct runs can only be missing when
    # stalls were deferred, and never exceed one per zone per stall.
    nzones = len([s for s in zones() if s["managed"] > 0])
    if len(direct) > d["compact_stall"] * nzones:
        fail(f"{len(direct)} direct zone runs for {d['compact_stall']} stalls x {nzones} zones")
    if d["compact_stall"] > 0 and not direct:
        fail("stalls without any direct compaction event")
    if any(e["order"] <= 0 or not e.get("zone") or e["node"] < 0 for e in direct):
        fail("direct compaction events need order > 0, node and zone")
PY
}

check source
ok $? "compaction source: out-of-tree where the kernel has it, else mainline"
check samples
ok $? "fragmentation samples for every zone, indices in range"
check extfrag
ok $? "extfrag events carry the node and zone of their pfn and a real index"
check whole_zone
ok $? "compact_memory yields one whole-zone event per populated zone"
check vmstat
ok $? "direct compaction events agree with /proc/vmstat's counters"
grep -q "^ compact_stall: +[0-9]*  compact_success: +[0-9]*  compact_fail: +[0-9]*$" "$TMP/m.out"
ok $? "summary shows the vmstat deltas"

done_testing
