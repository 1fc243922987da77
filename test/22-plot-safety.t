#!/bin/sh
# fragtrack plot as root into folders others can write, attacked by user
# nobody, in a sticky folder (as /tmp) and a non-sticky 0777 one: symlinks
# planted under every output name (.dat, .gp, image) are replaced, their
# targets untouched; a loop swapping the script for one that runs a command
# (and moving fragtrack's staging folder away) never gets it run; a symlink
# planted as the output folder is not followed; no folder is created where
# others could replace it; a failed run removes only what it made; -o with
# control characters (plot and record) is refused before anything exists.
# Then the same but the race under ASan/UBSan.
. "$(dirname "$0")/lib.sh"

NCHECKS=12
NTESTS=$((2 * NCHECKS + 4 + 1))
MEASURED=test/data/measured.jsonl
SMALL=test/data/small.jsonl

require_root $NTESTS "the attacks run as nobody, against root"
if ! command -v gnuplot >/dev/null || ! command -v setpriv >/dev/null ||
	! command -v python3 >/dev/null; then
	i=0
	while [ $i -lt $NTESTS ]; do skip "gnuplot, setpriv or python3 missing"; i=$((i + 1)); done
	done_testing
	exit 0
fi

as_nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
# a python3 nobody can run (root's PATH may lead to one in root's home)
PY=python3
as_nobody $PY -c pass 2>/dev/null || PY=/usr/bin/python3

# nobody reaches the folders below; only root writes $TMP itself
chmod 0711 "$TMP"

# shared FOLDER MODE: a folder everybody can write
shared() { mkdir -p "$1" && chmod "$2" "$1"; }

# run_plot OUT ARGS...: root's plot, its exit status in $rc, stderr in plot.err
run_plot() {
	_out=$1
	shift
	"$ft" plot "$@" -o "$_out" >"$TMP/plot.out" 2>"$TMP/plot.err"
	rc=$?
}

# refused OUT ARGS...: exit non-zero with one line
refused() {
	run_plot "$@"
	[ $rc -ne 0 ] && [ "$(wc -l <"$TMP/plot.err")" -eq 1 ] && grep -q '^fragtrack: ' "$TMP/plot.err"
}

# plant_links DIR: nobody's symlinks DIR/NAME -> a victim file of root's
plant_links() {
	for n in $NAMES; do
		printf 'precious\n' >"$TMP/victim-$n"
		as_nobody ln -sf "$TMP/victim-$n" "$1/$n"
	done
}
clobbered() { # the victims that changed
	for n in $NAMES; do
		[ "$(cat "$TMP/victim-$n")" = precious ] || printf '%s ' "$n"
	done
}
all_ours() { # DIR: every output there a regular file of root's, no symlink
	for n in $NAMES; do
		[ -f "$1/$n" ] && [ ! -L "$1/$n" ] && [ "$(stat -c %u "$1/$n")" -eq 0 ] || return 1
	done
}
no_stage() { [ -z "$(ls -A "$1" | grep '^\.fragtrack-')" ]; }

# 4 tests: symlinks under every output name
link_checks() {
	for d in "$base/sticky" "$base/open"; do
		kind="$tag: $(stat -c %A "$d")"
		plant_links "$d"
		run_plot "$d" "$MEASURED"
		r1=$rc
		run_plot "$d" "$MEASURED" --compare "$SMALL"
		r2=$rc
		run_plot "$d/img.svg" "$SMALL"
		r3=$rc
		bad=$(clobbered)
		[ -z "$bad" ]
		ok $? "$kind: symlinks under all $(echo $NAMES | wc -w) output names: no target written ($bad)"
		[ "$r1$r2$r3" = 000 ] && all_ours "$d" && [ -s "$d/dashboard.png" ] &&
			[ -s "$d/img.svg" ] && no_stage "$d"
		ok $? "$kind: the plots replaced the links with their files (exits $r1 $r2 $r3), no staging folder left"
		[ "$r1$r2$r3" = 000 ] || sed 's/^/# /' "$TMP/plot.err"
	done
}

# 5 tests: the output folder itself
folder_checks() {
	mkdir -m 0755 "$base/vdir"
	as_nobody ln -s "$base/vdir" "$base/open/linked"
	as_nobody ln -s "$base/vdir" "$base/sticky/linked"
	refused "$base/open/linked" "$SMALL" && refused "$base/sticky/linked/x.png" "$SMALL" &&
		[ -z "$(ls -A "$base/vdir")" ]
	ok $? "$tag: a symlink nobody planted as the output folder is not followed ($(head -c 150 "$TMP/plot.err"))"

	mkdir "$base/real"
	ln -s real "$base/mine"
	run_plot "$base/mine/sub" "$SMALL"
	[ $rc -eq 0 ] && [ -s "$base/real/sub/dashboard.png" ] &&
		grep -q "^if (!exists(\"datadir\")) datadir = '$base/real/sub'" "$base/real/sub/dashboard.gp"
	ok $? "$tag: a symlink of root's is followed, mkdir -p beyond it; the script names the real folder"

	mkdir -m 0755 "$base/nobodys"
	chown 65534:65534 "$base/nobodys"
	refused "$base/open/new/deeper" "$SMALL" && [ ! -e "$base/open/new" ] &&
		refused "$base/nobodys/new" "$SMALL" && [ ! -e "$base/nobodys/new" ]
	ok $? "$tag: no folder created in a 0777 folder or in nobody's ($(head -c 150 "$TMP/plot.err"))"

	SUDO_UID=65534 "$ft" plot "$SMALL" -o "$base/nobodys/sudo" >/dev/null 2>&1 &&
		[ -s "$base/nobodys/sudo/dashboard.png" ]
	ok $? "$tag: under sudo, a folder of the user who ran it is theirs to create folders in"

	run_plot "$base/sticky/new/deeper" "$SMALL"
	[ $rc -eq 0 ] && [ "$(stat -c %u "$base/sticky/new")" -eq 0 ] &&
		[ -s "$base/sticky/new/deeper/dashboard.png" ]
	ok $? "$tag: mkdir -p in a sticky folder (as /tmp) works"
}

# 1 test: a failed run removes only what it made
fail_check() {
	d=$base/fail
	mkdir "$d"
	printf 'keep\n' >"$d/dashboard-keep.dat"
	printf 'precious\n' >"$TMP/victim-fail"
	ln -s "$TMP/victim-fail" "$d/dashboard.png"
	FRAGTRACK_GNUPLOT=/bin/false "$ft" plot "$SMALL" -o "$d" >/dev/null 2>"$TMP/plot.err"
	rc=$?
	[ $rc -eq 1 ] && [ "$(cat "$d/dashboard-keep.dat")" = keep ] &&
		[ "$(cat "$TMP/victim-fail")" = precious ] && [ -L "$d/dashboard.png" ] &&
		[ -s "$d/dashboard.gp" ] && no_stage "$d"
	ok $? "$tag: gnuplot fails: exit 1, script and data kept to look at, no image; others' files left, staging folder gone"
}

# 2 tests: control characters in -o, refused before anything is created
control_checks() {
	w=$base/ctl
	mkdir "$w"
	"$ft" plot "$SMALL" -o "$w/new
x/sub" >/dev/null 2>"$TMP/ctl.err"
	rc1=$?
	"$ft" plot "$SMALL" -o "$w/new/x	y.png" >/dev/null 2>>"$TMP/ctl.err"
	rc2=$?
	[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] && [ "$(wc -l <"$TMP/ctl.err")" -eq 2 ] && [ -z "$(ls -A "$w")" ]
	ok $? "$tag: plot -o with a newline or a tab: exit 2, nothing created ($(ls -A "$w" | tr '\n' '?'))"

	if [ -n "${FT_ONLY_UNIT:-}" ]; then
		skip "FT_ONLY_UNIT set: record not run"
		return
	fi
	"$ft" -q -t 1 -o "$w/r
.json" >/dev/null 2>"$TMP/ctl.err"
	rc=$?
	[ $rc -eq 2 ] && [ "$(wc -l <"$TMP/ctl.err")" -eq 1 ] && [ -z "$(ls -A "$w")" ]
	ok $? "$tag: record -o with a newline: exit 2 with one line, nothing created (exit $rc)"
}

checks() { # FT TAG: NCHECKS tests
	ft=$1 tag=$2 base=$TMP/$2
	mkdir -p "$base"
	shared "$base/sticky" 1777
	shared "$base/open" 0777
	link_checks
	folder_checks
	fail_check
	control_checks
}

# 4 tests: the script swapped between its write and gnuplot's read
cat >"$TMP/attack.py" <<'PY'
import os, stat, sys
folder, evil, stop = sys.argv[1:4]
tmp = os.path.join(folder, '.nobody')

def plant(name):
    path = os.path.join(folder, name)
    try:  # our file under the name: root may write into it, we rewrite it
        with open(tmp, 'w') as f:
            f.write(evil)
        os.replace(tmp, path)
    except OSError:
        pass
    try:
        with open(path, 'w') as f:
            f.write(evil)
    except OSError:
        pass

def swap_root_folders():
    # a folder of root's in here (fragtrack's staging folder): move it
    # away and put ours, with the evil script, under its name
    for e in os.listdir(folder):
        path = os.path.join(folder, e)
        try:
            st = os.lstat(path)
            if st.st_uid != 0 or not stat.S_ISDIR(st.st_mode) or e.endswith('.moved'):
                continue
            os.rename(path, path + '.moved')
            os.mkdir(path, 0o777)
            with open(os.path.join(path, 'dashboard.gp'), 'w') as f:
                f.write(evil)
        except OSError:
            pass

n = 0
while not os.path.exists(stop):
    plant('dashboard.gp')
    swap_root_folders()
    n += 1
print(n)
PY

race_checks() { # FT TAG
	ft=$1 tag=$2 runs=25
	for mode in 1777 0777; do
		d=$TMP/race-$mode
		shared "$d" $mode
		kind="$tag: $(stat -c %A "$d")"
		rm -f "$TMP/pwned" "$TMP/stop"
		as_nobody $PY "$TMP/attack.py" "$d" "system \"touch $TMP/pwned\"" "$TMP/stop" \
			>"$TMP/loops" 2>&1 &
		apid=$!
		sleep 0.3
		i=0 good=0
		while [ $i -lt $runs ] && [ ! -e "$TMP/pwned" ]; do
			run_plot "$d" "$MEASURED" --format svg
			[ $rc -eq 0 ] && good=$((good + 1))
			i=$((i + 1))
		done
		touch "$TMP/stop"
		wait $apid
		loops=$(cat "$TMP/loops")
		[ ! -e "$TMP/pwned" ] && [ "$loops" -ge 10 ] 2>/dev/null
		ok $? "$kind: script swapped $loops times during $i plots: never run"
		[ $good -eq $i ]
		ok $? "$kind: every plot under attack rendered ($good of $i)"
		[ $good -eq $i ] || sed 's/^/# /' "$TMP/plot.err"
	done
}

# The names each kind of run writes, from runs in a private folder.
ft=$FT
run_plot "$TMP/ref" "$MEASURED"
run_plot "$TMP/ref" "$MEASURED" --compare "$SMALL"
run_plot "$TMP/ref/img.svg" "$SMALL"
NAMES=$(ls "$TMP/ref")
[ -n "$NAMES" ]
ok $? "reference plots in a private folder: $(echo $NAMES | wc -w) outputs"

checks "$FT" "$(basename "$FT")"
race_checks "$FT" "$(basename "$FT")"

if [ -x build/asan/fragtrack ] && [ -z "${FRAGTRACK:-}" ]; then
	asan_env
	checks "$top/build/asan/fragtrack" asan
else
	i=0
	while [ $i -lt $NCHECKS ]; do skip "no ASan run: build/asan/fragtrack not built (make asan), or FRAGTRACK set"; i=$((i + 1)); done
fi
done_testing
