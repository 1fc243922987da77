#!/bin/sh
# Install what fragtrack needs from Debian's packages, and make kernel headers
# visible to bcc.  Idempotent: when everything is present it only checks.
set -eu

PKGS="libbpfcc-dev libyajl-dev libncurses-dev gnuplot-nox pkg-config make gcc tmux perl python3"
# make check fuzzes the reader: clang with libFuzzer and the sanitizers
PKGS="$PKGS clang libclang-rt-14-dev"
# make check drives the Ansible role (ansible/) on local hosts: ansible-core
PKGS="$PKGS ansible-core"
krel=$(uname -r)
kdir=/lib/modules/$krel

say() { printf 'install-deps: %s\n' "$*"; }

need_root() {
	if [ "$(id -u)" -ne 0 ]; then
		say "must run as root to install: $*" >&2
		exit 1
	fi
}

apt_updated=0
apt_install() {
	need_root "$*"
	if [ $apt_updated -eq 0 ]; then
		apt-get update -qq
		apt_updated=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	say "installing:$missing"
	# shellcheck disable=SC2086
	apt_install $missing
fi

# Kernel headers: bcc compiles against /lib/modules/$(uname -r)/build.
if [ -e "$kdir/build/include/linux/kconfig.h" ] || [ -e "$kdir/build/include/generated/autoconf.h" ]; then
	exit 0
fi

if apt-cache show "linux-headers-$krel" >/dev/null 2>&1; then
	say "installing linux-headers-$krel"
	apt_install "linux-headers-$krel"
	exit 0
fi

# No package for the running kernel (a custom build).  Debian's generic
# headers work for bcc because fragtrack's BPF text reads tracepoint
# arguments only and never dereferences a kernel struct.
dpkg-query -W -f='${Status}' linux-headers-amd64 2>/dev/null | grep -q "install ok installed" ||
	apt_install linux-headers-amd64
hdr=$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -n 1)
common=$(ls -d /usr/src/linux-headers-*-common 2>/dev/null | sort -V | tail -n 1)
if [ -z "$hdr" ] || [ -z "$common" ]; then
	say "no kernel headers found under /usr/src after installing linux-headers-amd64" >&2
	exit 1
fi
need_root "links in $kdir"
mkdir -p "$kdir"
ln -sfn "$hdr" "$kdir/build"
ln -sfn "$common" "$kdir/source"
say "NOTE: no headers package exists for kernel $krel;"
say "      linked $kdir/build -> $hdr"
say "      and    $kdir/source -> $common (Debian's generic headers)."
say "      fragtrack only reads tracepoint arguments, so these suffice."
