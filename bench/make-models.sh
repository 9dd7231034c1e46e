#!/usr/bin/env bash
# bench/make-models.sh BUILD - trains the default models in data/models/ from
# ../shared/data (called by `make models`), and prints their dev figures.
#
#   data/models/article.model    fake vs real articles: ISOT (leaks stripped)
#                                + FakeNewsNet v1, train splits; l2 tuned on
#                                the two dev splits together
#   data/models/clickbait.model  clickbait vs news headlines (--cased)
#   data/models/liar6.model      LIAR claim truthfulness, 6 labels
#   data/models/checkworthy.model check-worthy sentences: CheckThat! 2019
#                                debates but the last 4 + ClaimBuster but
#                                id % 5 == 0 (held out: bench/checkworthy.py;
#                                docs/checkworthy.md)
#   data/models/score-article.model and data/score/weights.tsv: the score's
#                                article model and fitted logistic layer
#                                (bench/score-calibrate.py), trained by
#                                bench/score-model-train.sh on the train parts
#                                of ISOT (stripped), FakeNewsNet, FakeNewsAMT,
#                                PolNeAR (mainstream outlets) and half the
#                                extraction pages (docs/models.md); its
#                                per-corpus and leave-one-corpus-out figures:
#                                bench/model-loco.py
#
# Also prints the cross-corpus figure (ISOT-only model on FakeNewsNet dev).
# docs/models.md records what this printed.  Deterministic: same data, same
# seed, same models (any thread count).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
C="$BUILD/credence"
D=${DATA:-../shared/data}
OUT=data/models
[ -x "$C" ] || { echo "make-models: $C not built" >&2; exit 1; }
[ -d "$D" ] || { echo "make-models: $D missing (../shared/data); nothing to train" >&2; exit 1; }
mkdir -p "$OUT"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ev() { # model format files... -> one summary line
    local m=$1 f=$2
    shift 2
    "$C" eval -m "$m" --format "$f" --json "$@" |
        python3 -c 'import json,sys; m=json.load(sys.stdin); print("accuracy %.4f  macro-F1 %.4f  log-loss %.4f  ECE %.4f  AUC %s  (n=%d)" % (m["accuracy"], m["macro_f1"], m["log_loss"], m["ece"], "%.4f" % m["auc"] if m["auc"] is not None else "-", m["records"]))'
}

echo "== article (ISOT stripped + FakeNewsNet)"
for s in train dev; do
    "$C" train --format isot --strip-leaks --export-tsv "$tmp/isot-$s.tsv" "$D/isot_partial/$s"
    "$C" train --format fakenewsnet --strip-leaks --export-tsv "$tmp/fnn-$s.tsv" "$D/fakenewsnet_v1/$s"
    cat "$tmp/isot-$s.tsv" "$tmp/fnn-$s.tsv" >"$tmp/article-$s.tsv"
done
"$C" train --format tsv --strip-leaks --min-df 2 --dev "$tmp/article-dev.tsv" \
    -o "$OUT/article.model" "$tmp/article-train.tsv"
echo "dev ISOT+FNN: $(ev "$OUT/article.model" tsv "$tmp/article-dev.tsv")"
echo "dev ISOT:     $(ev "$OUT/article.model" isot "$D/isot_partial/dev")"
echo "dev FNN:      $(ev "$OUT/article.model" fakenewsnet "$D/fakenewsnet_v1/dev")"
echo "-- cross-corpus: ISOT-only model (stripped), tuned on ISOT dev, on FNN dev"
"$C" train --format isot --strip-leaks --min-df 2 --dev "$D/isot_partial/dev" \
    -o "$tmp/isot.model" "$D/isot_partial/train" >/dev/null
echo "ISOT dev:     $(ev "$tmp/isot.model" isot "$D/isot_partial/dev")"
echo "FNN dev:      $(ev "$tmp/isot.model" fakenewsnet "$D/fakenewsnet_v1/dev")"

echo "== clickbait"
"$C" train --format clickbait --cased --min-df 2 --dev "$D/clickbait/dev" \
    -o "$OUT/clickbait.model" "$D/clickbait/train"
echo "dev: $(ev "$OUT/clickbait.model" clickbait "$D/clickbait/dev")"

echo "== liar6"
"$C" train --format liar --min-df 2 --dev "$D/liar/valid.tsv" \
    -o "$OUT/liar6.model" "$D/liar/train.tsv"
echo "dev: $(ev "$OUT/liar6.model" liar "$D/liar/valid.tsv")"

echo "== checkworthy (docs/checkworthy.md)"
python3 bench/checkworthy.py --write-train "$tmp/cw"
# shellcheck disable=SC2046
"$C" train --format checkthat19 --export-tsv "$tmp/cw/clef.tsv" $(cat "$tmp/cw/clef-train.list")
"$C" train --format jsonl --export-tsv "$tmp/cw/cb.tsv" "$tmp/cw/claimbuster-train.jsonl"
cat "$tmp/cw/clef.tsv" "$tmp/cw/cb.tsv" | "$C" checkworthy --features-tsv - >"$tmp/cw/train.tsv"
"$C" train --format tsv --class-weight balanced --seed 1 --threads 2 \
    -o "$OUT/checkworthy.model" "$tmp/cw/train.tsv"
python3 bench/checkworthy.py --build "$BUILD"

echo "== score (data/models/score-article.model + data/score/weights.tsv; docs/score.md)"
# the article model, exactly (bench/score-model-train.sh):
#   credence train --format tsv --strip-leaks --no-punct --bits 20 --min-df 2 --max-features 50000 \
#       --class-weight balanced --seed 1 --threads 2 -o data/models/score-article.model TRAIN.tsv
# with TRAIN.tsv from bench/model-data.py
bash bench/score-model-train.sh "$BUILD" "$OUT/score-article.model"
python3 bench/model-loco.py --build "$BUILD"
# the logistic layer: fitted leave-one-corpus-out on the dev parts, with the
# default outlet tables (scripts/make-opensources.sh runs first: Makefile)
python3 bench/verdict.py --build "$BUILD" --fit --write --png docs/img/reliability.png

ls -l "$OUT"
