#!/usr/bin/env python3
"""bench/tfidf_libsvm.py - tsv -> liblinear (libsvm format) TF-IDF features.

    tfidf_libsvm.py TRAIN.tsv OUT.train [DEV.tsv OUT.dev ...]

The small converter that lets liblinear take part in bench/classify: reads
credence's generic tsv (label TAB text with \\n \\t \\\\ escapes, as written by
`credence train --export-tsv`), tokenizes like scikit-learn's
TfidfVectorizer (lower-case, \\w\\w+ words, unigrams + bigrams), builds the
vocabulary and idf on TRAIN only (smooth idf: ln((1+N)/(1+df)) + 1, sublinear
tf 1 + ln tf, unit L2 norm), and writes one line per record: label index,
then index:value pairs in increasing order.  Label indices follow the sorted
TRAIN labels; labels.txt beside OUT.train lists them.  Standard library only.
"""
import math
import os
import re
import sys

TOKEN = re.compile(r"(?u)\b\w\w+\b")


def unescape(s):
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if "\t" not in line:
                continue
            label, text = line.split("\t", 1)
            yield label, unescape(text)


def grams(text):
    toks = TOKEN.findall(text.lower())
    return toks + [a + " " + b for a, b in zip(toks, toks[1:])]


def main(argv):
    if len(argv) < 3 or len(argv) % 2 == 0:
        sys.exit(__doc__)
    train = list(read(argv[1]))
    labels = sorted({l for l, _ in train})
    lab_ix = {l: i for i, l in enumerate(labels)}
    df = {}
    docs = []
    for _, t in train:
        g = grams(t)
        docs.append(g)
        for w in set(g):
            df[w] = df.get(w, 0) + 1
    vocab = {w: i + 1 for i, w in enumerate(sorted(df))}
    n = len(train)
    idf = {w: math.log((1 + n) / (1 + d)) + 1 for w, d in df.items()}

    def write(records, grams_list, out):
        with open(out, "w") as f:
            for (label, _), g in zip(records, grams_list):
                tf = {}
                for w in g:
                    if w in vocab:
                        tf[w] = tf.get(w, 0) + 1
                vals = {vocab[w]: (1 + math.log(c)) * idf[w] for w, c in tf.items()}
                norm = math.sqrt(sum(v * v for v in vals.values())) or 1.0
                feats = " ".join("%d:%.6g" % (k, vals[k] / norm) for k in sorted(vals))
                f.write("%d %s\n" % (lab_ix.get(label, -1), feats))

    write(train, docs, argv[2])
    with open(os.path.join(os.path.dirname(os.path.abspath(argv[2])), "labels.txt"), "w") as f:
        f.write("\n".join(labels) + "\n")
    for i in range(3, len(argv), 2):
        recs = list(read(argv[i]))
        write(recs, [grams(t) for _, t in recs], argv[i + 1])


if __name__ == "__main__":
    main(sys.argv)
