#!/usr/bin/env python3
"""bench/genre.py [BUILD] - how often real news is called satire or opinion.

Scores the real-news dev parts of ../shared/data (no --url: genre from the
text alone) and prints, per corpus, how many articles get genre `satire` and
`opinion`.  Every article here is real reporting (mostly news, a few opinion
pieces), so the satire column is the false-satire rate of SATIRE_STYLE
(docs/score.md, "Genre"), which must stay near 0.  With -v, prints the
satire and opinion hits with their reasons; --set NAME=W is passed on to
credence (--set opinion_voice_genre=2 --set satire_text_genre=2: the genre
rules before SATIRE_STYLE and OPINION_VOICE).

Corpora: isot_partial dev True.csv, fakenewsamt dev legit, fakenewsnet_v1
dev Real, polnear dev texts (`credence score --jsonl - --brief`), and the
145 extraction benchmark pages (`credence score FILE.html --json`, one run
per page).  Needs python3 only; prints SKIP when ../shared is absent.
"""
import csv
import glob
import json
import os
import subprocess
import sys

argv = sys.argv[1:]
verbose = "-v" in argv
SET = []  # --set NAME=W, passed on to credence (e.g. a threshold of 2 turns a rule off)
while "--set" in argv:
    k = argv.index("--set")
    SET += argv[k:k + 2]
    del argv[k:k + 2]
args = [a for a in argv if a != "-v"]
BUILD = args[0] if args else "build"
C = f"{BUILD}/credence"
D = os.path.join(os.environ.get("SHARED", "../shared"), "data")
if not os.path.isdir(D):
    print(f"SKIP: {D} not found")
    sys.exit(0)
csv.field_size_limit(1 << 30)


def isot():
    for row in csv.DictReader(open(f"{D}/isot_partial/dev/True.csv", newline="")):
        yield row["title"].strip(), row["text"], row["title"][:60]


def amt():
    for fn in sorted(glob.glob(f"{D}/fakenewsamt/dev/legit/*.txt")):
        title, _, body = open(fn, encoding="utf-8", errors="replace").read().partition("\n")
        yield title.strip(), body, os.path.basename(fn)


def fnn():
    for fn in sorted(glob.glob(f"{D}/fakenewsnet_v1/dev/*/RealNewsContent/*.json")):
        j = json.load(open(fn))
        if (j.get("text") or "").strip():
            yield j.get("title") or "", j["text"], os.path.basename(fn)


def polnear():
    for fn in sorted(glob.glob(f"{D}/polnear/dev/text/*.txt")):
        yield "", open(fn, encoding="utf-8", errors="replace").read(), os.path.basename(fn)


def batch(items):
    items = list(items)
    lines = "".join(json.dumps({"title": t, "text": x, "id": i}) + "\n" for t, x, i in items)
    r = subprocess.run([C, "score", "--jsonl", "-", "--brief"] + SET, input=lines.encode(),
                       capture_output=True)
    return [json.loads(l) for l in r.stdout.decode().splitlines() if l.strip()]


def pages():
    out = []
    for fn in sorted(glob.glob(f"{D}/extraction/html/*.html")):
        r = subprocess.run([C, "score", fn, "--json"] + SET, capture_output=True)
        if r.returncode == 0:
            d = json.loads(r.stdout)
            d["id"] = os.path.basename(fn)
            out.append(d)
    return out


def reason(d, name):
    for s in d.get("signals", []):
        if s["name"] == name:
            return f"{s['value']:.2f} {s['reason']}"
    return "-"


rows = []
for name, get in (("isot_partial dev True", lambda: batch(isot())),
                  ("fakenewsamt dev legit", lambda: batch(amt())),
                  ("fakenewsnet_v1 dev Real", lambda: batch(fnn())),
                  ("polnear dev", lambda: batch(polnear())),
                  ("extraction html (145 pages)", pages)):
    res = [d for d in get() if "genre" in d]
    sat = [d for d in res if d["genre"] == "satire"]
    op = [d for d in res if d["genre"] == "opinion"]
    fired = sum(1 for d in res if any(s["name"] == "SATIRE_STYLE" for s in d["signals"]))
    rows.append((name, len(res), len(sat), len(op), fired))
    if verbose:
        for d in sat:
            print(f"# satire: {name}: {d.get('id')}: {reason(d, 'SATIRE_STYLE')}")
        for d in op:
            print(f"# opinion: {name}: {d.get('id')}: {reason(d, 'OPINION_VOICE')}")

print("| corpus (real news) | articles | genre satire | genre opinion | SATIRE_STYLE fired |")
print("|---|---|---|---|---|")
for name, n, s, o, f in rows:
    print(f"| {name} | {n} | {s} ({100 * s / max(n, 1):.1f}%) | {o} ({100 * o / max(n, 1):.1f}%) | {f} |")
tn = sum(r[1] for r in rows)
ts = sum(r[2] for r in rows)
to = sum(r[3] for r in rows)
print(f"| all | {tn} | {ts} ({100 * ts / max(tn, 1):.2f}%) | {to} ({100 * to / max(tn, 1):.1f}%) | {sum(r[4] for r in rows)} |")
