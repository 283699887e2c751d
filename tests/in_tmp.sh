#!/bin/sh
# in_tmp.sh DIR COMMAND...: run a test with TMPDIR set to a fresh folder of
# its own (DIR, emptied first), so that what a test leaves behind stays in
# the build tree instead of /tmp. DIR is removed when the test passes and
# kept, with the test's databases and logs, when it fails.
dir=$1
shift
rm -rf "$dir" && mkdir -p "$dir" || exit 1
TMPDIR=$dir "$@"
rc=$?
[ "$rc" -eq 0 ] && rm -rf "$dir"
exit "$rc"
