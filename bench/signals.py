#!/usr/bin/env python3
"""bench/signals.py - how each score signal separates real from fake news,
per corpus (docs/score.md, "Content signals").

    bench/signals.py [--build BUILD] [--shared DIR] [--part dev|train]
                     [--set NAME=VALUE ...] [--signals A,B,...]

A signal that transfers points the same way on every corpus; one that
points the wrong way on some corpus should get weight ~0 or be rethought.

Corpora (from ../shared/data, nothing from the network), the `--part` part
of each (dev by default: quote dev figures):
  isot         ISOT, leak-stripped by the learning module's rules
               (`credence train --format isot --strip-leaks --export-tsv`)
  fakenewsnet  FakeNewsNet v1 (BuzzFeed + PolitiFact), title + text (no URL:
               the outlet signals would say which site, not how it writes)
  fakenewsamt  FakeNewsAMT, first line the headline
Every article is scored once with `credence score --jsonl - --brief
--no-model`; per corpus and signal it prints: fire rate on real and fake,
mean value on real and fake, and the single-signal ROC AUC of "real" (0.5:
no information; > 0.5: the signal is higher on real articles; < 0.5:
higher on fake).  A signal's expected direction is its prior weight's sign
in data/score/config.tsv: "ok" when the AUC agrees (by more than 0.02),
"WRONG" when it points the other way, "-" when it says nothing.
Pure Python 3.
"""
import argparse, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpora import auc as rank_auc, rows as corpora_rows  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--build", default="build")
ap.add_argument("--shared", default=None)
ap.add_argument("--part", default="dev", choices=("dev", "train"))
ap.add_argument("--set", action="append", default=[], help="NAME=VALUE passed to credence score")
ap.add_argument("--signals", default="", help="only these signals (comma-separated)")
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
C = os.path.join(args.build, "credence")
D = os.path.join(args.shared or os.path.join(root, "..", "shared"), "data")
if not os.path.isdir(D):
    print(f"signals: SKIP: {D} not found")
    sys.exit(0)
tmp = tempfile.mkdtemp(prefix="credence-signals-")


def run(cmd, stdin=None):
    r = subprocess.run(cmd, capture_output=True, text=True, input=stdin)
    if r.returncode not in (0, 3):
        sys.exit(f"signals: {' '.join(cmd)} failed ({r.returncode}): {r.stderr[:500]}")
    return r


# (corpus, 1 real / 0 fake, record): the shared reader, without URLs (no
# outlet signals) and with FakeNewsAMT's headline left in the text
NAME = {"isot": "isot", "fnn": "fakenewsnet", "amt": "fakenewsamt"}
rows = [(NAME[c], lab, rec) for c, lab, rec in
        corpora_rows(C, D, tmp, args.part, which=("isot", "fnn", "amt"), urls=False,
                     amt_title=False)]

lines = "".join(json.dumps(dict(rec, id=i), ensure_ascii=False) + "\n" for i, (_, _, rec) in enumerate(rows))
cmd = [C, "score", "--jsonl", "-", "--brief", "--no-model", "-j", "2"]
for s in args.set:
    cmd += ["--set", s]
r = run(cmd, stdin=lines)
by_id = {}
for l in r.stdout.splitlines():
    if l.strip():
        o = json.loads(l)
        if "error" not in o:
            by_id[o["id"]] = {s["name"]: s["value"] for s in o["signals"]}

prior = {}
for path in ("data/score/config.tsv",):
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "signal":
            prior[f[1]] = float(f[2])
names = [n for n in prior if not n.startswith("SOURCE_") and not n.startswith("MODEL_")]
if args.signals:
    names = [n for n in args.signals.split(",") if n]


def auc(pos, neg):
    a = rank_auc(pos, neg)
    return float("nan") if a is None else a


failed = len(rows) - len(by_id)
print(f"# credence score --jsonl - --brief --no-model {' '.join('--set ' + s for s in args.set)}")
print(f"# part {args.part}; {len(by_id)} articles scored, {failed} failed")
verdict = {}
for corpus in ("isot", "fakenewsnet", "fakenewsamt"):
    idx = [i for i, (c, _, _) in enumerate(rows) if c == corpus and i in by_id]
    nr = sum(1 for i in idx if rows[i][1] == 1)
    print(f"\n## {corpus} ({nr} real, {len(idx) - nr} fake)")
    print(f"{'signal':24s} {'prior':>6s} {'fire real':>9s} {'fire fake':>9s} {'mean real':>9s} {'mean fake':>9s} {'AUC':>6s}  dir")
    for n in names:
        real = [by_id[i].get(n, 0.0) for i in idx if rows[i][1] == 1]
        fake = [by_id[i].get(n, 0.0) for i in idx if rows[i][1] == 0]
        fr = sum(1 for v in real if v > 0) / max(1, len(real))
        ff = sum(1 for v in fake if v > 0) / max(1, len(fake))
        a = auc(real, fake)
        w = prior.get(n, 0.0)
        if abs(a - 0.5) <= 0.02 or w == 0:
            d = "-"
        else:
            d = "ok" if (a > 0.5) == (w > 0) else "WRONG"
        verdict.setdefault(n, []).append(d)
        print(f"{n:24s} {w:+6.2f} {fr:9.2f} {ff:9.2f} {sum(real) / max(1, len(real)):9.3f} "
              f"{sum(fake) / max(1, len(fake)):9.3f} {a:6.3f}  {d}")
print("\n## transfer (direction per corpus: isot, fakenewsnet, fakenewsamt)")
for n in names:
    v = verdict[n]
    tag = "transfers" if all(x == "ok" for x in v) else "WRONG somewhere" if "WRONG" in v else "weak"
    print(f"{n:24s} {' '.join(f'{x:5s}' for x in v)}  {tag}")
