#!/usr/bin/env python3
"""bench/clickbait.py CREDENCE [SPLIT] - headline clickbait score, ROC AUC.

Runs `credence analyze --json` on every headline of
../shared/data/clickbait/SPLIT/{clickbait_data,non_clickbait_data} (one
headline per non-empty line: the files mix blank-line and plain-line
separation) and reports the ROC AUC of headline.clickbait (rule signals
alone, weights from data/analysis/clickbait.tsv), with precision, recall and
accuracy at the data file's threshold (headline.is_clickbait).

The "?/number/you" row is a baseline computed in the same run: 1 when the
headline ends with '?', starts with a digit or contains the word "you",
else 0.  Also prints how often each signal fires in each class, which is
what the weights are tuned from (on train, never on dev).
"""
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys


def headlines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return [l.strip() for l in f if l.strip()]


def auc(scores, labels):
    """Mann-Whitney U with average ranks for ties."""
    pairs = sorted(zip(scores, labels))
    ranks = [0.0] * len(pairs)
    i = 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        r = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[k] = r
        i = j + 1
    pos = sum(1 for _, l in pairs if l)
    neg = len(pairs) - pos
    rs = sum(r for r, (_, l) in zip(ranks, pairs) if l)
    return (rs - pos * (pos + 1) / 2) / (pos * neg) if pos and neg else 0.0


def run(cred, h):
    out = subprocess.run([cred, "analyze", "--json", "-"], input=h.encode("utf-8"),
                         capture_output=True, check=True)
    hd = json.loads(out.stdout)["headline"]
    if not hd:
        return 0.0, False, []
    return hd["clickbait"], hd["is_clickbait"], [s["name"] for s in hd["signals"]]


def main():
    cred = sys.argv[1] if len(sys.argv) > 1 else "build/credence"
    split = sys.argv[2] if len(sys.argv) > 2 else "dev"
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data",
                        "clickbait", split)
    if not os.path.isdir(root):
        print(f"bench/clickbait.py: SKIP: {root} is absent", file=sys.stderr)
        return 0
    pos = headlines(os.path.join(root, "clickbait_data"))
    neg = headlines(os.path.join(root, "non_clickbait_data"))
    data = [(h, 1) for h in pos] + [(h, 0) for h in neg]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        res = list(ex.map(lambda d: run(cred, d[0]), data))
    labels = [l for _, l in data]
    scores = [r[0] for r in res]
    flags = [r[1] for r in res]
    tp = sum(1 for f, l in zip(flags, labels) if f and l)
    fp = sum(1 for f, l in zip(flags, labels) if f and not l)
    fn = sum(1 for f, l in zip(flags, labels) if not f and l)
    acc = sum(1 for f, l in zip(flags, labels) if f == bool(l)) / len(labels)
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    base = [1.0 if (h.rstrip().endswith("?") or h[:1].isdigit() or
                    re.search(r"\byou\b", h, re.I)) else 0.0 for h, _ in data]
    bflags = [b > 0.5 for b in base]
    btp = sum(1 for f, l in zip(bflags, labels) if f and l)
    bfp = sum(1 for f, l in zip(bflags, labels) if f and not l)
    bfn = sum(1 for f, l in zip(bflags, labels) if not f and l)
    bacc = sum(1 for f, l in zip(bflags, labels) if f == bool(l)) / len(labels)
    print(f"clickbait {split}: {len(pos)} clickbait + {len(neg)} non-clickbait headlines")
    print()
    print("| system | ROC AUC | P | R | accuracy |")
    print("|---|---|---|---|---|")
    print(f"| credence analyze (headline.clickbait) | {auc(scores, labels):.3f} | {p:.3f} | "
          f"{r:.3f} | {acc:.3f} |")
    print(f"| ?/number/you (baseline) | {auc(base, labels):.3f} | "
          f"{btp / (btp + bfp) if btp + bfp else 0:.3f} | {btp / (btp + bfn):.3f} | {bacc:.3f} |")
    if os.environ.get("SIGNALS"):
        cnt = {1: collections.Counter(), 0: collections.Counter()}
        for (h, l), rr in zip(data, res):
            for s in set(rr[2]):
                cnt[l][s] += 1
        print()
        print("| signal | clickbait | non-clickbait |")
        print("|---|---|---|")
        for s in sorted(set(cnt[0]) | set(cnt[1])):
            print(f"| {s} | {cnt[1][s] / len(pos):.3f} | {cnt[0][s] / len(neg):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
