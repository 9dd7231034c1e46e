/*
 * sentences.c - one class per sentence, with the evidence that decided it.
 *
 * Classes, first match wins:
 *   quote       half or more of the sentence lies inside direct quotes;
 *   attributed  it holds reported speech or the attribution of a quote;
 *   opinion     opinion score >= 1: loaded (1.0) and subjective (0.6)
 *               words, intensifiers (0.4), sarcasm markers (1.0),
 *               second-person address (1.0), a question outside quotes
 *               (rhetorical, 1.0), exclamation (0.6), scare quotes (0.6),
 *               SHOUTED words (0.5); weights are per entry in
 *               data/analysis/lexicon.tsv, the structural ones here;
 *   hedge       hedge score >= 1 ("may", "reportedly", "is expected to");
 *   claim       claim score >= 1: numbers (0.6), dates (0.5), a named actor
 *               (0.5) and, with one, event verbs (0.5; past-tense -ed words
 *               count), comparisons (0.5),
 *               causal connectives (0.5);
 *   other.
 * Adjacent opinion words are reported as one piece of evidence ("odd
 * bromance" in the seed article, tests/t_analysis_shared.sh).
 * What it does not: parse, or know sarcasm without a marker.  The seed's
 * "that's saying a lot" is found by its lexicon entry, not by irony.
 * Why: a reviewer can see and dispute every word that made a sentence an
 * opinion, and fix the lexicon instead of retraining a model.
 */
#include "an.h"

#include <stdlib.h>

typedef struct scores {
    double op, hedge, claim;
} scores;

static bool push_ev(an_work *w, size_t s, size_t e, const char *kind)
{
    cred_evidence ev = {{s, e}, kind};
    return CRED__VEC_PUSH(w->ev, ev);
}

static const char *ev_kind(const char *lexkind)
{
    if (!strcmp(lexkind, "second"))
        return "second-person";
    if (!strcmp(lexkind, "event"))
        return "event-verb";
    if (!strcmp(lexkind, "time"))
        return "date";
    return lexkind; /* interned by load.c: stable for the context's life */
}

static bool opinion_kind(const char *k)
{
    return !strcmp(k, "loaded") || !strcmp(k, "subjective") || !strcmp(k, "intensifier") ||
           !strcmp(k, "sarcasm");
}

/* Evidence for tokens [a, b) of one sentence. */
static bool evidence(an_work *w, size_t a, size_t b, scores *sc, bool *has_actor)
{
    bool event = false;
    *has_actor = false;
    for (size_t i = a; i < b; i++)
        if (w->t.v[i].ent && w->t.v[i].dq < 0) {
            const an_mention *m = &w->ments.v[w->t.v[i].ent - 1];
            if (!push_ev(w, m->span.start, m->span.end, "named-actor"))
                return false;
            sc->claim += 0.5;
            *has_actor = true;
            break;
        }
    for (size_t i = a; i < b; i++) {
        const an_tok *t = &w->t.v[i];
        bool inq = t->dq >= 0;
        if (t->f & T_NUM) {
            if (!push_ev(w, t->s, t->e, "number"))
                return false;
            sc->claim += 0.6;
            continue;
        }
        if (t->f & T_PUNCT) {
            if (inq)
                continue;
            if (t->cp == '?' && i + 1 >= b) {
                if (!push_ev(w, t->s, t->e, "question"))
                    return false;
                sc->op += 1.0;
            } else if (t->cp == '!') {
                if (!push_ev(w, t->s, t->e, "exclamation"))
                    return false;
                sc->op += 0.6;
            }
            continue;
        }
        if (!inq && (t->f & T_UPPER) && !t->ent && t->e - t->s >= 4 &&
            !w->blocks.v[t->block].title) {
            if (!push_ev(w, t->s, t->e, "caps"))
                return false;
            sc->op += 0.5;
        }
        int k;
        const an_entry *e = an_match(w, &w->A->lex, i, &k);
        if (!e) {
            /* a past-tense verb after a named actor: "Whitlock arrived in
             * Ottawa" (tests/golden/analyze/entities.in) */
            if (*has_actor && !inq && !event && !t->ent && !(t->f & T_CAP) && t->lon > 4 &&
                memcmp(an_low(w, i) + t->lon - 2, "ed", 2) == 0) {
                if (!push_ev(w, t->s, t->e, "event-verb"))
                    return false;
                sc->claim += 0.5;
                event = true;
            }
            continue;
        }
        if (!strcmp(e->kind, "event"))
            event = true;
        size_t j = i + (size_t)k;
        if (j > b)
            continue;
        /* a capitalized word inside a sentence is a name or a month ("in
         * May", "Great Britain"), not the lexicon word */
        if ((t->f & T_CAP) && !(t->f & T_SSTART) && strcmp(e->kind, "time") != 0 &&
            !w->blocks.v[t->block].title && t->lon > 1) {
            i = j - 1;
            continue;
        }
        const char *kind = ev_kind(e->kind);
        bool op = opinion_kind(e->kind) || !strcmp(e->kind, "second");
        if (inq && (op || !strcmp(e->kind, "hedge"))) {
            i = j - 1;
            continue; /* the speaker's words, not the writer's */
        }
        if (!strcmp(e->kind, "event") && !*has_actor) {
            i = j - 1;
            continue;
        }
        if (op)
            sc->op += e->weight;
        else if (!strcmp(e->kind, "hedge"))
            sc->hedge += e->weight;
        else
            sc->claim += e->weight;
        /* merge with the previous opinion word when only a space separates */
        cred_evidence *last = w->ev.n ? &w->ev.v[w->ev.n - 1] : NULL;
        if (opinion_kind(e->kind) && last && opinion_kind(last->kind) &&
            last->span.end + 1 == t->s && w->doc->text[last->span.end] == ' ' &&
            w->ev.n > w->ev_first.v[w->ev_first.n - 1]) {
            last->span.end = w->t.v[j - 1].e;
            if (e->weight >= 1.0)
                last->kind = kind;
        } else if (!push_ev(w, t->s, w->t.v[j - 1].e, kind)) {
            return false;
        }
        if ((opinion_kind(e->kind) || !strcmp(e->kind, "hedge"))) {
            cred_evidence te = {{t->s, w->t.v[j - 1].e}, kind};
            if (!CRED__VEC_PUSH(w->terms, te))
                return false;
        }
        i = j - 1;
    }
    return true;
}

static int cmp_span(const void *a, const void *b)
{
    const cred_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Classifies every sentence; `cues` are the quotes' cue spans by start. */
static bool classify(an_work *w, const cred__spanvec *cuesp)
{
    const cred_doc *d = w->doc;
    const cred__spanvec cues = *cuesp;
    size_t ti = 0, q0 = 0, c0 = 0, x0 = 0, a0 = 0;
    for (size_t si = 0; si < d->n_sentences; si++) {
        const cred_sentence *S = &d->sentences[si];
        cred_sentence_info info = {0};
        info.span = S->span;
        info.title = S->paragraph == SIZE_MAX;
        if (!CRED__VEC_PUSH(w->ev_first, w->ev.n))
            return false;
        while (ti < w->t.n && w->t.v[ti].s < S->span.start)
            ti++;
        size_t a = ti, b = ti;
        while (b < w->t.n && w->t.v[b].e <= S->span.end)
            b++;
        scores sc = {0, 0, 0};
        size_t len = S->span.end - S->span.start, quoted = 0;
        bool attributed = false;
        size_t ev0 = w->ev.n;
        /* quotes: contents sorted by start; skip those that ended before */
        while (q0 < w->quotes.n && w->quotes.v[q0].q.content.end <= S->span.start)
            q0++;
        for (size_t q = q0; q < w->quotes.n; q++) {
            const cred_quote *Q = &w->quotes.v[q].q;
            if (Q->content.start >= S->span.end)
                break;
            size_t s = Q->content.start > S->span.start ? Q->content.start : S->span.start;
            size_t e = Q->content.end < S->span.end ? Q->content.end : S->span.end;
            if (s < e) {
                if (Q->kind == CRED_QUOTE_DIRECT) {
                    quoted += e - s;
                    if (!push_ev(w, s, e, "quote"))
                        return false;
                } else {
                    attributed = true;
                }
            }
        }
        while (c0 < cues.n && cues.v[c0].end <= S->span.start)
            c0++;
        for (size_t c = c0; c < cues.n && cues.v[c].start < S->span.end; c++)
            if (cues.v[c].end <= S->span.end) {
                attributed = true;
                if (!push_ev(w, cues.v[c].start, cues.v[c].end, "cue"))
                    return false;
            }
        while (x0 < w->scare.n && w->scare.v[x0].end <= S->span.start)
            x0++;
        for (size_t x = x0; x < w->scare.n && w->scare.v[x].start < S->span.end; x++) {
            cred_span sp = w->scare.v[x];
            if (sp.start >= S->span.start && sp.end <= S->span.end) {
                if (!push_ev(w, sp.start, sp.end, "scare-quote"))
                    return false;
                sc.op += 0.6;
            }
        }
        while (a0 < w->anon.n && w->anon.v[a0].span.end <= S->span.start)
            a0++;
        for (size_t x = a0; x < w->anon.n && w->anon.v[x].span.start < S->span.end; x++) {
            cred_span sp = w->anon.v[x].span;
            if (sp.start >= S->span.start && sp.end <= S->span.end) {
                if (!push_ev(w, sp.start, sp.end, "anonymous"))
                    return false;
                sc.hedge += 0.5;
            }
        }
        bool actor;
        if (!evidence(w, a, b, &sc, &actor))
            return false;
        (void)ev0;
        info.opinion_score = sc.op;
        info.claim_score = sc.claim;
        if (len && quoted * 2 >= len)
            info.cls = CRED_SENT_QUOTE;
        else if (attributed)
            info.cls = CRED_SENT_ATTRIBUTED;
        else if (sc.op >= 1.0)
            info.cls = CRED_SENT_OPINION;
        else if (sc.hedge >= 1.0)
            info.cls = CRED_SENT_HEDGE;
        else if (sc.claim >= 1.0)
            info.cls = CRED_SENT_CLAIM;
        else
            info.cls = CRED_SENT_OTHER;
        if (!CRED__VEC_PUSH(w->sents, info))
            return false;
    }
    return true;
}

static void finish(an_work *w)
{
    /* evidence in text order within each sentence; pointers fixed last */
    for (size_t si = 0; si < w->sents.n; si++) {
        size_t s = w->ev_first.v[si], e = si + 1 < w->sents.n ? w->ev_first.v[si + 1] : w->ev.n;
        for (size_t x = s + 1; x < e; x++)
            for (size_t y = x; y > s && w->ev.v[y - 1].span.start > w->ev.v[y].span.start; y--) {
                cred_evidence t = w->ev.v[y];
                w->ev.v[y] = w->ev.v[y - 1];
                w->ev.v[y - 1] = t;
            }
        w->sents.v[si].n_evidence = e - s;
    }
    for (size_t si = 0; si < w->sents.n; si++)
        w->sents.v[si].evidence = w->ev.n ? w->ev.v + w->ev_first.v[si] : NULL;
    for (size_t x = 1; x < w->terms.n; x++)
        for (size_t y = x; y > 0 && w->terms.v[y - 1].span.start > w->terms.v[y].span.start; y--) {
            cred_evidence t = w->terms.v[y];
            w->terms.v[y] = w->terms.v[y - 1];
            w->terms.v[y - 1] = t;
        }
    }

bool an_sentences(an_work *w)
{
    cred__spanvec cues = {0};
    for (size_t q = 0; q < w->quotes.n; q++)
        if (w->quotes.v[q].q.has_cue && !CRED__VEC_PUSH(cues, w->quotes.v[q].q.cue)) {
            free(cues.v);
            return false;
        }
    if (cues.n)
        qsort(cues.v, cues.n, sizeof *cues.v, cmp_span);
    bool ok = classify(w, &cues);
    free(cues.v);
    if (ok)
        finish(w);
    return ok;
}
