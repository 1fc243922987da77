#!/bin/sh
# The console text, byte for byte the upstream tracer's: a recording of the
# workload is replayed through ../shared/upstream/fragmentation_tracker.py's
# own code (its BPF object stubbed: each recorded event is handed to its
# process_event, then its summary and save_data run) and the text compared
# with what fragtrack printed while recording.  fragtrack's own additions
# (the /proc/vmstat counters, lost events) are the only lines allowed in
# between; the colour codes the upstream prints even into a file are not
# compared.
. "$(dirname "$0")/lib.sh"

if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root 4 "record loads BPF programs"
UP=$SHARED/upstream/fragmentation_tracker.py
if [ ! -r "$UP" ]; then
	for i in 1 2 3 4; do skip "no $UP"; done
	done_testing
	exit 0
fi

"$FT" -o "$TMP/run.json" >"$TMP/run.out" 2>"$TMP/run.err" &
ftpid=$!
wait_for "$TMP/run.out" "Starting fragmentation event tracking" 30
"$FRAGLOAD" -s 8 -q
kill -INT $ftpid
wait $ftpid
ok $? "recorded the workload"
n=$(count_events "$TMP/run.json")
c=$(count_events "$TMP/run.json" compaction_success)
diag "$n events, $c compaction successes"
[ "$n" -gt 0 ]
ok $? "events to compare ($n)"

# the upstream's run(), fed the recorded events, writing where fragtrack did
mv "$TMP/run.json" "$TMP/recorded.json"
python3 - "$SHARED/upstream" "$TMP/recorded.json" "$TMP/run.json" >"$TMP/upstream.out" 2>"$TMP/upstream.err" <<'PY'
import contextlib, io, json, os, sys, types

upstream, recorded, output = sys.argv[1:4]
events = json.load(open(recorded))["events"]
KIND = {"extfrag": 3, "compaction_success": 1, "compaction_failure": 2}
ZONES = ["DMA", "DMA32", "Normal", "Movable", "Device"]
tracker = None

class Event:
    """One recorded event as the upstream's ctypes event struct."""
    def __init__(self, e, start_ns, mt):
        self.timestamp = start_ns + round(e["timestamp"] * 1e9)
        self.pid, self.tid = e["pid"], e.get("tid", e["pid"])
        self.comm = e["comm"].encode()
        self.event_type = KIND[e["event_type"]]
        self.order = e["order"]
        self.fallback_order = e.get("fallback_order", 0)
        self.migrate_from = mt.get(e.get("migrate_from"), 99)
        self.migrate_to = mt.get(e.get("migrate_to"), 99)
        self.is_steal = 1 if e.get("is_steal") else 0
        node = e.get("node")
        self.node_id = -1 if node is None else node
        idx = e.get("fragmentation_index")
        self.fragmentation_index = -1 if idx is None else idx
        self.zone_idx = ZONES.index(e["zone"]) if e.get("zone") in ZONES else -1

class Table:
    def __init__(self, bpf): self.bpf = bpf
    def open_perf_buffer(self, callback): self.bpf.callback = callback
    def event(self, data): return data

class BPF:
    def __init__(self, text): self.callback = None
    def __getitem__(self, name): return Table(self)
    def perf_buffer_poll(self):
        mt = {v: k for k, v in tracker_module.MIGRATE_TYPES.items()}
        for e in events:
            self.callback(0, Event(e, tracker.start_ns, mt), 0)
        tracker.interrupted = True

sys.modules["bcc"] = types.SimpleNamespace(BPF=BPF)
sys.path.insert(0, upstream)
import fragmentation_tracker as tracker_module

# the recording had compaction tracepoints (page_alloc or mainline)
real_exists = os.path.exists
os.path.exists = lambda p: p.endswith("/page_alloc/mm_compaction_success") or real_exists(p)
tracker = tracker_module.FragmentationTracker(verbose=True, output_file=output)
tracker.run()
PY
rc=$?
[ $rc -eq 0 ] || sed 's/^/#   /' "$TMP/upstream.err"
ok $rc "the upstream tracer's code replays the recording"

python3 - "$TMP/run.out" "$TMP/upstream.out" >"$TMP/diff.out" 2>&1 <<'PY'
import difflib, re, sys
mine = open(sys.argv[1], encoding="utf-8", errors="surrogateescape").read()
theirs = open(sys.argv[2], encoding="utf-8", errors="surrogateescape").read()
theirs = re.sub(r"\033\[[0-9;]*m", "", theirs)
# fragtrack's own lines: the kernel's counters and the lost events
mine = re.sub(r"\nKernel compaction counters over the run \(/proc/vmstat\):\n[^\n]*\n", "", mine)
mine = re.sub(r"\nLost events: [0-9]+\n( by process:[^\n]*\n)?", "", mine)
if mine != theirs:
    sys.stdout.writelines(list(difflib.unified_diff(theirs.splitlines(True), mine.splitlines(True),
                                                    "upstream", "fragtrack", n=1))[:40])
    sys.exit(1)
print(f"{len(mine)} bytes, {mine.count(chr(10))} lines identical")
PY
rc=$?
sed 's/^/# /' "$TMP/diff.out"
ok $rc "fragtrack's console text is the upstream tracer's, byte for byte"

done_testing
