#!/usr/bin/env bash
# Scale-out: two shards served by real xapian-tcpsrv processes on loopback
# answer exactly as one database holding everything; a shard that is down
# gets a clear message naming it.
set -uo pipefail
index=$1 search=$2 src=$3
tmp=$(mktemp -d)
pids=()
# Each server runs in its own process group (setsid) so that killing the
# group also stops the children it forks per connection.
stop() { kill -9 -- "-$1" 2>/dev/null; wait "$1" 2>/dev/null; }
cleanup() { for p in "${pids[@]}"; do stop "$p"; done; rm -rf "$tmp"; }
trap cleanup EXIT
source "$(dirname "$0")/harness.sh"
command -v xapian-tcpsrv >/dev/null || skip "xapian-tcpsrv is not installed (Debian package xapian-tools)"

python3 "$src/scripts/make-corpus" 24 "$tmp/gen" >/dev/null
"$index" -q --db "$tmp/merged" "$src/corpus" "$src/tests/fixtures" "$tmp/gen"
"$index" -q --db "$tmp/sharded" --shards 2 "$src/corpus" "$src/tests/fixtures" "$tmp/gen"
check "two shards were written, listed in cqc-shards (no Xapian stub)" \
  bash -c "test -f '$tmp/sharded/cqc-shards' -a -d '$tmp/sharded/shard-1' -a ! -e '$tmp/sharded/XAPIANDB'"
check "nothing but the shards, their locks and the list is left" \
  test "$(ls "$tmp/sharded" | tr '\n' ' ')" = "cqc-shards shard-0 shard-0.lock shard-1 shard-1.lock "
"$index" --db "$tmp/sharded" --list >"$tmp/list"; rc=$?
"$index" --db "$tmp/merged" --list >"$tmp/list-merged"
check "--list reads every shard" bash -c "test $rc -eq 0 && cmp -s '$tmp/list' '$tmp/list-merged'"

free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"; }
# serve K: start xapian-tcpsrv for shard K on a free port, set ports[K] and
# pids[K]. Between finding a port free and the server binding it, another
# process may take it: the server then says "already in use" and exits, and
# another port is tried. Probing the port would not tell whose it is; the
# server's own "Listening..." line, printed once it holds the port, does.
serve() {
  local k=$1 log=$tmp/tcpsrv-$1.log fifo=$tmp/tcpsrv-$1.out attempt line out pid port in_use
  for attempt in 1 2 3 4 5 6 7 8; do
    port=$(free_port) in_use=0
    mkfifo "$fifo"
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$tmp/sharded/shard-$k" >"$fifo" 2>&1 &
    pid=$!
    exec {out}<"$fifo"
    rm "$fifo"
    while IFS= read -r -t 60 line <&"$out"; do
      echo "$line" >>"$log"
      [[ $line == *"already in use"* ]] && in_use=1
      if [[ $line == Listening* ]]; then
        # Keep draining what it prints per connection, so it never blocks.
        cat <&"$out" >>"$log" &
        exec {out}<&-
        pids[k]=$pid ports[k]=$port
        return 0
      fi
    done
    exec {out}<&-
    stop "$pid"
    [ $in_use = 1 ] || break
  done
  cat "$log"
  return 1
}
ports=()
for k in 0 1; do
  check "xapian-tcpsrv serves shard $k" serve $k
done
remotes=(--remote "127.0.0.1:${ports[0]}" --remote "127.0.0.1:${ports[1]}")

same() { # description, then the arguments of a search run both ways
  local what=$1; shift
  "$search" --db "$tmp/merged" "$@" >"$tmp/a.json" 2>&1
  "$search" "${remotes[@]}" "$@" >"$tmp/b.json" 2>&1
  check "$what" python3 - "$tmp/a.json" "$tmp/b.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
strip = lambda d: {k: v for k, v in d.items() if k != "path"}
if "results" in a:
    a["results"] = [strip(r) for r in a["results"]]; b["results"] = [strip(r) for r in b["results"]]
if "reports" in a:
    a["reports"] = [strip(r) for r in a["reports"]]; b["reports"] = [strip(r) for r in b["reports"]]
sys.exit(0 if a == b else 1)
PY
}
same "same ranking, totals and facets: carers" --json --facets --limit 20 carers
same "same ranking: respite for unpaid carers" --json --facets "respite for unpaid carers"
same "same answer with fields: score:1..2 hospital" --json --facets "score:1..2 hospital discharge"
same "same passages" --json --passages --limit 15 "direct payments"
same "same score grid" --scores --json
# Sorted by score, sections with equal keys and equal weights may come in
# either order (document ids differ between shards): compare the sequence
# of scores and the set of sections.
"$search" --db "$tmp/merged" --json --sort -score --limit 500 safeguarding >"$tmp/a.json"
"$search" "${remotes[@]}" --json --sort -score --limit 500 safeguarding >"$tmp/b.json"
check "same sort by score" python3 - "$tmp/a.json" "$tmp/b.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["results"] for p in sys.argv[1:])
sys.exit(0 if [r["score"] for r in a] == [r["score"] for r in b]
         and {r["id"] for r in a} == {r["id"] for r in b} and len(a) > 20 else 1)
PY
"$search" --db "$tmp/sharded" --json --facets --limit 20 carers >"$tmp/c.json"
"$search" --db "$tmp/merged" --json --facets --limit 20 carers >"$tmp/a.json"
check "the sharded directory opens as one database" cmp -s "$tmp/a.json" "$tmp/c.json"

# Copies across a remote database cannot be left out (xapian-tcpsrv runs
# the query without the copy filter): never quietly counted twice.
"$search" "${remotes[@]}" carers >/dev/null 2>"$tmp/err"
check "shards holding different reports: no warning" test ! -s "$tmp/err"
"$search" --remote "127.0.0.1:${ports[0]}" --db "$tmp/merged" carers >/dev/null 2>"$tmp/err"
check "a remote and a local database holding the same reports: a warning naming both" \
  bash -c "grep -q 'warning: [1-9][0-9]* report(s) are held by more than one database' '$tmp/err' &&
           grep -q '127.0.0.1:${ports[0]} and $tmp/merged' '$tmp/err'"
check "the warning is said once" test "$(grep -c warning "$tmp/err")" -eq 1

stop "${pids[1]}"
"$search" "${remotes[@]}" carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a shard that is down exits 3" test $rc -eq 3
check "the message names the shard" grep -q "127.0.0.1:${ports[1]}" "$tmp/err"
finish
