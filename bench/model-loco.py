#!/usr/bin/env python3
"""bench/model-loco.py - how good the score's article model is, per corpus,
and how it does on a corpus it never saw (docs/models.md).

    bench/model-loco.py [--build BUILD] [--shared DIR] [--old MODEL] [--model MODEL]

Prints two tables:
 1. Per corpus, on the dev parts (and the held-out half of the extraction
    pages), for each model given (--old, e.g. a copy of the previous
    data/models/score-article.model, and --model, default the shipped one):
    accuracy (p(fake) > 0.5 is "fake"), ROC AUC, and the false-alarm rate
    (share of real articles with p(fake) > 0.5).  PolNeAR and the extraction
    pages are all real: their AUC (marked *) ranks their articles against the
    fakes of all the dev parts pooled.
 2. Leave one corpus out: bench/score-model-train.sh --leave-out C, then
    the same figures on C's dev part.  This is the honest figure: how the
    model does on news from a source it was not trained on.  For the
    real-only corpora the AUC* pools the other corpora's dev fakes, whose
    corpora were trained on: read their false-alarm rate first.
Deterministic; takes about a minute (six trainings of ~1 s, predictions).
"""
import argparse, json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpora import auc  # noqa: E402

CORPORA = ("isot", "fnn", "amt", "polnear", "extraction")
NAMES = {"isot": "ISOT dev", "fnn": "FakeNewsNet dev", "amt": "FakeNewsAMT dev",
         "polnear": "PolNeAR dev (mainstream)", "extraction": "extraction held-out half"}


def predict(C, model, tsv):
    r = subprocess.run([C, "predict", "-m", model, "--format", "tsv", "--json", "--explain", "0",
                        "--no-progress", tsv], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"model-loco: predict {model} {tsv} failed: {r.stderr[:300]}")
    labels = [l.split("\t", 1)[0] for l in open(tsv, encoding="utf-8") if l.strip()]
    probs = [json.loads(l)["probs"].get("fake", 0.0) for l in r.stdout.splitlines()]
    return list(zip(labels, probs))


def figures(pairs, pooled_fakes):
    fake = [p for l, p in pairs if l == "fake"]
    real = [p for l, p in pairs if l == "real"]
    acc = sum((p > 0.5) == (l == "fake") for l, p in pairs) / len(pairs)
    star = not fake
    a = auc(fake if fake else pooled_fakes, real)
    fa = sum(p > 0.5 for p in real) / len(real) if real else None
    fmt = lambda x: "   -  " if x is None else "%.3f" % x
    return "%5d  %.3f  %s%s  %s" % (len(pairs), acc, fmt(a), "*" if star else " ", fmt(fa))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--shared", default=None)
    ap.add_argument("--old", default=None, help="a previous model to compare")
    ap.add_argument("--model", default="data/models/score-article.model")
    a = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.chdir(root)
    C = os.path.join(a.build, "credence")
    tmp = tempfile.mkdtemp(prefix="credence-loco-")
    data = os.path.join(tmp, "data")
    sh = ["--shared", a.shared] if a.shared else []
    subprocess.run([sys.executable, "bench/model-data.py", "--build", a.build, "--out", data, *sh],
                   check=True, stderr=subprocess.DEVNULL)
    dev = {c: os.path.join(data, f"{c}-dev.tsv") for c in CORPORA}
    head = "%-26s %5s  %-5s  %-6s  %s" % ("corpus", "n", "acc", "AUC", "false alarms (real, p>0.5)")

    models = [("old", a.old)] if a.old else []
    models.append(("new", a.model))
    for name, m in models:
        preds = {c: predict(C, m, dev[c]) for c in CORPORA}
        pooled = [p for c in CORPORA for l, p in preds[c] if l == "fake"]
        print(f"== {name} model: {m}")
        print(head)
        for c in CORPORA:
            print("%-26s %s" % (NAMES[c], figures(preds[c], pooled)))
        print()

    print("== leave one corpus out (trained without it; bench/score-model-train.sh --leave-out C)")
    print(head)
    env = dict(os.environ, DATA_DIR=data, REUSE="1")
    for c in CORPORA:
        m = os.path.join(tmp, f"without-{c}.model")
        r = subprocess.run(["bash", "bench/score-model-train.sh", a.build, m, "--leave-out", c],
                           capture_output=True, text=True, env=env)
        if r.returncode != 0:
            sys.exit(f"model-loco: training without {c} failed: {r.stderr[-300:]}")
        others = [p for o in CORPORA if o != c for l, p in predict(C, m, dev[o]) if l == "fake"]
        print("%-26s %s" % (NAMES[c], figures(predict(C, m, dev[c]), others)))
    subprocess.run(["rm", "-rf", tmp])


main()
