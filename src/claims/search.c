/*
 * search.c - "has this been checked already?": BM25 candidates from FTS5,
 * re-ranked by a logistic model into a calibrated probability.
 *
 * What it does:
 *  1. cleans the query: URLs and pic.twitter.com links are cut, a tweet's
 *     signature "— Name (@handle) Month D, YYYY" at the end is cut (the
 *     CheckThat! tweets all carry one: its name and date words matched
 *     unrelated claims), '#' and '@' dropped and camelCase hashtags split
 *     ("#AustralianFires" -> "Australian Fires");
 *  2. builds the FTS5 query from the words alone, each one quoted and joined
 *     by OR: the words are runs of letters and digits, so no user text can
 *     be FTS5 syntax (a query of `NEAR(" OR *` is just the word "near");
 *  3. takes the best `candidates` rows by bm25(claim, title) and computes
 *     CRED_CLAIMS_NFEAT features per candidate (docs/claims.md, "Retrieval"):
 *     BM25 of both fields and of each field relative to the best candidate,
 *     the rank, how much of the candidate's content words, capitalized
 *     words and numbers the query has, word 3-gram Jaccard (re-posted text
 *     shares long runs), and the length ratio;
 *  4. p = sigmoid(w . f) with the weights of data/claims/rerank.tsv, fitted
 *     by bench/claims-fit.py on the CheckThat! 2020 train tweets; matches
 *     are sorted by p and those under the threshold dropped.
 *
 * What it does not: understand paraphrase beyond shared words (no sentence
 * encoder: nothing may be downloaded, and the re-ranker must stay small).
 */
#include "claims/claims_int.h"

#include <math.h>
#include <stdlib.h>

#define MAX_QTOK 256

typedef struct tok {
    uint64_t h;     /* hash of the lower-cased, lightly stemmed word */
    bool cap, num, stop;
} tok;

typedef CRED__VEC(tok) toks;

static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c >= 0x80;
}

/* Bytes of the punctuation at s[i] that is not part of a word: ASCII ones,
 * and the General Punctuation block U+2000..U+206F (curly quotes, dashes,
 * ellipsis: E2 80 xx, E2 81 xx); 0 at a word byte. */
static size_t punct_len(const char *s, size_t i, size_t n)
{
    unsigned char c = (unsigned char)s[i];
    if (!word_byte(c))
        return 1;
    if (c == 0xE2 && i + 2 < n && ((unsigned char)s[i + 1] == 0x80 ||
                                       (unsigned char)s[i + 1] == 0x81))
        return 3;
    return 0;
}

/* Next word of s[*i..n) into [*b, *i); false at the end. */
static bool next_word(const char *s, size_t n, size_t *i, size_t *b)
{
    size_t k;
    while (*i < n && (k = punct_len(s, *i, n)) > 0)
        *i += k;
    *b = *i;
    while (*i < n && !punct_len(s, *i, n))
        (*i)++;
    return *i > *b;
}

/* Splits s into words (runs of letters, digits, non-ASCII), skipping the
 * curly apostrophe's bytes; a light stem drops "'s" and a plural "s". */
static bool tokenize(const cred_claims *db, const char *s, size_t n, toks *out)
{
    out->n = 0;
    size_t i = 0, b;
    while (next_word(s, n, &i, &b)) {
        size_t len = i - b;
        bool num = s[b] >= '0' && s[b] <= '9';
        tok t = {0};
        t.num = num;
        t.cap = s[b] >= 'A' && s[b] <= 'Z';
        t.stop = cred__claims_is_stop(db, cred__claims_hash(s + b, len));
        if (!num && len > 3 && (s[b + len - 1] == 's' || s[b + len - 1] == 'S') &&
            s[b + len - 2] != 's' && s[b + len - 2] != 'S')
            len--;
        t.h = cred__claims_hash(s + b, len);
        if (len == 1 && !num)
            t.stop = true;
        if (!CRED__VEC_PUSH(*out, t))
            return false;
        if (out->n >= 4096)
            break;
    }
    return true;
}

/* The cleaned query (see the header comment), NUL-terminated, malloc'd. */
static char *clean_query(const char *s, size_t n)
{
    cred__buf b = {0};
    /* the tweet signature: the last "— " followed by "(@" ... up to the end */
    size_t cut = n;
    for (size_t i = n; i >= 3; i--) {
        if (!memcmp(s + i - 3, "\xE2\x80\x94", 3)) {
            const char *at = NULL;
            for (size_t j = i; j + 1 < n; j++)
                if (s[j] == '(' && s[j + 1] == '@') {
                    at = s + j;
                    break;
                }
            if (at && n - i < 120)
                cut = i - 3;
            break;
        }
    }
    for (size_t i = 0; i < cut;) {
        if ((cut - i >= 4 && !memcmp(s + i, "http", 4)) ||
            (cut - i >= 16 && !memcmp(s + i, "pic.twitter.com/", 16))) {
            while (i < cut && s[i] != ' ' && s[i] != '\n' && s[i] != '\t')
                i++;
            cred__buf_putc(&b, ' ');
            continue;
        }
        char c = s[i];
        if (c == '#' || c == '@') {
            /* hashtags and handles: split camelCase into words */
            cred__buf_putc(&b, ' ');
            i++;
            while (i < cut && word_byte((unsigned char)s[i])) {
                if (s[i] >= 'A' && s[i] <= 'Z' && i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z')
                    cred__buf_putc(&b, ' ');
                cred__buf_putc(&b, s[i++]);
            }
            continue;
        }
        cred__buf_putc(&b, c);
        i++;
    }
    cred__buf_putc(&b, 0);
    if (b.oom) {
        cred__buf_free(&b);
        return NULL;
    }
    size_t k;
    return cred__buf_take(&b, &k);
}

static bool has(const toks *t, uint64_t h, bool caps_only, bool nums_only)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->v[i].h == h && (!caps_only || t->v[i].cap) && (!nums_only || t->v[i].num))
            return true;
    return false;
}

/* Share of the content words of c that q has. */
static double cover(const toks *q, const toks *c)
{
    size_t n = 0, hit = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (c->v[i].stop)
            continue;
        n++;
        hit += has(q, c->v[i].h, false, false);
    }
    return n ? (double)hit / (double)n : 0;
}

static uint64_t tri(const toks *t, size_t i)
{
    return (t->v[i].h * 31 + t->v[i + 1].h) * 1000003 + t->v[i + 2].h;
}

/* Jaccard of the word 3-gram sets (counted over distinct grams). */
static double shingle(const toks *q, const toks *c)
{
    if (q->n < 3 || c->n < 3)
        return 0;
    size_t nq = q->n - 2, nc = c->n - 2, inter = 0;
    for (size_t i = 0; i < nc; i++) {
        uint64_t g = tri(c, i);
        bool dupe = false;
        for (size_t k = 0; k < i && !dupe; k++)
            dupe = tri(c, k) == g;
        if (dupe)
            continue;
        for (size_t j = 0; j < nq; j++)
            if (tri(q, j) == g) {
                inter++;
                break;
            }
    }
    double uni = (double)(nq + nc - inter);
    return uni > 0 ? (double)inter / uni : 0;
}

typedef struct row {
    cred_claim c;
    char *s[11];
    double s_all, s_claim, s_title;
    double f[CRED_CLAIMS_NFEAT];
    double prob;
} row;

typedef CRED__VEC(row) rows_vec;

static void row_free(row *r)
{
    for (int i = 0; i < 11; i++)
        free(r->s[i]);
}

static int by_prob(const void *a, const void *b)
{
    const row *x = a, *y = b;
    if (x->prob != y->prob)
        return x->prob < y->prob ? 1 : -1;
    return x->s_all < y->s_all ? 1 : x->s_all > y->s_all ? -1 : 0;
}

static const char search_sql[] =
    "SELECT c.id, c.claim, c.title, c.verdict, c.verdict_raw, c.fact_checker, c.url, c.date,"
    " c.language, c.speaker, c.context, bm25(claims_fts, 1.0, 1.0) AS s,"
    " bm25(claims_fts, 1.0, 0.0), bm25(claims_fts, 0.0, 1.0)"
    " FROM claims_fts JOIN claims c ON c.n = claims_fts.rowid"
    " WHERE claims_fts MATCH ?1 AND (?3 IS NULL OR c.language = ?3) ORDER BY s LIMIT ?2";

void cred_claims_search_opts_init(cred_claims_search_opts *o)
{
    if (!o)
        return;
    memset(o, 0, sizeof *o);
    o->top = 5;
    o->min_prob = -1;
    o->candidates = 30;
}

void cred_claim_matches_free(cred_claim_matches *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++) {
        cred_claim *c = &m->v[i].claim;
        free((char *)c->id);
        free((char *)c->claim);
        free((char *)c->title);
        free((char *)c->verdict_raw);
        free((char *)c->fact_checker);
        free((char *)c->url);
        free((char *)c->date);
        free((char *)c->language);
        free((char *)c->speaker);
        free((char *)c->context);
    }
    free(m->v);
    free(m);
}

static cred_status run_query(cred_claims *db, const char *fts, const cred_claims_search_opts *o,
                             size_t ncand, rows_vec *rows, cred_error *err)
{
    if (!db->search &&
        sqlite3_prepare_v3(db->db, search_sql, -1, SQLITE_PREPARE_PERSISTENT, &db->search,
                           NULL) != SQLITE_OK)
        return cred__err(err, CRED_EFORMAT, "%s: %s", db->path, sqlite3_errmsg(db->db));
    sqlite3_stmt *q = db->search;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, fts, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, (sqlite3_int64)ncand);
    if (o->language)
        sqlite3_bind_text(q, 3, o->language, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(q, 3);
    int rc;
    cred_status st = CRED_OK;
    while (!st && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        row r;
        memset(&r, 0, sizeof r);
        for (int i = 0; i < 11; i++) {
            const char *t = (const char *)sqlite3_column_text(q, i);
            if (!(r.s[i] = strdup(t ? t : "")))
                st = CRED_ENOMEM;
        }
        r.s_all = -sqlite3_column_double(q, 11);
        r.s_claim = -sqlite3_column_double(q, 12);
        r.s_title = -sqlite3_column_double(q, 13);
        if (st || !CRED__VEC_PUSH(*rows, r)) {
            row_free(&r);
            st = cred__err(err, CRED_ENOMEM, "out of memory");
        }
    }
    if (!st && rc != SQLITE_DONE)
        st = cred__err(err, rc == SQLITE_NOMEM ? CRED_ENOMEM : CRED_EFORMAT, "%s: search: %s",
                       db->path, sqlite3_errmsg(db->db));
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    return st;
}

cred_status cred_claims_search(const cred_claims *cdb, const char *text, size_t n,
                               const cred_claims_search_opts *o, cred_claim_matches **out,
                               cred_error *err)
{
    if (!cdb || !out || (!text && n))
        return cred__err(err, CRED_EINVAL, "cred_claims_search: no DB or text");
    cred_claims *db = (cred_claims *)cdb;
    cred_claims_search_opts def;
    if (!o) {
        cred_claims_search_opts_init(&def);
        o = &def;
    }
    *out = NULL;
    if (n > CRED_MAX_INPUT)
        return cred__err(err, CRED_ETOOBIG, "search text over %zu bytes", (size_t)CRED_MAX_INPUT);
    size_t top = o->top ? o->top : 5;
    size_t ncand = o->candidates ? o->candidates : 30;
    if (ncand < top)
        ncand = top;
    double min_prob = o->min_prob < 0 ? db->threshold : o->min_prob;

    cred_claim_matches *res = calloc(1, sizeof *res);
    char *qtext = clean_query(text ? text : "", n);
    toks qt = {0}, ct = {0}, tt = {0};
    cred__buf fts = {0};
    rows_vec rows = {0};
    cred_status st = CRED_OK;
    if (!res || !qtext || !tokenize(db, qtext, strlen(qtext), &qt)) {
        st = cred__err(err, CRED_ENOMEM, "out of memory");
        goto done;
    }
    /* the FTS5 query: distinct content words, each quoted */
    {
        /* rebuild words from the text: the tokens hold hashes only */
        const char *s = qtext;
        size_t len = strlen(qtext), i = 0, added = 0;
        CRED__VEC(uint64_t) seen = {0};
        size_t b;
        while (added < MAX_QTOK && next_word(s, len, &i, &b)) {
            uint64_t h = cred__claims_hash(s + b, i - b);
            if ((i - b == 1 && !(s[b] >= '0' && s[b] <= '9')) || cred__claims_is_stop(db, h))
                continue;
            bool dupe = false;
            for (size_t k = 0; k < seen.n && !dupe; k++)
                dupe = seen.v[k] == h;
            if (dupe)
                continue;
            if (!CRED__VEC_PUSH(seen, h))
                fts.oom = true;
            if (added++)
                cred__buf_puts(&fts, " OR ");
            cred__buf_putc(&fts, '"');
            cred__buf_put(&fts, s + b, i - b); /* letters, digits, UTF-8: never '"' */
            cred__buf_putc(&fts, '"');
        }
        free(seen.v);
        if (fts.oom) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto done;
        }
        if (!added)
            goto done; /* nothing to search for: no matches */
    }
    pthread_mutex_lock(&db->lock);
    st = run_query(db, fts.p, o, ncand, &rows, err);
    pthread_mutex_unlock(&db->lock);
    if (st)
        goto done;

    double s_top = rows.n ? rows.v[0].s_all : 1;
    if (s_top <= 0)
        s_top = 1;
    for (size_t i = 0; i < rows.n; i++) {
        row *r = &rows.v[i];
        if (!tokenize(db, r->s[1], strlen(r->s[1]), &ct) ||
            !tokenize(db, r->s[2], strlen(r->s[2]), &tt)) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto done;
        }
        size_t ncap = 0, capk = 0, nnum = 0, numk = 0, ccontent = 0;
        for (int pass = 0; pass < 2; pass++) {
            const toks *t = pass ? &tt : &ct;
            for (size_t k = 0; k < t->n; k++) {
                const tok *w = &t->v[k];
                if (!w->stop && !pass)
                    ccontent++;
                if (w->cap && !w->stop && k > 0) {
                    ncap++;
                    capk += has(&qt, w->h, false, false);
                }
                if (w->num) {
                    nnum++;
                    numk += has(&qt, w->h, false, true);
                }
            }
        }
        double *f = r->f;
        f[0] = r->s_all / s_top;
        f[1] = log1p(r->s_all > 0 ? r->s_all : 0);
        f[2] = r->s_claim / s_top;
        f[3] = r->s_title / s_top;
        f[4] = 1.0 / (double)(i + 1);
        f[5] = cover(&qt, &ct);
        f[6] = cover(&qt, &tt);
        f[7] = ncap ? (double)capk / (double)ncap : 0;
        f[8] = nnum ? (double)numk / (double)nnum : 0;
        f[9] = nnum && !numk;
        double sh1 = shingle(&qt, &ct), sh2 = shingle(&qt, &tt);
        f[10] = sh1 > sh2 ? sh1 : sh2;
        size_t qcontent = 0;
        for (size_t k = 0; k < qt.n; k++)
            qcontent += !qt.v[k].stop;
        f[11] = fabs(log((1.0 + (double)qcontent) / (1.0 + (double)ccontent)));
        double z = db->w[0];
        for (int k = 0; k < CRED_CLAIMS_NFEAT; k++)
            z += db->w[k + 1] * f[k];
        r->prob = o->plain_bm25 ? 0 : (z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z)));
    }
    if (!o->plain_bm25 && rows.n)
        qsort(rows.v, rows.n, sizeof *rows.v, by_prob);
    res->v = calloc(top, sizeof *res->v);
    if (!res->v) {
        st = cred__err(err, CRED_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < rows.n && res->n < top; i++) {
        row *r = &rows.v[i];
        if (!o->plain_bm25 && r->prob < min_prob)
            break;
        cred_claim_match *m = &res->v[res->n++];
        m->prob = r->prob;
        m->bm25 = r->s_all;
        memcpy(m->features, r->f, sizeof m->features);
        cred_claim *c = &m->claim;
        c->id = r->s[0];
        c->claim = r->s[1];
        c->title = r->s[2];
        cred_claim_verdict v = cred_claim_verdict_parse(r->s[3], strlen(r->s[3]));
        c->verdict = v;
        free(r->s[3]);
        c->verdict_raw = r->s[4];
        c->fact_checker = r->s[5];
        c->url = r->s[6];
        c->date = r->s[7];
        c->language = r->s[8];
        c->speaker = r->s[9];
        c->context = r->s[10];
        memset(r->s, 0, sizeof r->s);
    }
done:
    for (size_t i = 0; i < rows.n; i++)
        row_free(&rows.v[i]);
    free(rows.v);
    free(qt.v);
    free(ct.v);
    free(tt.v);
    free(qtext);
    cred__buf_free(&fts);
    if (st) {
        cred_claim_matches_free(res);
        return st;
    }
    *out = res;
    return CRED_OK;
}
