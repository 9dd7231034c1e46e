/*
 * headline.c - clickbait signals of the title.
 *
 * Signals (weights and word lists in data/analysis/clickbait.tsv):
 *   curiosity-gap  an opener ("Look What", "You Won't Believe", "This Is
 *                  Why", "Here's What") or a teaser phrase anywhere
 *   second-person  "you", "your" (the lexicon's second-person entries)
 *   listicle       a number first, a list noun within three words ("12 Signs")
 *   number-start   a number first without a list noun
 *   question       ends with '?' or opens with a question word/auxiliary
 *   all-caps       a SHOUTED word of 4+ letters that is no known acronym
 *   bracket-tag    "(VIDEO)", "[WATCH]": a short bracketed tag
 *   exclamation    '!'
 *   superlative    "best", "worst", "ever", "most" ...
 *   first-person   "I", "we", "my", "our"
 *   demonstrative  "this"/"these" pointing at what the reader has not seen
 * The closed English word lists (question openers, first person,
 * demonstratives, period nouns) are data/lang/en/ (*.txt).
 *   slang          "omg", "lol", "af" ...
 *   emotional      a loaded, subjective or intensifying word of the
 *                  sentence lexicon (data/analysis/lexicon.tsv)
 * The score is 1 - prod(1 - w) over the signals that fired (each once): a
 * noisy-OR, so one strong signal is enough and more signals only add, and
 * the result stays in [0,1] without a fitted model.
 * What it does not: learn weights (they are hand-set and measured:
 * docs/BENCHMARKS.md, bench/clickbait.sh), or judge the article body.
 */
#include "an.h"

#include <stdlib.h>

static bool fire(an_work *w, const char *name, size_t s, size_t e)
{
    const char *nm;
    double wt = an_signal_weight(w->A, name, &nm);
    if (!nm)
        return true; /* not configured: the signal is off */
    for (size_t i = 0; i < w->sig.n; i++)
        if (w->sig.v[i].name == nm)
            return true;
    cred_headline_signal sg = {nm, wt, {s, e}};
    return CRED__VEC_PUSH(w->sig, sg);
}

static bool in(const an_work *w, const an_lex *l, size_t i)
{
    return an_lex_get(l, an_low(w, i), w->t.v[i].lon) != NULL;
}

bool an_headline(an_work *w)
{
    cred_headline *H = &w->headline;
    memset(H, 0, sizeof *H);
    if (w->no_headline || !w->blocks.n || !w->blocks.v[0].title)
        return true;
    const an_block *B = &w->blocks.v[0];
    H->present = 1;
    H->span = B->span;
    size_t a = B->t0, b = B->t1;
    if (a == b)
        return true;
    /* first word (skip a leading bracketed tag or quote mark) */
    size_t f = a;
    while (f < b && !(w->t.v[f].f & (T_WORD | T_NUM)))
        f++;
    int k;
    for (size_t i = a; i < b; i++) {
        const an_tok *t = &w->t.v[i];
        if (i == f && an_match(w, &w->A->cb_open, i, &k) && k > 0) {
            if (!fire(w, "curiosity-gap", t->s, w->t.v[i + (size_t)k - 1].e))
                return false;
        }
        if ((t->f & T_WORD) && an_match(w, &w->A->cb_phrase, i, &k) && k > 0) {
            if (!fire(w, "curiosity-gap", t->s, w->t.v[i + (size_t)k - 1].e))
                return false;
        }
        if (t->f & T_WORD) {
            const an_entry *e = an_lookup(w, &w->A->lex, i, 1);
            if (e && !strcmp(e->kind, "second") && !fire(w, "second-person", t->s, t->e))
                return false;
            if (e && (!strcmp(e->kind, "loaded") || !strcmp(e->kind, "subjective") ||
                      !strcmp(e->kind, "intensifier") || !strcmp(e->kind, "sarcasm")) &&
                !fire(w, "emotional", t->s, t->e))
                return false;
            if (in(w, &w->A->cb_super, i) && !fire(w, "superlative", t->s, t->e))
                return false;
            if (in(w, &w->A->cb_slang, i) && !fire(w, "slang", t->s, t->e))
                return false;
            if (an_in_list(w, AN_EN_FIRST_PERSON, i) && !fire(w, "first-person", t->s, t->e))
                return false;
            if (an_in_list(w, AN_EN_DEMONSTR, i) && i + 1 < b) {
                const an_entry *n = an_lookup(w, &w->A->lex, i + 1, 1);
                bool timeword = n && !strcmp(n->kind, "time");
                bool week = an_in_list(w, AN_EN_PERIOD_NOUN, i + 1);
                if (!timeword && !week && !fire(w, "demonstrative", t->s, t->e))
                    return false;
            }
            if ((t->f & T_UPPER) && t->e - t->s >= 4 && !t->ent &&
                !an_lookup(w, &w->A->gaz, i, 1) && !fire(w, "all-caps", t->s, t->e))
                return false;
        }
        if ((t->f & T_PUNCT) && t->cp == '!' && !fire(w, "exclamation", t->s, t->e))
            return false;
        if ((t->f & T_PUNCT) && (t->cp == '(' || t->cp == '[')) {
            int32_t close = t->cp == '(' ? ')' : ']';
            size_t j = i + 1;
            while (j < b && j < i + 5 && !((w->t.v[j].f & T_PUNCT) && w->t.v[j].cp == close))
                j++;
            if (j < b && j > i + 1 && j <= i + 4 && (w->t.v[i + 1].f & (T_CAP | T_UPPER)) &&
                (w->t.v[j].f & T_PUNCT) && w->t.v[j].cp == close &&
                !fire(w, "bracket-tag", t->s, w->t.v[j].e))
                return false;
        }
    }
    /* question */
    size_t last = b - 1;
    bool q = (w->t.v[last].f & T_PUNCT) && w->t.v[last].cp == '?';
    if (!q && f < b) /* data/lang/en/question-openers.txt */
        q = an_in_list(w, AN_EN_QUESTION, f) && !(f + 1 < b && (w->t.v[f + 1].f & T_PUNCT));
    if (q && !fire(w, "question", w->t.v[f < b ? f : a].s, w->t.v[last].e))
        return false;
    /* listicle / number first */
    if (f < b && (w->t.v[f].f & T_NUM)) {
        bool list = false;
        for (size_t j = f + 1; j < b && j <= f + 3 && !list; j++)
            list = (w->t.v[j].f & T_WORD) && in(w, &w->A->cb_list, j);
        if (!fire(w, list ? "listicle" : "number-start", w->t.v[f].s, w->t.v[f].e))
            return false;
    }
    double keep = 1.0;
    for (size_t i = 0; i < w->sig.n; i++)
        keep *= 1.0 - w->sig.v[i].weight;
    H->clickbait = 1.0 - keep;
    if (H->clickbait < 0)
        H->clickbait = 0;
    if (H->clickbait > 1)
        H->clickbait = 1;
    H->is_clickbait = H->clickbait >= w->A->cb_threshold;
    return true;
}
