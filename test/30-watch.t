#!/bin/sh
# End-to-end: fragtrack watch driven in tmux as a user would drive it.
# The screen is read back with capture-pane and checked against the file
# written at the same time; keys, resizes and every way out are exercised.
. "$(dirname "$0")/lib.sh"

NTESTS=32
if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
require_root $NTESTS "watch loads BPF programs"
if ! command -v tmux >/dev/null; then
	i=0
	while [ $i -lt $NTESTS ]; do skip "tmux not installed"; i=$((i + 1)); done
	done_testing
	exit 0
fi

# A private tmux server: no user configuration, nothing shared.
SOCK=fragtrack-watch-$$
trap 'tmux -L "$SOCK" kill-server 2>/dev/null; rm -rf "$TMP"' EXIT
T() { tmux -L "$SOCK" -f /dev/null "$@"; }
shot() { T capture-pane -p -t "$1"; }          # the visible screen
history() { T capture-pane -p -S - -t "$1"; }  # with what scrolled off
flag() { T display-message -p -t "$1" "#{$2}"; }

# wait_screen SESSION REGEX SECONDS: until the screen matches
wait_screen() {
	_end=$(($(date +%s) + $3))
	while [ "$(date +%s)" -le $_end ]; do
		shot "$1" | grep -Eq "$2" && return 0
		sleep 0.1
	done
	return 1
}

# pane SESSION W H SCRIPT-BODY: a shell in a fixed-size pane running the
# body, then printing EXIT=status and the terminal's settings, then idle
# so the screen can be read after the program ends.
pane() {
	cat >"$TMP/$1.sh" <<EOF
trap : INT # ^C is for the program; this shell carries on
$4
echo "EXIT=\$?"
stty -a >"$TMP/$1.stty"
exec sleep 600
EOF
	T new-session -d -s "$1" -x "$2" -y "$3" "sh $TMP/$1.sh"
}

# terminal_sane SESSION: what endwin() must have given back
terminal_sane() {
	[ "$(flag "$1" alternate_on)" = 0 ] && [ "$(flag "$1" cursor_flag)" = 1 ] &&
		grep -q -w icanon "$TMP/$1.stty" && grep -q -w echo "$TMP/$1.stty" &&
		! grep -q -e '-icanon' -e ' -echo ' "$TMP/$1.stty"
}

counters() { sed -n 's/.*COUNTERS.*extfrag \([0-9][0-9]*\).*/\1/p' "$1"; }
written() { sed -n 's/.*written \([0-9][0-9]*\).*/\1/p' "$1"; }

# same_as_file SCREEN FILE N: the counters on SCREEN are those of the first
# N events of FILE, in total, per order and per migration pattern.
same_as_file() {
	python3 - "$@" <<'PY'
import collections, json, re, sys
screen = open(sys.argv[1]).read().splitlines()
events = json.load(open(sys.argv[2]))["events"][:int(sys.argv[3])]
ext = [e for e in events if e["event_type"] == "extfrag"]
by_order = collections.Counter(e["order"] for e in ext)
by_pat = collections.Counter((e["migrate_from"], e["migrate_to"]) for e in ext)
steal = collections.Counter((e["migrate_from"], e["migrate_to"]) for e in ext if e["is_steal"])
bad = []
total = int(re.search(r"COUNTERS.*extfrag (\d+)", "\n".join(screen)).group(1))
if total != len(ext):
    bad.append("total %d on screen, %d in file" % (total, len(ext)))
orders = pats = 0
for line in screen:
    m = re.match(r" +(-?\d+) +(\d+) +(\d+\.\d%|-)", line)
    if m:
        orders += 1
        o, c = int(m.group(1)), int(m.group(2))
        if by_order[o] != c:
            bad.append("order %d: %d on screen, %d in file" % (o, c, by_order[o]))
    m = re.search(r"(!!|!|=|\+) +(\w+)->(\w+) +(\d+) +(\d+) +(\d+)", line)
    if m:
        pats += 1
        k = (m.group(2), m.group(3))
        got = tuple(int(x) for x in m.group(4, 5, 6))
        want = (by_pat[k], steal[k], by_pat[k] - steal[k])
        if got != want:
            bad.append("%s->%s: %s on screen, %s in file" % (k + (got, want)))
print("# compared %d extfrag, %d order rows, %d pattern rows" % (len(ext), orders, pats))
for b in bad:
    print("# " + b)
sys.exit(1 if bad or (ext and not (orders and pats)) else 0)
PY
}

# ---- 1-3: the screen comes up, with the index area ------------------------
pane w 80 24 "\"$FT\" watch -o \"$TMP/w.json\" --interval 0.5 --pid-file \"$TMP/w.pid\""
wait_screen w "COUNTERS since start" 30
ok $? "watch draws its screen in an 80x24 terminal"
shot w >"$TMP/start.txt"
grep -q "recording $TMP/w.json" "$TMP/start.txt" && grep -q "RATE /s" "$TMP/start.txt"
ok $? "the screen names the file being written and shows the rates"
wait_screen w "FRAG INDEX .*10|fragmentation index: not sampled" 5
ok $? "the fragmentation index area is there"

# ---- 4-7: the workload, frozen with p, against the file --------------------
# load_until TEST: the workload, again (at most 3 runs) until TEST holds:
# other tests may be holding the memory it needs to fragment.
load_until() {
	for _try in 1 2 3; do
		"$FRAGLOAD" -s 5 -q
		sleep 1.5 # three intervals: the last events are drawn
		eval "$1" && return 0
		diag "workload run $_try: not yet ($1)"
	done
	return 1
}
on_screen() { shot w >"$TMP/now.txt"; [ "$(counters "$TMP/now.txt")" -gt 0 ]; }
in_file() { [ "$(grep -c '"event_type"' "$TMP/w.json")" -gt "$1" ]; }

load_until on_screen
T send-keys -t w p
wait_screen w "PAUSED" 3
ok $? "p: the screen says PAUSED"
shot w >"$TMP/paused.txt"
n=$(written "$TMP/paused.txt")
e=$(counters "$TMP/paused.txt")
diag "paused at: written $n, extfrag $e"
[ "${e:-0}" -gt 0 ]
ok $? "the workload's extfrag events are on the screen ($e)"
load_until "in_file $n" # while paused: recorded, not drawn
shot w >"$TMP/paused2.txt"
cmp -s "$TMP/paused.txt" "$TMP/paused2.txt"
ok $? "paused: the screen does not change while events are recorded"
T send-keys -t w '?'
wait_screen w "any key closes it" 3
ok $? "?: the help shows the keys"

# ---- 8-11: help closes, r resets (while paused: exactly 0), resume ---------
T send-keys -t w x
sleep 0.3
! shot w | grep -q "any key closes it"
ok $? "any key closes the help"
T send-keys -t w r
wait_screen w "COUNTERS since reset" 3
shot w >"$TMP/reset.txt"
[ "$(counters "$TMP/reset.txt")" = 0 ] && [ "$(written "$TMP/reset.txt")" -ge "$n" ]
ok $? "r: the counters go to 0, the file's count does not ($(written "$TMP/reset.txt"))"
T send-keys -t w p
wait_screen w "LIVE" 3 && ! shot w | grep -q PAUSED
ok $? "p again: live"
grep -q "compact ok" "$TMP/reset.txt" && grep -q "STEAL/CLAIM" "$TMP/reset.txt" &&
	grep -q "COMPACTION" "$TMP/reset.txt"
ok $? "steal/claim and compaction lines are there"

# ---- 12-14: resizes --------------------------------------------------------
T resize-window -t w -x 160 -y 50
sleep 0.5
shot w >"$TMP/wide.txt"
[ "$(head -n 1 "$TMP/wide.txt" | wc -c)" -gt 150 ] && grep -q "UNUSABLE IDX\|not sampled" "$TMP/wide.txt" &&
	[ "$(wc -l <"$TMP/wide.txt")" -eq 50 ] && grep -q "COUNTERS" "$TMP/wide.txt"
ok $? "resized to 160x50: redrawn to the new size"
T resize-window -t w -x 40 -y 10
wait_screen w "terminal too small" 3
ok $? "resized to 40x10: says it is too small, still running"
T resize-window -t w -x 80 -y 24
wait_screen w "COUNTERS since reset" 3 && [ "$(shot w | head -n 1 | wc -c)" -le 81 ]
ok $? "back to 80x24: the full screen again"

# ---- 15-20: q, the terminal and the file ----------------------------------
T send-keys -t w q
wait_screen w "^EXIT=" 15
history w >"$TMP/after.txt"
grep -q "^EXIT=0" "$TMP/after.txt"
ok $? "q: exit status 0"
grep -q "FRAGMENTATION TRACKING SUMMARY" "$TMP/after.txt" &&
	grep -q "^Data saved to $TMP/w.json" "$TMP/after.txt"
ok $? "q: the summary is printed after the screen is restored"
terminal_sane w
ok $? "q: the terminal is sane (main screen, cursor on, icanon echo)"
json_valid "$TMP/w.json"
ok $? "q: the file is valid JSON"
same_as_file "$TMP/paused.txt" "$TMP/w.json" "$n"
ok $? "the paused screen's counts are the file's first $n events (total, orders, patterns)"
total=$(count_events "$TMP/w.json")
summary=$(sed -n 's/^Total events captured: //p' "$TMP/after.txt")
diag "file $total events, summary $summary, paused at $n"
[ "$total" -gt "$n" ] && [ "$total" = "$summary" ]
ok $? "recording went on while paused: $total > $n events, = the summary"

# ---- 21-24: -o - draws on /dev/tty; ^C ends it cleanly --------------------
pane i 80 24 "\"$FT\" watch -o - --interval 0.5 >\"$TMP/i.jsonl\""
wait_screen i "recording to stdout" 30
ok $? "-o - with stdout redirected: the screen is drawn on the terminal"
sleep 0.6
T send-keys -t i C-c
wait_screen i "^EXIT=" 10
history i | grep -q "^EXIT=0"
ok $? "^C: exit status 0"
terminal_sane i
ok $? "^C: the terminal is sane"
python3 -c '
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
assert "metadata" in lines[0] and "summary" in lines[-1]
' "$TMP/i.jsonl"
ok $? "^C: stdout holds complete JSON lines"

# ---- 25-28: SIGTERM, SIGHUP (the terminal goes away), -t, -o - refused ----
pane t 80 24 "\"$FT\" watch -o \"$TMP/t.json\" --pid-file \"$TMP/t.pid\""
wait_screen t "COUNTERS" 30
kill -TERM "$(cat "$TMP/t.pid")"
wait_screen t "^EXIT=" 10
history t | grep -q "^EXIT=0" && terminal_sane t && json_valid "$TMP/t.json"
ok $? "SIGTERM: status 0, sane terminal, valid file"
pane h 80 24 "\"$FT\" watch -o \"$TMP/h.json\" --pid-file \"$TMP/h.pid\""
wait_screen h "COUNTERS" 30
hpid=$(cat "$TMP/h.pid")
T kill-session -t h
i=0
while kill -0 "$hpid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
! kill -0 "$hpid" 2>/dev/null && json_valid "$TMP/h.json" && [ ! -e "$TMP/h.pid" ]
ok $? "SIGHUP (terminal closed): exits, valid file, pid file removed"
pane d 80 24 "\"$FT\" watch -t 2 -o \"$TMP/d.json\""
wait_screen d "^EXIT=" 30
shot d | grep -q "^EXIT=0" && terminal_sane d && json_valid "$TMP/d.json"
ok $? "-t 2: the screen ends by itself, status 0, sane terminal, valid file"
pane r 80 24 "\"$FT\" watch -o - -t 1"
wait_screen r "^EXIT=" 10
shot r | grep -q "^EXIT=2" && shot r | grep -q "redirect stdout"
ok $? "-o - on a terminal: refused with a clear message"

# ---- 29-32: no terminal: plain lines --------------------------------------
"$FT" watch -t 3 -o "$TMP/p.json" </dev/null 2>"$TMP/p.err" | cat >"$TMP/p.out"
lines=$(grep -Ec '^\[ *[0-9]+\.[0-9]s\] extfrag [0-9]+ \(\+[0-9.]+/s\) compact ok [0-9]+ fail [0-9]+ lost [0-9]+$' "$TMP/p.out")
diag "plain lines: $lines"
[ "$lines" -ge 2 ] && [ "$lines" -le 4 ]
ok $? "piped: one plain summary line per interval"
! grep -q "$(printf '\033')" "$TMP/p.out" && ! grep -q "Starting fragmentation event tracking" "$TMP/p.out"
ok $? "piped: no escape sequences, no event-line banner"
json_valid "$TMP/p.json" && grep -q "^Data saved to $TMP/p.json" "$TMP/p.out"
ok $? "piped: valid file and the summary"
"$FT" watch --help | grep -q "usage: fragtrack watch"
ok $? "watch --help prints watch's own usage"

done_testing
