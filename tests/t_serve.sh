#!/usr/bin/env bash
# `credence serve` (issue 12, docs/serve.md): the real server on a free port
# (--listen 127.0.0.1:0, the port read from its stderr), driven with curl.
# /v1/score gives the bytes of `credence score --json` for the same text (a
# JSON body and a raw body); malformed JSON is 400 with the error object; a
# body over --max-body is 413; an unknown path 404 JSON; a batch with a bad
# line still answers every line in order; the other /v1 endpoints agree with
# their CLI commands; /metrics counts what was asked; a bearer token guards
# /v1; SIGTERM exits 0.  Every server started here is killed on exit.
set -u
BUILD=${BUILD:-build}
C=${CREDENCE:-$BUILD/credence}
tmp=$(mktemp -d)
pids=""
cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_DATA_HOME="$tmp/xdg" HOME="$tmp/home"
. "$(dirname "$0")/lib.sh"
echo "1..30"
if ! command -v curl >/dev/null 2>&1; then
    for i in $(seq 1 30); do skip "serve test $i" "curl is not installed"; done
    exit 0
fi

# start NAME ARGS...: starts a server, sets $pid and $port (empty on failure)
start() {
    local name=$1
    shift
    "$C" serve --listen 127.0.0.1:0 --threads 2 "$@" 2>"$tmp/$name.err" &
    pid=$!
    pids="$pids $pid"
    port=""
    for _ in $(seq 1 100); do
        port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*|\1|p' "$tmp/$name.err")
        [ -n "$port" ] && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

start main --max-body 64K
U="http://127.0.0.1:$port"
t "the server prints the bound address on stderr (port 0: a free port)" test -n "$port"

f=examples/wire-report.txt
"$C" score --json "$f" >"$tmp/cli.json" 2>/dev/null
curl -s -H 'Content-Type: text/plain' --data-binary @"$f" "$U/v1/score" >"$tmp/raw.json"
t "POST /v1/score, raw text/plain body: byte-identical to credence score --json" \
    cmp -s "$tmp/cli.json" "$tmp/raw.json"
python3 -c "import json,sys; print(json.dumps({'text': open(sys.argv[1]).read()}))" "$f" >"$tmp/body.json"
curl -s -H 'Content-Type: application/json' --data-binary @"$tmp/body.json" "$U/v1/score" >"$tmp/js.json"
t "POST /v1/score, JSON body: byte-identical to credence score --json" \
    cmp -s "$tmp/cli.json" "$tmp/js.json"
"$C" score --json --url https://www.reuters.com/world/x "$f" >"$tmp/cliu.json" 2>/dev/null
curl -s -H 'Content-Type: text/plain' --data-binary @"$f" \
    "$U/v1/score?url=https%3A%2F%2Fwww.reuters.com%2Fworld%2Fx" >"$tmp/rawu.json"
t "?url= is the CLI's --url (byte-identical)" cmp -s "$tmp/cliu.json" "$tmp/rawu.json"
"$C" score --json --brief "$f" >"$tmp/clib.json" 2>/dev/null
curl -s -H 'Content-Type: text/plain' --data-binary @"$f" "$U/v1/score?brief=1" >"$tmp/rawb.json"
t "?brief=1 is the CLI's --brief (byte-identical)" cmp -s "$tmp/clib.json" "$tmp/rawb.json"

for cmd in clean analyze; do
    "$C" $cmd --json "$f" >"$tmp/cli-$cmd.json" 2>/dev/null
    curl -s -H 'Content-Type: text/plain' --data-binary @"$f" "$U/v1/$cmd" >"$tmp/srv-$cmd.json"
    t "POST /v1/$cmd: byte-identical to credence $cmd --json" \
        cmp -s "$tmp/cli-$cmd.json" "$tmp/srv-$cmd.json"
done
cat >"$tmp/page.html" <<'EOF'
<!doctype html><html><head><title>Harbour bridge reopens | Coast Gazette</title></head>
<body><nav>Home | News | Sport</nav><article><h1>Harbour bridge reopens after repairs</h1>
<p>The harbour bridge reopened to traffic on Monday after six weeks of repairs, the county
roads department said in a statement.</p>
<p>"The deck is sound and the new joints are in," said Mara Lind, the department's chief
engineer, adding that weight limits would stay in place until the spring inspection.</p>
</article><footer>Copyright Coast Gazette</footer></body></html>
EOF
"$C" extract --json "$tmp/page.html" >"$tmp/cli-extract.json" 2>/dev/null
curl -s -H 'Content-Type: text/html' --data-binary @"$tmp/page.html" "$U/v1/extract" >"$tmp/srv-extract.json"
t "POST /v1/extract: byte-identical to credence extract --json" \
    cmp -s "$tmp/cli-extract.json" "$tmp/srv-extract.json"

code() { curl -s -o "$tmp/body" -D "$tmp/hdr" -w '%{http_code}' "$@"; }
is_err() { # CODE: the body is {"error":{"code":CODE,"message":...}}
    python3 -c "
import json,sys
d=json.load(open('$tmp/body'))
sys.exit(0 if list(d)==['error'] and d['error']['code']=='$1' and d['error']['message'] else 1)"
}
t "malformed JSON: 400 with the error object" sh -c \
    "[ \$(curl -s -o '$tmp/body' -w '%{http_code}' -H 'Content-Type: application/json' --data '{\"text\": ' '$U/v1/score') = 400 ]"
t "  ... whose code is bad_json" is_err bad_json
rc=$(code -H 'Content-Type: application/json' --data '{"text":"Some text.","colour":"red"}' "$U/v1/score")
t "an unknown field: 400" sh -c "[ $rc = 400 ] && grep -q colour '$tmp/body'"
rc=$(code -H 'Content-Type: application/x-www-form-urlencoded' --data 'text=hello' "$U/v1/score")
t "a wrong content type: 415" sh -c "[ $rc = 415 ]"
head -c 70000 /dev/zero | tr '\0' a >"$tmp/big.txt"
rc=$(code -H 'Content-Type: text/plain' --data-binary @"$tmp/big.txt" "$U/v1/score")
t "a body over --max-body: 413" sh -c "[ $rc = 413 ]"
is_err too_big && t "  ... code too_big" true || t "  ... code too_big" false
rc=$(code "$U/no/such/path")
t "an unknown path: 404 JSON" sh -c "[ $rc = 404 ]"
is_err not_found && t "  ... code not_found" true || t "  ... code not_found" false
t "every reply has an X-Request-Id" grep -qi '^X-Request-Id: [0-9a-f]*-[0-9]' "$tmp/hdr"

printf '%s\n' '{"id":"a","text":"The council voted 7-2 on Tuesday to pass the budget, the mayor said."}' \
    'this is not json' \
    '{"id":"c","text":"Officials said the figures were preliminary and would be revised."}' >"$tmp/batch.jsonl"
rc=$(code -H 'Content-Type: application/x-ndjson' --data-binary @"$tmp/batch.jsonl" "$U/v1/score/batch")
t "batch with a bad line: 200, three lines in order, the bad one an error" python3 -c "
import json,sys
d=[json.loads(l) for l in open('$tmp/body')]
sys.exit(0 if '$rc'=='200' and [x['line'] for x in d]==[1,2,3] and 'error' in d[1] and d[0]['id']=='a' and d[2]['id']=='c' and 'score' in d[2] else 1)"
"$C" score --jsonl "$tmp/batch.jsonl" >"$tmp/cli-batch.jsonl" 2>/dev/null
t "  ... byte-identical to credence score --jsonl" cmp -s "$tmp/cli-batch.jsonl" "$tmp/body"

rc=$(code "$U/v1/sources?url=https://www.reuters.com/world/x")
t "GET /v1/sources?url=: the outlet, known" sh -c "[ $rc = 200 ] && grep -q '\"known\":true' '$tmp/body'"
t "GET /healthz and /readyz: 200" sh -c \
    "[ \$(curl -s -o /dev/null -w '%{http_code}' '$U/healthz') = 200 ] && [ \$(curl -s -o /dev/null -w '%{http_code}' '$U/readyz') = 200 ]"
curl -s "$U/metrics" >"$tmp/metrics"
t "/metrics: requests, errors, latency histogram, bands, bytes" sh -c "
grep -Eq '^credence_requests_total\{endpoint=\"score\"\} ([5-9]|[1-9][0-9])' '$tmp/metrics' &&
grep -Eq '^credence_errors_total\{endpoint=\"score\"\} [4-9]' '$tmp/metrics' &&
grep -q '^credence_request_duration_seconds_bucket{endpoint=\"score\",le=\"+Inf\"}' '$tmp/metrics' &&
grep -q '^credence_verdicts_total{band=' '$tmp/metrics' &&
grep -q '^credence_received_bytes_total [1-9]' '$tmp/metrics' && grep -q '^credence_in_flight ' '$tmp/metrics'"
t "a JSON access log line per request on stderr" python3 -c "
import json,sys
L=[json.loads(l) for l in open('$tmp/main.err') if l.startswith('{')]
sys.exit(0 if len(L)>=15 and all({'id','method','path','status','ms'}<=set(x) for x in L) else 1)"

big=$(head -c 40000 /dev/zero | tr '\0' x)
rc=$(curl -s -o /dev/null -w '%{http_code}' -H "X-Big: $big" "$U/healthz")
t "headers over --max-header: 431" sh -c "[ $rc = 431 ]"
rc=$(code "$U/")
t "GET /: the web page with its form" sh -c "[ $rc = 200 ] && grep -q '<form method=\"post\" action=\"/report\"' '$tmp/body'"
rc=$(code --data-urlencode 'text=Mayor <script>alert(1)</script> resigns
The mayor resigned on Friday, the city clerk said in a statement.' --data-urlencode 'url=' "$U/report")
t "POST /report: the HTML report, the article text escaped" sh -c \
    "[ $rc = 200 ] && grep -qi '^Content-Type: text/html' '$tmp/hdr' && ! grep -q '<script>alert' '$tmp/body' && grep -q '&lt;script&gt;' '$tmp/body'"
rc=$(code -X GET "$U/v1/score")
t "a known path with the wrong method: 405 with Allow" sh -c "[ $rc = 405 ] && grep -qi '^Allow: POST' '$tmp/hdr'"

kill -TERM "$pid"
wait "$pid"
rc=$?
t "SIGTERM: exit 0 after draining" sh -c "[ $rc = 0 ] && grep -q draining '$tmp/main.err'"

# ---- connection limit: one idle connection held open, the next request is 503 ----
start conns --max-connections 1
U="http://127.0.0.1:$port"
exec 3<>"/dev/tcp/127.0.0.1/$port"
sleep 0.2
rc=$(code -H 'Content-Type: text/plain' --data 'Some text.' "$U/v1/score")
t "past --max-connections: 503 with Retry-After" sh -c "[ $rc = 503 ] && grep -qi '^Retry-After: 1' '$tmp/hdr'"
exec 3>&-
kill -TERM "$pid"
wait "$pid"

# ---- auth -----------------------------------------------------------------------
echo 's3cret-token' >"$tmp/token"
start auth --token-file "$tmp/token"
U="http://127.0.0.1:$port"
a=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: text/plain' --data 'Text.' "$U/v1/score")
b=$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer s3cret-token' \
    -H 'Content-Type: text/plain' --data 'Some text here.' "$U/v1/score")
h=$(curl -s -o /dev/null -w '%{http_code}' "$U/healthz")
t "--token-file: /v1 without the token 401, with it 200; /healthz open" \
    sh -c "[ $a = 401 ] && [ $b = 200 ] && [ $h = 200 ]"
kill -TERM "$pid"
wait "$pid"
