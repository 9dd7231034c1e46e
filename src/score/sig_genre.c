/*
 * sig_genre.c - SATIRE_STYLE and OPINION_VOICE, the genre cues read from the
 * text alone, and the genre decision (news / opinion / satire).
 *
 * What it does: matches the cue patterns of data/score/genre.tsv (PCRE2,
 * documented in docs/score.md, "Genre") against parts of the cleaned text
 * (title, lead, body, end), each cue counted at most `max` times, and sums
 * the weights: value = 1 - exp(-sum).  A cue with a negative weight (a wire
 * credit, "contributed reporting") is evidence of news and lowers the sum.
 * Because the value is a saturating sum, one weak cue ("literally", a
 * "Report:" headline) stays far below the genre thresholds: satire needs
 * several cues together (examples/satire.txt: a "Local man" headline, a man
 * on the street "Gerald Pfeiffer, 41," and "At press time").
 *
 * Opinion cues count only outside quotation marks: a news report that quotes
 * "I think we must act," is not the writer's voice (tests/fixtures/genre/
 * news-council-vote.txt).  Satire cues may be marked the same way.
 *
 * What it does not: judge absurdity.  The cues are the genre's formulas
 * (datelines, headline templates, sign-offs, disclaimers); a satire piece
 * written as a dead-pan news report with none of them stays `news`, which is
 * the price of a false-satire rate near zero on real news (bench/genre.py).
 *
 * Why data: the formulas differ per satire house (The Onion's "CITY—"
 * dateline, the Daily Mash's capitalised lede, ClickHole's "Heartbreaking:"
 * headlines) and a reader should be able to add one without C.
 */
#include "score/score_sig.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>

typedef enum where { W_TITLE, W_LEAD, W_BODY, W_END, W_ANY } where;

typedef struct cue {
    char *name, *reason;
    bool satire;    /* else opinion */
    double weight;
    unsigned max;   /* hits counted at most this many times */
    where at;
    bool unquoted;  /* only matches outside quotation marks count */
    pcre2_code *re;
} cue;

struct cred__genredata {
    CRED__VEC(cue) cues;
};

void cred__genre_free(struct cred__genredata *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->cues.n; i++) {
        free(g->cues.v[i].name);
        free(g->cues.v[i].reason);
        pcre2_code_free(g->cues.v[i].re);
    }
    free(g->cues.v);
    free(g);
}

cred_status cred__genre_load(cred_ctx *ctx, cred_error *err)
{
    static const char file[] = "score/genre.tsv";
    cred_str text;
    cred_status st = cred__ctx_data(ctx, file, &text, err);
    if (st)
        return st;
    struct cred__genredata *g = calloc(1, sizeof *g);
    if (!g)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    ctx->genre = g;
    cred__lines it;
    cred_str line;
    cred__lines_init(&it, text);
    while (cred__lines_next(&it, &line)) {
        cred_str f[9];
        if (cred__split_tabs(line, f, 9) != 8)
            return cred__err(err, CRED_EDATA,
                             "%s:%zu: expected 8 tab-separated fields: kind, name, weight, max, "
                             "where, quotes, pattern, reason",
                             file, it.line);
        cue c = {0};
        if (cred__str_is(f[0], "satire"))
            c.satire = true;
        else if (!cred__str_is(f[0], "opinion"))
            return cred__err(err, CRED_EDATA, "%s:%zu: kind must be 'satire' or 'opinion'", file,
                             it.line);
        double mx;
        if (!f[1].n || !cred__str_double(f[2], &c.weight) || c.weight < -10 || c.weight > 10)
            return cred__err(err, CRED_EDATA, "%s:%zu: a cue needs a name and a weight (-10..10)",
                             file, it.line);
        if (!cred__str_double(f[3], &mx) || mx < 1 || mx > 100 || mx != (unsigned)mx)
            return cred__err(err, CRED_EDATA, "%s:%zu: max must be a whole number 1..100", file,
                             it.line);
        c.max = (unsigned)mx;
        static const char *const wn[] = {"title", "lead", "body", "end", "any"};
        int w = -1;
        for (int i = 0; i < 5; i++)
            if (cred__str_is(f[4], wn[i]))
                w = i;
        if (w < 0)
            return cred__err(err, CRED_EDATA,
                             "%s:%zu: where must be title, lead, body, end or any", file, it.line);
        c.at = (where)w;
        if (cred__str_is(f[5], "unquoted"))
            c.unquoted = true;
        else if (!cred__str_is(f[5], "any"))
            return cred__err(err, CRED_EDATA, "%s:%zu: quotes must be 'unquoted' or 'any'", file,
                             it.line);
        if (!f[6].n)
            return cred__err(err, CRED_EDATA, "%s:%zu: empty pattern", file, it.line);
        int ec;
        PCRE2_SIZE eo;
        c.re = pcre2_compile((PCRE2_SPTR)f[6].p, f[6].n,
                             PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE | PCRE2_NO_UTF_CHECK, &ec,
                             &eo, NULL);
        if (!c.re) {
            PCRE2_UCHAR msg[200];
            pcre2_get_error_message(ec, msg, sizeof msg);
            return cred__err(err, CRED_EDATA, "%s:%zu: cue %.*s: bad pattern at column %zu: %s",
                             file, it.line, (int)(f[1].n > 60 ? 60 : f[1].n), f[1].p,
                             (size_t)eo + 1, (char *)msg);
        }
        if (cred__jit_enabled())
            pcre2_jit_compile(c.re, PCRE2_JIT_COMPLETE);
        c.name = cred__str_dup(f[1]);
        c.reason = cred__str_dup(f[7]);
        if (!c.name || !c.reason || !CRED__VEC_PUSH(g->cues, c)) {
            free(c.name);
            free(c.reason);
            pcre2_code_free(c.re);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
    }
    return CRED_OK;
}

/* ---- quotation marks ------------------------------------------------------ */

/* The quoted stretches of the text: "..." and “...” within a line (a quote
 * left open at the end of a paragraph runs to its end, the convention for a
 * quote that goes on in the next paragraph). */
static bool quoted_spans(const cred_doc *doc, cred__spanvec *out)
{
    const char *t = doc->text;
    size_t n = doc->text_len, open = SIZE_MAX;
    for (size_t i = 0; i <= n; i++) {
        bool nl = i == n || t[i] == '\n';
        bool straight = i < n && t[i] == '"';
        bool lq = i + 2 < n && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
                  (unsigned char)t[i + 2] == 0x9C;
        bool rq = i + 2 < n && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
                  (unsigned char)t[i + 2] == 0x9D;
        if (open == SIZE_MAX) {
            if (straight || lq)
                open = i;
        } else if (nl || straight || rq) {
            size_t end = nl ? i : i + (rq ? 3 : 1);
            if (!CRED__VEC_PUSH(*out, ((cred_span){open, end})))
                return false;
            open = SIZE_MAX;
        }
    }
    return true;
}

static bool in_quote(const cred__spanvec *q, size_t pos)
{
    size_t lo = 0, hi = q->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (q->v[mid].end <= pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < q->n && q->v[lo].start <= pos;
}

/* ---- the signals -------------------------------------------------------------- */

static cred_span region(const cred_doc *doc, where at)
{
    size_t body = doc->has_title ? doc->title.end : 0;
    const cred_paragraph *p = doc->paragraphs;
    size_t np = doc->n_paragraphs;
    switch (at) {
    case W_TITLE: return doc->has_title ? doc->title : (cred_span){0, 0};
    case W_LEAD: return (cred_span){0, np ? p[np > 1 ? 1 : 0].span.end : doc->text_len};
    case W_BODY: return (cred_span){body, doc->text_len};
    case W_END: return (cred_span){np > 2 ? p[np - 2].span.start : body, doc->text_len};
    default: return (cred_span){0, doc->text_len};
    }
}

typedef struct tally {
    double sum;
    size_t n_cues;
    cred__buf names, against;
} tally;

static void run_cues(cred__sigs *sb, const struct cred__genredata *g, const cred_doc *doc,
                     const cred__spanvec *q, pcre2_match_data *md, bool satire, tally *ta,
                     cred__spanvec *ev)
{
    for (size_t i = 0; i < g->cues.n; i++) {
        const cue *c = &g->cues.v[i];
        if (c->satire != satire)
            continue;
        cred_span r = region(doc, c->at);
        size_t off = r.start, hits = 0;
        while (hits < c->max && off < r.end) {
            int rc = pcre2_match(c->re, (PCRE2_SPTR)doc->text, r.end, off, PCRE2_NO_UTF_CHECK,
                                 md, NULL);
            if (rc < 0)
                break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t s = ov[0], e = ov[1];
            off = e > s ? e : e + 1;
            while (off < r.end && ((unsigned char)doc->text[off] & 0xC0) == 0x80)
                off++;
            if (c->unquoted && (in_quote(q, s) || (e > s && in_quote(q, e - 1))))
                continue;
            hits++;
            if (c->weight > 0 && !CRED__VEC_PUSH(*ev, ((cred_span){s, e})))
                sb->oom = true;
        }
        if (!hits)
            continue;
        ta->sum += c->weight * (double)hits;
        cred__buf *b = c->weight > 0 ? &ta->names : &ta->against;
        if (c->weight > 0)
            ta->n_cues++;
        cred__buf_printf(b, "%s%s", b->n ? ", " : "", c->reason);
        if (hits > 1)
            cred__buf_printf(b, " (x%zu)", hits);
    }
}

static int span_cmp(const void *a, const void *b)
{
    const cred_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static void one_signal(cred__sigs *sb, const struct cred__genredata *g, const cred_doc *doc,
                       const cred__spanvec *q, pcre2_match_data *md, bool satire)
{
    tally ta = {0};
    cred__spanvec ev = {0};
    run_cues(sb, g, doc, q, md, satire, &ta, &ev);
    cred__sig s = satire ? CRED__S_SATIRE_STYLE : CRED__S_OPINION_VOICE;
    if (ta.sum > 0 && ta.n_cues) {
        double v = 1.0 - exp(-ta.sum);
        cred__sig_set(sb, s, v, "%s cue%s: %s%s%s", satire ? "satire" : "opinion-voice",
                      ta.n_cues == 1 ? "" : "s", ta.names.p ? ta.names.p : "",
                      ta.against.n ? "; against: " : "", ta.against.n ? ta.against.p : "");
        if (ev.n)
            qsort(ev.v, ev.n, sizeof *ev.v, span_cmp);
        for (size_t i = 0; i < ev.n; i++)
            cred__sig_span(sb, s, doc, ev.v[i]);
    }
    if (ta.names.oom || ta.against.oom)
        sb->oom = true;
    cred__buf_free(&ta.names);
    cred__buf_free(&ta.against);
    free(ev.v);
}

void cred__genre_signals(cred__sigs *sb, const cred_ctx *ctx, const cred_doc *doc)
{
    const struct cred__genredata *g = ctx->genre;
    if (!g || !g->cues.n || !doc->text_len)
        return;
    cred__spanvec q = {0};
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    if (!md || !quoted_spans(doc, &q)) {
        sb->oom = true;
    } else {
        one_signal(sb, g, doc, &q, md, true);
        one_signal(sb, g, doc, &q, md, false);
    }
    pcre2_match_data_free(md);
    free(q.v);
}

/* ---- the genre -------------------------------------------------------------- */

/* An opinion marker ("columnist", "op-ed", "opinion |") in the headline or
 * the first paragraph (where bylines sit): examples/opinion-column.txt says
 * "By Daniel Reyes, contributing columnist".  Case-insensitive, whole words. */
static const char *opinion_marker(const cred_doc *doc, const cred_score_config *cfg)
{
    size_t end = doc->n_paragraphs ? doc->paragraphs[0].span.end
                                   : (doc->has_title ? doc->title.end : 0);
    if (end > 400)
        end = 400;
    for (size_t m = 0; m < cfg->opinion_markers.n; m++) {
        const char *w = cfg->opinion_markers.v[m];
        size_t wn = strlen(w);
        for (size_t i = 0; i + wn <= end; i++) {
            size_t k = 0;
            while (k < wn) {
                char c = doc->text[i + k];
                if (c >= 'A' && c <= 'Z')
                    c = (char)(c - 'A' + 'a');
                if (c != w[k])
                    break;
                k++;
            }
            if (k < wn)
                continue;
            unsigned char before = i ? (unsigned char)doc->text[i - 1] : ' ';
            unsigned char after = i + wn < doc->text_len ? (unsigned char)doc->text[i + wn] : ' ';
            bool wb = !((before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z')) &&
                      !((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z'));
            if (wb)
                return w;
        }
    }
    return NULL;
}

const char *cred__genre(const cred__sigs *sb, const cred_doc *doc, const cred_score_config *cfg)
{
    const double *v = sb->v, *p = cfg->param;
    if (v[CRED__S_SOURCE_SATIRE] >= p[CRED__P_satire_genre])
        return "satire";
    /* The text's satire formulas, unless the outlet is known for factual
     * reporting (a wire story about The Onion quotes its headlines). */
    if (v[CRED__S_SATIRE_STYLE] > 0 && v[CRED__S_SATIRE_STYLE] >= p[CRED__P_satire_text_genre] &&
        v[CRED__S_SOURCE_HIGH_FACTUALITY] <= 0)
        return "satire";
    if (opinion_marker(doc, cfg))
        return "opinion";
    /* Much opinion makes an opinion piece - unless the piece leans on
     * anonymous hearsay, which is rumour presented as news
     * (examples/clickbait-rumor.txt: a third of its sentences are opinion,
     * six vague attributions). */
    bool rumor = v[CRED__S_ANONYMOUS_SOURCING] >= p[CRED__P_rumor_anonymous];
    if (v[CRED__S_OPINION_HEAVY] >= p[CRED__P_opinion_genre] && v[CRED__S_OPINION_HEAVY] > 0 &&
        !rumor)
        return "opinion";
    /* The writer's own voice: first-person argument, the column's byline. */
    if (v[CRED__S_OPINION_VOICE] > 0 && v[CRED__S_OPINION_VOICE] >= p[CRED__P_opinion_voice_genre] &&
        !rumor)
        return "opinion";
    return "news";
}
