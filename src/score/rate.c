/*
 * rate.c - the rating rules: when the verdict may speak, and how loudly.
 *
 * The logistic layer (score.c) turns signals into a raw score.  Before that
 * score becomes a band, three rules of the field apply (docs/score.md,
 * "Rating rules"), because calling real journalism unreliable is the worst
 * error this tool can make (issue 9):
 *
 *   1. Unrated.  When there is too little to go on, the band is `unrated`
 *      ("not enough evidence to rate") with the reasons and what would
 *      settle it: no words (empty, whitespace), binary input, a text that
 *      is not English (the rules, word lists and model are English-only),
 *      too few words, an HTML page that is not one article, or only weak
 *      signals.  The numeric score is kept.
 *   2. Strong evidence to convict.  `unreliable` or worse needs checkable
 *      evidence: the outlet's record (low factuality, fake, satire), a claim
 *      fact-checkers rated false, or several content signals of different
 *      kinds agreeing.  The article model never counts here, nor does the
 *      scrape quality of the copy.  Without it, a low score is held at the
 *      floor of `mixed`, keeping its order (score = floor + raw/floor), so
 *      a ranking by score is unchanged among held articles.
 *   3. Satire is never rated as reliable news: its score is capped.
 *
 * What it does not do: compute signals or weights.  Thresholds are params
 * in data/score/config.tsv; the English function words are
 * data/lang/en/function-words.txt.
 */
#include "score/rate.h"

#include <stdio.h>
#include <stdlib.h>

struct cred__lang {
    cred_str *w; /* sorted, lower case */
    size_t n;
    cred_str *month; /* lang/en/months.txt, file order */
    size_t n_month;
};

static int str_cmp(const void *a, const void *b)
{
    const cred_str *x = a, *y = b;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->p, y->p, n);
    return c ? c : x->n < y->n ? -1 : x->n > y->n;
}

cred_status cred__lang_load(cred_ctx *ctx, cred_error *err)
{
    static const char *const file = "lang/en/function-words.txt";
    cred_str s;
    cred_status st = cred__ctx_data(ctx, file, &s, err);
    if (st)
        return st;
    struct cred__lang *l = calloc(1, sizeof *l);
    if (!l)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    size_t cap = 0;
    cred__lines it;
    cred__lines_init(&it, s);
    cred_str line;
    while (cred__lines_next(&it, &line)) {
        cred_str f[1];
        cred__split_tabs(line, f, 1);
        if (!f[0].n)
            continue;
        for (size_t i = 0; i < f[0].n; i++) {
            unsigned char c = (unsigned char)f[0].p[i];
            if (c >= 'A' && c <= 'Z') {
                free(l->w);
                free(l);
                return cred__err(err, CRED_EDATA, "%s:%zu: words must be lower case", file,
                                 it.line);
            }
        }
        if (l->n == cap && !cred__vec_grow((void **)&l->w, &cap, l->n + 1, sizeof *l->w)) {
            free(l->w);
            free(l);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
        l->w[l->n++] = f[0];
    }
    if (l->n)
        qsort(l->w, l->n, sizeof *l->w, str_cmp);
    /* month names for datelines (sig_content.c): first three letters */
    static const char *const mfile = "lang/en/months.txt";
    if ((st = cred__ctx_data(ctx, mfile, &s, err))) {
        cred__lang_free(l);
        return st;
    }
    cap = 0;
    cred__lines_init(&it, s);
    while (cred__lines_next(&it, &line)) {
        cred_str f[1];
        cred__split_tabs(line, f, 1);
        if (f[0].n < 3) {
            cred__lang_free(l);
            return cred__err(err, CRED_EDATA, "%s:%zu: expected a month name of 3+ letters",
                             mfile, it.line);
        }
        if (l->n_month == cap &&
            !cred__vec_grow((void **)&l->month, &cap, l->n_month + 1, sizeof *l->month)) {
            cred__lang_free(l);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
        l->month[l->n_month++] = (cred_str){f[0].p, 3};
    }
    ctx->lang_en = l;
    return CRED_OK;
}

void cred__lang_free(struct cred__lang *l)
{
    if (!l)
        return;
    free(l->w);
    free(l->month);
    free(l);
}

bool cred__lang_month_at(const struct cred__lang *l, const char *s, size_t n)
{
    for (size_t m = 0; l && m < l->n_month; m++)
        if (n >= 3 && !memcmp(s, l->month[m].p, 3))
            return true;
    return false;
}

double cred__english_share(const struct cred__lang *l, const cred_doc *doc, size_t *n_words)
{
    size_t words = 0, hits = 0;
    for (size_t i = 0; i < doc->n_tokens; i++) {
        const cred_token *t = &doc->tokens[i];
        if (!(t->flags & CRED_TOK_WORD))
            continue;
        words++;
        size_t n = t->span.end - t->span.start;
        char low[16];
        if (!l || n >= sizeof low)
            continue;
        bool ascii = true;
        for (size_t k = 0; k < n; k++) {
            unsigned char c = (unsigned char)doc->text[t->span.start + k];
            if (c >= 0x80) {
                ascii = false;
                break;
            }
            low[k] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
        }
        cred_str key = {low, n};
        if (ascii && bsearch(&key, l->w, l->n, sizeof *l->w, str_cmp))
            hits++;
    }
    *n_words = words;
    return words ? (double)hits / (double)words : 0.0;
}

/* ---- the rules ------------------------------------------------------------------ */

static void add(cred__strvec *v, bool *oom, const char *fmt, ...) CRED__PRINTF(3, 4);
static void add(cred__strvec *v, bool *oom, const char *fmt, ...)
{
    cred__buf b = {0};
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    cred__buf_puts(&b, tmp);
    char *s = cred__buf_take(&b, NULL);
    if (!s || !CRED__VEC_PUSH(*v, s)) {
        free(s);
        *oom = true;
    }
}

static char *fmt_str(bool *oom, const char *fmt, ...) CRED__PRINTF(2, 3);
static char *fmt_str(bool *oom, const char *fmt, ...)
{
    char tmp[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    char *s = strdup(tmp);
    if (!s)
        *oom = true;
    return s;
}

void cred__rating_free(cred__rating *r)
{
    for (size_t i = 0; i < r->unrated.n; i++)
        free(r->unrated.v[i]);
    free(r->unrated.v);
    for (size_t i = 0; i < r->settle.n; i++)
        free(r->settle.v[i]);
    free(r->settle.v);
    free(r->rule);
    free(r->conviction);
    memset(r, 0, sizeof *r);
}

/* Share of the input bytes that the decoder had to remove (control bytes,
 * NUL) or could not read as UTF-8: a program binary is mostly these. */
static double binary_share(const cred_doc *doc)
{
    if (doc->input_len < 16)
        return 0;
    size_t bad = 0;
    for (size_t i = 0; i < doc->n_edits; i++) {
        const cred_edit *e = &doc->edits[i];
        if (e->kind == CRED_EDIT_CONTROL || e->kind == CRED_EDIT_DECODE)
            bad += e->input.end - e->input.start;
    }
    return (double)bad / (double)doc->input_len;
}

static bool content_group(cred__group g)
{
    return g == CRED__G_HEADLINE || g == CRED__G_SOURCING || g == CRED__G_STYLE ||
           g == CRED__G_CONTENT;
}

bool cred__rate(const cred_ctx *ctx, const cred_score_config *cfg, const cred_doc *doc,
                const cred_analysis *a, const cred_article *page, const cred__sigs *sb,
                const double *contrib, bool has_url, const char *genre, double raw,
                cred__rating *r)
{
    bool oom = false;
    const double *P = cfg->param;
    r->score = raw;

    /* 1. unrated */
    size_t n_words = 0;
    r->english = cred__english_share(ctx->lang_en, doc, &n_words);
    double bin = binary_share(doc);
    if (bin >= P[CRED__P_binary_share]) {
        add(&r->unrated, &oom,
            "%.0f%% of the input bytes are control characters or not valid text: it looks "
            "like binary data, not an article",
            bin * 100);
        add(&r->settle, &oom, "give the article's text or HTML page");
    } else if (!n_words && !(page && !page->is_article)) {
        add(&r->unrated, &oom, "the input has no words (empty, or only spaces and symbols)");
        add(&r->settle, &oom, "give the article's text or HTML page");
    } else if (n_words >= 20 && r->english < P[CRED__P_english_min]) {
        add(&r->unrated, &oom,
            "the text does not read as English (%.0f%% English function words; English prose "
            "has 40-55%%): credence's rules, word lists and model are English-only",
            r->english * 100);
        add(&r->settle, &oom, "rate it with a tool made for its language");
    } else if (page && !page->is_article) {
        add(&r->unrated, &oom,
            "the page does not look like one article (article score %.2f): a home page, a "
            "list of stories or a form is not rated",
            page->article_score);
        add(&r->settle, &oom, "give the page of a single article");
    } else if ((double)n_words < P[CRED__P_unrated_words]) {
        add(&r->unrated, &oom, "too short to rate: %zu words (at least %.0f needed)", n_words,
            P[CRED__P_unrated_words]);
        add(&r->settle, &oom, "give the whole article, not an excerpt");
    } else {
        double mass = 0;
        for (int i = 0; i < CRED__S_COUNT; i++)
            if (cred__sig_groups[i] != CRED__G_SCRAPE && cred__sig_groups[i] != CRED__G_GENRE)
                mass += fabs(contrib[i]);
        bool outlet_known = sb->v[CRED__S_SOURCE_HIGH_FACTUALITY] > 0 ||
                            sb->v[CRED__S_SOURCE_MIXED_FACTUALITY] > 0 ||
                            sb->v[CRED__S_SOURCE_LOW_FACTUALITY] > 0 ||
                            sb->v[CRED__S_SOURCE_UNRELIABLE_TYPE] > 0 ||
                            sb->v[CRED__S_SOURCE_SATIRE] > 0;
        if (mass < P[CRED__P_weak_evidence] && !outlet_known && strcmp(genre, "satire")) {
            add(&r->unrated, &oom,
                "only weak signals: together they weigh %.2f (at least %.2f needed to rate)",
                mass, P[CRED__P_weak_evidence]);
            if (!has_url)
                add(&r->settle, &oom, "give --url: the outlet's record is the strongest evidence");
            if (a && !a->measures.named_sources)
                add(&r->settle, &oom, "no named sources or claims to check");
        }
    }

    /* 2. strong evidence to convict.  The content signals' own verdict:
     * the intercept plus the content groups' contributions (no outlet, no
     * model, no scrape faults). */
    double zc = cfg->intercept;
    for (int i = 0; i < CRED__S_COUNT; i++)
        if (content_group(cred__sig_groups[i]))
            zc += contrib[i];
    double content_score = 100.0 * cred__sigmoid(zc);
    /* The outlet's record counts when the text's own signals lean the same
     * way (alone they score it under outlet_content, the floor of
     * generally-reliable): outlet lists are coarse - a hyperpartisan site
     * listed as "fake" also publishes true reports, as FakeNewsNet's
     * fact-checked real articles show - so a list entry alone never
     * convicts an article. */
    if (content_score < P[CRED__P_outlet_content] &&
        (sb->v[CRED__S_SOURCE_LOW_FACTUALITY] > 0 || sb->v[CRED__S_SOURCE_UNRELIABLE_TYPE] > 0 ||
         sb->v[CRED__S_SOURCE_SATIRE] > 0)) {
        int s = sb->v[CRED__S_SOURCE_UNRELIABLE_TYPE] > 0 ? CRED__S_SOURCE_UNRELIABLE_TYPE
                : sb->v[CRED__S_SOURCE_LOW_FACTUALITY] > 0 ? CRED__S_SOURCE_LOW_FACTUALITY
                                                           : CRED__S_SOURCE_SATIRE;
        r->conviction = fmt_str(&oom,
                                "the outlet's record (%s), and the text's own signals agree "
                                "(alone they score it %.0f)",
                                sb->reason[s] ? sb->reason[s] : cred__sig_names[s],
                                content_score);
    }
    for (int i = 0; i < CRED__S_COUNT && !r->conviction; i++)
        if (cred__sig_groups[i] == CRED__G_CLAIMS && contrib[i] < 0 && sb->v[i] >= 0.5)
            r->conviction = fmt_str(&oom, "a claim fact-checkers rated: %s",
                                    sb->reason[i] ? sb->reason[i] : cred__sig_names[i]);
    if (!r->conviction) {
        /* Content signals convict only when enough of them, of enough
         * kinds, each weigh at least convict_min, AND they alone (with the
         * intercept, without the model or the copy's faults) put the score
         * under the floor: a strong model vote plus a few weak cues is not
         * strong evidence (newsnation.in's fact check in the extraction
         * pages: a question headline, "according to reports" twice). */
        size_t n = 0, groups = 0;
        bool seen[CRED__G_COUNT] = {false};
        char names[256] = "";
        size_t k = 0;
        for (int i = 0; i < CRED__S_COUNT; i++) {
            if (!content_group(cred__sig_groups[i]) || contrib[i] > -P[CRED__P_convict_min])
                continue;
            n++;
            if (!seen[cred__sig_groups[i]]) {
                seen[cred__sig_groups[i]] = true;
                groups++;
            }
            int w = snprintf(names + k, sizeof names - k, "%s%s", k ? ", " : "",
                             cred__sig_names[i]);
            if (w > 0 && (size_t)w < sizeof names - k)
                k += (size_t)w;
        }
        double sc = content_score;
        double model = 0;
        for (int i = 0; i < CRED__S_COUNT; i++)
            if (cred__sig_groups[i] == CRED__G_MODEL)
                model += contrib[i];
        if ((double)n >= P[CRED__P_convict_signals] &&
            (double)groups >= P[CRED__P_convict_groups] && sc < P[CRED__P_hold_floor])
            r->conviction = fmt_str(&oom,
                                    "%zu content signals of %zu kinds agree (%s), and alone "
                                    "they score it %.0f",
                                    n, groups, names, sc);
        /* The article model may be one voice among several, never alone: its
         * (damped) vote at convict_model or below, plus one content signal
         * fewer than convict_signals, of convict_groups kinds, with the raw
         * score under the floor. */
        else if (P[CRED__P_convict_model] < 0 && model <= P[CRED__P_convict_model] &&
                 (double)n + 1 >= P[CRED__P_convict_signals] &&
                 (double)groups >= P[CRED__P_convict_groups] && raw < P[CRED__P_hold_floor])
            r->conviction = fmt_str(&oom,
                                    "the article model (%+.2f) and %zu content signals of %zu "
                                    "kinds agree (%s)",
                                    model, n, groups, names);
    }

    /* 3. satire cap, then the hold */
    if (!strcmp(genre, "satire") && r->score > P[CRED__P_satire_cap]) {
        r->score = P[CRED__P_satire_cap];
        r->rule = fmt_str(&oom, "satire is not news: its score is capped at %.0f",
                          P[CRED__P_satire_cap]);
    }
    double floor = P[CRED__P_hold_floor];
    if (!r->conviction && r->score < floor && floor > 0) {
        double held = floor + r->score / floor * 0.99;
        free(r->rule);
        r->rule = fmt_str(&oom,
                          "held at mixed (raw score %.1f): the evidence against it is not strong "
                          "enough to call it unreliable - that needs a low-factuality or fake "
                          "outlet, a claim rated false, or %.0f content signals of %.0f kinds that "
                          "alone score it under %.0f; the article model never counts",
                          raw, P[CRED__P_convict_signals], P[CRED__P_convict_groups], floor);
        r->score = held;
    }
    return !oom;
}
