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
# Two writers: the second is told who holds the lock, or waits with --wait.
# The lock beside the database (DB.lock, an flock) is held here by flock(1),
# standing in for a long indexing run that would otherwise race the test.
mkfifo "$tmp/release"
flock "$tmp/locked.lock" -c "touch '$tmp/held'; read -r _ <'$tmp/release'" &
holder=$!
until [ -e "$tmp/held" ]; do sleep 0.01; done
"$index" --db "$tmp/locked" -q "$src/corpus" 2>"$tmp/err"; rc=$?
check "a second indexer on a locked database exits 3" test $rc -eq 3
check "it names the database another indexer is writing to" \
  grep -q "another indexer is writing to the database $tmp/locked" "$tmp/err"
"$index" --db "$tmp/locked" --wait 120 -q "$src/corpus" &
waiter=$!
echo >"$tmp/release"
wait $holder
wait $waiter
check "--wait waits for the lock and then indexes" test $? -eq 0
check "and its database is there" bash -c "'$search' --db '$tmp/locked' respite >/dev/null"

# Search depth (issue 3)
"$search" --scores >"$tmp/out"; rc=$?
check "--scores prints the grid" bash -c "test $rc -eq 0 && grep -q 'London Borough of Harrow' '$tmp/out' && grep -q '2!' '$tmp/out'"
"$search" --scores --json >"$tmp/out"
check "--scores --json gives reports with nine scores and a percent" \
  python3 -c "import json; r=json.load(open('$tmp/out'))['reports'][0]; assert r['percent']==58 and len(r['scores'])==9 and r['scores']['equity']==3"
"$search" --csv Caldicott >"$tmp/out"
check "--csv writes a header and quoted rows" \
  python3 -c "import csv; rows=list(csv.reader(open('$tmp/out'))); assert rows[0][2]=='authority' and rows[1][4]=='Governance, management and sustainability' and '\x1b' not in open('$tmp/out').read()"
"$search" --passages --json respite >"$tmp/out"
check "--passages returns paragraphs" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert d['mode']=='passages' and all('respite' in r['snippet'].lower() for r in d['results'])"
"$search" --terms 5 --json statement:governance >"$tmp/out"
check "--terms lists weighted terms" \
  python3 -c "import json; t=json.load(open('$tmp/out'))['terms']; assert len(t)==5 and all(x['weight']>0 for x in t)"
"$search" safegaurding >"$tmp/out"
check "a misspelling gets 'Did you mean'" grep -q "Did you mean: safeguarding" "$tmp/out"
"$search" --autocorrect --json safegaurding >"$tmp/out"
check "--autocorrect runs the corrected query" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert d['corrected']=='safeguarding' and d['total']>0"
"$search" --sort sideways carers >/dev/null 2>"$tmp/err"; rc=$?
check "a bad --sort exits 2 with a message" bash -c "test $rc -eq 2 && grep -q 'cannot sort by' '$tmp/err'"
"$search" --similar nope/none >/dev/null 2>"$tmp/err"; rc=$?
check "--similar with an unknown id exits 2" bash -c "test $rc -eq 2 && grep -q \"no section with id 'nope/none'\" '$tmp/err'"
"$search" --export >"$tmp/out"
check "--export prints one JSON line per section" \
  python3 -c "import json; rows=[json.loads(l) for l in open('$tmp/out')]; assert len(rows)==5 and all(r['text'] for r in rows)"

exit $failures
