"""bench/corpora.py - the labelled corpora of ../shared/data as rows for the
benchmarks (bench/verdict.py, bench/signals.py, bench/model-loco.py): one
reader, so every benchmark reads the same articles the same way.

rows(C, D, tmp, part, which, urls) -> [(corpus, label, record)], label 1 real,
0 fake, None unlabelled; record is a `credence score --jsonl` input object
({"text", "title"?, "url"?}) or {"file": path, "url"?} for an HTML page.

  isot        ISOT, leak-stripped by the learning module's rules
              (`credence train --format isot --strip-leaks --export-tsv`)
  fnn         FakeNewsNet v1 (with each article's URL when urls=True)
  amt         FakeNewsAMT: first line the headline
  polnear     PolNeAR texts of mainstream outlets (real); Breitbart and
              Western Journal as `polnear-partisan`, unlabelled
  extraction  the Zyte extraction pages (HTML, real) that the article model
              did not train on: bench/model-data.py sorts the page files by
              name, trains on even positions and holds out the odd ones
Nothing from the network; pure Python 3.
"""
import json, os, subprocess, sys


def unescape(s):
    """Undoes the \\n \\t \\\\ escapes of `credence train --export-tsv`."""
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def auc(pos, neg):
    """P(a random positive's value > a random negative's), ties half; None
    when a class is empty.  Rank-based: O(n log n)."""
    if not pos or not neg:
        return None
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    rank, i, rsum = 1, 0, 0.0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        r = (rank + rank + (j - i) - 1) / 2
        rsum += r * sum(1 for k in range(i, j) if allv[k][1] == 1)
        rank += j - i
        i = j
    return (rsum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def extraction_heldout(ids):
    files = sorted(f"{i}.html" for i in ids)
    return [f[:-5] for k, f in enumerate(files) if k % 2 == 1]


def rows(C, D, tmp, part="dev", which=("isot", "fnn", "amt", "polnear", "extraction"),
         urls=True, amt_title=True):
    out = []
    if "isot" in which:
        tsv = os.path.join(tmp, f"isot-{part}.tsv")
        r = subprocess.run([C, "train", "--format", "isot", "--strip-leaks", "--export-tsv", tsv,
                            f"{D}/isot_partial/{part}"], capture_output=True, text=True)
        if r.returncode not in (0, 3):
            sys.exit(f"corpora: isot export failed: {r.stderr[:300]}")
        for line in open(tsv, encoding="utf-8"):
            lab, text = line.rstrip("\n").split("\t", 1)
            out.append(("isot", 1 if lab == "real" else 0, {"text": unescape(text)}))
    if "fnn" in which:
        fdir = f"{D}/fakenewsnet_v1/{part}"
        for site in sorted(os.listdir(fdir)):
            for kind in sorted(os.listdir(f"{fdir}/{site}")):
                for fn in sorted(os.listdir(f"{fdir}/{site}/{kind}")):
                    j = json.load(open(f"{fdir}/{site}/{kind}/{fn}", encoding="utf-8"))
                    if not (j.get("text") or "").strip():
                        continue
                    rec = {"title": j.get("title") or "", "text": j["text"]}
                    if urls and j.get("url"):
                        rec["url"] = j["url"]
                    out.append(("fnn", 0 if kind.startswith("Fake") else 1, rec))
    adir = f"{D}/fakenewsamt/{part}"
    if "amt" in which and os.path.isdir(adir):
        for kind in ("legit", "fake"):
            for fn in sorted(os.listdir(f"{adir}/{kind}")):
                t = open(f"{adir}/{kind}/{fn}", encoding="utf-8", errors="replace").read()
                if amt_title:
                    head, _, body = t.strip("\n").partition("\n")
                    rec = {"title": head.strip(), "text": body.strip()}
                else:
                    rec = {"text": t}
                out.append(("amt", 1 if kind == "legit" else 0, rec))
    pdir = f"{D}/polnear/{part}"
    if "polnear" in which and os.path.isdir(pdir):
        meta = {}
        for line in open(f"{pdir}/metadata.tsv", encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if f[0] != "compartment":
                meta[f[1]] = f[4]
        for fn in sorted(os.listdir(f"{pdir}/text")):
            t = open(f"{pdir}/text/{fn}", encoding="utf-8", errors="replace").read()
            if meta.get(fn[:-4], "") in ("breitbart", "west-journal"):
                out.append(("polnear-partisan", None, {"text": t}))
            else:
                out.append(("polnear", 1, {"text": t}))
    xdir = f"{D}/extraction"
    if "extraction" in which and os.path.isdir(xdir):
        gt = json.load(open(f"{xdir}/ground-truth.json", encoding="utf-8"))
        for pid in extraction_heldout(sorted(gt)):
            path = f"{xdir}/html/{pid}.html"
            if os.path.exists(path):
                out.append(("extraction", 1, {"file": path, "url": gt[pid].get("url") or ""}))
    return out
