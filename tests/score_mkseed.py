#!/usr/bin/env python3
"""score_mkseed.py VERDICT.json TOP,SIGNALS OUT.json - turns a `credence score
--json` verdict of the seed article into the golden expectation read by
tests/score_golden.py: drops the analysis and the text, replaces every
article text ("text", "removed") by its sha256 digest (the seed is
third-party text and must not be copied into the repository), and adds the
checks (score below 60, genre opinion, CLICKBAIT_HEADLINE and OPINION_HEAVY
with evidence, the given top signals lowering the score).  Regenerate with:
  build/credence score --json --url http://mindy-fischer-writer.com/2017/01/look-trump-putin-talked-today/ \
      ../shared/samples/seed-article.txt >/tmp/seed.json
  tests/score_mkseed.py /tmp/seed.json LOADED_LANGUAGE,CLICKBAIT_HEADLINE \
      tests/golden/score/seed-article.expect.json
"""
import json, sys
d = json.load(open(sys.argv[1]))
d.pop("analysis", None)
d.pop("text", None)
import hashlib
def h(x):
    if isinstance(x, dict):
        return {k: ("sha256:" + hashlib.sha256(v.encode()).hexdigest()[:16] if k in ("text", "removed") and isinstance(v, str) else h(v)) for k, v in x.items()}
    if isinstance(x, list):
        return [h(v) for v in x]
    return x
d = h(d)
# issue 9's goal for the seed: genre opinion, score below 60, with the
# clickbait-headline and opinion signals and their evidence
d["_checks"] = {"score_below": 60, "genre": "opinion",
                "signals_with_evidence": ["CLICKBAIT_HEADLINE", "OPINION_HEAVY"],
                "top_reasons_against": sys.argv[2].split(",")}
out = {"_comment": "credence score --json --url http://mindy-fischer-writer.com/2017/01/look-trump-putin-talked-today/ ../shared/samples/seed-article.txt; compared by tests/score_golden.py (numbers within tolerance, analysis not compared; article text stored as sha256 digests: the seed is third-party text). Regenerate with tests/score_mkseed.py (its header has the commands)."}
out.update(d)
json.dump(out, open(sys.argv[3], "w"), indent=2, ensure_ascii=False)
open(sys.argv[3], "a").write("\n")
