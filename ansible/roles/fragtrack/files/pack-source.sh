#!/bin/bash
# pack-source.sh SRC ARCHIVE: SRC's source files (git's view of the working
# tree: tracked and new files, no build output, no ignored files) into a
# deterministic ARCHIVE (.tar.gz).  The archive is replaced only when its
# bytes change, so hosts unpack (and rebuild) only what changed.
# Prints "changed" or "unchanged".
set -euo pipefail
src=$1 archive=$2
cd "$src"

list_files() {
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -z --cached --others --exclude-standard
	else
		# a release tarball: everything but what a build makes
		find . \( -path ./build -o -path ./.git \) -prune -o \
			-type f ! -path ./fragtrack -printf '%P\0'
	fi
}

# tracked files deleted in the working tree are left out
existing() {
	local f
	while IFS= read -r -d '' f; do
		[ -f "$f" ] && printf '%s\0' "$f"
	done
}

tmp=$(mktemp "$archive.XXXXXX")
trap 'rm -f "$tmp"' EXIT
list_files | existing | sort -z |
	tar --no-recursion --null --format=gnu --owner=0 --group=0 \
		--numeric-owner -cf - -T - | gzip -n >"$tmp"
if cmp -s "$tmp" "$archive"; then
	echo unchanged
else
	chmod 0644 "$tmp"
	mv -f "$tmp" "$archive"
	echo changed
fi
