#!/usr/bin/env bash
# A saved page built to hurt (issue 24): 200,000 nested <div>s once ended
# the whole run with a stack overflow after minutes. Now it is refused with
# one line naming the file and the limit, at once, and the report indexed
# in the same run lands and is searchable.
set -uo pipefail
index=$1 search=$2 src=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
source "$(dirname "$0")/harness.sh"
command -v python3 >/dev/null || skip "python3 is needed to build the pages"

# total QUERY DB: how many sections match.
total() {
  "$search" --db "$2" --json "$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['total'])"
}

mkdir -p "$tmp/in"
cp "$src/tests/published/web/saltmarsh.html" "$tmp/in/"
python3 - "$tmp/in" <<'PY'
import sys
d = sys.argv[1]
levels = 200_000
with open(f"{d}/deep.html", "w") as f:
    f.write("<!DOCTYPE html><html><body><main>" + "<div>" * levels + "hospital discharge"
            + "</div>" * levels + "</main></body></html>")
PY

"$index" --db "$tmp/db" "$tmp/in/deep.html" "$tmp/in/saltmarsh.html" 2>"$tmp/err"; rc=$?
cat "$tmp/err"
check "a 200,000-level page: exit 1 (a file could not be read), not a crash (rc $rc)" test $rc -eq 1
check "  one error line, naming the page and the 512-level limit" \
  bash -c "test \$(grep -c ': error: ' '$tmp/err') -eq 1 &&
           grep ': error: ' '$tmp/err' | grep 'deep.html' | grep -q 'nested more than 512 deep'"
n=$(total '"waited on average 11 days longer"' "$tmp/db" 2>/dev/null || echo 0)
check "  the report given with it landed and is searchable ($n)" test "${n:-0}" -ge 1
check "  the deep page indexed nothing" \
  bash -c "test \$('$index' --db '$tmp/db' --list | wc -l) -eq 1"

finish
