#!/bin/sh
# End-to-end: the memory map on the real kernel.  A recording made during
# the project's workload with a map every 2 s: every populated zone of
# every scan has as many pageblocks as its span, the maps decode to their
# counts, the free class and the BUDDY pages agree with /proc/buddyinfo
# read around and during each zone's scan (the relations the kernel
# guarantees: README, "The memory map"), scans cost what the record says,
# and no event is delayed out of the file or lost while scans run (the
# kernel's own count).  Then
# report and plot read the maps back, and a run without kpageflags says so.
. "$(dirname "$0")/lib.sh"

if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root 12 "record loads BPF programs; kpageflags is root's"

"$FT" -q --interval 1 --map-interval 2 -o "$TMP/p.jsonl" >"$TMP/p.out" 2>&1 &
ftpid=$!
wait_for "$TMP/p.out" "Starting fragmentation event tracking" 30
ok $? "tracking starts with --map-interval 2"
# the workload's own extfrag events, as the kernel counts them, while
# scans run every 2 s (each takes 1-6 s here: they overlap the workload).
# Its yield depends on the allocator's state: up to three runs, until one
# makes events.
counted_workload pm 10 256 0
sleep 2
kill -INT $ftpid
wait $ftpid
ok $? "the run ends cleanly"

same=0 mine_all=""
set -- $counts
for p in $pids; do
	mine=$(grep -c "\"event_type\":\"extfrag\".*\"pid\":$p," "$TMP/p.jsonl")
	mine_all="$mine_all $mine"
	[ "$mine" -eq "$1" ] || same=1
	shift
done
[ $same -eq 0 ] && [ "$kernel" -gt 0 ]
ok $? "every extfrag event of the workload is in the file while scans ran (fragtrack$mine_all = kernel$counts)"
lost=$(tail -n 1 "$TMP/p.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["lost_events"])')
ok "$lost" "no event lost (lost_events = $lost)"

check() { # check NAME: one python block of assertions on the recording
	python3 - "$TMP/p.jsonl" "$1" <<'PY'
import json, re, sys
path, name = sys.argv[1], sys.argv[2]
maps = [l for l in (json.loads(x) for x in open(path)) if l.get("event_type") == "pageblock_map"]

def fail(msg):
    print("#", msg)
    sys.exit(1)

def zones():
    spans, cur = [], None
    for line in open("/proc/zoneinfo"):
        w = line.split()
        if line.startswith("Node"):
            cur = {"node": int(w[1].rstrip(",")), "zone": w[3], "start": 0, "spanned": 0}
            spans.append(cur)
        elif cur and w[:1] == ["spanned"]:
            cur["spanned"] = int(w[1])
        elif cur and w[:1] == ["start_pfn:"]:
            cur["start"] = int(w[1])
    return [s for s in spans if s["spanned"]]

def block_pages():
    for line in open("/proc/pagetypeinfo"):
        if line.startswith("Pages per block:"):
            return int(line.split()[-1])

def decode(s):
    out = []
    for n, c in re.findall(r"([1-9][0-9]*)?([XFMPUH])", s):
        out += [c] * (int(n) if n else 1)
    if "".join(f"{n}{c}" for n, c in re.findall(r"([1-9][0-9]*)?([XFMPUH])", s)) != s:
        fail("map has characters outside runs")
    return out

scans = sorted({m["scan"] for m in maps})
if name == "shape":
    bp = block_pages()
    want = {(z["node"], z["zone"]): (z["start"] + z["spanned"] + bp - 1) // bp - z["start"] // bp
            for z in zones()}
    if len(scans) < 3:
        fail(f"{len(scans)} scans in 14 s or more at 2 s (start, periodic, stop)")
    for s in scans:
        got = {(m["node"], m["zone"]): m["pageblocks"] for m in maps if m["scan"] == s}
        if got != want:
            fail(f"scan {s}: blocks {got}, zone spans in pageblocks {want}")
    print(f"# {len(scans)} scans, blocks per zone {want}")
elif name == "decode":
    letters = dict(zip("XFMPUH", ["hole", "free", "movable", "polluted", "unmovable", "huge"]))
    for m in maps:
        cls = decode(m["map"])
        if len(cls) != m["pageblocks"]:
            fail(f"scan {m['scan']} {m['zone']}: map of {len(cls)} blocks, not {m['pageblocks']}")
        for c, key in letters.items():
            if cls.count(c) != m["class_" + key]:
                fail(f"scan {m['scan']} {m['zone']}: {cls.count(c)} {key} in the map, {m['class_' + key]} counted")
elif name == "buddy":
    # exact at an instant under the zone lock.  A zone's scan takes up to
    # seconds without it, so the scanner reads buddyinfo before, during
    # (after every 128 KiB of flags) and after it: each figure must lie
    # between the least and the most buddyinfo showed meanwhile, within a
    # margin (2% of the zone's pageblocks + 8) for what moved between reads
    worst, reads = 0, 0
    for m in maps:
        tol_b = 8 + m["pageblocks"] // 50
        tol_p = tol_b * m["pageblock_pages"]
        reads += m["buddy_reads"]
        for got, lo, hi, tol, what in (
                (m["class_free"], m["buddy_free_blocks_min"], m["buddy_free_blocks_max"], tol_b, "free-class blocks"),
                (m["free_pages"], m["buddy_free_pages_min"], m["buddy_free_pages_max"], tol_p, "BUDDY pages")):
            off = max(lo - got, got - hi, 0)
            worst = max(worst, off / max(tol, 1))
            if off > tol:
                fail(f"scan {m['scan']} {m['zone']}: {what} {got} not within {tol} of buddyinfo {lo}..{hi}")
    print(f"# {len(maps)} zone scans, {reads} buddyinfo reads; worst distance {worst:.2f} of the margin")
elif name == "cost":
    per = {}
    for m in maps:
        per[m["scan"]] = (m["scan_seconds"], m["scan_cpu_seconds"])
    if any(w <= 0 or c <= 0 or c > 2 * w + 0.1 for w, c in per.values()):
        fail(f"scan costs {per}")
    ts = [min(m["timestamp"] for m in maps if m["scan"] == s) for s in scans]
    first_sample = min(l["timestamp"] for l in (json.loads(x) for x in open(path))
                       if l.get("event_type") == "fragmentation_sample")
    if ts != sorted(ts) or abs(ts[0] - first_sample) > 1.0:
        fail(f"scan times {ts}, first fragmentation sample at {first_sample}")
    w = sorted(v[0] for v in per.values())
    print(f"# scan wall {w[0]:.2f}..{w[-1]:.2f} s, cpu {min(v[1] for v in per.values()):.2f}..{max(v[1] for v in per.values()):.2f} s")
PY
}
check shape
ok $? "every scan maps every populated zone with as many pageblocks as its span"
check decode
ok $? "every map decodes to its pageblocks, class by class as counted"
check buddy
ok $? "free class and BUDDY pages lie within what buddyinfo showed during each zone's scan"
check cost
ok $? "each scan's wall and CPU time recorded, the first at the start"

"$FT" report "$TMP/p.jsonl" >"$TMP/report.txt" 2>&1
grep -q "^  start, scan 1 at" "$TMP/report.txt" && grep -q "^  worst, scan" "$TMP/report.txt" &&
	grep -q "^  end, scan" "$TMP/report.txt"
ok $? "report gives the class counts at start, worst and end"
sed -n '/^Memory map/,/capable: free/p' "$TMP/report.txt" | sed 's/^/# /'

"$FT" plot "$TMP/p.jsonl" -o "$TMP/plot" >"$TMP/plot.out" 2>&1 &&
	[ -s "$TMP/plot/dashboard-memmap.png" ] && [ -s "$TMP/plot/dashboard.png" ]
ok $? "plot draws dashboard-memmap.png beside the dashboard"

# every scan inside the strip's x range: gnuplot cuts a filled band whose
# last point lies past the range (the x range once ended at the exact last
# time while the files held it rounded up to the millisecond)
tmax=$(sed -n 's/^mm_tmax = //p' "$TMP/plot/dashboard-memmap.gp")
awk -v max="$tmax" '$1 > max + 0 { bad = 1 } END { exit bad }' "$TMP/plot/dashboard-memmap-strip1.dat"
ok $? "the strip's x range ($tmax s) holds every scan's time"

# -t with maps: the run ends after -t plus its scan at stop, no later
start=$(date +%s.%N)
"$FT" -q -t 2 -o "$TMP/t.jsonl" >"$TMP/t.out" 2>&1
took=$(elapsed "$start")
stop_scan=$(python3 -c '
import json, sys
maps = [l for l in (json.loads(x) for x in open(sys.argv[1])) if l.get("event_type") == "pageblock_map"]
print(maps[-1]["scan_seconds"] if len(maps) and maps[-1]["scan"] == 2 else 1e9)' "$TMP/t.jsonl")
lt "$took" "$(awk -v s="$stop_scan" 'BEGIN { print s + 4.5 }')"
ok $? "-t 2 (default --map-interval 30): two scans, the run ends ${took}s later, within 4.5 s + the stop scan's ${stop_scan}s"

# without a readable kpageflags: a clear note, and the run goes on
FRAGTRACK_PROC=$TMP/noproc "$FT" -q -t 2 --map-interval 1 -o "$TMP/n.jsonl" >"$TMP/n.out" 2>&1
rc=$?
[ $rc -eq 0 ] && grep -q "no memory map: .*kpageflags" "$TMP/n.out" &&
	! grep -q pageblock_map "$TMP/n.jsonl"
ok $? "no kpageflags: one note, a run without maps (status $rc)"
done_testing
