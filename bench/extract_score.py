#!/usr/bin/env python3
"""bench/extract_score.py - scores extractors on the Zyte article-extraction
benchmark with its metric (../shared/data/README.md): per page, word 4-gram
shingles (words are \\w+ runs, case kept) counted with multiplicity give
precision and recall against ground-truth articleBody; P and R are averaged
over pages and F1 is taken of the two means.

usage: extract_score.py [--worst N] GROUND_TRUTH.json NAME=RESULTS.jsonl[:SECONDS[:CPU]]...
Each RESULTS.jsonl line is {"file": ".../<id>.html", "text": "..."}.
SECONDS (wall time of the run) gives the pages/s column, CPU (CPU seconds,
user + system) the CPU ms/page column: wall time depends on what else the
machine runs, CPU time much less.
Prints one Markdown table.  --worst N also lists the N pages where the
first extractor scores lowest (for development).  Python 3 standard library
only.
"""
import json
import os
import re
import sys
from collections import Counter

WORD = re.compile(r"\w+")


def shingles(text, n=4):
    toks = WORD.findall(text or "")
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def page_pr(truth, pred):
    t, p = shingles(truth), shingles(pred)
    tp = sum((t & p).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    if tp == 0:
        return 0.0, 0.0
    return tp / (tp + fp), tp / (tp + fn)


def main():
    args = sys.argv[1:]
    worst = 0
    if args[:1] == ["--worst"]:
        worst = int(args[1])
        args = args[2:]
    if len(args) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    gt = json.load(open(args[0], encoding="utf-8"))
    rows = []
    per_page = []
    for arg in args[1:]:
        name, _, rest = arg.partition("=")
        path, _, secs = rest.partition(":")
        secs, _, cpu = secs.partition(":")
        got = {}
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                o = json.loads(line)
                pid = os.path.basename(o.get("file", "")).rsplit(".html", 1)[0]
                got[pid] = o.get("text") or ""
        ps, rs = [], []
        for pid, g in gt.items():
            p, r = page_pr(g.get("articleBody", ""), got.get(pid, ""))
            ps.append(p)
            rs.append(r)
            if not rows:
                per_page.append((p, r, pid))
        mp, mr = sum(ps) / len(ps), sum(rs) / len(rs)
        f1 = 2 * mp * mr / (mp + mr) if mp + mr else 0.0
        speed = len(gt) / float(secs) if secs else float("nan")
        cpu_ms = 1000 * float(cpu) / len(gt) if cpu else float("nan")
        rows.append((name, f1, mp, mr, speed, cpu_ms, len(got)))
    print("| extractor | F1 | precision | recall | pages/s (wall) | CPU ms/page | pages |")
    print("|---|---|---|---|---|---|---|")
    for name, f1, mp, mr, speed, cpu_ms, n in rows:
        print(f"| {name} | {f1:.3f} | {mp:.3f} | {mr:.3f} | {speed:.1f} | {cpu_ms:.1f} | {n} |")
    if worst:
        print()
        for p, r, pid in sorted(per_page, key=lambda x: x[0] + x[1])[:worst]:
            print(f"{p:.2f} {r:.2f} {pid}")
    if len(rows) >= 2 and rows[1][4] == rows[1][4] and rows[1][4] > 0:
        a, b = rows[0], rows[1]
        line = f"\nspeed ratio {a[0]} / {b[0]}: {a[4] / b[4]:.1f}x wall"
        if a[5] == a[5] and b[5] == b[5] and a[5] > 0:
            line += f", {b[5] / a[5]:.1f}x CPU"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
