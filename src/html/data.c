/*
 * data.c - the HTML modules' data files, loaded into the context once:
 *   html/hints.tsv             class/id words (content vs furniture)
 *   html/title-separators.tsv  title / site-name separators
 *   html/article.tsv           weights of the "is this an article?" signals
 *   html/labels.tsv            paragraphs that are only a label ("Advertisement")
 * Formats are described at the top of each file and in docs/html.md.  A
 * malformed line is a CRED_EDATA error naming file and line.
 *
 * Hints are matched against class/id tokens by plain comparison, not
 * regular expressions: the lists are short, attributes are short, and the
 * token anchors (^word, word$) cover what readability's regexes express.
 */
#include "page.h"

#include <ctype.h>
#include <stdlib.h>

static const char *const kinds[CRED__HINT__COUNT] = {"positive", "negative", "unlikely",
                                                     "maybe", "drop"};

static bool streq(cred_str s, const char *lit)
{
    return s.n == strlen(lit) && !memcmp(s.p, lit, s.n);
}

static cred_status load_hints(cred_ctx *ctx, struct cred__htmldata *h, cred_error *err)
{
    cred_str text;
    cred_status st = cred__ctx_data(ctx, "html/hints.tsv", &text, err);
    if (st)
        return st;
    cred__lines it;
    cred__lines_init(&it, text);
    cred_str line;
    while (cred__lines_next(&it, &line)) {
        cred_str f[3];
        size_t nf = cred__split_tabs(line, f, 3);
        int k = -1;
        for (int i = 0; nf == 2 && i < CRED__HINT__COUNT; i++)
            if (streq(f[0], kinds[i]))
                k = i;
        if (k < 0 || !f[1].n)
            return cred__err(err, CRED_EDATA,
                             "html/hints.tsv:%zu: expected KIND<TAB>PATTERN with KIND one of "
                             "positive, negative, unlikely, maybe, drop",
                             it.line);
        cred__hint hint = {f[1], false, false};
        if (hint.word.n && hint.word.p[0] == '^')
            hint.anchor_start = true, hint.word.p++, hint.word.n--;
        if (hint.word.n && hint.word.p[hint.word.n - 1] == '$')
            hint.anchor_end = true, hint.word.n--;
        if (!hint.word.n)
            return cred__err(err, CRED_EDATA, "html/hints.tsv:%zu: empty pattern", it.line);
        for (size_t i = 0; i < hint.word.n; i++)
            if (isupper((unsigned char)hint.word.p[i]))
                return cred__err(err, CRED_EDATA,
                                 "html/hints.tsv:%zu: patterns are lower case", it.line);
        if (!CRED__VEC_PUSH(h->hints[k], hint))
            return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    return CRED_OK;
}

static cred_status load_seps(cred_ctx *ctx, struct cred__htmldata *h, cred_error *err)
{
    cred_str text;
    cred_status st = cred__ctx_data(ctx, "html/title-separators.tsv", &text, err);
    if (st)
        return st;
    cred__lines it;
    cred__lines_init(&it, text);
    cred_str line;
    while (cred__lines_next(&it, &line)) {
        char *s = malloc(line.n + 1);
        if (!s || !CRED__VEC_PUSH(h->owned, s)) {
            free(s);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
        for (size_t i = 0; i < line.n; i++)
            s[i] = line.p[i] == '_' ? ' ' : line.p[i];
        s[line.n] = 0;
        if (line.n < 2 || s[0] != ' ' || s[line.n - 1] != ' ')
            return cred__err(err, CRED_EDATA,
                             "html/title-separators.tsv:%zu: a separator is written _X_ "
                             "(spaces as underscores)",
                             it.line);
        if (!CRED__VEC_PUSH(h->title_seps, ((cred_str){s, line.n})))
            return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    return CRED_OK;
}

static cred_status load_signals(cred_ctx *ctx, struct cred__htmldata *h, cred_error *err)
{
    cred_str text;
    cred_status st = cred__ctx_data(ctx, "html/article.tsv", &text, err);
    if (st)
        return st;
    cred__lines it;
    cred__lines_init(&it, text);
    cred_str line;
    while (cred__lines_next(&it, &line)) {
        cred_str f[4];
        size_t nf = cred__split_tabs(line, f, 4);
        if (nf != 3 || !f[0].n || !f[1].n || f[1].n > 30)
            return cred__err(err, CRED_EDATA,
                             "html/article.tsv:%zu: expected SIGNAL<TAB>WEIGHT<TAB>DETAIL",
                             it.line);
        char num[32];
        memcpy(num, f[1].p, f[1].n);
        num[f[1].n] = 0;
        char *end;
        double w = strtod(num, &end);
        if (*end || w != w)
            return cred__err(err, CRED_EDATA, "html/article.tsv:%zu: bad weight '%s'",
                             it.line, num);
        char *name = malloc(f[0].n + 1), *detail = malloc(f[2].n + 1);
        if (!name || !detail || !CRED__VEC_PUSH(h->owned, name)) {
            free(name);
            free(detail);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
        if (!CRED__VEC_PUSH(h->owned, detail)) {
            free(detail);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
        memcpy(name, f[0].p, f[0].n);
        name[f[0].n] = 0;
        memcpy(detail, f[2].p, f[2].n);
        detail[f[2].n] = 0;
        if (!CRED__VEC_PUSH(h->signals, ((cred__signal){name, w, detail})))
            return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    return CRED_OK;
}

static cred_status load_labels(cred_ctx *ctx, struct cred__htmldata *h, cred_error *err)
{
    cred_str text;
    cred_status st = cred__ctx_data(ctx, "html/labels.tsv", &text, err);
    if (st)
        return st;
    cred__lines it;
    cred__lines_init(&it, text);
    cred_str line;
    while (cred__lines_next(&it, &line)) {
        if (memchr(line.p, '\t', line.n) || line.n > 64)
            return cred__err(err, CRED_EDATA,
                             "html/labels.tsv:%zu: one label of at most 64 bytes per line",
                             it.line);
        if (!CRED__VEC_PUSH(h->labels, line))
            return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    return CRED_OK;
}

cred_status cred__html_load(cred_ctx *ctx, cred_error *err)
{
    struct cred__htmldata *h = calloc(1, sizeof *h);
    if (!h)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    ctx->html = h;
    cred_status st = load_hints(ctx, h, err);
    if (!st)
        st = load_seps(ctx, h, err);
    if (!st)
        st = load_signals(ctx, h, err);
    if (!st)
        st = load_labels(ctx, h, err);
    return st;
}

void cred__html_free(struct cred__htmldata *h)
{
    if (!h)
        return;
    for (int k = 0; k < CRED__HINT__COUNT; k++)
        free(h->hints[k].v);
    free(h->title_seps.v);
    free(h->signals.v);
    free(h->labels.v);
    for (size_t i = 0; i < h->owned.n; i++)
        free(h->owned.v[i]);
    free(h->owned.v);
    free(h);
}

static bool token_match(const cred__hint *hint, const char *tok, size_t n)
{
    const char *w = hint->word.p;
    size_t k = hint->word.n;
    if (k > n)
        return false;
    if (hint->anchor_start && hint->anchor_end)
        return k == n && tok[0] == w[0] && !memcmp(tok, w, k);
    if (hint->anchor_start)
        return tok[0] == w[0] && !memcmp(tok, w, k);
    if (hint->anchor_end)
        return tok[n - k] == w[0] && !memcmp(tok + n - k, w, k);
    for (size_t i = 0; i + k <= n; i++)
        if (tok[i] == w[0] && !memcmp(tok + i, w, k))
            return true;
    return false;
}

unsigned cred__hints_match(const struct cred__htmldata *h, const char *s, size_t n)
{
    unsigned m = 0;
    char tok[64];
    size_t i = 0;
    while (i < n) {
        while (i < n && !isalnum((unsigned char)s[i]))
            i++;
        size_t k = 0;
        while (i < n && isalnum((unsigned char)s[i])) {
            if (k < sizeof tok)
                tok[k++] = (char)tolower((unsigned char)s[i]);
            i++;
        }
        if (!k)
            continue;
        for (int c = 0; c < CRED__HINT__COUNT; c++) {
            if (m & (1u << c))
                continue;
            for (size_t j = 0; j < h->hints[c].n; j++)
                if (token_match(&h->hints[c].v[j], tok, k)) {
                    m |= 1u << c;
                    break;
                }
        }
    }
    return m;
}

const cred__signal *cred__signal_get(const struct cred__htmldata *h, const char *name)
{
    for (size_t i = 0; i < h->signals.n; i++)
        if (!strcmp(h->signals.v[i].name, name))
            return &h->signals.v[i];
    return NULL;
}
