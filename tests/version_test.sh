#!/usr/bin/env bash
# --version's header (cmake/write-version.cmake): the git commit of a
# checkout, and nothing, cleanly, for a tree that is not one (an unpacked
# release, or a copy inside another project's repository).
#   version_test.sh CMAKE SOURCE_DIR
set -uo pipefail
cmake=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/harness.sh"

revision() { # SOURCE_DIR: the kGitRevision written for it
  "$cmake" -DSOURCE_DIR="$1" -DVERSION=9.8.7 -DTEMPLATE="$src/cmake/version.hh.in" \
    -DOUTPUT="$tmp/version.hh" -P "$src/cmake/write-version.cmake" || return 1
  grep -q 'kVersion = "9.8.7"' "$tmp/version.hh" || return 1
  sed -n 's/.*kGitRevision = "\(.*\)";/\1/p' "$tmp/version.hh"
}
mkdir "$tmp/unpacked"
# Each check first needs the header written (revision's status 0): an empty
# answer from a failed run proves nothing.
got=$(revision "$tmp/unpacked"); rc=$?
check "a tree outside git has no commit" test "$rc:$got" = "0:"
if git -C "$src" rev-parse --show-toplevel >/dev/null 2>&1 && command -v git >/dev/null; then
  got=$(revision "$src"); rc=$?
  check "a checkout's commit is git describe's" \
    test "$rc:$got" = "0:$(git -C "$src" --no-optional-locks describe --tags --always --dirty)"
  if mkdir "$src/.version-test-$$" 2>/dev/null; then # not in a read-only tree
    got=$(revision "$src/.version-test-$$"); rc=$?
    check "a tree inside another repository has no commit" test "$rc:$got" = "0:"
    rmdir "$src/.version-test-$$"
  fi
fi
finish
