#!/usr/bin/env bash
# The two programs as a user runs them: exit codes, messages, default
# database, JSON on a pipe, colour only on request.
set -uo pipefail
index=$1 search=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export CQC_DB=$tmp/db
source "$(dirname "$0")/harness.sh"

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

# Hardening (issue 12): hostile files, other programs' databases, stub
# files, a full disk, reading under a writer's lock.
h=$tmp/hardening
mkdir -p "$h"
python3 - "$h" <<'PY'
import os, sys
h = sys.argv[1]
section = ("Safeguarding\n\nScore: 2\n\nKey findings for this quality statement\n\n"
           "Enquiries\n\nThe Quennell team cleared its backlog.\n")
# A 60 KB first line: the council's name as the parser reads it.
os.makedirs(f"{h}/in/long")
open(f"{h}/in/long/a.txt", "w").write("Greyhaven " + "x" * 60000 +
    "\n\nLocal authority assessment\n\nPublished: 12 March 2025\n\n" + section)
# CR-only line endings.
os.makedirs(f"{h}/in/cr")
open(f"{h}/in/cr/a.txt", "w", newline="").write(section.replace("\n", "\r").replace("Quennell", "Pellow"))
# A folder whose name is not UTF-8.
d = os.path.join(h.encode(), b"in", b"caf\xe9")
os.makedirs(d)
open(os.path.join(d, b"a.txt"), "w").write(section.replace("Quennell", "Tregarth"))
# A secret outside the folder, and a link to it inside.
os.makedirs(f"{h}/outside/secret")
open(f"{h}/outside/secret/a.txt", "w").write(section.replace("Quennell", "Zennor"))
os.symlink(f"{h}/outside/secret/a.txt", f"{h}/in/cr/b.txt")
PY
"$index" --db "$h/db" "$h/in" >/dev/null 2>"$tmp/err"; rc=$?
check "a 60 KB first line, CR-only lines and a name not in UTF-8 index (exit 0)" test $rc -eq 0
check "nothing but the database and its lock is left beside it" \
  bash -c "test \"\$(ls '$h' | tr '\n' ' ')\" = 'db db.lock in outside '"
"$search" --db "$h/db" --json --any Quennell Pellow Tregarth >"$tmp/out"
check "all three are found" python3 -c "import json; assert json.load(open('$tmp/out'))['total']==3"
check "a file name not in UTF-8 is warned about" grep -q "file name is not UTF-8" "$tmp/err"
"$search" --db "$h/db" Zennor >/dev/null; rc=$?
check "a link out of the folder is not followed" test $rc -eq 1
check "and the warning names the link" grep -q "in/cr/b.txt: warning: symbolic link to .* points out of .*; not followed" "$tmp/err"

# --list and searches read without the lock: they work while an indexer
# holds it (flock(1) stands in for one), and write nothing.
"$index" -q --db "$h/base" "$src/corpus"
flock "$h/base.lock" -c "'$index' --db '$h/base' --list >'$tmp/out' 2>'$tmp/err'; echo \$? >'$tmp/rc'"
check "--list works while another indexer holds the lock" \
  bash -c "test \$(cat '$tmp/rc') -eq 0 && grep -q '^london-borough-of-harrow' '$tmp/out'"
flock "$h/base.lock" -c "'$search' --db '$h/base' --scores >/dev/null; echo \$? >'$tmp/rc'"
check "--scores works while another indexer holds the lock" test "$(cat "$tmp/rc")" -eq 0
"$index" --db "$tmp/none" --list >/dev/null 2>"$tmp/err"; rc=$?
check "--list of no database exits 3 and creates none" \
  bash -c "test $rc -eq 3 && test ! -e '$tmp/none' && test ! -e '$tmp/none.lock'"

# A read-only file system (a read-only bind mount in a user namespace,
# where the kernel allows one; root ignores a folder's permissions).
if unshare -rm true 2>/dev/null; then
  unshare -rm bash -c "mount --bind '$h' '$h' && mount -o remount,ro,bind '$h' '$h' &&
    '$index' --db '$h/base' --list >'$tmp/ro-list' 2>&1 && '$search' --db '$h/base' Caldicott >/dev/null 2>&1"; rc=$?
  check "--list and search work on a read-only file system" test $rc -eq 0
else
  echo "skip --list on a read-only file system (no user namespaces here)"
fi

# Stub files are never opened: "remote :PROGRAM" would run the program.
printf 'remote :/bin/touch %s\n' "$h/ran" >"$h/stub-file"
mkdir "$h/stub-dir"
printf 'remote :/bin/touch %s\n' "$h/ran" >"$h/stub-dir/XAPIANDB"
# A file given as --db is a bad command line (exit 2); a folder holding a
# stub is not a database (exit 3).
for stub in stub-file:2 stub-dir:3; do
  name=${stub%:*} want=${stub#*:}
  "$search" --db "$h/$name" carers >/dev/null 2>"$tmp/err"; rc1=$?
  "$index" --db "$h/$name" --list >/dev/null 2>>"$tmp/err"; rc2=$?
  "$index" --db "$h/$name" "$src/corpus" >/dev/null 2>>"$tmp/err"; rc3=$?
  check "--db $name is refused by search, --list and indexing (exit $want)" \
    bash -c "test $rc1 -eq $want && test $rc2 -eq $want && test $rc3 -eq $want"
done
check "and the stub's program never ran" test ! -e "$h/ran"

# A database cqc-index did not create (here one with its mark removed, as
# omindex's has none) is refused, and nothing in or beside it changes.
cp -r "$h/base" "$h/other"
xapian-metadata set "$h/other" cqc:schema ""
before=$(ls -l --time-style=+%s.%N "$h/other" "$h" | md5sum)
"$index" --db "$h/other" "$src/corpus" >/dev/null 2>"$tmp/err"; rc=$?
check "another program's database is refused with exit 3" \
  bash -c "test $rc -eq 3 && grep -q 'writes only to databases it created' '$tmp/err'"
check "and nothing in or beside it changed" test "$(ls -l --time-style=+%s.%N "$h/other" "$h" | md5sum)" = "$before"

# A full disk during a first build: a 1 MB tmpfs in a user namespace.
if unshare -rm true 2>/dev/null; then
  mkdir "$h/small"
  python3 "$src/scripts/make-corpus" 30 "$h/gen" >/dev/null
  unshare -rm bash -c "mount -t tmpfs -o size=1m tmpfs '$h/small' &&
    '$index' --db '$h/small/db' -q '$h/gen' 2>'$tmp/err'; echo \$? >'$tmp/rc'; ls -A '$h/small' >'$tmp/left'"
  check "a first build on a full disk exits 3 and says 'disk full' with the path" \
    bash -c "test \$(cat '$tmp/rc') -eq 3 && grep -q 'disk full: no space left to write $h/small/db' '$tmp/err'"
  check "and removes its partial copies" test "$(cat "$tmp/left")" = "db.lock"
else
  echo "skip the full disk (no user namespaces here; scripts/crash-test has no root either)"
fi

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
  python3 -c "import json; d=json.load(open('$tmp/out')); assert d['mode']=='passages' and len(d['results'])==d['total']==2 and all('respite' in r['snippet'].lower() for r in d['results'])"
"$search" --terms 5 --json statement:governance >"$tmp/out"
check "--terms lists weighted terms" \
  python3 -c "import json; t=json.load(open('$tmp/out'))['terms']; assert len(t)==5 and all(x['weight']>0 for x in t)"
"$search" safegaurding >"$tmp/out"
check "a misspelling gets 'Did you mean'" grep -q "Did you mean: safeguarding" "$tmp/out"
"$search" --autocorrect --json safegaurding >"$tmp/out"
check "--autocorrect runs the corrected query" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert d['corrected']=='safeguarding' and d['total']>0"
"$search" --exact --json "replacement care" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--exact finds only the words typed: nothing stands in for them" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert all('matched_via' not in r for r in d['results'])"
"$search" --json "replacement care" >"$tmp/out" 2>"$tmp/err"
check "without --exact a stood-in word says so in matched_via" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert d['results'][0]['matched_via']=={'respite': 'replacement care'}"
check "with WordNet installed a search gives no WordNet warning" bash -c "! grep -q WordNet '$tmp/err'"
# --exact in the other modes: the grid's, the changes' and the export's
# matching sections are those holding the words typed.
for mode in "--scores --json" --export "--changes --json" "--similar london-borough-of-harrow/governance"; do
  "$search" $mode "replacement care" >"$tmp/wide" 2>"$tmp/err"
  "$search" $mode --exact "replacement care" >"$tmp/narrow" 2>"$tmp/err"; rc=$?
  check "$mode takes --exact (exit 0 or 1, no message)" bash -c "test $rc -le 1 && ! test -s '$tmp/err'"
  [ "$mode" = "--changes --json" ] && continue # one report: no changes either way
  [ "$mode" = "--similar london-borough-of-harrow/governance" ] && continue # no other report
  check "$mode --exact matches only the words typed (fewer than without)" \
    python3 -c "
import json
def count(f):
    text=open(f).read()
    return json.loads(text)['total'] if '$mode'!='--export' else len(text.splitlines())
assert count('$tmp/narrow') < count('$tmp/wide'), (count('$tmp/narrow'), count('$tmp/wide'))"
done

# --thesaurus: the user's own words, read and checked before any search.
printf '# our words\n=\tfront door|respite\tours\n' >"$tmp/ours.tsv"
"$search" --json "front door" >"$tmp/out" 2>"$tmp/err"
check "without --thesaurus nothing stands in for a council's own words" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert all('matched_via' not in r for r in d['results'])"
"$search" --thesaurus "$tmp/ours.tsv" --json "front door" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus FILE: its words stand in, and the hit says so" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert $rc==0 and d['total']>0 and d['results'][0]['matched_via']=={'respite': 'front door'}"
"$search" --scores --json "front door" >"$tmp/out2" 2>"$tmp/err"
"$search" --thesaurus "$tmp/ours.tsv" --scores --json "front door" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus works for the score grid too" \
  python3 -c "import json; d=json.load(open('$tmp/out')); p=json.load(open('$tmp/out2')); assert $rc==0 and d['total']>p['total'], (d['total'], p['total'])"
printf '=\tfront door|respite\tours\n=\tjust one\tours\n' >"$tmp/bad.tsv"
"$search" --thesaurus "$tmp/bad.tsv" carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus with a bad line exits 2 naming the file and line" \
  bash -c "test $rc -eq 2 && grep -q 'bad.tsv:2: fewer than two terms' '$tmp/err' && test ! -s '$tmp/out'"
"$search" --thesaurus "$tmp/nosuch.tsv" carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus with a missing file exits 2 saying so" \
  bash -c "test $rc -eq 2 && grep -q 'nosuch.tsv: cannot be read' '$tmp/err'"
"$search" --thesaurus "$tmp/ours.tsv" --exact carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus with --exact is refused" \
  bash -c "test $rc -eq 2 && grep -q 'does not combine with --exact' '$tmp/err'"
"$search" --thesaurus "$tmp/nosuch.tsv" --exact carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus: the options are checked before the file is read" \
  bash -c "test $rc -eq 2 && grep -q 'does not combine with --exact' '$tmp/err'"
"$search" --help --thesaurus "$tmp/nosuch.tsv" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--help with a --thesaurus file still shows the help" \
  bash -c "test $rc -eq 0 && grep -q 'thesaurus FILE' '$tmp/out'"
"$search" --thesaurus /dev/zero carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus of a device is refused, not read forever" \
  bash -c "test $rc -eq 2 && grep -q 'not a regular file' '$tmp/err'"
printf '\377\376=\000' >"$tmp/utf16.tsv"
"$search" --thesaurus "$tmp/utf16.tsv" carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus saved as UTF-16 says to save it as UTF-8" \
  bash -c "test $rc -eq 2 && grep -q 'UTF-16; save it as UTF-8' '$tmp/err'"
printf '# nothing yet\n' >"$tmp/empty.tsv"
"$search" --thesaurus "$tmp/empty.tsv" carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus with no lines warns, and searches" \
  bash -c "test $rc -eq 0 && grep -q 'empty.tsv: no thesaurus lines' '$tmp/err'"
printf '=\tmental capacity act|capacity law\tours\n' >"$tmp/named.tsv"
"$search" --thesaurus "$tmp/named.tsv" carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--thesaurus warns of a framework name it will not use, and searches" \
  bash -c "test $rc -eq 0 && grep -q 'warning: --thesaurus .*named.tsv:1: \"mental capacity act\" is a framework name' '$tmp/err'"
CQC_WORDNET_DIR=$tmp/no-wordnet "$search" carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "missing WordNet files: the search still runs, with a warning naming the folder" \
  bash -c "test $rc -eq 0 && grep -q 'warning: WordNet' '$tmp/err' && grep -q '$tmp/no-wordnet' '$tmp/err' && grep -q wordnet-base '$tmp/err'"
CQC_WORDNET_DIR=$tmp/no-wordnet "$search" --exact carers >"$tmp/out" 2>"$tmp/err"
check "--exact needs no WordNet and warns of none" bash -c "! test -s '$tmp/err'"
"$search" --sort sideways carers >/dev/null 2>"$tmp/err"; rc=$?
check "a bad --sort exits 2 with a message" bash -c "test $rc -eq 2 && grep -q 'cannot sort by' '$tmp/err'"
"$search" --similar nope/none >/dev/null 2>"$tmp/err"; rc=$?
check "--similar with an unknown id exits 2" bash -c "test $rc -eq 2 && grep -q \"no section with id 'nope/none'\" '$tmp/err'"
"$search" --export >"$tmp/out"
check "--export prints one JSON line per section" \
  python3 -c "import json; rows=[json.loads(l) for l in open('$tmp/out')]; assert len(rows)==5 and all(r['text'] for r in rows)"

# Editions (issue 10): two editions of one council and another council,
# made from the web fixtures: the second Ashby Vale edition is published
# later, with a lower assessing-needs score and one more paragraph.
ed=$tmp/editions
mkdir -p "$ed/a" "$ed/b"
cp -r "$src/tests/fixtures/web/ashby-vale-county-council" "$ed/a/ashby-first"
cp -r "$src/tests/fixtures/web/darrowfield-council" "$ed/a/darrowfield"
cp -r "$src/tests/fixtures/web/ashby-vale-county-council" "$ed/b/ashby-second"
sed -i 's/12 March 2025/2 February 2026/' "$ed/b/ashby-second/"*.txt
sed -i 's/^3 - Evidence shows a good standard$/2 - Evidence shows some shortfalls/' "$ed/b/ashby-second/01-assessing-needs.txt"
sed -i '0,/^3 - Evidence shows a good standard$/s//2 - Evidence shows some shortfalls/' "$ed/b/ashby-second/00-overall-summary.txt"
# A paragraph added at the section's end, above its footer (after it is not the report).
sed -i 's/^© Care Quality Commission$/Carers now get a same-day callback from the new front door team.\n\n&/' "$ed/b/ashby-second/01-assessing-needs.txt"
"$index" -q --db "$ed/db" "$ed/a" "$ed/b" 2>"$tmp/err"
"$index" -q --db "$ed/dba" "$ed/a" 2>>"$tmp/err"
"$index" -q --db "$ed/dbb" "$ed/b" 2>>"$tmp/err"
E=(--db "$ed/db")

"$search" "${E[@]}" --json published:2026 >"$tmp/out"; rc=$?
check "published:2026 finds the later edition only" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert $rc==0 and d['total']==5 and {r['published'] for r in d['results']}=={'2026-02-02'} and all('assessed' in r for r in d['results'])"
"$search" "${E[@]}" published:2025-03 >/dev/null; rc=$?
check "published:2025-03 matches (exit 0)" test $rc -eq 0
"$search" "${E[@]}" published:2023-12-01..2025-03-12 --json >"$tmp/out"; rc=$?
check "a published: range of days" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert $rc==0 and d['total']==9"
"$search" "${E[@]}" published:2026.. >/dev/null; rc1=$?
"$search" "${E[@]}" published:..2023 >/dev/null; rc2=$?
"$search" "${E[@]}" published:1999 >"$tmp/out"; rc3=$?
check "open published: ranges match; a year with no report exits 1" \
  bash -c "test $rc1 -eq 0 && test $rc2 -eq 0 && test $rc3 -eq 1"
for bad in published:2025-13 published:abc published:2025..2024; do
  "$search" "${E[@]}" "$bad" >/dev/null 2>"$tmp/err"; rc=$?
  check "$bad exits 2 with a message" bash -c "test $rc -eq 2 && grep -q 'published' '$tmp/err'"
done
"$search" "${E[@]}" --json -n 50 --sort published carers >"$tmp/out"; rc=$?
"$search" "${E[@]}" --json -n 50 --sort -published carers >"$tmp/out2"
check "--sort published and -published order by date" \
  python3 -c "
import json
a=[r['published'] for r in json.load(open('$tmp/out'))['results']]
d=[r['published'] for r in json.load(open('$tmp/out2'))['results']]
assert $rc==0 and a==sorted(a) and d==sorted(d, reverse=True) and a[0]=='2023-12-01' and d[0]=='2026-02-02'"
"$search" "${E[@]}" --csv carers >"$tmp/out"
check "--csv has a published column" \
  python3 -c "import csv; rows=list(csv.reader(open('$tmp/out'))); i=rows[0].index('published'); assert len(rows)>2 and all(r[i] for r in rows[1:])"
"$search" "${E[@]}" carers >"$tmp/out"
check "the terminal shows the date next to the council" grep -q "Ashby Vale County Council (2026-02-02) - " "$tmp/out"
"$search" "${E[@]}" --latest --json -n 50 carers >"$tmp/out"
check "--latest drops the superseded edition" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert d['total']>0 and '2025-03-12' not in {r['published'] for r in d['results']}"
"$search" "${E[@]}" --latest --scores --json >"$tmp/out"
check "--latest --scores keeps one report per council, with published" \
  python3 -c "import json; r=json.load(open('$tmp/out'))['reports']; assert sorted(x['published'] for x in r)==['2023-12-01','2026-02-02'] and all('assessed' in x for x in r)"
"$search" "${E[@]}" --latest --facets --json carers >"$tmp/out"
check "--latest --facets counts the newest editions" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert sum(d['facets']['authority'].values())==d['total']"
"$search" "${E[@]}" --latest --export >"$tmp/out"
check "--latest --export leaves out the older edition" \
  python3 -c "import json; rows=[json.loads(l) for l in open('$tmp/out')]; assert len(rows)==9 and '2025-03-12' not in {r['published'] for r in rows}"
"$search" --db "$ed/dba" --db "$ed/dbb" --latest --scores --json >"$tmp/out"
check "--latest across --db A --db B" \
  python3 -c "import json; r=json.load(open('$tmp/out'))['reports']; assert sorted(x['published'] for x in r)==['2023-12-01','2026-02-02']"
"$search" "${E[@]}" --changes --json >"$tmp/out"; rc=$?
check "--changes --json: the two editions, changed scores and paragraphs" \
  python3 -c "
import json
c=json.load(open('$tmp/out'))['changes']
assert $rc==0 and len(c)==1
x=c[0]
assert x['authority']=='Ashby Vale County Council'
assert set(x['from'])=={'report','published','rating','percent'} and set(x['to'])==set(x['from'])
assert x['from']['published']=='2025-03-12' and x['to']['published']=='2026-02-02'
assert x['from']['percent']==78 and x['to']['percent']==75
assert x['scores']=={'assessing-needs': {'from': 3, 'to': 2}}
assert x['paragraphs']=={'assessing-needs': {'added': 1, 'removed': 0}}"
"$search" "${E[@]}" --changes >"$tmp/out"; rc=$?
check "--changes on a terminal shows arrows" bash -c "test $rc -eq 0 && grep -q 'assessing-needs *3 → 2' '$tmp/out'"
"$search" "${E[@]}" --changes --csv >"$tmp/out"
check "--changes --csv: a row per changed statement" \
  python3 -c "import csv; rows=list(csv.reader(open('$tmp/out'))); assert len(rows)==2 and rows[1][rows[0].index('statement')]=='assessing-needs'"
"$search" "${E[@]}" --changes callback >/dev/null; rc1=$?
"$search" "${E[@]}" --changes Darrowfield >"$tmp/out"; rc2=$?
"$search" --changes >/dev/null; rc3=$?
check "--changes QUERY: councils with a match in either edition, else exit 1" \
  bash -c "test $rc1 -eq 0 && test $rc2 -eq 1 && test $rc3 -eq 1"
"$search" "${E[@]}" --changes --scores >/dev/null 2>&1; rc=$?
check "--changes with --scores exits 2" test $rc -eq 2
"$search" --help >"$tmp/help"
check "--help documents --changes, --latest and published:" \
  bash -c "grep -q -- '--changes' '$tmp/help' && grep -q -- '--latest' '$tmp/help' && grep -q 'published:2025' '$tmp/help'"

# Queries that mean what they say (issue 11), over the corpus and the
# fixtures: ten councils, some statements scored only in a score table.
"$index" -q --db "$tmp/fx" "$src/corpus" "$src/tests/fixtures" 2>/dev/null
F=(--db "$tmp/fx")
"$search" "${F[@]}" --json -n 50 carers authority:kettlewick >"$tmp/out"; rc=$?
check "carers authority:kettlewick returns Kettlewick only" \
  bash -c "test $rc -eq 0 && test \"\$(python3 -c \"import json; print('|'.join(sorted({r['authority'] for r in json.load(open('$tmp/out'))['results']})))\")\" = 'Royal Borough of Kettlewick'"
"$search" "${F[@]}" --json -n 50 carers >"$tmp/all"
check "a filter narrows: fewer results than the words alone" \
  python3 -c "import json; a=json.load(open('$tmp/out')); b=json.load(open('$tmp/all')); assert 0 < a['total'] < b['total']"
for spelt in 'authority:"Royal Borough of Kettlewick"' 'authority:royal-borough-of-kettlewick' \
             'authority:"ROYAL borough, of Kettlewick"' 'authority:"borough of kettlewick"' \
             'council:kettlewick' 'la:Kettlewick' 'Authority:kettlewick'; do
  "$search" "${F[@]}" --json -n 50 "$spelt" >"$tmp/out"; rc=$?
  check "$spelt finds Kettlewick's sections only" \
    bash -c "test $rc -eq 0 && test \"\$(python3 -c \"import json; d=json.load(open('$tmp/out')); print(d['total'], '|'.join(sorted({r['authority'] for r in d['results']})))\")\" = '5 Royal Borough of Kettlewick'"
done
"$search" "${F[@]}" --json -n 50 'authority:harrow authority:kettlewick statement:governance' >"$tmp/out"
check "two councils are OR-ed, different fields AND-ed" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert sorted((r['authority'], r['statement']) for r in d['results'])==[('London Borough of Harrow','governance'),('Royal Borough of Kettlewick','governance')]"
"$search" "${F[@]}" carers authority:kettlewik >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a misspelt council: exit 2, 'did you mean' the council" \
  bash -c "test $rc -eq 2 && test ! -s '$tmp/out' && test \$(wc -l <'$tmp/err') -eq 1 && grep -q \"no council named 'kettlewik'; did you mean Royal Borough of Kettlewick?\" '$tmp/err'"
"$search" "${F[@]}" --json 'Statement:safeguarding' >"$tmp/out"; rc=$?
check "prefixes ignore case (Statement:safeguarding)" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert $rc==0 and d['total']==5 and {r['statement'] for r in d['results']}=={'safeguarding'}"
"$search" "${F[@]}" --json -n 50 'statement:(equity OR safeguarding)' >"$tmp/out"; rc=$?
"$search" "${F[@]}" --json -n 50 'statement:equity statement:safeguarding' >"$tmp/out2"
check "statement:(equity OR safeguarding) is the two statements" \
  python3 -c "
import json
a=json.load(open('$tmp/out')); b=json.load(open('$tmp/out2'))
assert $rc==0 and {r['statement'] for r in a['results']}=={'equity','safeguarding'}
assert sorted(r['id'] for r in a['results'])==sorted(r['id'] for r in b['results'])"
"$search" "${F[@]}" --json -n 50 'carers heading:"information security"' >"$tmp/out"; rc=$?
check "heading: filters (sections with that subheading only)" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert $rc==0 and [r['id'] for r in d['results']]==['london-borough-of-harrow/governance']"
"$search" "${F[@]}" --json -n 50 'carers section:summary' >"$tmp/out"; rc=$?
check "section: filters (summaries only)" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert $rc==0 and d['total']>0 and all(r['statement'] is None for r in d['results'])"

# Clear errors: exit 2, one line naming the problem.
bad_query() { # description, query, fragment of the message
  "$search" "${F[@]}" "$2" >"$tmp/out" 2>"$tmp/err"; local rc=$?
  check "$1" bash -c "test $rc -eq 2 && test ! -s '$tmp/out' && test \$(wc -l <'$tmp/err') -eq 1 && grep -qF -- \"\$1\" '$tmp/err'" _ "$3"
}
bad_query "an unknown field is refused with the list of fields" 'carers foo:bar' \
  "unknown field 'foo:'; the fields are authority:, statement:"
bad_query "score:abc is not a score" 'score:abc' "'abc' is not a score"
bad_query "score:5 is not a score" 'score:5' "'5' is not a score"
bad_query "score:0 is not a score" 'score:0' "'0' is not a score"
bad_query "a reversed score range" 'score:3..1' "the range score:3..1 ends before it starts"
bad_query "a reversed score range with a dash" 'score:4-2' "the range score:4..2 ends before it starts"
bad_query "statement:(a AND b) is refused" 'statement:(equity AND safeguarding)' \
  "statement:(...) takes values separated by OR"
"$search" "${F[@]}" --json score:1-2 >"$tmp/out"; rc=$?
"$search" "${F[@]}" --json score:1..2 >"$tmp/out2"
check "score:1-2 is the range score:1..2" \
  python3 -c "import json; a=json.load(open('$tmp/out')); b=json.load(open('$tmp/out2')); assert $rc==0 and a['total']==b['total']>0 and all(r['score'] in (1,2) for r in a['results'])"
"$search" "${F[@]}" --json -n 100 -- -carers >"$tmp/out"; rc=$?
"$search" "${F[@]}" --json -n 100 --any carers >"$tmp/all"
"$search" "${F[@]}" --export >"$tmp/export"
check "-carers alone is every section except those with carers" \
  python3 -c "
import json
d=json.load(open('$tmp/out')); c=json.load(open('$tmp/all')); n=sum(1 for _ in open('$tmp/export'))
assert $rc==0 and d['total']==n-c['total']>0
assert not {r['id'] for r in d['results']} & {r['id'] for r in c['results']}"

# All words by default, relaxed; --any and --all.
"$search" "${F[@]}" --json -n 50 'respite unpaid carers hub' >"$tmp/out"; rc=$?
"$search" "${F[@]}" --export 'respite unpaid carers hub' >"$tmp/both"
check "all words by default: total counts the sections holding every word" \
  python3 -c "
import json
d=json.load(open('$tmp/out')); full=[json.loads(l) for l in open('$tmp/both')]
assert $rc==0 and d['total']==len(full)>=1
assert all(not r.get('partial') for r in d['results'][:d['total']])"
check "fewer than the limit: partial matches follow, marked" \
  python3 -c "
import json
d=json.load(open('$tmp/out')); rest=d['results'][d['total']:]
assert rest and all(r['partial'] is True for r in rest)
assert [r['rank'] for r in d['results']]==list(range(1, len(d['results'])+1))"
"$search" "${F[@]}" -n 5 'respite unpaid carers hub' >"$tmp/out"
check "the terminal marks where partial matches begin" grep -q "partial matches" "$tmp/out"
"$search" "${F[@]}" --json -n 50 --all 'respite unpaid carers hub' >"$tmp/out"
check "--all: no partial matches" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert len(d['results'])==d['total'] and not any(r.get('partial') for r in d['results'])"
"$search" "${F[@]}" --json -n 50 --any 'respite unpaid carers hub' >"$tmp/out2"
check "--any: sections holding any word, counted in the total" \
  python3 -c "import json; a=json.load(open('$tmp/out')); b=json.load(open('$tmp/out2')); assert b['total']>a['total'] and not any(r.get('partial') for r in b['results'])"
"$search" "${F[@]}" --all --any carers >/dev/null 2>&1; rc=$?
check "--all with --any exits 2" test $rc -eq 2

# The score grid answers from every score known.
"$search" "${F[@]}" --scores --json 'statement:safeguarding score:2' >"$tmp/out"; rc=$?
check "--scores 'statement:safeguarding score:2' includes councils scored only in the table" \
  python3 -c "
import json
r=json.load(open('$tmp/out'))['reports']
names={x['authority'] for x in r}
assert $rc==0 and 'London Borough of Harrow' in names, names
assert all(x['scores']['safeguarding']==2 for x in r)"
"$search" "${F[@]}" --scores --json >"$tmp/all"
check "... and exactly the reports whose safeguarding score is 2" \
  python3 -c "
import json
r=json.load(open('$tmp/out'))['reports']; a=json.load(open('$tmp/all'))['reports']
assert sorted(x['report'] for x in r)==sorted(x['report'] for x in a if x['scores']['safeguarding']==2)"
"$search" "${F[@]}" --json 'authority:oxley statement:safeguarding' >"$tmp/out"
check "a section's score agrees with its report's score table" \
  python3 -c "
import json
s=json.load(open('$tmp/out'))['results'][0]; a=json.load(open('$tmp/all'))['reports']
table=[x for x in a if x['authority']=='Oxley Marsh Borough Council'][0]['scores']['safeguarding']
assert s['score']==table==3"
"$search" "${F[@]}" --scores --json --sort -percent >"$tmp/out"
check "--scores --sort -percent" \
  python3 -c "import json; p=[x['percent'] for x in json.load(open('$tmp/out'))['reports']]; assert len(p)==10 and p==sorted(p, reverse=True)"
"$search" "${F[@]}" --scores --json --sort safeguarding >"$tmp/out"
check "--scores --sort STATEMENT" \
  python3 -c "import json; p=[x['scores']['safeguarding'] for x in json.load(open('$tmp/out'))['reports']]; assert p==sorted(p) and p[0] < p[-1]"
"$search" "${F[@]}" --scores --json --sort authority -n 3 --offset 2 >"$tmp/out"
check "--scores honours -n and --offset, and says the total" \
  python3 -c "
import json
d=json.load(open('$tmp/out')); a=json.load(open('$tmp/all'))
assert d['total']==10 and [x['report'] for x in d['reports']]==[x['report'] for x in a['reports']][2:5]"
"$search" "${F[@]}" --scores --sort score >/dev/null 2>"$tmp/err"; rc=$?
check "--scores --sort with a key it lacks exits 2" \
  bash -c "test $rc -eq 2 && grep -q 'cannot sort the score grid by' '$tmp/err'"

"$search" "${F[@]}" --export statement:safeguarding >"$tmp/out"; rc=$?
check "--export honours the query" \
  python3 -c "import json; rows=[json.loads(l) for l in open('$tmp/out')]; assert $rc==0 and len(rows)==5 and {r['statement'] for r in rows}=={'safeguarding'}"
"$search" "${F[@]}" --export zebracrossing >"$tmp/out"; rc=$?
check "--export with a query nothing matches exits 1" bash -c "test $rc -eq 1 && test ! -s '$tmp/out'"

# Passages follow the query; text is shown as published (issue 11, points 4
# and 5). Highlights in JSON are code point ranges, so Python slices them.
"$search" --passages --json '"hospital discharge"' >"$tmp/out"
check "--passages of a phrase: each paragraph holds the phrase, and only the phrase is highlighted" \
  python3 -c "
import json, re
d=json.load(open('$tmp/out')); rs=d['results']
assert d['highlight_unit']=='codepoint' and len(rs)>=2, d
for r in rs:
    s=r['snippet']; hs=r['highlights']
    assert 'presented at hospital' not in s, s
    assert hs and len(hs)%2==0, hs
    for (b1,e1),(b2,e2) in zip(hs[::2], hs[1::2]):
        assert re.fullmatch(r'hospital discharges?', s[b1:e2], re.I), s[b1:e2]"
"$search" --passages --json 'discharge NEAR/3 hospital' >"$tmp/out"
check "--passages of NEAR: the words within the window, not further apart" \
  python3 -c "
import json
rs=json.load(open('$tmp/out'))['results']
assert rs and not any('presented at hospital' in r['snippet'] for r in rs), rs"
for pair in "JSNA|Joint Strategic Needs Assessment" "ICB|integrated care boards" \
            "OT|occupational therapy"; do
  acronym=${pair%%|*} words=${pair#*|}
  for mode in --passages --snippets; do
    opts=(--json); [ "$mode" = --passages ] && opts+=(--passages)
    "$search" "${opts[@]}" "$acronym" >"$tmp/out"
    check "$acronym ($mode): '$words' is found and highlighted" python3 -c "
import json
rs=json.load(open('$tmp/out'))['results']
assert rs, 'no results'
words='$words'.split()
for r in rs[:1] if '$mode'=='--snippets' else rs:
    s=r['snippet']; hs=r['highlights']
    shown=[s[b:e] for b,e in hs]
    assert r['passage_matches'] and shown[:len(words)]==words, (s, shown)"
  done
done
"$search" --json 'Caldicott AND workloads' >"$tmp/out"
check "an AND no single paragraph holds is flagged, with the closest paragraph highlighted" \
  python3 -c "
import json
rs=json.load(open('$tmp/out'))['results']
assert len(rs)==1 and rs[0]['passage_matches'] is False and rs[0]['highlights'], rs"
"$search" 'Caldicott AND workloads' >"$tmp/out"
check "and the terminal says so" grep -q "no single paragraph matches the whole query" "$tmp/out"
"$search" --passages 'Caldicott AND workloads' >"$tmp/out"
check "--passages says so too, and shows the closest paragraphs" \
  bash -c "grep -q 'no single paragraph matches the whole query' '$tmp/out' && grep -q Caldicott '$tmp/out'"
"$search" --json Caldicott >"$tmp/out"
check "a paragraph that matches is not flagged" \
  python3 -c "import json; assert json.load(open('$tmp/out'))['results'][0]['passage_matches'] is True"
"$search" --json 'conversation cafe' >"$tmp/out"
check "snippets show the report's own characters (Café), highlighted by code point" \
  python3 -c "
import json
rs=[r for r in json.load(open('$tmp/out'))['results'] if 'Conversation Café' in r['snippet']]
assert rs and 'Café' in [rs[0]['snippet'][b:e] for b,e in rs[0]['highlights']], rs"
"$search" 'conversation cafe' >"$tmp/out"
check "the terminal shows Café" grep -q "Conversation Café" "$tmp/out"
"$search" --csv 'conversation cafe' >"$tmp/out"
check "CSV shows Café" grep -q "Conversation Café" "$tmp/out"
"$search" --export >"$tmp/out"
check "--export shows Café" grep -q "Conversation Café" "$tmp/out"
"$index" -q --db "$tmp/ashby" "$src/tests/fixtures/web/ashby-vale-county-council" 2>/dev/null
"$search" --db "$tmp/ashby" --json --passages 'extra mile' >"$tmp/out"
check "curly quotes and dashes are shown as published, highlights counted in code points" \
  python3 -c "
import json
rs=json.load(open('$tmp/out'))['results']
s=rs[0]['snippet']
assert '\u201cgone the extra mile\u201d' in s, s
assert [s[b:e] for b,e in rs[0]['highlights']]==['extra','mile'], rs[0]"
"$search" --db "$tmp/ashby" --json 'regain confidence' >"$tmp/out"
check "dashes are shown as published" \
  python3 -c "import json; assert 'confidence \u2013 one' in json.load(open('$tmp/out'))['results'][0]['snippet']"
"$search" --db "$tmp/ashby" --export >"$tmp/out"
check "--export keeps curly apostrophes" grep -q "people’s" "$tmp/out"

# Output hardening (issue 12) and output people can read (issue 11 point 10).
# A report whose council name and text carry escape sequences (clear the
# screen, set the window title), a bidi override and a backspace.
hostile=$tmp/hostile
mkdir -p "$hostile/in"
cp -r "$src/tests/fixtures/web/darrowfield-council" "$hostile/in/darrow"
sed -i $'s/Darrowfield Council/Darrow\x1b]0;pwned\x07field\x1b[2J Council\xe2\x80\xae/g' "$hostile/in/darrow/"*.txt
printf '\nCarers saw \x1b[8mhidden\x1b[0m text and a back\x08\x08\x08\x08space.\n' >>"$hostile/in/darrow/01-assessing-needs.txt"
"$index" -q --db "$hostile/db" "$hostile/in" 2>"$tmp/err"
H=(--db "$hostile/db")
# Exit 0 when a file holds none of ESC, BEL, backspace or U+202E as it is.
cat >"$tmp/clean.py" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
sys.exit(1 if any(c in data for c in (b'\x1b', b'\x07', b'\x08', '\u202e'.encode())) else 0)
PY
"$search" "${H[@]}" --passages carers >"$tmp/out" 2>&1; rc=$?
check "report text and names reach a terminal escaped (exit 0)" \
  bash -c "test $rc -eq 0 && python3 '$tmp/clean.py' '$tmp/out'"
check "and are shown as \\xNN and \\u{NNNN}" \
  bash -c "grep -qF 'Darrow\x1B]0;pwned\x07field\x1B[2J Council\u{202E}' '$tmp/out' && grep -qF 'back\x08\x08' '$tmp/out'"
"$search" "${H[@]}" --color always carers >"$tmp/out"
check "with --color always the only escapes are the colours" \
  python3 -c "
import re; t=open('$tmp/out', encoding='utf-8').read()
assert re.sub(r'\x1b\[[0-9;]*m', '', t).count('\x1b') == 0 and '\x1b[1;31m' in t"
"$search" "${H[@]}" --json carers >"$tmp/out"
check "JSON escapes them and keeps the characters" \
  bash -c "python3 '$tmp/clean.py' '$tmp/out' && python3 -c \"
import json; d=json.load(open('$tmp/out'))
assert d['results'][0]['authority']=='Darrow\x1b]0;pwned\x07field\x1b[2J Council\u202e'\""
"$search" "${H[@]}" --csv carers >"$tmp/out"
check "CSV escapes them" \
  bash -c "python3 '$tmp/clean.py' '$tmp/out' && grep -qF 'Darrow\x1B]0;' '$tmp/out'"
"$search" --json $'carers \xff\xfe' >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--json with a query that is not UTF-8 does not abort (exit 0)" test $rc -eq 0
check "and prints valid JSON with U+FFFD for the bad bytes" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert d['query']=='carers \ufffd\ufffd' and len(d['results'])>0"

# CSV formula injection: a council name a spreadsheet would run.
mkdir -p "$hostile/formula"
cp -r "$src/tests/fixtures/web/darrowfield-council" "$hostile/formula/darrow"
sed -i 's/Darrowfield Council/=HYPERLINK("http:\/\/example.com","Darrowfield Council")/g' "$hostile/formula/darrow/"*.txt
"$index" -q --db "$hostile/formula.db" "$hostile/formula" 2>"$tmp/err"
"$search" --db "$hostile/formula.db" --csv carers >"$tmp/out"
check "a CSV cell starting with = is prefixed with '" \
  python3 -c "import csv; rows=list(csv.reader(open('$tmp/out'))); i=rows[0].index('authority'); assert rows[1][i]=='\\'=HYPERLINK(\"http://example.com\",\"Darrowfield Council\")', rows[1][i]"

# A newline in a path or name never forges a line of stderr.
"$search" --db $'nowhere\ncqc-search: forged' carers >/dev/null 2>"$tmp/err"
check "a newline in --db does not start a line of stderr (cqc-search)" \
  bash -c "test \$(wc -l <'$tmp/err') -eq 1 && grep -qF 'nowhere\x0Acqc-search: forged' '$tmp/err'"
"$index" --remove $'nosuch\ncqc-index: forged' 2>"$tmp/err" >/dev/null
"$index" -q --db "$tmp/nl"$'\nforged' "$src/corpus" 2>>"$tmp/err" >/dev/null
"$index" --db "$tmp/nl"$'\nforged' "$src/corpus" 2>>"$tmp/err" >/dev/null
check "a newline in --remove or --db does not start a line of stderr (cqc-index)" \
  bash -c "! grep -q '^forged' '$tmp/err' && ! grep -q '^cqc-index: forged' '$tmp/err' && grep -qF 'nl\x0Aforged' '$tmp/err'"

# Output that cannot be written: a line and exit 3, never a silent 0.
for args in "carers" "--json carers" "--export" "--scores"; do
  "$search" $args >/dev/full 2>"$tmp/err"; rc=$?
  check "cqc-search $args >/dev/full exits 3 with a line" \
    bash -c "test $rc -eq 3 && grep -q 'cqc-search: cannot write the output: No space left on device' '$tmp/err'"
done
"$search" --json carers >&- 2>"$tmp/err"; rc=$?
check "cqc-search with stdout closed exits 3 with a line" \
  bash -c "test $rc -eq 3 && grep -q 'cqc-search: cannot write the output' '$tmp/err'"
"$index" --list >/dev/full 2>"$tmp/err"; rc=$?
check "cqc-index --list >/dev/full exits 3 with a line" \
  bash -c "test $rc -eq 3 && grep -q 'cqc-index: cannot write the output' '$tmp/err'"
"$index" --show-blocks "$src/corpus/london-borough-of-harrow/"*.txt >/dev/full 2>"$tmp/err"; rc=$?
check "cqc-index --show-blocks >/dev/full exits 3 with a line" \
  bash -c "test $rc -eq 3 && grep -q 'cqc-index: cannot write the output' '$tmp/err'"

# Messages that cannot be written: exit 4 where the run would have said 0,
# and a closed stderr is never handed to a database file.
"$index" --db "$tmp/stderr-full" "$src/corpus" 2>/dev/full; rc=$?
check "cqc-index 2>/dev/full (its summary lost) exits 4" test $rc -eq 4
check "... and still indexed the corpus" \
  bash -c "'$search' --db '$tmp/stderr-full' carers >/dev/null"
"$index" --db "$tmp/stderr-closed" "$src/corpus" 2>&-; rc=$?
check "cqc-index with stderr closed exits 4" test $rc -eq 4
check "... and its database holds no message text" \
  bash -c "'$search' --db '$tmp/stderr-closed' carers >/dev/null && ! grep -rqa 'report(s)' '$tmp'/stderr-closed*"
"$index" -q --db "$tmp/stderr-quiet" "$src/corpus" 2>/dev/full; rc=$?
check "cqc-index -q 2>/dev/full (nothing to say) exits 0" test $rc -eq 0
"$search" --db "$tmp/stderr-full" --timings carers >/dev/null 2>/dev/full; rc=$?
check "cqc-search --timings 2>/dev/full exits 4" test $rc -eq 4
"$search" --db "$tmp/stderr-full" zebracrossing >/dev/null 2>/dev/full; rc=$?
check "cqc-search with no match keeps exit 1 whatever stderr does" test $rc -eq 1

# Numbers are checked: never wrapped, never infinite.
for args in "--offset 4294967296" "--offset -3" "-n -1" "--limit 1000001" "--terms -5" "--terms 0"; do
  opt=${args%% *}; [ "$opt" = -n ] && opt=--limit
  "$search" $args carers >/dev/null 2>"$tmp/err"; rc=$?
  check "cqc-search $args exits 2 naming $opt and its range" \
    bash -c "test $rc -eq 2 && grep -q -- \"^cqc-search: $opt takes a whole number from [0-9]* to [0-9]*, not '\" '$tmp/err'"
done
for args in "--wait inf" "--wait 1e10" "--wait -1" "--wait nan" "--shards -1" "--shards 0" "--shards 4294967297"; do
  opt=${args%% *}
  "$index" -q --db "$tmp/numbers" $args "$src/corpus" >/dev/null 2>"$tmp/err"; rc=$?
  check "cqc-index $args exits 2 naming $opt and its range" \
    bash -c "test $rc -eq 2 && grep -q -- \"^cqc-index: $opt takes a .* from [0-9]* to [0-9]*, not '\" '$tmp/err' && test ! -e '$tmp/numbers'"
done
touch "$tmp/plain-file"
for tool in "$index" "$search"; do
  name=$(basename "$tool")
  before=$(find "$CQC_DB" -newer "$tmp/plain-file" | wc -l)
  "$tool" --db '' carers >/dev/null 2>"$tmp/err"; rc=$?
  check "$name --db '' exits 2 and writes nothing" \
    bash -c "test $rc -eq 2 && grep -q -- '--db needs a database directory' '$tmp/err' && test \$(find '$CQC_DB' -newer '$tmp/plain-file' | wc -l) -eq $before"
  "$tool" --db "$tmp/plain-file" carers >/dev/null 2>"$tmp/err"; rc=$?
  check "$name --db FILE exits 2" \
    bash -c "test $rc -eq 2 && grep -q -- 'is not a directory' '$tmp/err' && test ! -s '$tmp/plain-file'"
done

# Colour on a terminal (script(1) gives the program one), unless NO_COLOR
# or TERM=dumb says otherwise.
# script(1) is in util-linux (bsdutils), on every Debian system: its absence
# is a broken machine, said as a failure, not a silent skip.
check "script(1) is there to give the program a terminal" command -v script
if command -v script >/dev/null; then
  script -qec "'$search' Caldicott" /dev/null >"$tmp/out"
  check "a terminal gets colour" grep -q $'\x1b\\[' "$tmp/out"
  script -qec "NO_COLOR=1 '$search' Caldicott" /dev/null >"$tmp/out"
  check "NO_COLOR=1 turns colour off" bash -c "grep -q Caldicott '$tmp/out' && ! grep -q $'\x1b' '$tmp/out'"
  script -qec "TERM=dumb '$search' Caldicott" /dev/null >"$tmp/out"
  check "TERM=dumb turns colour off" bash -c "grep -q Caldicott '$tmp/out' && ! grep -q $'\x1b' '$tmp/out'"
  script -qec "NO_COLOR=1 '$search' --color always Caldicott" /dev/null >"$tmp/out"
  check "--color always wins over NO_COLOR" grep -q $'\x1b\\[' "$tmp/out"
fi

# Facets people can read: names in columns, top values first.
"$search" "${E[@]}" --facets carers >"$tmp/out"
check "terminal facets name statements and ratings, one value a line with its count" \
  python3 -c "
import re; lines=open('$tmp/out').read().split('\n')
i=[n for n,l in enumerate(lines) if l.startswith('statement ')][0]
assert re.fullmatch(r'statement +[A-Z][a-z ,]+[a-z] +[0-9]+', lines[i]), lines[i]
assert any(re.fullmatch(r' +(Good|Requires improvement) +[0-9]+', l) for l in lines), lines
facets='\n'.join(lines[[n for n,l in enumerate(lines) if l.startswith('authority ')][0]:])
assert not re.search(r'assessing-needs|working-with-people|requires-improvement|learning-improvement', facets)"
check "their counts line up" \
  python3 -c "
lines=open('$tmp/out').read().split('\n'); i=[n for n,l in enumerate(lines) if l.startswith('authority ')][0]
block=[l for l in lines[i:] if l.strip()]; assert len({len(l) for l in block})==1, block"
"$search" "${E[@]}" --facets --json carers >"$tmp/out"
"$search" "${E[@]}" --facets carers | grep -E '^authority ' >"$tmp/top"
check "the commonest council comes first" \
  python3 -c "import json; f=json.load(open('$tmp/out'))['facets']['authority']; top=max(f, key=f.get); assert top in open('$tmp/top').read()"

# One line per report (issue 22): Ashby Vale's two editions are two lines,
# never one line mixing them.
"$search" "${E[@]}" --group-by authority carers >"$tmp/out"; rc=$?
check "--group-by authority prints a line per report with its best section" \
  bash -c "test $rc -eq 0 && test \$(grep -c 'Ashby Vale County Council' '$tmp/out') -eq 2 && test \$(grep -c 'Darrowfield Council' '$tmp/out') -eq 1 && grep -q 'Best section' '$tmp/out' && grep -q '^3 reports match' '$tmp/out'"
"$search" "${E[@]}" --group-by authority --json carers >"$tmp/out"
"$search" "${E[@]}" --json -n 100 carers >"$tmp/out2"
check "--group-by --json: reports, each with its own count of matching sections" \
  python3 -c "
import json, collections
g=json.load(open('$tmp/out')); s=json.load(open('$tmp/out2'))
n=collections.Counter(r['report'] for r in s['results'])
assert g['group_by']=='authority' and g['total']==len(n)==3 and g['sections']==s['total']
assert {r['report']: r['sections'] for r in g['results']}==dict(n)"
"$search" "${E[@]}" --group-by authority --csv carers >"$tmp/out"
check "--group-by --csv: a row per report with a sections column" \
  python3 -c "import csv; rows=list(csv.reader(open('$tmp/out'))); assert rows[0][-2:]==['sections','matched_via'] and len(rows)==4"
"$search" "${E[@]}" --group-by council carers >/dev/null 2>"$tmp/err"; rc=$?
check "--group-by something else exits 2" bash -c "test $rc -eq 2 && grep -q 'use authority' '$tmp/err'"
"$search" "${E[@]}" --group-by authority --passages carers >/dev/null 2>"$tmp/err"; rc=$?
check "--group-by with --passages exits 2" test $rc -eq 2

# CSV: a word that stood in for the user's is said in its row, as on a terminal.
"$search" "${E[@]}" --csv "replacement care" >"$tmp/out"
check "--csv says which words stood in for the user's" \
  python3 -c "
import csv; rows=list(csv.DictReader(open('$tmp/out')))
assert any(r['matched_via'].startswith('matched \"respite\" for \"replacement care\"') for r in rows), rows"
"$search" "${E[@]}" --csv --exact "replacement care" >"$tmp/out"
check "--csv --exact: nothing stood in" \
  python3 -c "import csv; assert all(not r['matched_via'] for r in csv.DictReader(open('$tmp/out')))"

# CSV: the columns people sort by, and facets never dropped silently.
"$search" "${E[@]}" --csv carers >"$tmp/out"
check "--csv has report, published, score_label and line" \
  python3 -c "
import csv; rows=list(csv.reader(open('$tmp/out'))); h=rows[0]
for c in ('report','published','score_label','line'): assert c in h, c
r=dict(zip(h, rows[1])); assert r['report'] and r['published'] and int(r['line'])>0
assert all(x[h.index('score_label')] for x in rows[1:] if x[h.index('score')])"
"$search" "${E[@]}" --csv --facets carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--csv --facets without a file for them exits 2 and says how" \
  bash -c "test $rc -eq 2 && grep -q -- '--facets-csv FILE' '$tmp/err' && test ! -s '$tmp/out'"
"$search" "${E[@]}" --csv --facets-csv "$tmp/facets.csv" carers >"$tmp/out"; rc=$?
check "--facets-csv FILE writes every facet value with its name and count" \
  python3 -c "
import csv; rows=list(csv.reader(open('$tmp/facets.csv'))); assert $rc==0 and rows[0]==['field','value','name','count']
assert ['statement','assessing-needs','Assessing needs'] in [r[:3] for r in rows] and all(int(r[3])>0 for r in rows[1:])
assert list(csv.reader(open('$tmp/out')))[0][0]=='rank'"
"$search" "${E[@]}" --facets-csv /nonexistent/dir/f.csv carers >/dev/null 2>"$tmp/err"; rc=$?
check "an unwritable --facets-csv exits 3 naming it" \
  bash -c "test $rc -eq 3 && grep -q '/nonexistent/dir/f.csv' '$tmp/err'"
"$search" "${E[@]}" --scores --facets >/dev/null 2>&1; rc=$?
check "--facets with --scores exits 2 rather than being ignored" test $rc -eq 2

# Relevance only where it means something.
"$search" statement:governance >"$tmp/out"; rc=$?
check "a filter-only query shows no relevance percentage" \
  bash -c "test $rc -eq 0 && grep -q 'Governance' '$tmp/out' && ! grep -q '%' '$tmp/out'"
"$search" --json statement:governance >"$tmp/out"
check "and its JSON relevance is null" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert d['results'] and all(r['relevance'] is None for r in d['results'])"
"$search" Caldicott >"$tmp/out"
check "a query with words shows it" grep -q '| [0-9]*%$' "$tmp/out"

"$search" --help >"$tmp/help"
check "cqc-search --help documents the output exit code, NO_COLOR and the CSV guard" \
  bash -c "grep -q 'output could not be' '$tmp/help' && grep -q 'NO_COLOR' '$tmp/help' && grep -q \"prefixed with '\" '$tmp/help'"
"$index" --help >"$tmp/help"
check "cqc-index --help documents the output exit code" grep -q 'could not be written' "$tmp/help"

# No quiet wrong answers (issue 22, items 8-13).
q=$tmp/quiet
mkdir -p "$q"
# 8: "Score: 3 out of 4" and "3/4" are scores wherever a score is read.
cp -r "$src/corpus/london-borough-of-harrow" "$q/outof"
sed -i -E 's|^Score: ([1-4])$|Score: \1 out of 4|' "$q/outof/"*.txt
sed -i -E '0,/^Score: 2 out of 4$/s||Score: 2/4|' "$q/outof/000_6227bb9e2a0adbde.txt"
"$index" --db "$q/outof-db" "$q/outof" 2>"$tmp/err"; rc=$?
check "a report scored 'N out of 4' and 'N/4' indexes without a warning" \
  bash -c "test $rc -eq 0 && grep -q ' 0 warning(s)' '$tmp/err' && ! grep -q 'no score' '$tmp/err'"
"$search" --scores --json >"$tmp/want"
"$search" --db "$q/outof-db" --scores --json >"$tmp/out"
check "... and its scores are those of 'Score: N'" \
  python3 -c "
import json; a=json.load(open('$tmp/want'))['reports'][0]; b=json.load(open('$tmp/out'))['reports'][0]
assert len(a['scores'])==9 and a['scores']==b['scores'], (a['scores'], b['scores'])"
"$search" --db "$q/outof-db" --json '"mixed feedback from people"' >"$tmp/out"
check "... and the summary keeps its own text (none moved into a statement)" \
  python3 -c "
import json; d=json.load(open('$tmp/out')); assert d['total']==1 and d['results'][0]['section']=='Overall summary' and d['results'][0]['statement'] is None"

# 9: what people expect and the commitment are a field, shown and exported.
cp -r "$src/corpus/london-borough-of-harrow" "$q/commit"
sed -i 's/^We focus on continuous learning, innovation/We focus on zephyrwise continuous learning, innovation/' "$q/commit/002_e2cb7d810d972149.txt"
"$index" -q --db "$q/commit-db" "$q/commit" 2>/dev/null
C=(--db "$q/commit-db")
"$search" "${C[@]}" --json zephyrwise >"$tmp/out"; rc=$?
check "a word only in the commitment shows the commitment, highlighted" \
  python3 -c "
import json; d=json.load(open('$tmp/out')); r=d['results'][0]
assert $rc==0 and d['total']==1 and r['heading']=='The local authority commitment' and 'zephyrwise' in r['snippet'] and r['highlights'] and r['passage_matches']"
"$search" "${C[@]}" --passages --json zephyrwise >"$tmp/out"
check "--passages lists the commitment as the paragraph that matched" \
  python3 -c "
import json; d=json.load(open('$tmp/out')); assert d['total']==1 and d['results'][0]['heading']=='The local authority commitment' and 'zephyrwise' in d['results'][0]['snippet']"
"$search" "${C[@]}" --json commitment:zephyrwise >"$tmp/out"; rc1=$?
"$search" "${C[@]}" --json expect:zephyrwise >/dev/null; rc2=$?
"$search" "${C[@]}" -- zephyrwise -commitment:zephyrwise >/dev/null; rc3=$?
"$search" "${C[@]}" --json 'commitment:"continuous learning"' >"$tmp/out2"
check "commitment: filters to it (expect: too) and -commitment: leaves it out" \
  python3 -c "
import json; d=json.load(open('$tmp/out')); e=json.load(open('$tmp/out2'))
assert $rc1==0 and $rc2==0 and $rc3==1 and d['total']==1 and e['total']==1 and e['results'][0]['id']==d['results'][0]['id']"
"$search" "${C[@]}" --export >"$tmp/out"
check "--export carries each section's expectation and commitment" \
  python3 -c "
import json; rows=[json.loads(l) for l in open('$tmp/out')]
assert rows and all('commitment' in r and 'expectation' in r for r in rows)
w=[r for r in rows if r['commitment'] and 'zephyrwise' in r['commitment']]; assert len(w)==1
assert any(r['expectation'] and r['expectation'].startswith('I ') for r in rows)"
"$search" --help >"$tmp/help"
check "--help lists commitment:" grep -q 'commitment:seamless' "$tmp/help"

# 10: an empty field value is an error, never the field's name as a word.
for value in 'carers authority:' 'authority: carers' 'published:' 'report:' 'council:' \
  'carers authority:""' 'statement: carers' 'theme:' 'score:' 'rating:' 'heading:' 'section:' \
  'id:' 'commitment:' '(carers authority:)'; do
  "$search" "$value" >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "'$value' exits 2 saying the value is missing" \
    bash -c "test $rc -eq 2 && grep -q 'has no value' '$tmp/err' && test ! -s '$tmp/out'"
done
"$search" "note: carers" >/dev/null; rc=$?
check "a word before a colon that is no field stays a word" test $rc -eq 0

# 11: --similar takes a section id; a report's id is refused like an unknown one.
report=$("$search" --json carers | python3 -c "import json,sys; print(json.load(sys.stdin)['results'][0]['report'])")
"$search" --similar "$report" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "--similar REPORT-ID exits 2 naming a section id to use" \
  bash -c "test $rc -eq 2 && grep -q 'is a report, not a section' '$tmp/err' && grep -q \"such as '$report/\" '$tmp/err' && test ! -s '$tmp/out'"
"$search" --similar "$report/summary" >/dev/null 2>&1; rc=$?
"$search" --similar nosuch/x >/dev/null 2>&1; rc2=$?
check "--similar with a section id works; an unknown id exits 2" bash -c "test $rc -ne 2 && test $rc2 -eq 2"

# 12: options combine as --help says, or are refused (exit 2), never ignored.
while IFS= read -r args; do
  "$search" $args >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "cqc-search $args is refused (exit 2) with a reason" \
    bash -c "test $rc -eq 2 && grep -q 'does not combine with' '$tmp/err' && test ! -s '$tmp/out'"
done <<'ARGS'
--json --csv carers
--terms 3 --csv carers
--terms 3 --scores
--terms 3 --changes
--terms 3 --export
--export --scores
--export --changes
--scores --changes
-n 3 --changes
--offset 2 --changes
-n 3 --export
--offset 2 --export
--sort score --export
--scores --similar nosuch/x
--scores --passages
--export --json
--changes --autocorrect
--passages --group-by authority carers
--csv --facets carers
--similar nosuch/x --autocorrect
--any --similar nosuch/x
--all --any carers
ARGS
"$search" --terms 3 --passages --json carers >"$tmp/out"; rc=$?
check "--terms with --passages lists the terms" \
  python3 -c "import json; d=json.load(open('$tmp/out')); assert $rc==0 and d['results'] and len(d['terms'])==3"
"$search" --help >"$tmp/help"
check "--help says which options combine" \
  bash -c "grep -q 'Options that combine' '$tmp/help' && grep -q -- '--json and --csv' '$tmp/help' && grep -A3 -- '^  --changes takes' '$tmp/help' | grep -qv -- '--offset'"

# 13: counts that add up.
cp -r "$src/tests/fixtures/web/ashby-vale-county-council" "$q/copy-a"
cp -r "$src/tests/fixtures/web/ashby-vale-county-council" "$q/copy-b"
"$index" --db "$q/copies-db" "$q/copy-a" "$q/copy-b" 2>"$tmp/err"
warnings=$(grep -c ': warning: ' "$tmp/err")
check "the summary counts every warning line it printed" \
  bash -c "test $warnings -ge 1 && grep -q ' $warnings warning(s)' '$tmp/err'"
"$search" --scores -n 0 >"$tmp/out"; rc=$?
check "--scores -n 0 says it shows none (not 'showing 1-0')" \
  bash -c "test $rc -eq 0 && grep -q '^1 report; showing none' '$tmp/out'"
"$search" --scores --offset 20 -n 3 >"$tmp/out"
check "--scores --offset past the end shows none (not 'showing 2-1')" grep -q '^1 report; showing none' "$tmp/out"
"$search" --offset 200 -n 3 carers >"$tmp/out"
check "a search paged past the end says it shows none" grep -q 'sections match; showing none' "$tmp/out"
"$search" -n 2 carers >"$tmp/out"
check "a search says which it shows" grep -q 'sections match; showing 1-2' "$tmp/out"
"$search" ' ' >"$tmp/out" 2>"$tmp/err"; rc=$?
"$search" '' >/dev/null 2>&1; rc2=$?
"$search" --scores '  ' >/dev/null 2>&1; rc3=$?
check "a blank QUERY is refused as an empty one is" \
  bash -c "test $rc -eq 2 && test $rc2 -eq 2 && test $rc3 -eq 2 && grep -q 'QUERY is blank' '$tmp/err' && test ! -s '$tmp/out'"
"$search" --passages -- -dementia >"$tmp/out"; rc=$?
"$search" --passages --json -- -dementia >"$tmp/json"
check "--passages of a negation alone shows no relevance, as the section search" \
  python3 -c "
import json; d=json.load(open('$tmp/json')); assert $rc==0 and d['results'] and all(r['relevance'] is None for r in d['results'])
assert '%' not in open('$tmp/out').read()"

finish
