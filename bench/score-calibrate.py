#!/usr/bin/env python3
"""bench/score-calibrate.py - fit the score's logistic layer and report how
well it is calibrated (docs/score.md, "Calibration").

    bench/score-calibrate.py [--build BUILD] [--shared DIR] [--no-train] [--write]

Steps (everything from ../shared/data, nothing from the network):
 1. Article model: bench/score-model-train.sh (ISOT, FakeNewsNet,
    FakeNewsAMT, PolNeAR, half the extraction pages; train parts only)
    -> data/models/score-article.model (skipped with --no-train: the
    existing file is used).
 2. Outlet table: `credence sources import` of the MBFC and OpenSources
    lists into a temporary table (what a user gets after importing them).
 3. Signals: `credence score --jsonl --brief` on the dev parts: ISOT dev
    (leak-stripped by the learning module's rules) and FakeNewsNet dev (with
    each article's URL, so its outlet is looked up).
 4. Fit: logistic regression of "real" on the signal values, L2-penalized
    towards the hand-set prior weights of data/score/config.tsv (so a
    signal that never fires in the dev data keeps its prior), with each
    weight held to its prior's sign and SOURCE_UNKNOWN held at 0 (an
    unknown outlet is not evidence either way).
 5. Report: ROC AUC and ECE (15 equal-width bins over the predicted class's
    probability, as `credence eval`) of the combined score against the
    model alone, out-of-fold (5-fold CV over the dev parts, seeded), per
    dataset.  --write stores the weights fitted on all dev data in
    data/score/weights.tsv.
Pure Python 3 (no numpy): 245 articles x 23 signals is small.
"""
import argparse, json, math, os, random, subprocess, sys, tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--build", default="build")
ap.add_argument("--shared", default=None)
ap.add_argument("--no-train", action="store_true")
ap.add_argument("--write", action="store_true")
ap.add_argument("--prior", type=float, default=2.0, help="L2 strength towards the priors")
args = ap.parse_args()
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)
C = os.path.join(args.build, "credence")
shared = args.shared or os.path.join(root, "..", "shared")
D = os.path.join(shared, "data")
if not os.path.isdir(D):
    sys.exit(f"score-calibrate: {D} not found")
tmp = tempfile.mkdtemp(prefix="credence-cal-")
MODEL = "data/models/score-article.model"


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode not in (0, 3):
        sys.exit(f"score-calibrate: {' '.join(cmd)} failed ({r.returncode}): {r.stderr[:500]}")
    return r


# 1. the article model: the one training command (bench/score-model-train.sh)
if not args.no_train:
    os.makedirs("data/models", exist_ok=True)
    r = subprocess.run(["bash", "bench/score-model-train.sh", args.build, MODEL], capture_output=True, text=True,
                       env=dict(os.environ, DATA_DIR=f"{tmp}/model-data"))
    if r.returncode != 0:
        sys.exit(f"score-calibrate: bench/score-model-train.sh failed: {r.stderr[-500:]}")

# 2. the outlet table
table = f"{tmp}/sources.tsv"
run([C, "sources", "import", "--sources", table, "--format", "opensources", f"{D}/opensources/sources.json"])
mbfc = sorted(os.path.join(D, "mbfc", d, "corpus.tsv") for d in os.listdir(f"{D}/mbfc") if os.path.isdir(f"{D}/mbfc/{d}"))
run([C, "sources", "import", "--sources", table, "--format", "mbfc", *mbfc])


# 3. signals on the dev parts
def unescape(s):
    out, i = [], 0
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(s[i + 1], s[i + 1]))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


rows = []  # (dataset, label, record)
run([C, "train", "--format", "isot", "--strip-leaks", "--export-tsv", f"{tmp}/isot-dev.tsv", f"{D}/isot_partial/dev"])
for line in open(f"{tmp}/isot-dev.tsv"):
    lab, text = line.rstrip("\n").split("\t", 1)
    rows.append(("isot", 1 if lab == "real" else 0, {"text": unescape(text)}))
fdir = f"{D}/fakenewsnet_v1/dev"
for site in sorted(os.listdir(fdir)):
    for kind in sorted(os.listdir(f"{fdir}/{site}")):
        lab = 0 if kind.startswith("Fake") else 1
        for fn in sorted(os.listdir(f"{fdir}/{site}/{kind}")):
            j = json.load(open(f"{fdir}/{site}/{kind}/{fn}"))
            if not (j.get("text") or "").strip():
                continue
            rec = {"title": j.get("title") or "", "text": j["text"]}
            if j.get("url"):
                rec["url"] = j["url"]
            rows.append(("fnn", lab, rec))
with open(f"{tmp}/dev.jsonl", "w") as f:
    for i, (_, _, rec) in enumerate(rows):
        rec = dict(rec, id=i)
        f.write(json.dumps(rec, ensure_ascii=False) + "\n")
r = run([C, "score", "--jsonl", f"{tmp}/dev.jsonl", "--brief", "--sources", table, "--model", MODEL, "-j", "2"])
outs = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
by_id = {o["id"]: o for o in outs if "error" not in o}

# the config's priors and signal names
prior, names, intercept0 = {}, [], 0.0
for path in ("data/score/config.tsv",):
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if f[0] == "signal":
            prior[f[1]] = float(f[2])
            names.append(f[1])
        elif f[0] == "intercept":
            intercept0 = float(f[2] if len(f) > 2 else f[1])
X, Y, DS, PM = [], [], [], []
for i, (ds, lab, _) in enumerate(rows):
    o = by_id.get(i)
    if not o:
        continue
    v = {s["name"]: s["value"] for s in o["signals"]}
    X.append([v.get(n, 0.0) for n in names])
    Y.append(lab)
    DS.append(ds)
    PM.append(1.0 - o["model"]["p_unreliable"] if o.get("model") else 0.5)
print(f"# {len(X)} dev articles scored ({sum(1 for d in DS if d == 'isot')} isot, {sum(1 for d in DS if d == 'fnn')} fnn), {len(rows) - len(X)} failed")


# 4. the fit
# Held at their priors: SOURCE_UNKNOWN (an unknown outlet is no evidence),
# and the page-quality signals whose presence in these datasets reflects how
# each dataset was collected rather than the articles (ISOT's stripped text
# has no chrome or repeats; FakeNewsNet's scraper left chrome on both
# classes): the data cannot estimate their weight.
HELD = ("SOURCE_UNKNOWN", "PAGE_CHROME", "REPEATED_TEXT", "MOJIBAKE")
# Each dataset counts equally in the fit (ISOT dev has 5x FakeNewsNet's).
cnt = {d: DS.count(d) for d in set(DS)}
SWALL = [len(DS) / (len(cnt) * cnt[d]) for d in DS]
def sig(z):
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def fit(X, Y, lam, iters=3000, lr=0.05, SW=None):
    k = len(names)
    SW = SW or [1.0] * len(X)
    w = [prior[n] for n in names]
    b = intercept0
    fixed = {names.index(n) for n in HELD if n in names}
    n = len(X)
    for it in range(iters):
        gw, gb = [0.0] * k, 0.0
        for x, y, sw in zip(X, Y, SW):
            p = sig(b + sum(wi * xi for wi, xi in zip(w, x)))
            d = (p - y) * sw
            gb += d
            for j in range(k):
                if x[j]:
                    gw[j] += d * x[j]
        for j in range(k):
            if j in fixed:
                continue
            g = (gw[j] + lam * (w[j] - prior[names[j]])) / n
            w[j] -= lr * 20 * g
            pj = prior[names[j]]  # keep the prior's sign
            if pj > 0 and w[j] < 0 or pj < 0 and w[j] > 0:
                w[j] = 0.0
        b -= lr * 20 * gb / n
    return b, w


def predict(b, w, X):
    return [sig(b + sum(wi * xi for wi, xi in zip(w, x))) for x in X]


def auc(p, y):
    pos = [a for a, t in zip(p, y) if t == 1]
    neg = [a for a, t in zip(p, y) if t == 0]
    if not pos or not neg:
        return float("nan")
    s = 0.0
    for a in pos:
        for c in neg:
            s += 1.0 if a > c else 0.5 if a == c else 0.0
    return s / (len(pos) * len(neg))


def ece(p, y, bins=15):
    tot, acc = [0] * bins, [[0, 0.0, 0.0] for _ in range(bins)]
    for a, t in zip(p, y):
        conf = max(a, 1 - a)
        pred = 1 if a >= 0.5 else 0
        k = min(bins - 1, int(conf * bins))
        acc[k][0] += 1
        acc[k][1] += conf
        acc[k][2] += 1.0 if pred == t else 0.0
    n = len(p)
    return sum(abs(c[1] - c[2]) for c in acc if c[0]) / n if n else float("nan")


# 5. out-of-fold evaluation
random.seed(7)
idx = list(range(len(X)))
strata = {}
for i in idx:
    strata.setdefault((DS[i], Y[i]), []).append(i)
fold = [0] * len(X)
for key in sorted(strata):
    lst = strata[key]
    random.shuffle(lst)
    for j, i in enumerate(lst):
        fold[i] = j % 5
oof = [0.0] * len(X)
oof_nomodel = [0.0] * len(X)
mi = [names.index(n) for n in ("MODEL_UNRELIABLE", "MODEL_RELIABLE")]
Xnm = [[0.0 if j in mi else v for j, v in enumerate(x)] for x in X]
for f in range(5):
    tr = [i for i in idx if fold[i] != f]
    te = [i for i in idx if fold[i] == f]
    b, w = fit([X[i] for i in tr], [Y[i] for i in tr], args.prior, iters=1500, SW=[SWALL[i] for i in tr])
    for i, p in zip(te, predict(b, w, [X[i] for i in te])):
        oof[i] = p
    b2, w2 = fit([Xnm[i] for i in tr], [Y[i] for i in tr], args.prior, iters=1500, SW=[SWALL[i] for i in tr])
    for i, p in zip(te, predict(b2, w2, [Xnm[i] for i in te])):
        oof_nomodel[i] = p
prior_p = predict(intercept0, [prior[n] for n in names], X)
print("\n| dev set | n | model alone AUC | model alone ECE | combined AUC | combined ECE | signals only (no model) AUC | priors, unfitted AUC / ECE |")
print("|---|---|---|---|---|---|---|---|")
for ds in ("isot", "fnn"):
    s = [i for i in idx if DS[i] == ds]
    y = [Y[i] for i in s]
    print(f"| {ds} | {len(s)} | {auc([PM[i] for i in s], y):.3f} | {ece([PM[i] for i in s], y):.3f} | "
          f"{auc([oof[i] for i in s], y):.3f} | {ece([oof[i] for i in s], y):.3f} | "
          f"{auc([oof_nomodel[i] for i in s], y):.3f} | {auc([prior_p[i] for i in s], y):.3f} / {ece([prior_p[i] for i in s], y):.3f} |")
b, w = fit(X, Y, args.prior, SW=SWALL)
print("\n# weights fitted on all dev articles (prior -> fitted, times fired):")
for n, wi in zip(names, w):
    fired = sum(1 for x in X if x[names.index(n)] > 0)
    fr = [sum(1 for x, y, d in zip(X, Y, DS) if x[names.index(n)] > 0 and y == yy and d == dd) for dd in ("isot", "fnn") for yy in (0, 1)]
    print(f"#   {n:26s} {prior[n]:+.2f} -> {wi:+.3f}  fired {fired} (isot fake/real {fr[0]}/{fr[1]}, fnn fake/real {fr[2]}/{fr[3]}){' held' if n in HELD else ''}")
print(f"#   intercept                  {intercept0:+.2f} -> {b:+.3f}")
if args.write:
    with open("data/score/weights.tsv", "w") as f:
        f.write("# Fitted weights (docs/score.md, \"Calibration\"), written by\n"
                "# bench/score-calibrate.py --write: logistic regression on the ISOT\n"
                "# (leak-stripped) and FakeNewsNet dev parts, L2 towards the priors of\n"
                f"# config.tsv (strength {args.prior}), signs held.  Loaded after config.tsv.\n")
        f.write(f"intercept\t-\t{b:.4f}\n")
        for n, wi in zip(names, w):
            f.write(f"signal\t{n}\t{wi:.4f}\n")
    print("# wrote data/score/weights.tsv")
