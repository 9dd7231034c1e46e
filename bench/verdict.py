#!/usr/bin/env python3
"""bench/verdict.py - how the verdict of `credence score` holds up, per corpus
(docs/score.md "How it holds up", docs/BENCHMARKS.md).

    bench/verdict.py [--build BUILD] [--shared DIR] [--config FILE] [--png FILE]
                     [--fit [--write]] [--json FILE]

For every labelled corpus in ../shared/data (dev parts only; the extraction
pages: the half the article model did not train on), runs `credence score
--jsonl --brief` exactly as a user would (default outlet table, default
model, found from the binary's install location) and prints one row per
corpus:

  real / fake    articles of each label
  FA             false alarms: share of real articles given `unreliable` or
                 `very-unreliable` (the goal: <= 3% in every corpus)
  caught         share of fake articles given `unreliable` or worse (>= 25%)
  AUC            ROC AUC of the numeric score, real vs fake (>= 0.80)
  ECE            expected calibration error of score/100 as P(real), 15 bins
  unrated        share given band `unrated` (real / fake)
  satire, opinion  share of articles given that genre

Corpora: isot (ISOT, leak-stripped by the learning module's rules), fnn
(FakeNewsNet v1, with each article's URL), amt (FakeNewsAMT, six domains),
polnear (PolNeAR dev, mainstream outlets only; Breitbart and Western Journal
are reported apart as `polnear-partisan`, unlabelled), extraction (Zyte
benchmark pages, HTML, mainstream: real), ours (the example articles and
test fixtures we wrote, with their expected genre).

--fit fits the logistic layer (signal weights and intercept) with
leave-one-corpus-out validation: for each corpus, weights fitted on the
others score it (through `credence score --config`), so every figure in the
LOCO table is on a corpus the weights never saw.  --write then stores the
weights fitted on all corpora in data/score/weights.tsv.
--png writes a reliability diagram (gnuplot, from Debian).
Pure Python 3, nothing from the network.
"""
import argparse, json, math, os, random, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpora import auc as rank_auc, rows as corpora_rows  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--build", default="build")
ap.add_argument("--shared", default=None)
ap.add_argument("--config", default=None, help="extra score config (credence score --config)")
ap.add_argument("--png", default=None, help="write a reliability diagram here")
ap.add_argument("--fit", action="store_true", help="leave-one-corpus-out fit of the weights")
ap.add_argument("--write", action="store_true", help="with --fit: write data/score/weights.tsv")
ap.add_argument("--prior", type=float, default=3.0, help="L2 strength towards the priors")
ap.add_argument("--json", default=None, help="write the per-corpus figures as JSON here")
ap.add_argument("--label", default="", help="a name for this run in the table heading")
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
C = os.path.abspath(os.path.join(args.build, "credence"))
shared = args.shared or os.path.join(root, "..", "shared")
D = os.path.join(shared, "data")
if not os.path.isdir(D):
    print("SKIP: verdict: ../shared/data not found")
    sys.exit(0)
tmp = tempfile.mkdtemp(prefix="credence-verdict-")
BAD = ("unreliable", "very-unreliable")


def run(cmd, ok=(0, 3), **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode not in ok:
        sys.exit(f"verdict: {' '.join(cmd)} failed ({r.returncode}): {r.stderr[:500]}")
    return r


# ---- corpora: (corpus, label 1 real / 0 fake / None, record) ----------------
def corpora():
    rows = corpora_rows(C, D, tmp)
    # ours: examples/ and tests/fixtures/genre/ (invented by us), with genres
    cases = "tests/golden/genre/cases.tsv"
    ours = [("examples/wire-report.txt", "news"), ("examples/opinion-column.txt", "opinion"),
            ("examples/satire.txt", "satire"), ("examples/clickbait-rumor.txt", "news")]
    if os.path.exists(cases):
        for line in open(cases, encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) >= 2 and not line.startswith("#") and f[0].strip():
                p = f[0] if os.path.exists(f[0]) else os.path.join("tests/fixtures/genre", f[0])
                if os.path.exists(p):
                    ours.append((p, f[1]))
    for p, g in ours:
        rows.append(("ours", None, {"file": p, "genre": g}))
    return rows


def score_rows(rows, extra=()):
    """Scores every row; returns outputs in row order (None on error)."""
    outs = [None] * len(rows)
    jl = f"{tmp}/in.jsonl"
    idx = []
    with open(jl, "w", encoding="utf-8") as f:
        for i, (_, _, rec) in enumerate(rows):
            if "file" in rec:
                continue
            f.write(json.dumps(dict(rec, id=i), ensure_ascii=False) + "\n")
            idx.append(i)
    cfg = ["--config", args.config] if args.config else []
    r = run([C, "score", "--jsonl", jl, "--brief", "-j", "2", *cfg, *extra])
    for l in r.stdout.splitlines():
        if l.strip():
            o = json.loads(l)
            if "error" not in o:
                outs[o["id"]] = o
    for i, (_, _, rec) in enumerate(rows):
        if "file" not in rec:
            continue
        cmd = [C, "score", "--json", "--brief", *cfg, *extra]
        if rec.get("url"):
            cmd += ["--url", rec["url"]]
        r = run(cmd + [rec["file"]], ok=(0, 2, 3))
        if r.returncode == 0:
            outs[i] = json.loads(r.stdout)
    return outs


# ---- metrics -------------------------------------------------------------------
def auc(p, y):
    return rank_auc([a for a, b in zip(p, y) if b == 1], [a for a, b in zip(p, y) if b == 0])


def ece(p, y, bins=15):
    if not p:
        return None
    tot, n = 0.0, len(p)
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        sel = [(a, c) for a, c in zip(p, y) if (lo <= a < hi) or (b == bins - 1 and a == 1.0)]
        if sel:
            conf = sum(a for a, _ in sel) / len(sel)
            acc = sum(c for _, c in sel) / len(sel)
            tot += len(sel) / n * abs(conf - acc)
    return tot


def table(rows, outs, title):
    names = []
    for c, _, _ in rows:
        if c not in names:
            names.append(c)
    res = {}
    print(f"\n## {title}\n")
    print("| corpus | real | fake | FA (real in unreliable-) | caught (fake in unreliable-) | AUC | ECE | unrated real / fake | satire | opinion | failed |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for c in names:
        R = [(lab, o, rec) for (cc, lab, rec), o in zip(rows, outs) if cc == c]
        ok = [(lab, o, rec) for lab, o, rec in R if o]
        real = [o for lab, o, _ in ok if lab == 1]
        fake = [o for lab, o, _ in ok if lab == 0]
        fa = sum(o["band"] in BAD for o in real)
        ca = sum(o["band"] in BAD for o in fake)
        lab_ok = [(lab, o) for lab, o, _ in ok if lab in (0, 1)]
        a = auc([o["score"] for _, o in lab_ok], [l for l, _ in lab_ok])
        e = ece([o["score"] / 100 for _, o in lab_ok], [l for l, _ in lab_ok])
        ur = sum(o["band"] == "unrated" for o in real)
        uf = sum(o["band"] == "unrated" for o in fake)
        sat = sum(o.get("genre") == "satire" for _, o, _ in ok)
        op = sum(o.get("genre") == "opinion" for _, o, _ in ok)
        pct = lambda k, n: f"{100 * k / n:.1f}% ({k}/{n})" if n else "-"
        if c == "ours":
            good = sum(o.get("genre") == rec.get("genre") for _, o, rec in ok)
            extra = f" genre right {good}/{len(ok)}"
        else:
            extra = ""
        print(f"| {c} | {len(real)} | {len(fake)} | {pct(fa, len(real))} | {pct(ca, len(fake))} | "
              f"{'%.3f' % a if a is not None else '-'} | {'%.3f' % e if e is not None else '-'} | "
              f"{pct(ur, len(real))} / {pct(uf, len(fake))} | {pct(sat, len(ok))} | {pct(op, len(ok))}{extra} | "
              f"{len(R) - len(ok)} |")
        res[c] = {"real": len(real), "fake": len(fake), "false_alarm": fa / len(real) if real else None,
                  "caught": ca / len(fake) if fake else None, "auc": a, "ece": e,
                  "unrated_real": ur / len(real) if real else None,
                  "unrated_fake": uf / len(fake) if fake else None,
                  "satire": sat / len(ok) if ok else None, "opinion": op / len(ok) if ok else None,
                  "failed": len(R) - len(ok)}
    return res


def reliability_png(rows, outs, path):
    """Reliability diagram: per corpus with both labels, mean predicted
    P(real) vs observed share real in 10 bins."""
    dat = f"{tmp}/rel.dat"
    series = []
    with open(dat, "w") as f:
        for c in ("isot", "fnn", "amt", "all"):
            sel = [(o["score"] / 100, lab) for (cc, lab, _), o in zip(rows, outs)
                   if o and lab in (0, 1) and (cc == c or (c == "all" and cc in ("isot", "fnn", "amt", "polnear", "extraction")))]
            if not sel:
                continue
            f.write(f"# {c}\n")
            for b in range(10):
                lo, hi = b / 10, (b + 1) / 10
                s = [(p, l) for p, l in sel if lo <= p < hi or (b == 9 and p == 1.0)]
                if len(s) >= 3:
                    f.write(f"{sum(p for p, _ in s) / len(s):.4f} {sum(l for _, l in s) / len(s):.4f} {len(s)}\n")
            f.write("\n\n")
            series.append(c)
    plot = ", ".join(f"'{dat}' index {i} with linespoints title '{c}'" for i, c in enumerate(series))
    gp = (f"set terminal png size 640,480; set output '{path}';"
          "set xlabel 'predicted P(real) = score/100'; set ylabel 'observed share real';"
          "set xrange [0:1]; set yrange [0:1]; set key left top; set grid;"
          f"set title 'credence score reliability (dev parts)'; plot x title 'perfect' dt 2 lc 'gray', {plot}")
    r = subprocess.run(["gnuplot", "-e", gp], capture_output=True, text=True)
    if r.returncode:
        print(f"verdict: gnuplot failed: {r.stderr[:300]}", file=sys.stderr)
    else:
        print(f"\nreliability diagram: {path}")


# ---- the LOCO fit ----------------------------------------------------------------
def sigm(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def priors():
    prior, names, b0 = {}, [], 0.0
    for line in open("data/score/config.tsv", encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        if f[0] == "signal":
            prior[f[1]] = float(f[2])
            names.append(f[1])
        elif f[0] == "intercept":
            b0 = float(f[-1])
    return prior, names, b0


# Signals whose weight the data cannot estimate, held at their priors:
# SOURCE_UNKNOWN (no evidence either way), the scrape-quality signals (how a
# corpus was collected, not the journalism), the genre cues (they set the
# genre, not the score) and outlet signals (few corpora carry URLs).
HELD_GROUPS = ("scrape", "genre", "outlet", "claims")
# The page signals fire only on HTML input, and the one HTML corpus (the
# extraction pages) is all real: fitted, they would learn "HTML = real".
HELD_NAMES = ("BYLINE_PERSON", "PUBLISHED_DATE", "CORRECTION_NOTE", "LINKS_OUT")


def fit(X, Y, W, names, prior, b0, held, lam, iters=4000, lr=0.1):
    w = [prior[n] for n in names]
    b = b0
    n = len(X)
    sw = sum(W)
    for _ in range(iters):
        gw = [0.0] * len(w)
        gb = 0.0
        for x, y, s in zip(X, Y, W):
            p = sigm(b + sum(a * c for a, c in zip(w, x)))
            d = (p - y) * s
            gb += d
            for k, v in enumerate(x):
                if v:
                    gw[k] += d * v
        for k in range(len(w)):
            if names[k] in held:
                continue
            g = gw[k] / sw + lam * (w[k] - prior[names[k]]) / n
            w[k] -= lr * g
            # hold the prior's sign: a signal never flips its meaning
            if prior[names[k]] > 0 and w[k] < 0 or prior[names[k]] < 0 and w[k] > 0:
                w[k] = 0.0
        b -= lr * gb / sw
    return w, b


def loco(rows, outs):
    prior, names, b0 = priors()
    group = {}
    for o in outs:
        for s in (o or {}).get("signals", []):
            group[s["name"]] = s.get("group", "")
    held = {n for n in names if group.get(n) in HELD_GROUPS or n in HELD_NAMES}
    data = [(c, lab, {s["name"]: s["value"] for s in o["signals"]})
            for (c, lab, _), o in zip(rows, outs) if o and lab in (0, 1)]
    corp = sorted({c for c, _, _ in data})

    def fit_on(cs):
        sel = [(c, lab, v) for c, lab, v in data if c in cs]
        cnt = {c: sum(1 for x in sel if x[0] == c) for c in cs}
        X = [[v.get(n, 0.0) for n in names] for _, _, v in sel]
        Y = [lab for _, lab, _ in sel]
        # every corpus counts equally; real-only corpora count half
        W = [len(sel) / (len(cs) * cnt[c]) * (0.5 if c in ("polnear", "extraction") else 1.0)
             for c, _, _ in sel]
        return fit(X, Y, W, names, prior, b0, held, args.prior * len(sel) / 100)

    def write_cfg(path, w, b, note):
        with open(path, "w") as f:
            f.write(note)
            f.write(f"intercept\t-\t{b:.4f}\n")
            for n, x in zip(names, w):
                f.write(f"signal\t{n}\t{x:.4f}\n")

    fold_out = [None] * len(rows)
    for c in corp:
        w, b = fit_on([x for x in corp if x != c])
        cfg = f"{tmp}/fold-{c}.tsv"
        write_cfg(cfg, w, b, f"# fold without {c}\n")
        sub = [i for i, r in enumerate(rows) if r[0] == c]
        o = score_rows([rows[i] for i in sub], ["--config", cfg])
        for i, x in zip(sub, o):
            fold_out[i] = x
    sel = [i for i, r in enumerate(rows) if r[0] in corp]
    table([rows[i] for i in sel], [fold_out[i] for i in sel],
          "leave-one-corpus-out: each corpus scored with weights fitted on the others")
    w, b = fit_on(corp)
    print("\nweights fitted on all corpora (prior -> fitted):")
    for n, x in zip(names, w):
        mark = " (held)" if n in held else ""
        print(f"  {n:26s} {prior[n]:+.3f} -> {x:+.4f}{mark}")
    print(f"  {'intercept':26s} {b0:+.3f} -> {b:+.4f}")
    if args.write:
        write_cfg("data/score/weights.tsv", w, b,
                  "# Fitted weights (docs/score.md, \"Calibration\"), written by\n"
                  "# bench/verdict.py --fit --write: logistic regression on the dev parts of\n"
                  f"# {', '.join(corp)} (each corpus weighted equally), L2 towards the\n"
                  f"# priors of config.tsv (strength {args.prior}), signs held; groups\n"
                  f"# {', '.join(HELD_GROUPS)} and the page signals held at their priors.\n"
                  "# Loaded after config.tsv.\n")
        print("wrote data/score/weights.tsv")


rows = corpora()
outs = score_rows(rows)
res = table(rows, outs, f"verdict per corpus{(' (' + args.label + ')') if args.label else ''}")
if args.json:
    json.dump(res, open(args.json, "w"), indent=1)
if args.png:
    reliability_png(rows, outs, args.png)
if args.fit:
    loco(rows, outs)
