#!/usr/bin/env python3
"""bench/polnear.py CREDENCE [SPLIT] - quote extraction scored against PolNeAR.

Runs `credence analyze --json` on every article of ../shared/data/polnear/
SPLIT (default dev) and scores its quotes against the brat .ann attributions
(Source, Cue, Content spans, character offsets into the .txt):

  content   a gold attribution is found when a predicted quote's content
            overlaps its Content span by at least 50% of the shorter of the
            two (discontinuous spans count their pieces); predictions and
            gold are matched one-to-one, best overlap first.  Precision,
            recall and F1 over all attributions, and separately over direct
            quotes (gold whose content begins with a quotation mark -- " “ ” „ « »
            or the '' of New York Times copy -- against
            predictions of kind "direct").
  speaker   for found attributions with a gold Source: does the predicted
            speaker span overlap it?  Accuracy, and end-to-end F1 where a
            prediction counts only when content and speaker are both right
            (a gold attribution without Source needs a null speaker).

Articles annotated by several annotators are scored against the first
annotator listed in metadata.tsv (one gold per article).  Offsets: credence
reports input_start/input_end in bytes of the input file; they are turned
into character offsets here.

The "marks only" row is a baseline computed in the same run: every span
between paired quotation marks (“...” or "...") of 5+ words as a direct
quote, no speaker.
"""
import json
import os
import re
import subprocess
import sys

QUOTE_CHARS = '"“”„«»'
# brat lines; a span text with a newline continues on a line of its own,
# which matches neither and is skipped
TLINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t?(.*)$")
ELINE = re.compile(r"^E\d+\t")


def starts_with_quote(text):
    """a quotation mark: " “ ” „ « », or '' / `` (New York Times copy)"""
    t = text.lstrip()
    return t[:1] in QUOTE_CHARS or t[:2] in ("''", "``")


def load_ann(path):
    spans, rels = {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            m = TLINE.match(line)
            if m:
                tid, typ, offs, text = m.groups()
                segs = []
                for piece in offs.split(";"):
                    a, b = piece.split()
                    segs.append((int(a), int(b)))
                spans[tid] = (typ, segs, text)
            elif ELINE.match(line):
                parts = line.split("\t")[1].split()
                roles = {}
                for p in parts:
                    r, _, t = p.partition(":")
                    roles.setdefault(r, t)
                rels.append(roles)
    gold = []
    for r in rels:
        c = r.get("Content")
        if not c or c not in spans:
            continue
        content = spans[c][1]
        text = spans[c][2]
        src = spans[r["Source"]][1] if r.get("Source") in spans else None
        gold.append({"content": content, "source": src,
                     "direct": starts_with_quote(text)})
    return gold


def seg_len(segs):
    return sum(b - a for a, b in segs)


def overlap(p, g):
    tot = 0
    for a, b in p:
        for c, d in g:
            lo, hi = max(a, c), min(b, d)
            if hi > lo:
                tot += hi - lo
    return tot


def match(preds, golds):
    """one-to-one, best ratio first; returns list of (pi, gi)"""
    pairs = []
    for i, p in enumerate(preds):
        for j, g in enumerate(golds):
            ov = overlap(p["content"], g["content"])
            if not ov:
                continue
            short = min(seg_len(p["content"]), seg_len(g["content"]))
            r = ov / short if short else 0
            if r >= 0.5:
                pairs.append((r, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    up, ug, out = set(), set(), []
    for r, i, j in pairs:
        if i in up or j in ug:
            continue
        up.add(i)
        ug.add(j)
        out.append((i, j))
    return out


def prf(tp, np_, ng):
    p = tp / np_ if np_ else 0.0
    r = tp / ng if ng else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def byte_to_char(data):
    """map byte offset -> char offset for UTF-8 bytes"""
    m = [0] * (len(data) + 1)
    c = 0
    i = 0
    while i < len(data):
        b = data[i]
        n = 1 if b < 0x80 else 2 if b >> 5 == 6 else 3 if b >> 4 == 14 else 4 if b >> 3 == 30 else 1
        for k in range(n):
            if i + k <= len(data):
                m[i + k] = c
        i += n
        c += 1
    m[len(data)] = c
    return m


def credence_preds(cred, path):
    out = subprocess.run([cred, "analyze", "--json", path], capture_output=True, check=True)
    doc = json.loads(out.stdout)
    data = open(path, "rb").read()
    b2c = byte_to_char(data)
    preds = []
    for q in doc["quotes"]:
        c = q["content"]
        s = q["speaker"]
        preds.append({
            "content": [(b2c[c["input_start"]], b2c[c["input_end"]])],
            "speaker": [(b2c[s["input_start"]], b2c[s["input_end"]])] if s else None,
            "direct": q["kind"] == "direct",
            "pattern": q.get("pattern"),
        })
    return preds


MARKS = re.compile(r'“[^“”]*”|"[^"\n]*"')


def baseline_preds(path):
    text = open(path, encoding="utf-8").read()
    preds = []
    for m in MARKS.finditer(text):
        if len(re.findall(r"\w+", m.group(0))) >= 5:
            preds.append({"content": [(m.start(), m.end())], "speaker": None, "direct": True})
    return preds


class Score:
    def __init__(self):
        self.n = dict(pred=0, gold=0, tp=0, pred_d=0, gold_d=0, tp_d=0,
                      spk_n=0, spk_ok=0, spk_n_d=0, spk_ok_d=0, e2e=0, e2e_d=0)

    def add(self, preds, golds):
        n = self.n
        n["pred"] += len(preds)
        n["gold"] += len(golds)
        for (i, j) in match(preds, golds):
            n["tp"] += 1
            ok = speaker_ok(preds[i], golds[j])
            if golds[j]["source"] is not None:
                n["spk_n"] += 1
                n["spk_ok"] += ok
            n["e2e"] += ok
        pd = [p for p in preds if p["direct"]]
        gd = [g for g in golds if g["direct"]]
        n["pred_d"] += len(pd)
        n["gold_d"] += len(gd)
        for (i, j) in match(pd, gd):
            n["tp_d"] += 1
            ok = speaker_ok(pd[i], gd[j])
            if gd[j]["source"] is not None:
                n["spk_n_d"] += 1
                n["spk_ok_d"] += ok
            n["e2e_d"] += ok

    def row(self, name):
        n = self.n
        p, r, f = prf(n["tp"], n["pred"], n["gold"])
        pd, rd, fd = prf(n["tp_d"], n["pred_d"], n["gold_d"])
        acc = n["spk_ok"] / n["spk_n"] if n["spk_n"] else 0
        accd = n["spk_ok_d"] / n["spk_n_d"] if n["spk_n_d"] else 0
        _, _, e2e = prf(n["e2e"], n["pred"], n["gold"])
        _, _, e2ed = prf(n["e2e_d"], n["pred_d"], n["gold_d"])
        return (f"| {name} | {p:.3f} | {r:.3f} | {f:.3f} | {pd:.3f} | {rd:.3f} | {fd:.3f} "
                f"| {acc:.3f} | {accd:.3f} | {e2e:.3f} | {e2ed:.3f} |")


def speaker_ok(p, g):
    if g["source"] is None:
        return p["speaker"] is None
    if p["speaker"] is None:
        return False
    return overlap(p["speaker"], g["source"]) > 0


def main():
    cred = sys.argv[1] if len(sys.argv) > 1 else "build/credence"
    split = sys.argv[2] if len(sys.argv) > 2 else "dev"
    verbose = os.environ.get("VERBOSE")
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "data",
                        "polnear", split)
    if not os.path.isdir(root):
        print(f"bench/polnear.py: SKIP: {root} is absent", file=sys.stderr)
        return 0
    first = {}
    with open(os.path.join(root, "metadata.tsv"), encoding="utf-8") as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(head, line.rstrip("\n").split("\t")))
            first[row["filename"]] = row["annotators"].split("|")[0]
    ours, base = Score(), Score()
    arts = sorted(first)
    for name in arts:
        txt = os.path.join(root, "text", name + ".txt")
        ann = os.path.join(root, "attributions", f"{name}_{first[name]}.ann")
        if not (os.path.exists(txt) and os.path.exists(ann)):
            continue
        golds = load_ann(ann)
        preds = credence_preds(cred, txt)
        ours.add(preds, golds)
        base.add(baseline_preds(txt), golds)
        if verbose:
            text = open(txt, encoding="utf-8").read()
            m = match(preds, golds)
            mp = {i for i, _ in m}
            mg = {j for _, j in m}
            for i, p in enumerate(preds):
                if i not in mp and (p["direct"] or verbose == "all"):
                    a, b = p["content"][0]
                    print(f"FP {p.get('pattern')} {name}: {text[a:b][:150]!r}")
            for j, g in enumerate(golds):
                if j not in mg and (g["direct"] or verbose == "all"):
                    a, b = g["content"][0]
                    print(f"FN {name}: {text[a:b][:150]!r}")
            for i, j in m:
                if golds[j]["source"] and not speaker_ok(preds[i], golds[j]) and (preds[i]["direct"] or verbose == "all"):
                    s = golds[j]["source"][0]
                    ps = preds[i]["speaker"][0] if preds[i]["speaker"] else None
                    print(f"SPK {name}: gold {text[s[0]:s[1]]!r} pred "
                          f"{text[ps[0]:ps[1]] if ps else None!r} :: {text[golds[j]['content'][0][0]:golds[j]['content'][0][0]+60]!r}")
    print(f"PolNeAR {split}: {len(arts)} articles, {ours.n['gold']} gold attributions "
          f"({ours.n['gold_d']} direct)")
    print()
    print("| system | P | R | F1 | direct P | direct R | direct F1 | speaker acc | "
          "direct speaker acc | end-to-end F1 | direct end-to-end F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    print(ours.row("credence analyze"))
    print(base.row("marks only (baseline)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
