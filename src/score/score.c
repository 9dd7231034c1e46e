/*
 * score.c - the verdict (cred_score): computes every named signal, combines
 * them in one logistic layer, and picks the band, genre and label.
 *
 * Signals come from four places:
 *   text pipeline  REPEATED_TEXT, PAGE_CHROME, MOJIBAKE: read from the
 *                  document's edits; the evidence is the removed text
 *                  (empty span in the cleaned text + the input bytes).
 *   analysis       CLICKBAIT_HEADLINE, OPINION_HEAVY, LOADED_LANGUAGE,
 *                  FEW_NAMED_SOURCES, NAMED_SOURCES, ANONYMOUS_SOURCING,
 *                  QUOTES_ATTRIBUTED, HEDGED_CLAIMS, SHOUTING, SHORT_TEXT
 *                  (sig_analysis.c).
 *   outlet         SOURCE_* from the outlet tables (sources.c).
 *   model          MODEL_UNRELIABLE / MODEL_RELIABLE from the article model.
 *   genre cues     SATIRE_STYLE, OPINION_VOICE (sig_genre.c), which also
 *                  decides the genre (cred__genre).
 * Every signal has a value in [0, 1]; the score is 100 * sigmoid(intercept +
 * sum(weight * value)), with weights from the config (config.c).  A
 * signal's `points` is how far the score would move without it, which is
 * what a reader wants to see ("-14 points: the lede is repeated").
 *
 * What it does not do: decide truth.  The score is about reliability as
 * news: satire and opinion get their genre in the label instead of being
 * called lies (issue 5), but their score still says how they read as news
 * (the seed article: an opinion post, score < 40).
 *
 * Why a logistic layer rather than a sum of points: it can be fitted on
 * labelled data (bench/verdict.py --fit) and its output is a probability,
 * so the score can be checked for calibration (ECE) - rspamd's neural
 * post-classifier plays the same role over its symbols.
 */
#include "score/rate.h"
#include "score/score_int.h"
#include "score/score_sig.h"

#include <stdio.h>
#include <stdlib.h>

void cred_score_opts_init(cred_score_opts *o) { memset(o, 0, sizeof *o); }

typedef struct verdict_impl {
    cred_verdict pub; /* must be first */
    cred_signal sig[CRED__S_COUNT];
    cred__sigs sb;
    char outlet[512];
    char *label;
    cred_analysis *analysis;
    cred__rating rating;
} verdict_impl;

static void sig_edit(cred__sigs *sb, cred__sig s, const cred_edit *e)
{
    if (sb->ev[s].n >= CRED__SIG_MAX_EVIDENCE)
        return;
    cred_sig_evidence ev = {{e->offset, e->offset}, e->input, e->original};
    if (!CRED__VEC_PUSH(sb->ev[s], ev))
        sb->oom = true;
}

/* ---- text-pipeline signals ------------------------------------------------ */

static void text_signals(cred__sigs *sb, const cred_doc *doc)
{
    size_t chrome = 0, repeat = 0, moji = 0, repeat_bytes = 0;
    const char *chrome_rule = NULL;
    for (size_t i = 0; i < doc->n_edits; i++) {
        const cred_edit *e = &doc->edits[i];
        switch (e->kind) {
        case CRED_EDIT_CHROME:
            chrome++;
            if (!chrome_rule)
                chrome_rule = e->rule;
            sig_edit(sb, CRED__S_PAGE_CHROME, e);
            break;
        case CRED_EDIT_REPEAT:
            repeat++;
            repeat_bytes += e->original.n;
            sig_edit(sb, CRED__S_REPEATED_TEXT, e);
            break;
        /* Only mis-decoded text counts: bytes of a legacy encoding decoded
         * correctly (CRED_EDIT_DECODE, a Windows-1252 file) are no fault of
         * the copy (issue 9). */
        case CRED_EDIT_MOJIBAKE:
            moji++;
            sig_edit(sb, CRED__S_MOJIBAKE, e);
            break;
        default: break;
        }
    }
    /* One repeat is enough to show the text was assembled carelessly (the
     * seed's repeated lede); the value does not grow with the count so that
     * a long scraped page is not punished twice for one copy-paste. */
    if (repeat)
        cred__sig_set(sb, CRED__S_REPEATED_TEXT, 1.0,
                      repeat == 1 ? "a passage repeats earlier text (%zu bytes): a pasted or "
                                    "duplicated lede"
                                  : "%zu passages repeat earlier text: pasted or duplicated "
                                    "paragraphs",
                      repeat == 1 ? repeat_bytes : repeat);
    if (chrome)
        cred__sig_set(sb, CRED__S_PAGE_CHROME, 1.0,
                      "%zu piece%s of page furniture scraped with the text (%s%s)", chrome,
                      chrome == 1 ? "" : "s", chrome_rule ? chrome_rule : "chrome",
                      chrome > 1 ? ", ..." : "");
    if (moji)
        cred__sig_set(sb, CRED__S_MOJIBAKE, moji >= 3 ? 1.0 : moji / 3.0,
                      "%zu mis-decoded character%s repaired (mojibake): the copy went "
                      "through a wrong character encoding",
                      moji, moji == 1 ? "" : "s");
}

/* ---- outlet signals ------------------------------------------------------------ */

static void outlet_signals(cred__sigs *sb, const cred_outlet *o, const char *outlet)
{
    if (!outlet)
        return; /* no URL: nothing to say about the outlet */
    if (!o) {
        cred__sig_set(sb, CRED__S_SOURCE_UNKNOWN, 1.0,
                      "outlet %s is not in the reputation tables: no reputation is assumed",
                      outlet);
        return;
    }
    /* A satire outlet makes the genre satire - unless the list that names it
     * also calls it something else (OpenSources lists a few hyperpartisan
     * sites as "satire, unreliable", and FakeNewsNet's fact-checked real
     * articles include their reports): then the outlet only half-counts
     * (value 0.4, under satire_genre) and the text's own satire cues
     * decide. */
    if (o->types & CRED_SRC_SATIRE) {
        bool pure = !(o->types & ~(unsigned)CRED_SRC_SATIRE) || !strcmp(o->origin, "builtin");
        cred__sig_set(sb, CRED__S_SOURCE_SATIRE, pure ? 1.0 : 0.4,
                      pure ? "%s is a satire outlet (%s)"
                           : "%s is listed as satire among other things (%s)",
                      o->key, o->origin);
    }
    unsigned bad = CRED_SRC_FAKE | CRED_SRC_CONSPIRACY | CRED_SRC_JUNKSCI | CRED_SRC_HATE |
                   CRED_SRC_UNRELIABLE | CRED_SRC_RUMOR | CRED_SRC_CLICKBAIT;
    if (o->types & bad) {
        char types[160] = "";
        size_t k = 0;
        for (unsigned b = 0; b < CRED_SRC__COUNT; b++)
            if (o->types & bad & (1u << b)) {
                int w = snprintf(types + k, sizeof types - k, "%s%s", k ? ", " : "",
                                 cred_src_type_name(1u << b));
                if (w < 0 || (size_t)w >= sizeof types - k)
                    break;
                k += (size_t)w;
            }
        cred__sig_set(sb, CRED__S_SOURCE_UNRELIABLE_TYPE, 1.0, "%s is listed as %s (%s)",
                      o->key, types, o->origin);
    }
    switch (o->fact) {
    case CRED_FACT_HIGH:
        cred__sig_set(sb, CRED__S_SOURCE_HIGH_FACTUALITY, 1.0,
                      "%s has a record of highly factual reporting (%s)", o->key, o->origin);
        break;
    case CRED_FACT_MIXED:
        cred__sig_set(sb, CRED__S_SOURCE_MIXED_FACTUALITY, 1.0,
                      "%s has a mixed record of factual reporting (%s)", o->key, o->origin);
        break;
    case CRED_FACT_LOW:
        cred__sig_set(sb, CRED__S_SOURCE_LOW_FACTUALITY, 1.0,
                      "%s has a record of low factual reporting (%s)", o->key, o->origin);
        break;
    default: break;
    }
}

/* ---- combination ------------------------------------------------------------ */

static int sig_cmp(const void *a, const void *b)
{
    const cred_signal *x = a, *y = b;
    double ax = fabs(x->points), ay = fabs(y->points);
    if (ax != ay)
        return ax < ay ? 1 : -1;
    if (fabs(x->contribution) != fabs(y->contribution))
        return fabs(x->contribution) < fabs(y->contribution) ? 1 : -1;
    return strcmp(x->name, y->name);
}

static const char *pick_band(const cred_score_config *c, double score, const char **label)
{
    const cred__band *b = &c->bands.v[c->bands.n - 1];
    for (size_t i = 0; i < c->bands.n; i++)
        if (score >= c->bands.v[i].min) {
            b = &c->bands.v[i];
            break;
        }
    *label = b->label;
    return b->name;
}

cred_status cred_score(const cred_ctx *ctx, const cred_doc *doc, const cred_score_opts *opts,
                       cred_verdict **out, cred_error *err)
{
    cred_score_opts defaults;
    if (!opts) {
        cred_score_opts_init(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    if (!ctx || !doc)
        return cred__err(err, CRED_EINVAL, "no context or document");
    const cred_score_config *cfg = opts->config ? opts->config : ctx->score_cfg;
    verdict_impl *v = calloc(1, sizeof *v);
    if (!v)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    cred__sigs *sb = &v->sb;
    v->pub.doc = doc;

    /* outlet */
    const cred_outlet *o = NULL;
    if (opts->url.p && opts->url.n) {
        cred_status st = cred_url_outlet(opts->url, v->outlet, sizeof v->outlet, err);
        if (st) {
            free(v);
            return st;
        }
        char *slash = strchr(v->outlet, '/');
        if (slash)
            *slash = 0; /* report the host; lookups use the full URL */
        o = cred_outlets_find(opts->sources, opts->url);
        if (!o)
            o = cred_outlets_find(ctx->outlets, opts->url);
        v->pub.outlet = v->outlet;
        v->pub.source = o;
    }

    text_signals(sb, doc);
    outlet_signals(sb, o, v->pub.outlet);
    cred__genre_signals(sb, ctx, doc);
    cred_status st = CRED_OK;
    if (!opts->no_analysis) {
        st = cred__score_analyze(ctx, doc, &v->analysis, err);
        if (!st)
            cred__analysis_signals(sb, doc, v->analysis, cfg);
        /* claims fact-checkers rated (sig_claims.c): KNOWN_FALSE_CLAIM /
         * KNOWN_TRUE_CLAIM, group claims - strong evidence (rate.c) */
        if (!st && opts->claims)
            cred__claims_signals(sb, doc, v->analysis, opts->claims, cfg);
        v->pub.analysis = v->analysis;
    }
    if (!st)
        cred__content_signals(sb, ctx, doc, v->analysis, cfg, opts->page);
    if (!st && opts->model)
        st = cred__model_signals(sb, ctx, doc, opts->model, &v->pub.model_unreliable,
                                 &v->pub.model_class, err);
    v->pub.has_model = !st && opts->model;
    if (!st && sb->oom)
        st = cred__err(err, CRED_ENOMEM, "out of memory");
    if (st) {
        cred_verdict_free(&v->pub);
        return st;
    }

    /* genre: decided from the signals, before the score (an opinion piece
     * is not marked down for being opinion) */
    const char *genre = cred__genre(sb, doc, cfg);
    v->pub.genre = genre;

    /* logistic layer.  Effective weights: a scrape-quality signal describes
     * the copy, not the journalism, so its weight is held within
     * +-scrape_max; an opinion piece's opinion share is its genre, not a
     * fault, so OPINION_HEAVY does not count against it; the article
     * model's vote is damped outside news. */
    double w[CRED__S_COUNT], contrib[CRED__S_COUNT];
    double z = cfg->intercept;
    for (int i = 0; i < CRED__S_COUNT; i++) {
        w[i] = cfg->w[i];
        double cap = cfg->param[CRED__P_scrape_max];
        if (cred__sig_groups[i] == CRED__G_SCRAPE && fabs(w[i]) > cap)
            w[i] = w[i] < 0 ? -cap : cap;
        if ((i == CRED__S_OPINION_HEAVY || i == CRED__S_OPINION_VOICE) &&
            !strcmp(genre, "opinion"))
            w[i] = 0;
        /* The article model learned news: an opinion piece or satire is
         * outside its genre, so its vote is damped there (issue 9: damp the
         * model where the text is outside what it knows). */
        if (cred__sig_groups[i] == CRED__G_MODEL && strcmp(genre, "news"))
            w[i] *= cfg->param[CRED__P_model_genre_damp];
        contrib[i] = w[i] * sb->v[i];
        z += contrib[i];
    }
    double score = 100.0 * cred__sigmoid(z);
    size_t n = 0;
    for (int i = 0; i < CRED__S_COUNT; i++) {
        if (sb->v[i] <= 0)
            continue;
        cred_signal *s = &v->sig[n++];
        s->name = cred__sig_names[i];
        s->group = cred__group_names[cred__sig_groups[i]];
        s->value = sb->v[i];
        s->weight = w[i];
        s->contribution = contrib[i];
        s->points = score - 100.0 * cred__sigmoid(z - s->contribution);
        s->reason = sb->reason[i] ? sb->reason[i] : "";
        s->evidence = sb->ev[i].v;
        s->n_evidence = sb->ev[i].n;
    }
    qsort(v->sig, n, sizeof *v->sig, sig_cmp);
    v->pub.signals = v->sig;
    v->pub.n_signals = n;
    v->pub.logit = z;
    v->pub.raw_score = score;

    /* the rating rules (rate.c): unrated, strong evidence to convict, caps */
    cred__rating *r = &v->rating;
    if (!cred__rate(ctx, cfg, doc, v->analysis, opts->page, sb, contrib,
                    opts->url.p && opts->url.n, genre, score, r)) {
        cred_verdict_free(&v->pub);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    v->pub.score = r->score;
    v->pub.english = r->english;
    v->pub.unrated = (const char *const *)r->unrated.v;
    v->pub.n_unrated = r->unrated.n;
    v->pub.settle = (const char *const *)r->settle.v;
    v->pub.n_settle = r->settle.n;
    v->pub.rule = r->rule;
    v->pub.conviction = r->conviction;
    const char *band_label;
    v->pub.band = pick_band(cfg, r->score, &band_label);
    if (r->unrated.n) {
        v->pub.band = "unrated";
        band_label = cfg->unrated_label ? cfg->unrated_label : "not enough evidence to rate";
    }

    cred__buf lb = {0};
    if (!strcmp(genre, "satire"))
        cred__buf_puts(&lb, cfg->satire_label ? cfg->satire_label : "satire");
    else if (r->unrated.n)
        cred__buf_puts(&lb, band_label);
    else if (!strcmp(genre, "opinion"))
        cred__buf_printf(&lb, "%s: %s as news", cfg->opinion_label ? cfg->opinion_label
                                                                    : "opinion",
                         band_label);
    else
        cred__buf_puts(&lb, band_label);
    v->label = cred__buf_take(&lb, NULL);
    if (!v->label) {
        cred_verdict_free(&v->pub);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    v->pub.label = v->label;
    *out = &v->pub;
    return CRED_OK;
}

void cred_verdict_free(cred_verdict *pv)
{
    if (!pv)
        return;
    verdict_impl *v = (verdict_impl *)pv;
    cred__sigs_free(&v->sb);
    cred__rating_free(&v->rating);
    cred__score_analysis_free(v->analysis);
    free(v->label);
    free(v);
}
