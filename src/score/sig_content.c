/*
 * sig_content.c - content signals that the fake-news literature found to
 * separate fake from real news across corpora, in forms a journalist would
 * accept as reasons (issue 9, "Signals that transfer"):
 *
 *   HEADLINE_BODY_MISMATCH  most of the headline's content words never
 *                           appear in the body: the headline promises what
 *                           the body does not say (clickbait, Chen et al.
 *                           2015; stance/headline incongruence).
 *   TITLE_STYLE             a long title, words in capitals, few stop words
 *                           (Horne & Adali 2017: fake titles pack more into
 *                           the title and shout).
 *   SIMPLE_REPETITIVE_BODY  a low moving-average type-token ratio (MATTR,
 *                           Covington & McFall 2010) on bodies long enough to
 *                           measure: the same words over and over.
 *   SPECIFIC_DETAILS (+)    numbers, dates, places and organizations per 100
 *                           words: reporting is specific.
 *   QUOTE_DENSITY (+)       statements attributed to a named source per
 *                           sentence.
 *   SECOND_PERSON           the writer addresses the reader ("you", "share
 *                           this", "wake up") outside quotations.
 *   FIRST_PERSON            the writer's own voice ("I", "my") outside
 *                           quotations: a post, not a report.
 *   DATELINE (+, weak)      "CITY (Agency) -", "CITY, Month D -".  ISOT's real
 *                           articles all carry "(Reuters) -": a label leak,
 *                           so the prior weight is small.
 * and, only when the document came from an HTML page (opts.page):
 *   BYLINE_PERSON, PUBLISHED_DATE, CORRECTION_NOTE, LINKS_OUT (+).
 *
 * What it does not: re-analyze the text (quotes, sources, entities, numbers
 * and dates are the analysis module's findings), or decide from one word.
 * Quoted speech never counts as the writer's voice.  Thresholds are params
 * (CRED__PARAMS, data/score/config.tsv); word lists are in
 * data/score/content.tsv.  bench/signals.py measures each signal's fire
 * rates and AUC per corpus (docs/score.md, "Content signals").
 */
#include "score/score_sig.h"

#include "credence/html.h"

#include <stdio.h>
#include <stdlib.h>

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

static bool alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80;
}

/* Case-insensitive (ASCII) equality of bytes and a lower-case word. */
static bool eq_lower(const char *p, size_t n, const char *w)
{
    size_t k = 0;
    for (; k < n && w[k]; k++)
        if (lower(p[k]) != w[k])
            return false;
    return k == n && !w[k];
}

static bool tok_in(const cred_doc *doc, const cred_token *t, const cred_score_config *cfg,
                   cred__wordlist l)
{
    const char *p = doc->text + t->span.start;
    size_t n = t->span.end - t->span.start;
    for (size_t i = 0; i < cfg->words[l].n; i++)
        if (eq_lower(p, n, cfg->words[l].v[i]))
            return true;
    return false;
}

/* The phrase of list l that starts at `pos` on a word boundary, or 0
 * (score_sig.h: shared with sig_claims.c). */
size_t cred__phrase_at(const cred_doc *doc, size_t pos, const cred_score_config *cfg,
                       cred__wordlist l)
{
    const char *s = doc->text;
    if (pos && alnum((unsigned char)s[pos - 1]))
        return 0;
    for (size_t i = 0; i < cfg->words[l].n; i++) {
        const char *w = cfg->words[l].v[i];
        size_t n = strlen(w);
        if (pos + n > doc->text_len)
            continue;
        size_t k = 0;
        while (k < n && lower(s[pos + k]) == w[k])
            k++;
        if (k < n)
            continue;
        if (alnum((unsigned char)w[n - 1]) && pos + n < doc->text_len &&
            alnum((unsigned char)s[pos + n]))
            continue;
        return n;
    }
    return 0;
}

static size_t body_start(const cred_doc *doc) { return doc->has_title ? doc->title.end : 0; }

static bool is_word(const cred_token *t) { return (t->flags & CRED_TOK_WORD) != 0; }

/* Quote contents (both kinds) as sorted spans; `at` walks them forward. */
typedef struct quotes_walk {
    const cred_analysis *a;
    size_t at;
} quotes_walk;

static bool in_quote(quotes_walk *q, size_t pos)
{
    if (!q->a)
        return false;
    /* positions only grow: a quote that ended before pos ends before every
     * later one too (an indirect quote nested in a longer direct one is
     * found by looking on from the walk point) */
    while (q->at < q->a->n_quotes && q->a->quotes[q->at].content.end <= pos)
        q->at++;
    for (size_t i = q->at; i < q->a->n_quotes && q->a->quotes[i].content.start <= pos; i++)
        if (pos < q->a->quotes[i].content.end)
            return true;
    return false;
}

/* FNV-1a of the lower-cased token, the key of the lexical measures. */
static uint64_t tok_hash(const cred_doc *doc, const cred_token *t)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = t->span.start; i < t->span.end; i++) {
        h ^= (unsigned char)lower(doc->text[i]);
        h *= 1099511628211ull;
    }
    return h;
}

/* ---- headline ------------------------------------------------------------ */

/* A headline word and a body word are the same word when they share a
 * stem: equal up to a possessive or plural s for short words, a common
 * prefix of all but three letters (at least five) for longer ones
 * ("elections" / "election", "announces" / "announced"). */
static bool same_stem(const char *a, size_t an, const char *b, size_t bn)
{
    if (an >= 2 && (a[an - 2] == '\'' ) && lower(a[an - 1]) == 's')
        an -= 2;
    if (bn >= 2 && (b[bn - 2] == '\'') && lower(b[bn - 1]) == 's')
        bn -= 2;
    if (an >= 4 && !memcmp(a + an - 4, "\xe2\x80\x99s", 4))
        an -= 4;
    if (bn >= 4 && !memcmp(b + bn - 4, "\xe2\x80\x99s", 4))
        bn -= 4;
    size_t k = an <= 5 ? an : (an - 3 > 5 ? an - 3 : 5);
    if (an <= 5) {
        size_t bb = bn;
        if (bb == an + 1 && lower(b[bn - 1]) == 's')
            bb = an;
        size_t aa = an;
        if (aa == bn + 1 && lower(a[an - 1]) == 's')
            aa = bn;
        if (aa != bb)
            return false;
        k = aa;
    } else if (bn < k) {
        return false;
    }
    for (size_t i = 0; i < k; i++)
        if (lower(a[i]) != lower(b[i]))
            return false;
    return true;
}

static void headline_body(cred__sigs *sb, const cred_doc *doc, const cred_score_config *cfg)
{
    if (!doc->has_title)
        return;
    size_t bs = body_start(doc);
    size_t nbody = 0;
    for (size_t i = 0; i < doc->n_tokens; i++)
        if (doc->tokens[i].span.start >= bs && is_word(&doc->tokens[i]))
            nbody++;
    if (nbody < 50)
        return; /* a body too short to say what it does not say */
    size_t content = 0, missing = 0;
    cred_span miss[CRED__SIG_MAX_EVIDENCE];
    size_t nmiss = 0;
    /* a headline is short; a hostile 'title' of a million words is cut at
     * 40 (every title word is looked for in the whole body) */
    for (size_t i = 0; i < doc->n_tokens && i < 40 && doc->tokens[i].span.start < doc->title.end;
         i++) {
        const cred_token *t = &doc->tokens[i];
        size_t n = t->span.end - t->span.start;
        if (!is_word(t) || n < 3 || tok_in(doc, t, cfg, CRED__W_stop))
            continue;
        const char *p = doc->text + t->span.start;
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = is_word(&doc->tokens[j]) &&
                  doc->tokens[j].span.end - doc->tokens[j].span.start == n &&
                  same_stem(doc->text + doc->tokens[j].span.start, n, p, n);
        if (dup)
            continue;
        content++;
        bool found = false;
        for (size_t j = 0; j < doc->n_tokens && !found; j++) {
            const cred_token *b = &doc->tokens[j];
            if (b->span.start < bs || !is_word(b))
                continue;
            found = same_stem(p, n, doc->text + b->span.start, b->span.end - b->span.start);
        }
        if (!found) {
            missing++;
            if (nmiss < CRED__SIG_MAX_EVIDENCE)
                miss[nmiss++] = t->span;
        }
    }
    double minw = cfg->param[CRED__P_headline_min_words];
    double thr = cfg->param[CRED__P_headline_missing];
    if (!content || (double)content < minw)
        return;
    double share = (double)missing / (double)content;
    if (share < thr || share <= 0)
        return;
    cred__sig_set(sb, CRED__S_HEADLINE_BODY_MISMATCH, share,
                  "%zu of the headline's %zu content words never appear in the body", missing,
                  content);
    for (size_t k = 0; k < nmiss; k++)
        cred__sig_span(sb, CRED__S_HEADLINE_BODY_MISMATCH, doc, miss[k]);
}

static void title_style(cred__sigs *sb, const cred_doc *doc, const cred_score_config *cfg)
{
    if (!doc->has_title)
        return;
    size_t n = 0, caps = 0;
    cred_span capv[CRED__SIG_MAX_EVIDENCE];
    for (size_t i = 0; i < doc->n_tokens && doc->tokens[i].span.start < doc->title.end; i++) {
        const cred_token *t = &doc->tokens[i];
        if (!is_word(t))
            continue;
        n++;
        /* a word of 4+ capitals that is not a stop word: "SHOCKING", not
         * "FBI" or "THE" in an all-caps label */
        if ((t->flags & CRED_TOK_UPPER) && t->span.end - t->span.start >= 4 &&
            !tok_in(doc, t, cfg, CRED__W_stop)) {
            if (caps < CRED__SIG_MAX_EVIDENCE)
                capv[caps] = t->span;
            caps++;
        }
    }
    /* a title in capitals throughout is one shout, not n of them */
    if (caps == n && n > 2)
        caps = 1;
    double lw = cfg->param[CRED__P_title_long_words];
    double longv = lw > 10 && n > 10 ? clamp01(((double)n - 10.0) / (lw - 10.0)) : 0.0;
    double capsv = caps >= 2 ? 1.0 : caps ? 0.5 : 0.0;
    double sum = longv + capsv;
    /* one full trait (a long title, or two words in capitals) or two half
     * ones; an ordinary headline of ten words in Title Case has neither */
    if (sum < 1.0)
        return;
    cred__sig_set(sb, CRED__S_TITLE_STYLE, sum / 2.0,
                  "the title has the form fake-news titles tend to have: %zu words%s, %zu in "
                  "capitals",
                  n, longv >= 1 ? " (long)" : "", caps);
    for (size_t k = 0; k < caps && k < CRED__SIG_MAX_EVIDENCE; k++)
        cred__sig_span(sb, CRED__S_TITLE_STYLE, doc, capv[k]);
    if (!caps)
        cred__sig_span(sb, CRED__S_TITLE_STYLE, doc, doc->title);
}

/* ---- the body's vocabulary ----------------------------------------------- */

static int u64_cmp(const void *a, const void *b)
{
    const uint64_t *x = a, *y = b;
    return *x < *y ? -1 : *x > *y;
}

static void simple_body(cred__sigs *sb, const cred_doc *doc, const cred_score_config *cfg)
{
    size_t bs = body_start(doc);
    double minw = cfg->param[CRED__P_simple_min_words];
    size_t w = cfg->param[CRED__P_mattr_window] >= 2 ? (size_t)cfg->param[CRED__P_mattr_window]
                                                     : 50;
    size_t n = 0;
    for (size_t i = 0; i < doc->n_tokens; i++)
        if (doc->tokens[i].span.start >= bs && is_word(&doc->tokens[i]))
            n++;
    if ((double)n < minw || n < w)
        return;
    uint64_t *h = malloc(n * sizeof *h);
    size_t *ti = malloc(n * sizeof *ti);
    if (!h || !ti) {
        free(h);
        free(ti);
        sb->oom = true;
        return;
    }
    size_t k = 0, letters = 0, longw = 0;
    for (size_t i = 0; i < doc->n_tokens; i++) {
        const cred_token *t = &doc->tokens[i];
        if (t->span.start < bs || !is_word(t))
            continue;
        size_t len = t->span.end - t->span.start;
        letters += len;
        if (len >= 7)
            longw++;
        ti[k] = i;
        h[k++] = tok_hash(doc, t);
    }
    /* MATTR: the mean over every window of w words of distinct/w, kept
     * incrementally (a word leaving or entering changes the count when it
     * has no twin inside the window). */
    size_t distinct = 0;
    for (size_t i = 0; i < w; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = h[j] == h[i];
        distinct += !seen;
    }
    double total = (double)distinct;
    for (size_t s = 1; s + w <= n; s++) {
        size_t out = s - 1, in = s + w - 1;
        bool twin = false;
        for (size_t j = s; j < in && !twin; j++)
            twin = h[j] == h[out];
        if (!twin)
            distinct--;
        twin = false;
        for (size_t j = s; j < in && !twin; j++)
            twin = h[j] == h[in];
        if (!twin)
            distinct++;
        total += (double)distinct;
    }
    double mattr = total / (double)(n - w + 1) / (double)w;
    double low = cfg->param[CRED__P_mattr_low], ls = cfg->param[CRED__P_simple_long_share];
    double share = (double)longw / (double)n;
    double v = clamp01((low - mattr) / 0.1);
    if (ls > 0 && clamp01((ls - share) / 0.08) > v)
        v = clamp01((ls - share) / 0.08);
    if (v >= 0.25) { /* a hair under the line says nothing */
        /* evidence: every occurrence of the most repeated content word */
        uint64_t *sorted = malloc(n * sizeof *sorted);
        uint64_t best = 0;
        size_t bestn = 0;
        if (sorted) {
            size_t m = 0;
            for (size_t i = 0; i < n; i++) {
                const cred_token *t = &doc->tokens[ti[i]];
                if (t->span.end - t->span.start >= 4 && !tok_in(doc, t, cfg, CRED__W_stop))
                    sorted[m++] = h[i];
            }
            qsort(sorted, m, sizeof *sorted, u64_cmp);
            for (size_t i = 0; i < m;) {
                size_t j = i;
                while (j < m && sorted[j] == sorted[i])
                    j++;
                if (j - i > bestn) {
                    bestn = j - i;
                    best = sorted[i];
                }
                i = j;
            }
            free(sorted);
        } else {
            sb->oom = true;
        }
        cred__sig_set(sb, CRED__S_SIMPLE_REPETITIVE_BODY, v,
                      "simple, repetitive vocabulary: %.0f%% words of 7+ letters, %.1f letters "
                      "a word, MATTR %.3f over %zu-word windows",
                      100.0 * share, (double)letters / (double)n, mattr, w);
        for (size_t i = 0; bestn > 1 && i < n; i++)
            if (h[i] == best)
                cred__sig_span(sb, CRED__S_SIMPLE_REPETITIVE_BODY, doc, doc->tokens[ti[i]].span);
    }
    free(h);
    free(ti);
}

/* ---- what the analysis found --------------------------------------------- */

static void specifics(cred__sigs *sb, const cred_doc *doc, const cred_analysis *a,
                      const cred_score_config *cfg)
{
    size_t words = a->measures.n_words;
    if (words < 80)
        return;
    size_t bs = body_start(doc);
    size_t nums = 0, dates = 0, places = 0, orgs = 0;
    cred_span ev[CRED__SIG_MAX_EVIDENCE];
    size_t nev = 0;
    for (size_t e = 0; e < a->n_entities; e++) {
        const cred_entity *en = &a->entities[e];
        if (en->type != CRED_ENT_PLACE && en->type != CRED_ENT_ORG)
            continue;
        size_t body = 0;
        for (size_t m = 0; m < en->count; m++)
            if (en->mentions[m].start >= bs)
                body++;
        if (en->type == CRED_ENT_PLACE)
            places += body;
        else
            orgs += body;
        if (body && nev < CRED__SIG_MAX_EVIDENCE / 2)
            for (size_t m = 0; m < en->count; m++)
                if (en->mentions[m].start >= bs) {
                    ev[nev++] = en->mentions[m];
                    break;
                }
    }
    for (size_t i = 0; i < a->n_sentences; i++) {
        const cred_sentence_info *si = &a->sentences[i];
        if (si->title)
            continue;
        for (size_t k = 0; k < si->n_evidence; k++) {
            const char *kind = si->evidence[k].kind;
            bool num = !strcmp(kind, "number"), date = !strcmp(kind, "date");
            nums += num;
            dates += date;
            if ((num || date) && nev < CRED__SIG_MAX_EVIDENCE)
                ev[nev++] = si->evidence[k].span;
        }
    }
    size_t total = nums + dates + places + orgs;
    double rate = 100.0 * (double)total / (double)words;
    double full = cfg->param[CRED__P_specific_full];
    if (full <= 0 || rate < full / 4)
        return;
    cred__sig_set(sb, CRED__S_SPECIFIC_DETAILS, clamp01(rate / full),
                  "specific details: %.1f per 100 words (%zu numbers, %zu dates, %zu place and "
                  "%zu organization mentions)",
                  rate, nums, dates, places, orgs);
    for (size_t k = 0; k < nev; k++)
        cred__sig_span(sb, CRED__S_SPECIFIC_DETAILS, doc, ev[k]);
}

static void quote_density(cred__sigs *sb, const cred_doc *doc, const cred_analysis *a,
                          const cred_score_config *cfg)
{
    size_t ns = a->measures.n_sentences;
    if (ns < 4 || a->measures.n_words < 80)
        return; /* two quotes in a 45-word scrap are not a reporting habit */
    size_t att = 0;
    for (size_t i = 0; i < a->n_quotes; i++) {
        const cred_quote *q = &a->quotes[i];
        if (q->source == CRED_NO_SOURCE || q->source >= a->n_sources ||
            a->sources[q->source].anonymous)
            continue;
        att++;
        cred__sig_span(sb, CRED__S_QUOTE_DENSITY, doc, q->has_speaker ? q->speaker : q->content);
    }
    double rate = (double)att / (double)ns, full = cfg->param[CRED__P_quote_rate_full];
    if (att < 2 || full <= 0) {
        sb->ev[CRED__S_QUOTE_DENSITY].n = 0;
        return;
    }
    cred__sig_set(sb, CRED__S_QUOTE_DENSITY, clamp01(rate / full),
                  "%zu statements attributed to a named source in %zu sentences", att, ns);
}

/* SECOND_PERSON and FIRST_PERSON: the writer's voice outside quotations. */
static void voice(cred__sigs *sb, const cred_doc *doc, const cred_analysis *a,
                  const cred_score_config *cfg)
{
    size_t ns = a->measures.n_sentences;
    if (!ns)
        return;
    size_t bs = body_start(doc);
    size_t you = 0, me = 0;
    for (size_t i = 0; i < a->n_sentences; i++) {
        const cred_sentence_info *si = &a->sentences[i];
        if (si->title)
            continue;
        for (size_t k = 0; k < si->n_evidence; k++)
            if (!strcmp(si->evidence[k].kind, "second-person")) {
                you++;
                cred__sig_span(sb, CRED__S_SECOND_PERSON, doc, si->evidence[k].span);
            }
    }
    quotes_walk q = {a, 0};
    for (size_t i = 0; i < doc->n_tokens; i++) {
        const cred_token *t = &doc->tokens[i];
        if (t->span.start < bs || !is_word(t) || in_quote(&q, t->span.start))
            continue;
        size_t pn = cred__phrase_at(doc, t->span.start, cfg, CRED__W_call);
        if (pn) {
            you++;
            cred__sig_span(sb, CRED__S_SECOND_PERSON, doc,
                           (cred_span){t->span.start, t->span.start + pn});
            continue;
        }
        if (tok_in(doc, t, cfg, CRED__W_first)) {
            /* "World War I": a numeral after a capitalized word that does
             * not start the sentence (so "Yesterday I went" still counts) */
            size_t len = t->span.end - t->span.start;
            if (len == 1 && i >= 2 && (doc->tokens[i - 1].flags & CRED_TOK_CAP) &&
                is_word(&doc->tokens[i - 2]))
                continue;
            me++;
            cred__sig_span(sb, CRED__S_FIRST_PERSON, doc, t->span);
        }
    }
    double full = cfg->param[CRED__P_reader_rate_full];
    if (full <= 0)
        return;
    if (you >= 2)
        cred__sig_set(sb, CRED__S_SECOND_PERSON, clamp01((double)you / (double)ns / full),
                      "the writer addresses the reader %zu time%s in %zu sentences (\"you\", "
                      "calls to share or act)",
                      you, you == 1 ? "" : "s", ns);
    if (me >= 3)
        cred__sig_set(sb, CRED__S_FIRST_PERSON, clamp01((double)me / (double)ns / full),
                      "the writer speaks in the first person %zu times in %zu sentences, "
                      "outside quotations",
                      me, ns);
    /* evidence pushed above stays only when the signal fired */
    if (you < 2)
        sb->ev[CRED__S_SECOND_PERSON].n = 0;
    if (me < 3)
        sb->ev[CRED__S_FIRST_PERSON].n = 0;
}

/* ---- dateline --------------------------------------------------------------- */

static bool upper_at(const char *s, size_t i) { return s[i] >= 'A' && s[i] <= 'Z'; }

/* "WASHINGTON (Reuters) - ", "PARIS, March 3 - ", "Springfield, Ill. (AP) -- ":
 * one to four capitalized words, then an agency in parentheses and/or a
 * comma and a region or date, then a dash.  A capitalized phrase followed
 * by a dash alone ("Donald Trump - who ...") is not a dateline: the city
 * must be in capitals or carry an agency or a date. */
static void dateline(cred__sigs *sb, const cred_ctx *ctx, const cred_doc *doc)
{
    if (!doc->n_paragraphs)
        return;
    const cred_paragraph *p = &doc->paragraphs[0];
    const char *s = doc->text;
    size_t i = p->span.start, end = p->span.end;
    if (end - i > 80)
        end = i + 80;
    size_t words = 0, caps_words = 0;
    bool agency = false, date = false;
    while (i < end && upper_at(s, i) && words < 4) {
        bool allcap = true;
        size_t j = i;
        while (j < end && (alnum((unsigned char)s[j]) || s[j] == '.' || s[j] == '\'' || s[j] == '-') &&
               !(s[j] == '-' && j + 1 < end && s[j + 1] == ' ')) {
            if (s[j] >= 'a' && s[j] <= 'z')
                allcap = false;
            j++;
        }
        words++;
        caps_words += allcap && j - i >= 2;
        i = j;
        if (i < end && s[i] == ' ' && i + 1 < end && upper_at(s, i + 1))
            i++;
        else
            break;
    }
    if (!words)
        return;
    if (i < end && s[i] == ',') { /* region or date */
        i++;
        while (i < end && s[i] == ' ')
            i++;
        if (cred__lang_month_at(ctx->lang_en, s + i, end - i)) /* data/lang/en/months.txt */
            date = true;
        size_t k = 0;
        while (i < end && s[i] != '(' && s[i] != '-' && (unsigned char)s[i] != 0xe2 && k < 30) {
            i++;
            k++;
        }
        while (i > p->span.start && s[i - 1] == ' ')
            i--;
    }
    while (i < end && s[i] == ' ')
        i++;
    if (i < end && s[i] == '(') {
        size_t j = i + 1;
        while (j < end && s[j] != ')' && j - i < 30)
            j++;
        if (j < end && s[j] == ')' && j > i + 1 && upper_at(s, i + 1)) {
            agency = true;
            i = j + 1;
        }
    }
    while (i < end && s[i] == ' ')
        i++;
    size_t dash = 0;
    if (i < end && s[i] == '-')
        dash = i + 1 < end && s[i + 1] == '-' ? 2 : 1;
    else if (i + 3 <= end && !memcmp(s + i, "\xe2\x80\x94", 3)) /* em dash */
        dash = 3;
    else if (i + 3 <= end && !memcmp(s + i, "\xe2\x80\x93", 3)) /* en dash */
        dash = 3;
    if (!dash || i + dash >= end || s[i + dash] != ' ')
        return;
    if (!agency && !date && caps_words < words)
        return;
    cred_span sp = {p->span.start, i + dash};
    cred__sig_set(sb, CRED__S_DATELINE, 1.0, "a news dateline opens the story (%s)",
                  agency ? "place and agency" : date ? "place and date" : "place");
    cred__sig_span(sb, CRED__S_DATELINE, doc, sp);
}

/* ---- the page's metadata (HTML input) --------------------------------------- */

static bool person_name(cred_str a, const cred_score_config *cfg)
{
    size_t words = 0;
    for (size_t i = 0; i < a.n;) {
        while (i < a.n && a.p[i] == ' ')
            i++;
        if (i >= a.n)
            break;
        size_t j = i;
        while (j < a.n && a.p[j] != ' ')
            j++;
        unsigned char c = (unsigned char)a.p[i];
        if (!((c >= 'A' && c <= 'Z') || c >= 0x80))
            return false;
        for (size_t k = i; k < j; k++)
            if ((a.p[k] >= '0' && a.p[k] <= '9') || a.p[k] == '@' || a.p[k] == '/')
                return false;
        for (size_t k = 0; k < cfg->words[CRED__W_notperson].n; k++)
            if (eq_lower(a.p + i, j - i, cfg->words[CRED__W_notperson].v[k]))
                return false;
        words++;
        i = j;
    }
    return words >= 2 && words <= 4;
}

static void byline_date(cred__sigs *sb, const cred_article *pg, const cred_score_config *cfg)
{
    for (size_t i = 0; i < pg->n_authors; i++)
        if (pg->authors[i].p && person_name(pg->authors[i], cfg)) {
            cred__sig_set(sb, CRED__S_BYLINE_PERSON, 1.0, "the page names its author: %.*s",
                          (int)(pg->authors[i].n > 80 ? 80 : pg->authors[i].n),
                          pg->authors[i].p);
            break;
        }
    if (pg->published.p && pg->published.n)
        cred__sig_set(sb, CRED__S_PUBLISHED_DATE, 1.0, "the page gives its publication date (%.*s)",
                      (int)(pg->published.n > 40 ? 40 : pg->published.n), pg->published.p);
}

static void correction(cred__sigs *sb, const cred_doc *doc, const cred_score_config *cfg)
{
    for (size_t i = 0; i < doc->n_paragraphs; i++) {
        const cred_paragraph *p = &doc->paragraphs[i];
        size_t pos = p->span.start;
        while (pos < p->span.end && (doc->text[pos] == '*' || doc->text[pos] == '(' ||
                                     doc->text[pos] == '[' || doc->text[pos] == ' '))
            pos++;
        size_t n = cred__phrase_at(doc, pos, cfg, CRED__W_correction);
        if (!n)
            continue;
        cred_span sp = p->n_sentences ? doc->sentences[p->first_sentence].span : p->span;
        cred__sig_set(sb, CRED__S_CORRECTION_NOTE, 1.0,
                      "the page carries a correction or update note");
        cred__sig_span(sb, CRED__S_CORRECTION_NOTE, doc, sp);
    }
}

/* The host of a URL at p[0..n) ("https://www.x.gov/a" -> "x.gov"), in buf. */
static bool url_host(const char *p, size_t n, char *buf, size_t cap)
{
    size_t i = 0;
    if (n >= 7 && eq_lower(p, 7, "http://"))
        i = 7;
    else if (n >= 8 && eq_lower(p, 8, "https://"))
        i = 8;
    else if (n >= 2 && p[0] == '/' && p[1] == '/')
        i = 2;
    else
        return false;
    size_t k = 0;
    for (; i < n && p[i] != '/' && p[i] != '?' && p[i] != '#' && p[i] != ':' && p[i] != '"' &&
           p[i] != '\'';
         i++) {
        if (k + 1 >= cap)
            return false;
        buf[k++] = lower(p[i]);
    }
    buf[k] = 0;
    if (k > 4 && !memcmp(buf, "www.", 4))
        memmove(buf, buf + 4, k - 3);
    return k > 0;
}

static bool host_is(const char *host, const char *entry)
{
    size_t hn = strlen(host), en = strlen(entry);
    if (hn < en || strcmp(host + hn - en, entry))
        return false;
    return hn == en || host[hn - en - 1] == '.';
}

/* The first clean offset whose input offset is at or after `in`. */
static size_t clean_at(const cred_doc *doc, size_t lo, size_t hi, size_t in)
{
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cred_doc_input_span(doc, (cred_span){mid, mid}).start < in)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* LINKS_OUT: links in the article body (between its first and last input
 * bytes) to primary sources (data/score/content.tsv `primary`) or to an
 * outlet the tables rate highly factual, other than the page's own host. */
static void links_out(cred__sigs *sb, const cred_ctx *ctx, const cred_doc *doc,
                      const cred_article *pg, const cred_score_config *cfg)
{
    if (!doc->n_paragraphs || !doc->input)
        return;
    size_t cs = doc->paragraphs[0].span.start, ce = doc->paragraphs[doc->n_paragraphs - 1].span.end;
    /* the first paragraph of a page without a headline element becomes the
     * title: start there when the title's bytes are in the <body> (not a
     * <title> or og:title in the <head>, before the site's navigation) */
    if (doc->has_title && doc->title.end > doc->title.start) {
        size_t ts = cred_doc_input_span(doc, doc->title).start, body = 0;
        for (size_t i = 0; i + 5 <= doc->input_len && i < ts && !body; i++)
            if (doc->input[i] == '<' && eq_lower(doc->input + i, 5, "<body"))
                body = i;
        if (body)
            cs = doc->title.start;
    }
    cred_span in = cred_doc_input_span(doc, (cred_span){cs, ce});
    if (in.end > doc->input_len)
        in.end = doc->input_len;
    char own[256] = "", host[256];
    if (pg->canonical_url.p)
        url_host(pg->canonical_url.p, pg->canonical_url.n, own, sizeof own);
    const char *s = doc->input;
    size_t count = 0;
    const char *first_host = NULL;
    char first[256] = "";
    for (size_t i = in.start; i + 6 < in.end; i++) {
        if (lower(s[i]) != 'h' || !eq_lower(s + i, 5, "href="))
            continue;
        /* only <a href>: not <link>, <base> or <area> */
        size_t lt = i;
        while (lt > in.start && s[lt] != '<' && s[lt] != '>' && i - lt < 512)
            lt--;
        if (s[lt] != '<' || lower(s[lt + 1]) != 'a' || (s[lt + 2] != ' ' && s[lt + 2] != '\t' &&
                                                        s[lt + 2] != '\n'))
            continue;
        size_t j = i + 5;
        char qc = s[j] == '"' || s[j] == '\'' ? s[j++] : 0;
        size_t k = j;
        while (k < in.end && (qc ? s[k] != qc : (s[k] != ' ' && s[k] != '>')))
            k++;
        if (!url_host(s + j, k - j, host, sizeof host) || (own[0] && host_is(host, own)) ||
            (own[0] && host_is(own, host)))
            continue;
        bool primary = false;
        for (size_t w = 0; w < cfg->words[CRED__W_primary].n && !primary; w++)
            primary = host_is(host, cfg->words[CRED__W_primary].v[w]);
        if (!primary && ctx->outlets) {
            const cred_outlet *o = cred_outlets_find(ctx->outlets, (cred_str){s + j, k - j});
            primary = o && o->fact == CRED_FACT_HIGH;
        }
        if (!primary)
            continue;
        count++;
        if (!first_host) {
            memcpy(first, host, strlen(host) + 1);
            first_host = first;
        }
        /* evidence: the link's text, found in the clean text by its input
         * position (after the tag's '>', up to "</a"; looked for within
         * 2 KB, so a page of unclosed links stays linear) */
        i = k;
        if (sb->ev[CRED__S_LINKS_OUT].n >= CRED__SIG_MAX_EVIDENCE)
            continue;
        size_t lim = in.end - k > 2048 ? k + 2048 : in.end;
        size_t gt = k;
        while (gt < lim && s[gt] != '>')
            gt++;
        size_t close = gt;
        while (close + 3 < lim && !(s[close] == '<' && s[close + 1] == '/' &&
                                    lower(s[close + 2]) == 'a'))
            close++;
        if (gt >= lim || close + 3 >= lim)
            continue;
        size_t a = clean_at(doc, cs, ce, gt + 1), b = clean_at(doc, a, ce, close);
        cred__sig_span(sb, CRED__S_LINKS_OUT, doc, (cred_span){a, b > a ? b : a});
    }
    double full = cfg->param[CRED__P_links_full];
    if (count && full > 0)
        cred__sig_set(sb, CRED__S_LINKS_OUT, clamp01((double)count / full),
                      "%zu link%s to primary sources or factual outlets (%s%s)", count,
                      count == 1 ? "" : "s", first, count > 1 ? ", ..." : "");
    else
        sb->ev[CRED__S_LINKS_OUT].n = 0;
}

void cred__content_signals(cred__sigs *sb, const cred_ctx *ctx, const cred_doc *doc,
                           const cred_analysis *a, const cred_score_config *cfg,
                           const struct cred_article *page)
{
    headline_body(sb, doc, cfg);
    title_style(sb, doc, cfg);
    simple_body(sb, doc, cfg);
    dateline(sb, ctx, doc);
    if (a) {
        specifics(sb, doc, a, cfg);
        quote_density(sb, doc, a, cfg);
        voice(sb, doc, a, cfg);
    }
    if (page) {
        byline_date(sb, page, cfg);
        correction(sb, doc, cfg);
        links_out(sb, ctx, doc, page, cfg);
    }
}
