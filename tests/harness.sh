# Sourced by the shell tests (tests/*_test.sh): checks, skips and the exit
# status ctest reads.
#   check DESCRIPTION COMMAND...   run COMMAND; it must succeed
#   skip REASON                    the test cannot run here: exit 77, which
#                                  tests/CMakeLists.txt names SKIP_RETURN_CODE
#   finish                         print the tally; exit 0, or 1 on any failure
# The exit status is never the failure count: a shell keeps it modulo 256,
# so 256 failures would read as success.
failures=0
passes=0
check() {
  local what=$1
  shift
  if "$@"; then
    echo "ok   $what"
    passes=$((passes + 1))
  else
    echo "FAIL $what"
    failures=$((failures + 1))
  fi
}
skip() {
  echo "SKIP $*"
  exit 77
}
finish() {
  echo "$passes passed, $failures failed"
  [ "$failures" -eq 0 ] && exit 0
  exit 1
}
