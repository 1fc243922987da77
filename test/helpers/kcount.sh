#!/bin/bash
# kcount.sh - the kernel's own count of one tracepoint, as ground truth.
#
# Usage:
#   kcount.sh start NAME CATEGORY:EVENT [FILTER]
#       Create the private tracefs instance instances/NAME, size its ring
#       buffer (KCOUNT_BUFFER_KB per CPU, default 32768), optionally set the
#       event filter (e.g. 'common_pid == 1234') and enable the event.
#   kcount.sh count NAME CATEGORY:EVENT
#       Print the number of events recorded so far (tracing continues).
#   kcount.sh stop NAME CATEGORY:EVENT
#       Disable the event, print the number of events recorded, and remove
#       the instance.
#
# The count is the sum over per_cpu/cpu*/stats of
#   entries + overrun + read events
# i.e. every event the ring buffer accepted, including ones overwritten when
# the buffer wrapped ("overrun") and ones consumed through trace_pipe ("read
# events", normally 0).  On stop, when nothing was overwritten or consumed,
# the count is cross-checked against the lines of the instance's `trace`
# file; a mismatch is reported on stderr (exit status 3).
#
# Only the number goes to stdout; diagnostics go to stderr.  Set
# KCOUNT_VERBOSE=1 for a per-CPU breakdown on stderr.
#
# Exit status: 0 ok, 1 runtime error, 2 usage error, 3 verification mismatch.
# tracefs is looked for at /sys/kernel/tracing and /sys/kernel/debug/tracing
# and mounted at /sys/kernel/tracing when neither is there.  Needs root.

set -u

prog=${0##*/}
BUFFER_KB=${KCOUNT_BUFFER_KB:-32768}
VERBOSE=${KCOUNT_VERBOSE:-0}

die() { printf '%s: error: %s\n' "$prog" "$*" >&2; exit 1; }
warn() { printf '%s: warning: %s\n' "$prog" "$*" >&2; }
info() { [ "$VERBOSE" = 1 ] && printf '%s: %s\n' "$prog" "$*" >&2; return 0; }

usage() {
	cat >&2 <<EOF
usage: $prog start NAME CATEGORY:EVENT [FILTER]
       $prog count NAME CATEGORY:EVENT
       $prog stop  NAME CATEGORY:EVENT
  NAME     instance name ([A-Za-z0-9_.-]+), created under <tracefs>/instances/
  FILTER   tracefs event filter, e.g. 'common_pid == 1234'
  env      KCOUNT_BUFFER_KB (per-CPU buffer, default 32768), KCOUNT_VERBOSE=1
EOF
	exit 2
}

# Write a value to a tracefs file; fails (silently) if the kernel refuses.
wr() { # file value
	printf '%s\n' "$2" 2>/dev/null >"$1"
}

find_tracefs() {
	local d
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		if [ -e "$d/instances" ] && [ -e "$d/events" ]; then
			T=$d
			return 0
		fi
	done
	# Not mounted (or debugfs only partially there): mount tracefs.
	[ "$(id -u)" -eq 0 ] || die "tracefs is not mounted and we are not root"
	if [ -d /sys/kernel/tracing ]; then
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null &&
			[ -e /sys/kernel/tracing/instances ] && { T=/sys/kernel/tracing; return 0; }
	fi
	if [ -d /sys/kernel/debug ]; then
		if [ ! -e /sys/kernel/debug/tracing ]; then
			mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
		fi
		# debugfs automounts tracefs on .../debug/tracing on first access.
		if [ -e /sys/kernel/debug/tracing/instances ]; then
			T=/sys/kernel/debug/tracing
			return 0
		fi
	fi
	die "cannot find or mount tracefs (tried /sys/kernel/tracing and /sys/kernel/debug/tracing); is CONFIG_TRACING enabled?"
}

# Sum entries/overrun/read events/commit overrun over all CPUs of instance $I.
# Sets ENTRIES OVERRUN READ COMMIT_OVERRUN DROPPED TOTAL.
read_stats() {
	local s cpu line key val
	ENTRIES=0 OVERRUN=0 READ=0 COMMIT_OVERRUN=0 DROPPED=0
	local n=0
	for s in "$I"/per_cpu/cpu*/stats; do
		[ -r "$s" ] || continue
		n=$((n + 1))
		cpu=${s%/stats}; cpu=${cpu##*/}
		local e=0 o=0 r=0 c=0 d=0
		while IFS= read -r line; do
			key=${line%%:*}
			val=${line#*:}
			val=${val// /}
			case $key in
			entries) e=$val ;;
			overrun) o=$val ;;
			"commit overrun") c=$val ;;
			"read events") r=$val ;;
			"dropped events") d=$val ;;
			esac
		done <"$s"
		info "$cpu: entries=$e overrun=$o read=$r commit_overrun=$c dropped=$d"
		ENTRIES=$((ENTRIES + e))
		OVERRUN=$((OVERRUN + o))
		READ=$((READ + r))
		COMMIT_OVERRUN=$((COMMIT_OVERRUN + c))
		DROPPED=$((DROPPED + d))
	done
	[ "$n" -gt 0 ] || die "no per_cpu/cpu*/stats files under $I"
	TOTAL=$((ENTRIES + OVERRUN + READ))
	if [ "$COMMIT_OVERRUN" -ne 0 ] || [ "$DROPPED" -ne 0 ]; then
		warn "$COMMIT_OVERRUN commit overruns, $DROPPED dropped events were NOT recorded (not in the count); raise KCOUNT_BUFFER_KB"
	fi
	if [ "$OVERRUN" -ne 0 ]; then
		warn "ring buffer wrapped: $OVERRUN events overwritten (still counted); raise KCOUNT_BUFFER_KB for a checkable trace"
	fi
}

# ---- argument parsing ----------------------------------------------------
[ $# -ge 3 ] || usage
cmd=$1 NAME=$2 EV=$3
FILTER=${4-}
case $cmd in
start) [ $# -le 4 ] || usage ;;
count | stop) [ $# -eq 3 ] || usage ;;
-h | --help | help) usage ;;
*) printf '%s: unknown command "%s"\n' "$prog" "$cmd" >&2; usage ;;
esac
if ! [[ $NAME =~ ^[A-Za-z0-9_.-]+$ ]] || [ "$NAME" = . ] || [ "$NAME" = .. ]; then
	die "bad instance name '$NAME' (use letters, digits, '_', '.', '-')"
fi
[[ $EV =~ ^[A-Za-z0-9_]+:[A-Za-z0-9_]+$ ]] ||
	die "bad event '$EV' (expected CATEGORY:EVENT, e.g. kmem:mm_page_alloc_extfrag)"
CAT=${EV%%:*} EVT=${EV#*:}
if ! [[ $BUFFER_KB =~ ^[0-9]+$ ]] || [ "$BUFFER_KB" -eq 0 ]; then
	die "KCOUNT_BUFFER_KB must be a positive integer, got '$BUFFER_KB'"
fi

find_tracefs
I=$T/instances/$NAME
E=$I/events/$CAT/$EVT

case $cmd in
start)
	[ -d "$T/events/$CAT/$EVT" ] ||
		die "no such tracepoint $EV (no $T/events/$CAT/$EVT)"
	[ -e "$I" ] &&
		die "instance $NAME already exists ($I); stop it first or pick another name"
	mkdir "$I" 2>/dev/null || die "cannot create instance $I (root needed?)"
	# From here on, remove the instance again on any failure.
	fail() { printf '%s: error: %s\n' "$prog" "$*" >&2; rmdir "$I" 2>/dev/null; exit 1; }
	[ -d "$E" ] || fail "event $EV not present in new instance"
	# Overwrite mode (the default) so a full buffer shows up as "overrun",
	# which is still counted, rather than as silently dropped events.
	wr "$I/options/overwrite" 1 || warn "could not set options/overwrite"
	wr "$I/buffer_size_kb" "$BUFFER_KB" ||
		fail "cannot set buffer_size_kb=$BUFFER_KB (out of memory?); try a smaller KCOUNT_BUFFER_KB"
	wr "$I/trace" "" || true # clear
	if [ -n "$FILTER" ]; then
		if ! wr "$E/filter" "$FILTER"; then
			msg=$(sed -n '1,5p' "$E/filter" 2>/dev/null | tr '\n' ' ' | tr -s ' ')
			fail "kernel rejected filter '$FILTER' for $EV: $msg"
		fi
	fi
	wr "$I/tracing_on" 1 || fail "cannot set tracing_on"
	wr "$E/enable" 1 || fail "cannot enable $EV in instance $NAME"
	info "started: instance $I, $EV, buffer ${BUFFER_KB} KiB/cpu, filter: ${FILTER:-none}"
	;;
count)
	[ -d "$I" ] || die "no instance $NAME (not started?)"
	[ -d "$E" ] || die "event $EV not in instance $NAME"
	[ "$(cat "$E/enable")" = 1 ] || warn "$EV is not enabled in instance $NAME"
	read_stats
	echo "$TOTAL"
	;;
stop)
	[ -d "$I" ] || die "no instance $NAME (not started?)"
	[ -d "$E" ] || die "event $EV not in instance $NAME"
	wr "$E/enable" 0 || die "cannot disable $EV in instance $NAME"
	wr "$I/tracing_on" 0 || true
	read_stats
	rc=0
	if [ "$OVERRUN" -eq 0 ] && [ "$READ" -eq 0 ]; then
		lines=$(grep -vc '^#' "$I/trace")
		if [ "$lines" -ne "$TOTAL" ]; then
			warn "verification mismatch: stats say $TOTAL events, trace has $lines lines"
			rc=3
		else
			info "verified: trace has $lines event lines"
		fi
	else
		info "not cross-checking against trace (overrun=$OVERRUN read=$READ)"
	fi
	echo "$TOTAL"
	# Drop the filter, then the instance (rmdir fails with EBUSY while
	# some process holds one of its files open, e.g. trace_pipe).
	wr "$E/filter" 0 2>/dev/null || true
	if ! rmdir "$I" 2>/dev/null; then
		warn "could not remove instance $I (a file in it still open?); remove it later with: rmdir $I"
		[ $rc -eq 0 ] && rc=1
	fi
	exit $rc
	;;
esac
exit 0
