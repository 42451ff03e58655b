#!/usr/bin/env bash
# What `cmake --install` puts in place, installed into a scratch prefix:
# both programs run from there, each has its man page and bash completion.
#   install_test.sh CMAKE BUILD_DIR VERSION MAN_PAGES(ON/OFF)
set -uo pipefail
cmake=$1 build=$2 version=$3 man_pages=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/harness.sh"
prefix=$tmp/prefix

check "cmake --install into a scratch prefix succeeds" \
  "$cmake" --install "$build" --prefix "$prefix"

for program in cqc-index cqc-search; do
  "$prefix/bin/$program" --version >"$tmp/version" 2>&1
  check "bin/$program --version names version $version" grep -q "^$program $version " "$tmp/version"
  check "bin/$program --help exits 0" bash -c "'$prefix/bin/$program' --help >/dev/null"

  page=$prefix/share/man/man1/$program.1.gz
  if [ "$man_pages" = ON ]; then
    check "man page $program.1.gz is installed" test -f "$page"
    gzip -dc "$page" >"$tmp/page" 2>/dev/null
    check "$program.1 has its NAME line" grep -q "^$program \\\\- " "$tmp/page"
    check "$program.1 documents --help's options and exit status" \
      bash -c "grep -q 'version' '$tmp/page' && grep -qi 'exit status' '$tmp/page'"
    if command -v man >/dev/null; then
      MANWIDTH=80 man -l "$page" >"$tmp/rendered" 2>"$tmp/man.err"
      check "man -l renders $program.1 without complaint" \
        bash -c "grep -q '^NAME' '$tmp/rendered' && ! grep -v '^$' '$tmp/man.err'"
    fi
  fi

  completion=$prefix/share/bash-completion/completions/$program
  check "bash completion for $program is installed" test -f "$completion"
done

# The completion, as bash would use it on the installed programs: options
# read from --help, and the values some of them take.
complete_line() { # the words typed so far, the last one being completed
  bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _cqc
    printf "%s\n" "${COMPREPLY[@]}"' _ "$prefix/share/bash-completion/completions/cqc-search" "$@"
}
complete_line "$prefix/bin/cqc-search" --js >"$tmp/out"
check "completion: --js completes to --json" grep -qx -- "--json" "$tmp/out"
complete_line "$prefix/bin/cqc-index" --sh >"$tmp/out"
check "completion: cqc-index --sh completes to --shards and --show-blocks" \
  bash -c "grep -qx -- --shards '$tmp/out' && grep -qx -- --show-blocks '$tmp/out'"
complete_line "$prefix/bin/cqc-search" --color a >"$tmp/out"
check "completion: --color a offers auto and always" \
  bash -c "[ \"\$(sort '$tmp/out' | tr '\n' ' ')\" = 'always auto ' ]"
complete_line "$prefix/bin/cqc-search" --sort -s >"$tmp/out"
check "completion: --sort -s offers -score" grep -qx -- "-score" "$tmp/out"
mkdir -p "$tmp/dbs/one" "$tmp/dbs/two"
touch "$tmp/dbs/file"
complete_line "$prefix/bin/cqc-search" -d "$tmp/dbs/" >"$tmp/out"
check "completion: -d offers directories only" \
  bash -c "[ \"\$(sort '$tmp/out' | tr '\n' ' ')\" = '$tmp/dbs/one $tmp/dbs/two ' ]"
finish
