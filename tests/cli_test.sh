#!/usr/bin/env bash
# The two programs as a user runs them: exit codes, messages, default
# database, JSON on a pipe, colour only on request.
set -uo pipefail
index=$1 search=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CQC_DB=$tmp/db
failures=0
check() { # description, then a command that must succeed
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}

"$index" "$src/corpus" 2>"$tmp/index.err"; rc=$?
check "indexing the corpus exits 0" test $rc -eq 0
check "summary line names reports, sections, warnings and time" \
  grep -Eq "1 report\(s\), 5 section\(s\).*warning\(s\).* s;" "$tmp/index.err"
check "the default database (CQC_DB) was written" test -d "$CQC_DB"

"$search" carers >"$tmp/out" 2>&1; rc=$?
check "a search with matches exits 0" test $rc -eq 0
check "piped output has no colour" bash -c "! grep -q $'\x1b' '$tmp/out'"
check "results show the council and section" grep -q "London Borough of Harrow - Care provision" "$tmp/out"

"$search" zebracrossing >"$tmp/out" 2>&1; rc=$?
check "no match exits 1" test $rc -eq 1
check "no match says so" grep -qx "no matches" "$tmp/out"

"$search" "carers AND" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "an unparsable query exits 2" test $rc -eq 2
check "an unparsable query is explained" grep -q "cannot parse query" "$tmp/err"

"$search" --db "$tmp/nothing" carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a missing database exits 3" test $rc -eq 3
check "a missing database is named" grep -q "$tmp/nothing" "$tmp/err"

"$search" --json --facets carers >"$tmp/out"; rc=$?
check "--json exits 0" test $rc -eq 0
check "--json prints one JSON object with results and facets" \
  python3 -c "import json,sys; d=json.load(open('$tmp/out')); assert d['total']>0 and d['results'] and 'statement' in d['facets']"

"$search" --color always Caldicott >"$tmp/out"
check "--color always highlights the match" grep -q $'\x1b\[1;31mCaldicott' "$tmp/out"

"$search" --limit 1 --offset 1 --json carers >"$tmp/out"
check "--limit and --offset page through results" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert [r['rank'] for r in d['results']]==[2]"

for tool in "$index" "$search"; do
  "$tool" --help >"$tmp/help"; rc=$?
  check "$(basename "$tool") --help exits 0" test $rc -eq 0
  check "$(basename "$tool") --help documents exit codes" grep -q "Exit status" "$tmp/help"
  check "$(basename "$tool") --version" bash -c "'$tool' --version | grep -q '[0-9]\.[0-9]'"
done
check "cqc-search --help lists field prefixes with examples" grep -q "statement:safeguarding" "$tmp/help"

"$index" --bogus >/dev/null 2>&1; rc=$?
check "a bad option exits 2" test $rc -eq 2

"$index" "$src/corpus" "$tmp/missing" 2>"$tmp/err"; rc=$?
check "a missing path exits 1 and is named" bash -c "test $rc -eq 1 && grep -q '$tmp/missing: error: no such file' '$tmp/err'"
exit $failures
