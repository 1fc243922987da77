# Shared helpers for the TAP tests (sourced by test/*.t).
# Tests run from the repository root; FRAGTRACK may point at another build.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
FT=${FRAGTRACK:-$top/fragtrack}
FRAGLOAD=$top/build/fragload
SHARED=$top/../shared
tap_n=0
tap_fail=0
TMP=$(mktemp -d /tmp/fragtrack-test.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

ok() { # ok COND-STATUS DESCRIPTION
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_fail=$((tap_fail + 1))
	fi
}
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n # SKIP $1"; }
diag() { echo "# $*"; }
done_testing() { echo "1..$tap_n"; [ $tap_fail -eq 0 ]; }

# unit BINARY: run a C unit test (TAP), its lines as diagnostics, one result
unit() {
	if [ ! -x "$1" ]; then
		skip "$1 not built (make check builds it)"
		return
	fi
	"$1" >"$TMP/unit.out" 2>&1
	rc=$?
	sed 's/^/# /' "$TMP/unit.out"
	ok $rc "$(basename "$1"): $(grep -c '^ok' "$TMP/unit.out") unit checks pass"
}

# asan_env: sanitizer settings for the build/asan runs (leaks are ours:
# nothing of LLVM runs in-process)
asan_env() {
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
	export ASAN_OPTIONS UBSAN_OPTIONS
}

# asan_again UNIT: the unit test and the file's own `checks` once more,
# with the ASan/UBSan build (plot and report run nothing of libbcc: any
# leak is ours)
asan_again() {
	if [ -x build/asan/fragtrack ] && [ -z "${FRAGTRACK:-}" ]; then
		asan_env
		unit "build/asan/test/$1"
		checks "$top/build/asan/fragtrack" "asan"
	else
		skip "build/asan/fragtrack not built (make asan)"
	fi
}

is_root() { [ "$(id -u)" -eq 0 ]; }

# require_root N REASON: skip N tests visibly and exit when not root
require_root() {
	if ! is_root; then
		i=0
		while [ $i -lt "$1" ]; do skip "not root: $2"; i=$((i + 1)); done
		done_testing
		exit 0
	fi
}

# wait_for FILE PATTERN SECONDS: until FILE contains PATTERN
wait_for() {
	_end=$(($(date +%s) + $3))
	while [ "$(date +%s)" -le $_end ]; do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# counted_workload TAG SECONDS PIPE_MIB MIN: the project's workload (fragload
# -s SECONDS -p PIPE_MIB), its extfrag events counted by the kernel in a
# private tracefs instance filtered on its pid.  Its yield depends on the
# allocator's state, so up to three runs, until one makes more than MIN.
# Sets pids and counts (one word per run), lpid and kernel (the last run's
# pid and count), attempt (runs made) and wl (1 if a run failed).
counted_workload() {
	pids="" counts="" attempt=0 kernel=0 wl=0
	while [ $attempt -lt 3 ] && [ "$kernel" -le "$4" ]; do
		attempt=$((attempt + 1))
		mkfifo "$TMP/go$attempt"
		"$FRAGLOAD" -s "$2" -q -w -p "$3" <"$TMP/go$attempt" >"$TMP/fl$attempt.pid" &
		_flpid=$!
		exec 3>"$TMP/go$attempt"
		wait_for "$TMP/fl$attempt.pid" "[0-9]" 10
		lpid=$(head -n 1 "$TMP/fl$attempt.pid")
		"$top/test/helpers/kcount.sh" start "ft_$1_$$" kmem:mm_page_alloc_extfrag "common_pid == $lpid" >/dev/null
		echo go >&3
		exec 3>&-
		wait $_flpid || wl=1
		kernel=$("$top/test/helpers/kcount.sh" stop "ft_$1_$$" kmem:mm_page_alloc_extfrag)
		pids="$pids $lpid"
		counts="$counts $kernel"
	done
}

json_valid() {
	if command -v python3 >/dev/null; then
		python3 -m json.tool "$1" >/dev/null
	else
		"$FT" report "$1" >/dev/null
	fi
}

# count_events FILE [TYPE|all] [TID]: events in a document or JSON lines file
count_events() {
	python3 - "$@" <<'PY'
import json, sys
path = sys.argv[1]
kind = sys.argv[2] if len(sys.argv) > 2 else "all"
tid = int(sys.argv[3]) if len(sys.argv) > 3 else None
kinds = ("extfrag", "compaction_success", "compaction_failure")
def events():
    with open(path) as f:
        if not path.endswith(".jsonl") and path != "-":
            yield from json.load(f)["events"]
        else:
            for line in f:
                o = json.loads(line)
                if "event_type" in o:
                    yield o
n = sum(1 for e in events()
        if e["event_type"] in kinds and kind in ("all", e["event_type"])
        and (tid is None or e.get("tid", e["pid"]) == tid))
print(n)
PY
}

# bpf_object FILE: the run's metadata.bpf_object (cached, compiled, ...)
bpf_object() { python3 -c '
import json, sys
p = sys.argv[1]
m = json.load(open(p))["metadata"] if p.endswith(".json") else json.loads(open(p).readlines()[-1])["metadata"]
print(m.get("bpf_object"))' "$1"; }

# elapsed START: seconds since START (date +%s.%N)
elapsed() { awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
