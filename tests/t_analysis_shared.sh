#!/usr/bin/env bash
# The seed article's analysis (issue 3): four direct quotes, three by the
# Kremlin and one by Reuters; the headline flagged as clickbait; "odd
# bromance" as evidence of an opinion sentence; the Kremlin and Reuters as
# named sources.  Reads ../shared/samples/seed-article.txt (third-party text,
# never copied into the repository): SKIP when ../shared or jq is absent.
set -u
C=${CREDENCE:-build/credence}
seed=../shared/samples/seed-article.txt
checks=(
  "four direct quotes|[.quotes[] | select(.kind == \"direct\")] | length == 4"
  "three direct quotes by the Kremlin|[.quotes[] | select(.kind == \"direct\" and .source == \"Kremlin\")] | length == 3"
  "one direct quote by Reuters|[.quotes[] | select(.kind == \"direct\" and .source == \"Reuters\")] | length == 1"
  "Reuters quote spans two paragraphs|[.quotes[] | select(.source == \"Reuters\") | .content.text | test(\"minimized\\\\.\\n\\nMoscow\")] | any"
  "speaker spans name the Kremlin|[.quotes[] | select(.source == \"Kremlin\") | .speaker.text | test(\"Kremlin\")] | all"
  "headline is clickbait|.headline.is_clickbait == true and .headline.clickbait >= 0.5"
  "curiosity-gap opener found|[.headline.signals[] | select(.name == \"curiosity-gap\") | .text] == [\"Look What\"]"
  "odd bromance is opinion evidence|[.sentences[] | select(.class == \"opinion\") | .evidence[] | .text] | index(\"odd bromance\") != null"
  "Kremlin and Reuters are named sources|([.sources[] | select(.named) | .name] | index(\"Kremlin\") != null and index(\"Reuters\") != null)"
  "scare quote is not a quote|[.quotes[] | .content.text | test(\"partner-like\")] | any | not"
  "input offsets point at the input|[.quotes[] | .content | .input_end > .input_start] | all"
  "Trump canonical name|[.entities[] | select(.name == \"Donald Trump\") | .count] | .[0] >= 5"
)
echo "1..${#checks[@]}"
skip=""
[ -f "$seed" ] || skip="../shared is absent"
command -v jq >/dev/null 2>&1 || skip="jq is not installed"
out=""
if [ -z "$skip" ]; then
    out=$("$C" analyze --json "$seed") || skip="credence analyze failed"
fi
n=0
for c in "${checks[@]}"; do
    n=$((n + 1))
    name=${c%%|*} expr=${c#*|}
    if [ -n "$skip" ]; then
        echo "ok $n - $name # SKIP $skip"
    elif [ "$(printf '%s' "$out" | jq "$expr")" = true ]; then
        echo "ok $n - $name"
    else
        echo "not ok $n - $name"
    fi
done
