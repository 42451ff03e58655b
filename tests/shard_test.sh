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
failures=0
check() {
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}
command -v xapian-tcpsrv >/dev/null || { echo "xapian-tcpsrv missing (apt-get install xapian-tools)"; exit 1; }

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
wait_port() { python3 - "$1" <<'PY'
import socket, sys, time
deadline = time.time() + 20
while time.time() < deadline:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.2).close(); sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}
ports=()
for k in 0 1; do
  port=$(free_port)
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$tmp/sharded/shard-$k" >"$tmp/tcpsrv-$k.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
  check "xapian-tcpsrv for shard $k listens on $port" wait_port "$port"
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

stop "${pids[1]}"
"$search" "${remotes[@]}" carers >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a shard that is down exits 3" test $rc -eq 3
check "the message names the shard" grep -q "127.0.0.1:${ports[1]}" "$tmp/err"
exit $failures
