#!/usr/bin/env python3
"""score_golden.py EXPECTED ACTUAL - compare a `credence score --json` verdict
with a golden one, tolerant only where numbers may move.

Strings of the form "sha256:<16 hex>" stand for a text the golden file must
not hold (third-party article text): the actual string's digest must match.
A band or label may differ when the score moved across a band boundary
within the score tolerance.
Compared exactly: every other string (band, label, genre, signal names, evidence
text), except that digits inside "reason" strings are masked.  Numbers:
within an absolute tolerance (score and points 8, other reals 0.25, offsets
exact).  The "analysis" object is the analysis module's and is not compared
here (tests/golden/analyze covers it).  The "stamp" (docs/score.md) must have
the same keys, its values are not compared (its hashes change with every
refit of the weights or the model).  EXPECTED may also hold a "_checks"
object: {"score_below": N, "top_reasons_against": [names], "genre": G,
"signals_with_evidence": [names]} - top_reasons_against: in any order, the
first len(names) signals of ACTUAL that lower the score (negative points),
the copy's faults (group scrape) left out.
Exit 0 when they match; otherwise prints the first differences."""
import hashlib, json, re, sys

TOL = {"score": 8.0, "points": 8.0, "logit": 0.6}
INT_EXACT = {"start", "end", "input_start", "input_end", "schema_version", "line"}
diffs = []


def cmp(path, e, a, key=""):
    if len(diffs) > 20:
        return
    if isinstance(e, dict):
        if not isinstance(a, dict):
            diffs.append(f"{path}: expected object, got {a!r:.80}")
            return
        for k in e:
            if k in ("analysis", "_checks", "_comment"):
                continue
            if k not in a:
                diffs.append(f"{path}.{k}: missing")
            elif k == "stamp":
                if not isinstance(a[k], dict) or sorted(a[k]) != sorted(e[k]):
                    diffs.append(f"{path}.stamp: expected keys {sorted(e[k])}, got {a[k]!r:.120}")
            else:
                cmp(f"{path}.{k}", e[k], a[k], k)
        for k in a:
            if k not in e and k not in ("analysis", "text"):
                diffs.append(f"{path}.{k}: unexpected key")
    elif isinstance(e, list):
        if not isinstance(a, list) or len(a) != len(e):
            diffs.append(f"{path}: expected {len(e)} items, got {len(a) if isinstance(a, list) else a!r:.80}")
            return
        if path.endswith(".signals"):  # order may move among near-equal weights
            a = sorted(a, key=lambda s: s.get("name", ""))
            e = sorted(e, key=lambda s: s.get("name", ""))
        for i, (x, y) in enumerate(zip(e, a)):
            cmp(f"{path}[{i}]", x, y, key)
    elif isinstance(e, bool) or e is None:
        if e != a:
            diffs.append(f"{path}: expected {e!r}, got {a!r}")
    elif isinstance(e, (int, float)):
        if not isinstance(a, (int, float)) or isinstance(a, bool):
            diffs.append(f"{path}: expected a number, got {a!r:.80}")
        elif key in INT_EXACT:
            if e != a:
                diffs.append(f"{path}: expected {e}, got {a}")
        elif abs(e - a) > TOL.get(key, 0.25):
            diffs.append(f"{path}: expected {e} (+-{TOL.get(key, 0.25)}), got {a}")
    elif isinstance(e, str) and e.startswith("sha256:"):
        if not isinstance(a, str) or "sha256:" + hashlib.sha256(a.encode()).hexdigest()[:16] != e:
            diffs.append(f"{path}: text differs from the golden digest (got {a!r:.60})")
    elif isinstance(e, str) and key in ("band", "label") and path.count(".") == 1 and e != a and crossed():
        pass  # the score moved across a band boundary, within tolerance
    elif isinstance(e, str):
        x, y = (re.sub(r"\d+(\.\d+)?", "#", e), re.sub(r"\d+(\.\d+)?", "#", a)) if key == "reason" and isinstance(a, str) else (e, a)
        if x != y:
            diffs.append(f"{path}: expected {e!r:.100}, got {a!r:.100}")


exp = json.load(open(sys.argv[1]))
act = json.load(open(sys.argv[2]))


def crossed():
    """True when the score moved (within tolerance) across a band boundary
    (bands start at 0, 20, 40, 60, 80: data/score/config.tsv)."""
    x, y = exp.get("score", 0), act.get("score", 0)
    return abs(x - y) <= TOL["score"] and int(min(x, y) // 20) != int(max(x, y) // 20)


cmp("$", exp, act)
chk = exp.get("_checks", {})
if "score_below" in chk and not act["score"] < chk["score_below"]:
    diffs.append(f"score {act['score']} is not below {chk['score_below']}")
if "top_reasons_against" in chk:
    # the reasons about the journalism: the copy's faults (group scrape) are
    # reported apart (docs/score.md, "Rating rules")
    against = [s["name"] for s in act["signals"] if s["points"] < 0 and s.get("group") != "scrape"]
    top = against[: len(chk["top_reasons_against"])]
    if sorted(top) != sorted(chk["top_reasons_against"]):
        diffs.append(f"top signals lowering the score {top}, expected {chk['top_reasons_against']} in any order")
for name in chk.get("signals_with_evidence", []):
    got = [s for s in act["signals"] if s["name"] == name]
    if not got or not got[0].get("evidence"):
        diffs.append(f"signal {name} missing or without evidence")
if "genre" in chk and act.get("genre") != chk["genre"]:
    diffs.append(f"genre {act.get('genre')}, expected {chk['genre']}")
for d in diffs[:20]:
    print("#", d)
sys.exit(1 if diffs else 0)
