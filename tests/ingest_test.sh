#!/usr/bin/env bash
# One report, one document set; spelling data that follows the index
# (issue 11, points 7 and 8): a file is indexed once however it is named,
# a folder of whole-report files tracks each file, --remove of nothing is
# an error, report ids come from the content, suggestions are whole words
# of the reports still indexed and acronyms are never "corrected".
set -uo pipefail
index=$1 search=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/harness.sh"
fx=$src/tests/fixtures

# corrected QUERY DB: the suggestion cqc-search makes, or "none".
corrected() {
  "$search" --db "$2" --json "$1" |
    python3 -c "import json,sys; print(json.load(sys.stdin).get('corrected') or 'none')"
}
# reports DB: how many reports --list shows.
reports() { "$index" --db "$1" --list | wc -l; }
# total QUERY DB: how many sections match.
total() {
  "$search" --db "$2" --json "$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])"
}

# --- A file is indexed once however often and however it is named.
mkdir -p "$tmp/in"
cp "$fx/pdf/wexham-metropolitan-borough-council.txt" "$tmp/in/one.txt"
cp -r "$fx/sections/northmoor-city-council" "$tmp/in/northmoor"
ln -s "$tmp/in/one.txt" "$tmp/link.txt"

"$index" --db "$tmp/twice" "$tmp/in/one.txt" "$tmp/in/one.txt" 2>"$tmp/err"; rc=$?
n=$(total statement:equity "$tmp/twice")
check "the same file given twice: exit 0, one report, its sections once ($n)" \
  bash -c "test $rc -eq 0 && grep -q ' 1 report(s)' '$tmp/err' && test $n -eq 1"

(cd "$tmp" && "$index" --db "$tmp/dots" ./in/one.txt in/../in/one.txt link.txt) 2>"$tmp/err"; rc=$?
n=$(total statement:equity "$tmp/dots")
check "./in/one.txt, in/../in/one.txt and a link to it: indexed once ($n)" \
  bash -c "test $rc -eq 0 && grep -q ' 1 report(s)' '$tmp/err' && test $n -eq 1"

"$index" --db "$tmp/inside" "$tmp/in/northmoor" "$tmp/in/northmoor/03_care-provision.txt" \
  2>"$tmp/err"; rc=$?
check "a folder and a file in it: one report, no second one of the file" \
  bash -c "test $rc -eq 0 && grep -q ' 1 report(s)' '$tmp/err' && test \$('$index' --db '$tmp/inside' --list | wc -l) -eq 1"
"$index" --db "$tmp/inside2" "$tmp/in/northmoor/03_care-provision.txt" "$tmp/in/northmoor" \
  2>"$tmp/err"; rc=$?
check "  the same with the file given first" \
  bash -c "test $rc -eq 0 && grep -q ' 1 report(s)' '$tmp/err'"

"$index" --db "$tmp/dirs" "$tmp/in" "$tmp/in" "$tmp/in/northmoor" 2>"$tmp/err"; rc=$?
check "a folder given twice, and a folder inside it: exit 0, no error, each report once" \
  bash -c "test $rc -eq 0 && ! grep -q ': error:' '$tmp/err' && grep -q ' 2 report(s)' '$tmp/err'"

# --- A folder of whole-report files tracks each file.
mkdir -p "$tmp/whole"
cp "$fx/pdf/wexham-metropolitan-borough-council.txt" "$fx/pdf/cinderford-borough-council.txt" \
  "$tmp/whole/"
cp "$fx/sections/northmoor-city-council/00_summary.txt" "$tmp/whole/northmoor.txt"
"$index" -q --db "$tmp/w" "$tmp/whole"
check "a folder of three whole-report files: three reports" test "$(reports "$tmp/w")" -eq 3
"$index" --db "$tmp/w" --remove "$tmp/whole/cinderford-borough-council.txt" 2>"$tmp/err"; rc=$?
check "--remove one file of the folder: exit 0, counted as removed" \
  bash -c "test $rc -eq 0 && grep -q ' 1 removed' '$tmp/err'"
check "  that report is gone, the others stay" \
  bash -c "'$index' --db '$tmp/w' --list >'$tmp/list' && ! grep -q cinderford '$tmp/list' && test \$(wc -l <'$tmp/list') -eq 2"
rm "$tmp/whole/wexham-metropolitan-borough-council.txt"
"$index" --db "$tmp/w" --prune 2>"$tmp/err"; rc=$?
check "a file deleted from the folder: --prune removes its report and counts it" \
  bash -c "test $rc -eq 0 && grep -q ' 1 removed' '$tmp/err' && ! '$index' --db '$tmp/w' --list | grep -q wexham"
check "  the folder's remaining report stays" test "$(reports "$tmp/w")" -eq 1
# The folder again after a file was deleted: the deleted file's report is
# removed (and counted), the others are read again (cinderford's file is
# still there: removing a report does not delete its file).
cp "$fx/pdf/wexham-metropolitan-borough-council.txt" "$tmp/whole/"
"$index" -q --db "$tmp/w" "$tmp/whole"
check "the folder again: its three reports" test "$(reports "$tmp/w")" -eq 3
rm "$tmp/whole/wexham-metropolitan-borough-council.txt"
"$index" --db "$tmp/w" "$tmp/whole" 2>"$tmp/err"
check "re-indexing the folder after a file was deleted counts its report as removed" \
  bash -c "grep -q ' 1 removed' '$tmp/err' && test \$('$index' --db '$tmp/w' --list | wc -l) -eq 2"

# More files than a report has sections: each file is a source of its own.
mkdir -p "$tmp/many"
for i in $(seq -w 1 26); do
  sed "s/Wexham/Wexham$i/g" "$fx/pdf/wexham-metropolitan-borough-council.txt" >"$tmp/many/w$i.txt"
done
"$index" -q --db "$tmp/m" "$tmp/many"
"$index" --db "$tmp/m" --remove "$tmp/many/w01.txt" 2>"$tmp/err"; rc=$?
check "a folder of 26 reports: --remove one file removes that report" \
  bash -c "test $rc -eq 0 && grep -q ' 1 removed' '$tmp/err' && test \$('$index' --db '$tmp/m' --list | wc -l) -eq 25"
rm "$tmp/many/w02.txt"
"$index" --db "$tmp/m" --prune 2>"$tmp/err"
check "  and --prune removes a deleted file's report, counted" \
  bash -c "grep -q ' 1 removed' '$tmp/err' && test \$('$index' --db '$tmp/m' --list | wc -l) -eq 24"

# --- --remove of something not indexed is an error naming it.
"$index" --db "$tmp/w" --remove nosuch 2>"$tmp/err"; rc=$?
check "--remove of nothing indexed exits 1" test $rc -eq 1
check "  and names it" grep -q "cqc-index: --remove 'nosuch': no indexed report" "$tmp/err"
"$index" --db "$tmp/w" --remove $'no\e[31msuch' 2>"$tmp/err"; rc=$?
check "  a control character in it is escaped, not sent to the terminal" \
  bash -c "test $rc -eq 1 && ! grep -q $'\e' '$tmp/err' && grep -qF 'no\\x1B[31msuch' '$tmp/err'"
"$index" --db "$tmp/w" --remove nosuch --remove "$tmp/whole/northmoor.txt" 2>"$tmp/err"; rc=$?
check "  one known and one unknown: the known one is removed, exit 1" \
  bash -c "test $rc -eq 1 && grep -q ' 1 removed' '$tmp/err' && test \$('$index' --db '$tmp/w' --list | wc -l) -eq 1"
"$index" -q --db "$tmp/sh" --shards 2 "$tmp/in"
"$index" --db "$tmp/sh" --remove nosuch 2>"$tmp/err"; rc=$?
check "  a sharded database too" bash -c "test $rc -eq 1 && grep -q \"'nosuch'\" '$tmp/err'"
"$index" --db "$tmp/sh" --remove "$tmp/in/one.txt" 2>"$tmp/err"; rc=$?
check "  and a removal one shard holds is no error" bash -c "test $rc -eq 0 && grep -q ' 1 removed' '$tmp/err'"
"$index" --help >"$tmp/help"
check "--help says --remove of nothing indexed exits 1" \
  grep -q -- "--remove named no indexed report" "$tmp/help"

# --- Report ids come from the content: the council and date, whatever the
# files are named and in whatever order they are given.
mkdir -p "$tmp/renamed/some-folder"
cp "$fx/web/ashby-vale-county-council/"* "$tmp/renamed/some-folder/"
cp "$fx/pdf/wexham-metropolitan-borough-council.txt" "$tmp/renamed/download (1).txt"
cp -r "$fx/sections/northmoor-city-council" "$tmp/renamed/nm"
"$index" -q --db "$tmp/ids1" "$fx/web/ashby-vale-county-council" "$fx/sections/northmoor-city-council" \
  "$fx/pdf/wexham-metropolitan-borough-council.txt"
"$index" -q --db "$tmp/ids2" "$tmp/renamed/download (1).txt" "$tmp/renamed/nm" "$tmp/renamed/some-folder"
check "report ids do not depend on file names or order" \
  bash -c "'$index' --db '$tmp/ids1' --list | cut -f1 >'$tmp/ids1.list' && '$index' --db '$tmp/ids2' --list | cut -f1 >'$tmp/ids2.list' && test \$(wc -l <'$tmp/ids1.list') -eq 3 && diff '$tmp/ids1.list' '$tmp/ids2.list'"

# --- Spelling data follows the index.
"$index" -q --db "$tmp/s" "$fx" "$src/corpus"
"$index" -q --db "$tmp/s" --remove "$src/corpus/london-borough-of-harrow"
c=$(corrected caldicot "$tmp/s")
check "after Harrow is removed, 'caldicot' suggests nothing of its ($c)" test "$c" = none
c=$(corrected coproduction "$tmp/s")
check "'coproduction' suggests the word reports write, not a part of it ($c)" test "$c" = co-production
n=$("$search" --db "$tmp/s" --json --autocorrect coproduction | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])")
check "  and the corrected query finds the co-production sections ($n)" test "$n" -ge 1
c=$(corrected respitte "$tmp/s")
check "  an ordinary misspelling is still corrected ($c)" test "$c" = respite
"$index" -q --db "$tmp/r" "$fx/rules"
for q in JSNA ICB OT LGSCO ot jsna MDT; do
  c=$(corrected "$q" "$tmp/r")
  check "the acronym '$q' is never corrected, even where nothing holds it ($c)" test "$c" = none
done

# --- CSV marks partial matches.
"$search" --db "$tmp/s" --csv carers zebracrossing >"$tmp/out"
check "--csv has a partial column, true on a partial match" \
  python3 -c "import csv; rows=list(csv.reader(open('$tmp/out'))); i=rows[0].index('partial'); assert len(rows)>1 and all(r[i]=='true' for r in rows[1:])"
"$search" --db "$tmp/s" --csv carers >"$tmp/out"
check "  and false on a match of every word" \
  python3 -c "import csv; rows=list(csv.reader(open('$tmp/out'))); i=rows[0].index('partial'); assert len(rows)>1 and all(r[i]=='false' for r in rows[1:])"

finish
