#!/usr/bin/env python3
"""bench/model-data.py - the training and measuring sets of the score's
article model (data/models/score-article.model; docs/models.md).

    bench/model-data.py [--build BUILD] [--shared DIR] --out DIR [--leave-out CORPUS]

Writes, in the generic tsv format of `credence train --format tsv`
(label TAB text, text escapes \\n \\t \\\\; labels "fake"/"real"):

    DIR/<corpus>-train.tsv, DIR/<corpus>-dev.tsv   one pair per corpus
    DIR/train.tsv   the balanced training set (train parts only)

Corpora (../shared/data, README.md there):
  isot        ISOT partial, fake and real (read by `credence train --format
              isot --export-tsv`; --strip-leaks is applied by the model itself,
              whose feature options carry it)
  fnn         FakeNewsNet v1 (BuzzFeed + PolitiFact), fake and real
  amt         FakeNewsAMT, six domains, fake and legit (--format fakenewsamt)
  polnear     PolNeAR texts from the mainstream outlets (nyt, wash-post,
              politico, usa-today): real only.  Breitbart, West Journal and
              HuffPost are left out: partisan outlets are not "fake" articles,
              and calling them real would teach the model nothing clean.
  extraction  the Zyte extraction benchmark pages (mainstream news): real
              only, the text from `credence extract`.  No split is published:
              pages sorted by id, every even position trains, every odd one is
              the held-out "dev" half (fixed and deterministic).

Balance (so that no corpus dominates): ISOT is cut to 400 per class (the
first ones after a seeded shuffle), PolNeAR to 400, the extraction half is
repeated 3 times; the rest is used as is.  Class balance is left to
`credence train --class-weight balanced`.  Same inputs, same files.
"""
import argparse, json, os, random, subprocess, sys

CORPORA = ("isot", "fnn", "amt", "polnear", "extraction")
MAINSTREAM = {"nyt", "wash-post", "politico", "usa-today"}
CAP = {"isot": 400, "polnear": 400}      # per class
REPEAT = {"extraction": 3}


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "").replace("\n", "\\n")


def unesc_line(line):
    lab, _, text = line.rstrip("\n").partition("\t")
    return lab, text  # kept escaped: written back as is


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"model-data: {' '.join(cmd)} failed ({r.returncode}): {r.stderr[:300]}")
    return r.stdout


def export(C, fmt, path):
    out = run([C, "train", "--format", fmt, "--export-tsv", "-", path])
    return [unesc_line(l) for l in out.splitlines() if l.strip()]


def polnear(D, part):
    base = os.path.join(D, "polnear", part)
    recs = []
    with open(os.path.join(base, "metadata.tsv"), encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f][1:]
    for r in sorted(rows, key=lambda r: r[1]):
        if len(r) > 4 and r[4] in MAINSTREAM:
            p = os.path.join(base, "text", r[1] + ".txt")
            if os.path.exists(p):
                recs.append(("real", esc(open(p, encoding="utf-8", errors="replace").read().strip())))
    return recs


def extraction(C, D):
    d = os.path.join(D, "extraction", "html")
    ids = sorted(n for n in os.listdir(d) if n.endswith(".html"))
    halves = {"train": [], "dev": []}
    for i, n in enumerate(ids):
        r = subprocess.run([C, "extract", os.path.join(d, n)], capture_output=True, text=True,
                           errors="replace")
        text = r.stdout.strip()
        if r.returncode != 0 or len(text.split()) < 50:
            continue  # not an article page: nothing to learn or measure
        halves["train" if i % 2 == 0 else "dev"].append(("real", esc(text)))
    return halves


def write(path, recs):
    with open(path, "w", encoding="utf-8") as f:
        for lab, text in recs:
            f.write(f"{lab}\t{text}\n")


def balanced(name, recs):
    rng = random.Random(f"credence-{name}")
    out = []
    for lab in ("fake", "real"):
        part = [r for r in recs if r[0] == lab]
        if name in CAP and len(part) > CAP[name]:
            rng.shuffle(part)
            part = part[:CAP[name]]
        out += part * REPEAT.get(name, 1)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--shared", default=None)
    ap.add_argument("--out", required=True)
    ap.add_argument("--leave-out", default=None, choices=CORPORA)
    ap.add_argument("--reuse", action="store_true", help="reuse DIR/<corpus>-*.tsv if present")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    C = os.path.join(a.build, "credence")
    if not os.path.isabs(C):
        C = os.path.join(root, C)
    D = os.path.join(a.shared or os.path.join(root, "..", "shared"), "data")
    if not os.path.isdir(D):
        sys.exit(f"model-data: {D} not found")
    os.makedirs(a.out, exist_ok=True)
    have = lambda c: all(os.path.exists(f"{a.out}/{c}-{p}.tsv") for p in ("train", "dev"))
    sets = {}
    for c in CORPORA:
        if a.reuse and have(c):
            sets[c] = {p: [unesc_line(l) for l in open(f"{a.out}/{c}-{p}.tsv", encoding="utf-8")]
                       for p in ("train", "dev")}
            continue
        if c == "isot":
            s = {p: export(C, "isot", f"{D}/isot_partial/{p}") for p in ("train", "dev")}
        elif c == "fnn":
            s = {p: export(C, "fakenewsnet", f"{D}/fakenewsnet_v1/{p}") for p in ("train", "dev")}
        elif c == "amt":
            s = {p: export(C, "fakenewsamt", f"{D}/fakenewsamt/{p}") for p in ("train", "dev")}
        elif c == "polnear":
            s = {p: polnear(D, p) for p in ("train", "dev")}
        else:
            s = extraction(C, D)
        for p in ("train", "dev"):
            write(f"{a.out}/{c}-{p}.tsv", s[p])
        sets[c] = s
    train = []
    for c in CORPORA:
        if c != a.leave_out:
            train += balanced(c, sets[c]["train"])
    write(f"{a.out}/train.tsv", train)
    for c in CORPORA:
        n = {p: len(sets[c][p]) for p in ("train", "dev")}
        print(f"model-data: {c:<10} train {n['train']:4d}  dev {n['dev']:4d}", file=sys.stderr)
    print(f"model-data: balanced train.tsv {len(train)} records"
          + (f" (without {a.leave_out})" if a.leave_out else ""), file=sys.stderr)


main()
