#!/usr/bin/env bash
# Promises the README makes that no other test held it to: the default
# database's place when CQC_DB is unset, --force, --show-blocks, and
# --passages's estimated total past 1,000 sections.
#   promises_test.sh CQC_INDEX CQC_SEARCH SOURCE_DIR
set -uo pipefail
index=$1 search=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/harness.sh"
unset CQC_DB XDG_DATA_HOME
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); $2" "$1"; }

# --- The default database: $XDG_DATA_HOME/cqc-search/index, else
# ~/.local/share/cqc-search/index.
mkdir -p "$tmp/home"
XDG_DATA_HOME=$tmp/xdg HOME=$tmp/home "$index" -q "$src/corpus"; rc=$?
check "without CQC_DB, XDG_DATA_HOME/cqc-search/index is written" \
  bash -c "test $rc -eq 0 && test -d '$tmp/xdg/cqc-search/index' && test ! -e '$tmp/home/.local'"
XDG_DATA_HOME=$tmp/xdg HOME=$tmp/home "$search" --json Caldicott >"$tmp/out"; rc=$?
check "and searched by default" json "$tmp/out" "assert $rc==0 and d['total']==1 and d['results'][0]['authority']=='London Borough of Harrow'"
HOME=$tmp/home "$index" -q "$src/tests/fixtures/sections/northmoor-city-council"; rc=$?
check "without XDG_DATA_HOME, ~/.local/share/cqc-search/index is written" \
  bash -c "test $rc -eq 0 && test -d '$tmp/home/.local/share/cqc-search/index'"
HOME=$tmp/home "$search" --json carers >"$tmp/out"; rc=$?
check "and searched by default, apart from the XDG one" json "$tmp/out" \
  "assert $rc==0 and d['results'] and {r['authority'] for r in d['results']}=={'Northmoor City Council'}"

# --- --force reads every report again, replacing each in place.
export CQC_DB=$tmp/db
"$index" -q "$src/corpus" "$src/tests/fixtures/sections/northmoor-city-council"
"$search" --json -n 100 carers >"$tmp/before"
"$index" "$src/corpus" "$src/tests/fixtures/sections/northmoor-city-council" 2>"$tmp/err"
check "a second run leaves both reports unchanged" grep -q "0 report(s), 0 section(s), 0 paragraph(s) indexed; 2 unchanged" "$tmp/err"
"$index" --force "$src/corpus" "$src/tests/fixtures/sections/northmoor-city-council" 2>"$tmp/err"
check "--force indexes both again" grep -Eq "2 report\(s\), [1-9][0-9]* section\(s\), [1-9][0-9]* paragraph\(s\) indexed; 0 unchanged" "$tmp/err"
"$search" --json -n 100 carers >"$tmp/after"
check "--force replaces, never duplicates: the same results" \
  python3 -c "import json; a=json.load(open('$tmp/before')); b=json.load(open('$tmp/after')); assert a['total']>0 and [r['id'] for r in a['results']]==[r['id'] for r in b['results']]"
check "--list after --force shows two reports" test "$("$index" --list | wc -l)" -eq 2

# --- --show-blocks: what was read, as JSON, before any framework rule.
"$index" --show-blocks "$src/corpus/london-borough-of-harrow/001_81e8b9870373ca68.txt" >"$tmp/out"; rc=$?
check "--show-blocks of a text file: its lines as blocks with line numbers" json "$tmp/out" "
b=d['blocks']; assert $rc==0 and len(b)>10
assert b[0]=={'kind':'paragraph','line':3,'text':'Governance, management and sustainability'}
assert all(x['line']>0 for x in b) and [x['line'] for x in b]==sorted(x['line'] for x in b)"
"$index" --show-blocks "$src/tests/published/pdf-2025/greyhaven.pdf" >"$tmp/out"; rc=$?
check "--show-blocks of a PDF: the cover apart, headings by size, the score table as rows, pages" json "$tmp/out" "
assert $rc==0
assert {'kind':'heading','level':1,'page':1,'text':'Greyhaven City Council'} in d['front_matter']
b=d['blocks']; assert all(x['page']>=2 for x in b)
assert any(x['kind']=='heading' and x['text']=='Overall summary' and x.get('page_break_before') for x in b)
assert any(x['kind']=='table_row' and x['cells']==['Quality statement','Score'] for x in b)"

# --- --passages past 1,000 sections: the total is an estimate, and says so.
python3 "$src/scripts/make-corpus" 140 "$tmp/gen" >/dev/null
"$index" -q --db "$tmp/big" "$tmp/gen"
"$search" --db "$tmp/big" --json the >"$tmp/sections"
"$search" --db "$tmp/big" --passages --json the >"$tmp/out"; rc=$?
check "past 1,000 matching sections, --passages marks its total inexact" json "$tmp/out" "
s=json.load(open('$tmp/sections'))
assert $rc==0 and s['total']>1000 and 'total_exact' not in s
assert d['total_exact'] is False and d['total']>0 and d['results']"
"$search" --db "$tmp/big" --passages the >"$tmp/out"
check "and the terminal says 'about'" grep -Eq "^about [0-9]+ " "$tmp/out"
"$search" --passages --json carers >"$tmp/out"
check "under 1,000 sections the passages' total is exact" json "$tmp/out" "assert d['total']>0 and 'total_exact' not in d"
finish
