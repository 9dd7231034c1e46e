/*
 * analyze.c - cred_analyze(): runs the analysis steps over a cleaned
 * document and hands the results to the caller as one cred_analysis.
 *
 * Order matters: entities first (speakers are resolved to them), then
 * quotes (direct, then reported speech, which must skip direct-quote text),
 * speakers and sources, sentence classes (they need quotes, cues and
 * anonymous-sourcing findings as evidence), the headline, and the measures.
 * The work arrays are moved, not copied, into the result.
 */
#include "an.h"

#include <stdlib.h>

typedef struct an_impl {
    cred_analysis pub; /* must be first */
    cred_quote *quotes;
    cred_entity *ents;
    an_ent *raw_ents;
    size_t n_raw;
    char **names;
    size_t n_names;
    cred_source *sources;
    cred_anon *anon;
    cred_sentence_info *sents;
    cred_evidence *ev, *terms;
    cred_headline_signal *sig;
} an_impl;

const char *cred_quote_kind_name(cred_quote_kind k)
{
    return k == CRED_QUOTE_INDIRECT ? "indirect" : "direct";
}

const char *cred_entity_type_name(cred_entity_type t)
{
    switch (t) {
    case CRED_ENT_PERSON: return "person";
    case CRED_ENT_ORG: return "organization";
    case CRED_ENT_PLACE: return "place";
    default: return "unknown";
    }
}

const char *cred_sentence_class_name(cred_sentence_class c)
{
    static const char *const n[CRED_SENT__COUNT] = {"quote", "attributed", "claim",
                                                    "opinion", "hedge", "other"};
    return (unsigned)c < CRED_SENT__COUNT ? n[c] : "other";
}

void cred_analyze_opts_init(cred_analyze_opts *o) { memset(o, 0, sizeof *o); }

static void work_free(an_work *w)
{
    free(w->blocks.v);
    free(w->t.v);
    cred__buf_free(&w->low);
    for (size_t i = 0; i < w->ents.n; i++) {
        free(w->ents.v[i].name);
        free(w->ents.v[i].role);
        free(w->ents.v[i].m.v);
    }
    free(w->ents.v);
    free(w->ments.v);
    free(w->quotes.v);
    free(w->sources.v);
    for (size_t i = 0; i < w->names.n; i++)
        free(w->names.v[i]);
    free(w->names.v);
    free(w->anon.v);
    free(w->terms.v);
    free(w->scare.v);
    free(w->sents.v);
    free(w->ev.v);
    free(w->ev_first.v);
    free(w->sig.v);
}

void cred_analysis_free(cred_analysis *a)
{
    if (!a)
        return;
    an_impl *im = (an_impl *)a;
    free(im->quotes);
    free(im->ents);
    for (size_t i = 0; i < im->n_raw; i++) {
        free(im->raw_ents[i].name);
        free(im->raw_ents[i].role);
        free(im->raw_ents[i].m.v);
    }
    free(im->raw_ents);
    for (size_t i = 0; i < im->n_names; i++)
        free(im->names[i]);
    free(im->names);
    free(im->sources);
    free(im->anon);
    free(im->sents);
    free(im->ev);
    free(im->terms);
    free(im->sig);
    free(im);
}

typedef struct first_idx {
    size_t first, idx;
} first_idx;

static int cmp_first(const void *a, const void *b)
{
    const first_idx *x = a, *y = b;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Moves the work arrays into a new result. */
static an_impl *assemble(an_work *w)
{
    an_impl *im = calloc(1, sizeof *im);
    size_t *order = calloc(w->ents.n + 1, sizeof *order);
    size_t *rank = calloc(w->ents.n + 1, sizeof *rank);
    im = im && order && rank ? im : (free(im), NULL);
    if (im && w->quotes.n)
        im->quotes = malloc(w->quotes.n * sizeof *im->quotes);
    if (im && w->ents.n)
        im->ents = malloc(w->ents.n * sizeof *im->ents);
    if (!im || (w->quotes.n && !im->quotes) || (w->ents.n && !im->ents)) {
        if (im) {
            free(im->quotes);
            free(im->ents);
            free(im);
        }
        free(order);
        free(rank);
        return NULL;
    }
    for (size_t q = 0; q < w->quotes.n; q++)
        im->quotes[q] = w->quotes.v[q].q;
    /* entities by first mention (ties: creation order) */
    first_idx *fi = malloc((w->ents.n + 1) * sizeof *fi);
    if (!fi) {
        free(im->quotes);
        free(im->ents);
        free(im);
        free(order);
        free(rank);
        return NULL;
    }
    for (size_t i = 0; i < w->ents.n; i++)
        fi[i] = (first_idx){w->ents.v[i].first, i};
    if (w->ents.n > 1)
        qsort(fi, w->ents.n, sizeof *fi, cmp_first);
    for (size_t i = 0; i < w->ents.n; i++)
        order[i] = fi[i].idx;
    free(fi);
    for (size_t i = 0; i < w->ents.n; i++) {
        const an_ent *E = &w->ents.v[order[i]];
        rank[order[i]] = i;
        cred_entity e = {E->name, E->type, E->outlet, E->agency, E->m.n, E->m.v};
        im->ents[i] = e;
    }
    for (size_t s = 0; s < w->sources.n; s++)
        if (w->sources.v[s].entity != CRED_NO_SOURCE)
            w->sources.v[s].entity = rank[w->sources.v[s].entity];
    free(order);
    free(rank);
    im->raw_ents = w->ents.v;
    im->n_raw = w->ents.n;
    w->ents.v = NULL;
    w->ents.n = 0;
    im->names = w->names.v;
    im->n_names = w->names.n;
    w->names.v = NULL;
    w->names.n = 0;
#define MOVE(dst, vec) \
    do {               \
        dst = vec.v;   \
        vec.v = NULL;  \
    } while (0)
    MOVE(im->sources, w->sources);
    MOVE(im->anon, w->anon);
    MOVE(im->sents, w->sents);
    MOVE(im->ev, w->ev);
    MOVE(im->terms, w->terms);
    MOVE(im->sig, w->sig);
#undef MOVE
    cred_analysis *a = &im->pub;
    a->quotes = im->quotes;
    a->n_quotes = w->quotes.n;
    a->sources = im->sources;
    a->n_sources = w->sources.n;
    a->anonymous = im->anon;
    a->n_anonymous = w->anon.n;
    a->entities = im->ents;
    a->n_entities = im->n_raw;
    a->sentences = im->sents;
    a->n_sentences = w->sents.n;
    a->terms = im->terms;
    a->n_terms = w->terms.n;
    a->headline = w->headline;
    a->headline.signals = im->sig;
    a->headline.n_signals = w->sig.n;
    a->measures = w->measures;
    return im;
}

cred_status cred_analyze(const cred_ctx *ctx, const cred_doc *doc, const cred_analyze_opts *opts,
                         cred_analysis **out, cred_error *err)
{
    *out = NULL;
    if (!ctx || !doc)
        return cred__err(err, CRED_EINVAL, "cred_analyze: NULL context or document");
    if (!ctx->analysis)
        return cred__err(err, CRED_EDATA, "cred_analyze: the context has no analysis data");
    an_work w = {0};
    w.ctx = ctx;
    w.A = ctx->analysis;
    w.doc = doc;
    w.no_headline = opts && opts->no_headline;
    bool ok = an_tokens(&w) && an_entities(&w) && an_quotes(&w) && an_speakers(&w) &&
              an_sentences(&w) && an_headline(&w) && !w.oom;
    if (ok)
        an_measures(&w);
    an_impl *im = ok ? assemble(&w) : NULL;
    work_free(&w);
    if (!im)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    *out = &im->pub;
    return CRED_OK;
}
