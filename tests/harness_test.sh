#!/usr/bin/env bash
# The shell tests' harness (harness.sh) itself: its exit status is what
# ctest reads, so it must say "failed" for any number of failures and
# "skipped" only when asked.
set -uo pipefail
harness=$(dirname "$0")/harness.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$harness"

run() { # a test body using the harness; prints its exit status
  bash -c "source '$harness'; $1" >"$tmp/out" 2>&1
  echo $?
}
check "all checks passing exits 0" test "$(run 'check a true; check b true; finish')" -eq 0
check "one failure exits 1" test "$(run 'check a true; check b false; finish')" -eq 1
# A status of 256 failures is 0 modulo 256: it must still read as a failure.
check "256 failures exit 1, not 0" \
  test "$(run 'for i in $(seq 256); do check x false; done; finish')" -eq 1
check "the tally line counts both" grep -qx "0 passed, 256 failed" "$tmp/out"
check "skip exits 77 (ctest SKIP_RETURN_CODE)" test "$(run 'skip no tool here; check a false; finish')" -eq 77
finish
