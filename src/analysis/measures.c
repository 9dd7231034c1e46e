/*
 * measures.c - document-level measures over the body (the title excluded).
 *
 * Shares of sentences by class; shares of body bytes inside direct quotes
 * and inside any quote content; distinct named sources; anonymous-source
 * findings; Flesch reading ease (206.835 - 1.015 words/sentence - 84.6
 * syllables/word, syllables counted as vowel groups with a silent final
 * "e" dropped, at least one per word); '!' per sentence; ALL-CAPS words per
 * word; loaded/subjective lexicon hits per word.
 * What it does not: language detection (Flesch is for English).
 */
#include "an.h"

static size_t syllables(const char *p, size_t n)
{
    size_t s = 0;
    bool prev = false;
    for (size_t i = 0; i < n; i++) {
        char c = p[i];
        bool v = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
        if (v && !prev)
            s++;
        prev = v;
    }
    if (n > 2 && p[n - 1] == 'e' && p[n - 2] != 'l' && s > 1)
        s--;
    return s ? s : 1;
}

/* bytes of [s,e) covered by the union of spans (sorted by start) */
static size_t covered(const an_work *w, bool direct_only)
{
    size_t total = 0, cur_s = 0, cur_e = 0;
    bool have = false;
    size_t body0 = w->blocks.n && w->blocks.v[0].title ? w->blocks.v[0].span.end : 0;
    for (size_t q = 0; q < w->quotes.n; q++) {
        const cred_quote *Q = &w->quotes.v[q].q;
        if (direct_only && Q->kind != CRED_QUOTE_DIRECT)
            continue;
        size_t s = Q->content.start < body0 ? body0 : Q->content.start, e = Q->content.end;
        if (s >= e)
            continue;
        if (have && s <= cur_e) {
            if (e > cur_e)
                cur_e = e;
        } else {
            if (have)
                total += cur_e - cur_s;
            cur_s = s;
            cur_e = e;
            have = true;
        }
    }
    if (have)
        total += cur_e - cur_s;
    return total;
}

void an_measures(an_work *w)
{
    cred_measures *M = &w->measures;
    memset(M, 0, sizeof *M);
    size_t nbody = 0, counts[CRED_SENT__COUNT] = {0};
    for (size_t i = 0; i < w->sents.n; i++) {
        if (w->sents.v[i].title)
            continue;
        nbody++;
        counts[w->sents.v[i].cls]++;
    }
    M->n_sentences = nbody;
    for (int c = 0; c < CRED_SENT__COUNT; c++)
        M->class_share[c] = nbody ? (double)counts[c] / (double)nbody : 0;
    size_t body0 = w->blocks.n && w->blocks.v[0].title ? w->blocks.v[0].span.end : 0;
    size_t body_bytes = 0;
    for (size_t b = 0; b < w->blocks.n; b++)
        if (!w->blocks.v[b].title)
            body_bytes += w->blocks.v[b].span.end - w->blocks.v[b].span.start;
    (void)body0;
    if (body_bytes) {
        M->quoted_share = (double)covered(w, true) / (double)body_bytes;
        M->attributed_share = (double)covered(w, false) / (double)body_bytes;
        if (M->quoted_share > 1)
            M->quoted_share = 1;
        if (M->attributed_share > 1)
            M->attributed_share = 1;
    }
    for (size_t i = 0; i < w->sources.n; i++)
        M->named_sources += w->sources.v[i].named && !w->sources.v[i].anonymous;
    M->anonymous_sources = w->anon.n;
    size_t words = 0, syl = 0, caps = 0, excl = 0;
    for (size_t i = 0; i < w->t.n; i++) {
        const an_tok *t = &w->t.v[i];
        if (w->blocks.v[t->block].title)
            continue;
        if (t->f & T_WORD) {
            words++;
            syl += syllables(an_low(w, i), t->lon);
            if ((t->f & T_UPPER) && t->e - t->s >= 2 && !t->ent)
                caps++;
        } else if (t->f & T_NUM) {
            words++;
            syl++;
        } else if (t->cp == '!') {
            excl++;
        }
    }
    M->n_words = words;
    size_t loaded = 0;
    for (size_t i = 0; i < w->terms.n; i++)
        if (!strcmp(w->terms.v[i].kind, "loaded") || !strcmp(w->terms.v[i].kind, "subjective"))
            if (w->terms.v[i].span.start >= body0)
                loaded++;
    if (words && nbody)
        M->flesch = 206.835 - 1.015 * ((double)words / (double)nbody) -
                    84.6 * ((double)syl / (double)words);
    M->exclamation_rate = nbody ? (double)excl / (double)nbody : 0;
    M->caps_rate = words ? (double)caps / (double)words : 0;
    M->loaded_rate = words ? (double)loaded / (double)words : 0;
}
