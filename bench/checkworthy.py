#!/usr/bin/env python3
"""bench/checkworthy.py - check-worthiness figures on the held-out parts of
../shared/data/checkworthy (docs/checkworthy.md).

Held out (never trained on), fixed:
  CheckThat! 2019: the last 4 debates by file name (HELDOUT_DEBATES);
  ClaimBuster: the sentences whose id % 5 == 0 (20%, by id).
Trained on the rest.  Prints, for the shipped model (or --model) and for a
bag-of-words baseline trained here on the same data (unigrams only, no
speaker, no sentence features):
  CheckThat! 2019 MAP over the held-out debates (the official metric: the
  mean over debates of the average precision of the sentences ranked by score),
  ClaimBuster average precision and F1 at the shipped threshold.

  python3 bench/checkworthy.py [--build build] [--model data/models/checkworthy.model]
  python3 bench/checkworthy.py --write-train DIR   # writes the training files only
"""
import argparse, glob, json, os, subprocess, sys, tempfile

HELDOUT_DEBATES = 4


def ap(pairs):
    """average precision of (score, gold) pairs ranked by score (ties: input order)."""
    pairs = sorted(enumerate(pairs), key=lambda t: (-t[1][0], t[0]))
    hits, s = 0, 0.0
    for r, (_, (_, g)) in enumerate(pairs, 1):
        if g:
            hits += 1
            s += hits / r
    return s / hits if hits else 0.0


def f1_at(pairs, thr):
    tp = sum(1 for p, g in pairs if p >= thr and g)
    fp = sum(1 for p, g in pairs if p >= thr and not g)
    fn = sum(1 for p, g in pairs if p < thr and g)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def splits(data):
    deb = sorted(glob.glob(os.path.join(data, "clef2019_t1/train/*.tsv")))
    cb_train, cb_test = [], []
    with open(os.path.join(data, "claimbuster/train.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                (cb_test if json.loads(line)["id"] % 5 == 0 else cb_train).append(line.rstrip("\n"))
    return deb[:-HELDOUT_DEBATES], deb[-HELDOUT_DEBATES:], cb_train, cb_test


def write_train(d, data):
    tr, _, cb_train, cb_test = splits(data)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "claimbuster-train.jsonl"), "w") as f:
        f.write("\n".join(cb_train) + "\n")
    with open(os.path.join(d, "claimbuster-test.jsonl"), "w") as f:
        f.write("\n".join(cb_test) + "\n")
    with open(os.path.join(d, "clef-train.list"), "w") as f:
        f.write("\n".join(tr) + "\n")


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, **kw).stdout


def score_cw(cli, model, lines):
    """scores jsonl lines {"id","text"[,"speaker"]} with credence checkworthy."""
    out = run([cli, "checkworthy", "-m", model, "--jsonl", "-"], input="\n".join(lines) + "\n")
    return [json.loads(l)["checkworthy"] for l in out.splitlines()]


def measure(cli, model, thr, data):
    _, held, _, cb_test = splits(data)
    maps = []
    for p in held:
        lines, gold = [], []
        with open(p, encoding="utf-8-sig") as f:
            for l in f:
                c = l.rstrip("\r\n").split("\t")
                if len(c) != 4:
                    continue
                lines.append(json.dumps({"id": c[0], "speaker": c[1], "text": c[2]}))
                gold.append(c[3] == "1")
        maps.append(ap(list(zip(score_cw(cli, model, lines), gold))))
    recs = [json.loads(l) for l in cb_test]
    ps = score_cw(cli, model, [json.dumps({"id": r["id"], "text": r["text"]}) for r in recs])
    pairs = list(zip(ps, [r["label"] == 1 for r in recs]))
    return sum(maps) / len(maps), maps, ap(pairs), f1_at(pairs, thr), len(recs)


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--build", default="build")
    a.add_argument("--data", default=os.environ.get("DATA", "../shared/data") + "/checkworthy")
    a.add_argument("--model", default="data/models/checkworthy.model")
    a.add_argument("--threshold", type=float)
    a.add_argument("--write-train")
    a.add_argument("--no-baseline", action="store_true")
    o = a.parse_args()
    if not os.path.isdir(o.data):
        print("SKIP: %s missing" % o.data)
        return
    if o.write_train:
        write_train(o.write_train, o.data)
        return
    cli = os.path.join(o.build, "credence")
    thr = o.threshold
    if thr is None:
        for l in open("data/checkworthy/config.tsv"):
            if l.startswith("threshold\t"):
                thr = float(l.split("\t")[1])
    rows = [("ours (%s)" % os.path.basename(o.model), o.model)]
    with tempfile.TemporaryDirectory() as t:
        if not o.no_baseline:
            # baseline: bag of words, no speaker, no sentence features, same data
            write_train(t, o.data)
            tr = open(os.path.join(t, "clef-train.list")).read().split()
            run([cli, "train", "--format", "checkthat19", "--export-tsv", t + "/clef.tsv"] + tr)
            run([cli, "train", "--format", "jsonl", "--export-tsv", t + "/cb.tsv",
                 t + "/claimbuster-train.jsonl"])
            with open(t + "/bow.tsv", "w") as f:
                for src in ("clef.tsv", "cb.tsv"):
                    for l in open(os.path.join(t, src)):
                        lab, text = l.rstrip("\n").split("\t", 1)
                        f.write(lab + "\t" + text.split("\\n\\n", 1)[-1] + "\n")
            run([cli, "train", "--format", "tsv", "--word-ngrams", "1", "--seed", "1",
                 "--threads", "2", "-o", t + "/bow.model", t + "/bow.tsv"])
            rows.append(("baseline: bag of words", t + "/bow.model"))
        print("held out: CheckThat! 2019 debates %s; ClaimBuster id %% 5 == 0; threshold %.2f"
              % (", ".join(os.path.basename(p)[:-4] for p in splits(o.data)[1]), thr))
        print("%-34s %8s  %-27s %8s %8s" % ("model", "CT19 MAP", "per debate", "CB AP", "CB F1"))
        for name, m in rows:
            mp, per, cap, cf1, n = measure(cli, m, thr, o.data)
            print("%-34s %8.4f  %-27s %8.4f %8.4f" % (name, mp, " ".join("%.3f" % x for x in per),
                                                     cap, cf1))


if __name__ == "__main__":
    main()
