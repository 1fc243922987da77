# Shared by the Ansible tests (sourced after lib.sh): a fleet of hosts on
# this machine, the workload against the kernel's count, and the recap.

# fleet_require N: skip N tests visibly without root or ansible-playbook
fleet_require() {
	if [ -n "${FT_ONLY_UNIT:-}" ]; then skip "FT_ONLY_UNIT set"; done_testing; exit 0; fi
	require_root "$1" "the role records with the real tracer"
	if ! command -v ansible-playbook >/dev/null; then
		i=0
		while [ $i -lt "$1" ]; do
			skip "ansible-playbook not installed (make deps installs ansible-core)"
			i=$((i + 1))
		done
		done_testing
		exit 0
	fi
	ANSIBLE_LOCAL_TEMP=$TMP/ansible-local
	ANSIBLE_REMOTE_TEMP=$TMP/ansible-remote
	ANSIBLE_NOCOLOR=1
	ANSIBLE_FORCE_COLOR=0
	ANSIBLE_RETRY_FILES_ENABLED=0
	export ANSIBLE_LOCAL_TEMP ANSIBLE_REMOTE_TEMP ANSIBLE_NOCOLOR ANSIBLE_FORCE_COLOR \
		ANSIBLE_RETRY_FILES_ENABLED
	trap fleet_cleanup EXIT
}

# leave no tracer of ours running, whatever failed (FT_KEEP_TMP=1 keeps $TMP)
fleet_cleanup() {
	for h in $HOSTS; do
		p=$(cat "$H/$h/out/fragmentation_tracker.pid" 2>/dev/null)
		[ -n "$p" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = fragtrack ] && kill -INT "$p"
	done
	if [ -n "${FT_KEEP_TMP:-}" ]; then echo "# kept $TMP"; return; fi
	rm -rf "$TMP"
}

# fleet_host_vars: the [all:vars] lines of every host on this machine
fleet_host_vars() {
	echo "ansible_connection=local"
	echo "ansible_python_interpreter=/usr/bin/python3"
	# we are root already (and there may be no sudo)
	echo "ansible_become=false"
	echo "monitor_fragmentation_output_dir=$H/{{ inventory_hostname }}/out"
	# one machine: one build, one install, one BPF cache, the hosts in turn
	echo "fragtrack_src_dir=$TMP/machine/src/fragtrack"
	echo "fragtrack_prefix=$TMP/machine/prefix"
	echo "fragtrack_cache_dir=$TMP/machine/cache"
	echo "fragtrack_install_throttle=1"
	echo "fragtrack_stage_dir=$TMP/stage"
	echo "fragtrack_control_bin=$FT"
}

# logged NAME CMD...: run CMD into $TMP/NAME.log; its tail as diagnostics
# when it fails
logged() {
	_name=$1
	shift
	"$@" >"$TMP/$_name.log" 2>&1
	_rc=$?
	[ $_rc -eq 0 ] || sed 's/^/#   /' "$TMP/$_name.log" | tail -n 60
	return $_rc
}

# changed LOG: the sum of changed=N over the play recap
changed() { sed -n 's/.* changed=\([0-9]*\).*/\1/p' "$1" | awk '{ s += $1 } END { print s + 0 }'; }
recap() { sed -n '/PLAY RECAP/,$p' "$1" | grep changed= | tr -s ' ' | sed 's/^/# /'; }

# fleet_running: how many of $HOSTS have a fragtrack named by their pid file
fleet_running() {
	_n=0
	for h in $HOSTS; do
		p=$(cat "$H/$h/out/fragmentation_tracker.pid" 2>/dev/null)
		[ -n "$p" ] && [ "$(cat "/proc/$p/comm" 2>/dev/null)" = fragtrack ] && _n=$((_n + 1))
	done
	echo $_n
}


# same_as_kernel FILE: 0 when FILE's extfrag events of each workload pid
# equal the kernel's counts; sets mine_all
same_as_kernel() {
	_same=0
	mine_all=""
	set -- "$1" $counts
	_f=$1
	shift
	for _p in $pids; do
		_mine=$(count_events "$_f" extfrag "$_p" 2>/dev/null)
		mine_all="$mine_all ${_mine:-none}"
		[ "$_mine" = "$1" ] || _same=1
		shift
	done
	return $_same
}
