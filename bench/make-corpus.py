#!/usr/bin/env python3
"""bench/make-corpus.py OUT [MB] - builds the text-throughput corpus.

Concatenates the texts of ../shared/data/isot_partial (title + text of every
row of Fake.csv and True.csv, train and dev) and ../shared/data/fakenewsnet_v1
(title + text of every article JSON), each article as "title\\n\\ntext\\n\\n",
repeated until the file reaches MB megabytes (default 100).  The file is
written under bench/out/ (git-ignored): it is third-party text.
"""
import csv, glob, json, os, sys

def articles(shared):
    csv.field_size_limit(1 << 30)
    for f in sorted(glob.glob(os.path.join(shared, "data/isot_partial/*/*.csv"))):
        with open(f, newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                yield row.get("title", ""), row.get("text", "")
    for f in sorted(glob.glob(os.path.join(shared, "data/fakenewsnet_v1/*/*/*/*.json"))):
        with open(f, encoding="utf-8") as fh:
            try:
                d = json.load(fh)
            except ValueError:
                continue
        yield d.get("title") or "", d.get("text") or ""

def main():
    out = sys.argv[1]
    mb = float(sys.argv[2]) if len(sys.argv) > 2 else 100
    shared = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared")
    once = "".join(f"{t.strip()}\n\n{x.strip()}\n\n" for t, x in articles(shared)).encode()
    if not once:
        sys.exit("make-corpus: no articles found under " + shared)
    target = int(mb * 1e6)
    with open(out, "wb") as fh:
        n = 0
        while n < target:
            chunk = once[: target - n]
            fh.write(chunk)
            n += len(chunk)
    print(f"{out}: {n/1e6:.1f} MB ({len(once)/1e6:.1f} MB of distinct text)", file=sys.stderr)

main()
