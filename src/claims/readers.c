/*
 * readers.c - the input formats of `credence claims build`: CheckThat!
 * verified claims (clef), the CheckThat! 2022 Snopes collection (snopes),
 * LIAR (liar), our own JSON lines (jsonl) and schema.org ClaimReview
 * JSON-LD (claimreview).  docs/claims.md describes each.
 *
 * What it does: splits lines (a leading byte-order mark and CRLF accepted),
 * splits TSV at tabs with no quote processing (LIAR has 19 statements with
 * an unbalanced `"` and 9 with `''` as a quote: a CSV-style reader would
 * swallow the following lines), maps each record to a cred_claim and puts
 * it.  A malformed record stops the import with "NAME:LINE: what".
 *
 * What it does not: fetch URLs or parse dates (dates are kept as
 * published).  Text is made valid UTF-8 by cred_claims_put (LIAR's stray
 * U+FEFF and C1 bytes are dropped there).
 */
#include "claims/claims_int.h"

#include <jansson.h>
#include <stdlib.h>

#define MAX_FIELDS 32

typedef struct reader {
    const char *p, *end;
    size_t line;
} reader;

static void reader_init(reader *r, const char *buf, size_t n)
{
    r->p = buf;
    r->end = buf + n;
    r->line = 0;
    if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
        r->p += 3;
}

/* Next line without its LF / CRLF; false at the end. */
static bool reader_next(reader *r, cred_str *out)
{
    if (r->p >= r->end)
        return false;
    const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p));
    const char *e = nl ? nl : r->end;
    out->p = r->p;
    out->n = (size_t)(e - r->p);
    if (out->n && out->p[out->n - 1] == '\r')
        out->n--;
    r->p = nl ? nl + 1 : r->end;
    r->line++;
    return true;
}

static bool blank(cred_str s)
{
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] != ' ' && s.p[i] != '\t')
            return false;
    return true;
}

static size_t split(cred_str line, cred_str *f, size_t max)
{
    size_t k = 0;
    const char *p = line.p, *e = line.p + line.n;
    while (k < max) {
        const char *t = memchr(p, '\t', (size_t)(e - p));
        f[k].p = p;
        f[k].n = (size_t)((t ? t : e) - p);
        k++;
        if (!t)
            break;
        p = t + 1;
    }
    return k;
}

/* One TSV record whose fields may be quoted as in CSV ("a ""b""", a
 * newline inside quotes): the CheckThat! collections quote 28 claims that
 * hold a line break.  A quote that does not close before a tab or line end
 * is read literally.  Fields are copies in rec->b; *line gets the record's
 * first line.  False at the end. */
typedef struct rec {
    cred__buf b;
    size_t off[MAX_FIELDS], len[MAX_FIELDS], n;
} rec;

static bool reader_record(reader *r, rec *rc, size_t *line)
{
    if (r->p >= r->end)
        return false;
    rc->b.n = 0;
    rc->n = 0;
    *line = ++r->line;
    const char *p = r->p, *e = r->end;
    for (;;) {
        size_t start = rc->b.n;
        bool quoted = false;
        if (p < e && *p == '"') {
            /* find the closing quote: '"' then tab, line end or EOF */
            const char *q = p + 1;
            size_t lines = 0;
            cred__buf tmp = {0};
            while (q < e) {
                if (*q == '"' && q + 1 < e && q[1] == '"') {
                    cred__buf_putc(&tmp, '"');
                    q += 2;
                } else if (*q == '"') {
                    const char *a = q + 1;
                    if (a >= e || *a == '\t' || *a == '\n' || (*a == '\r' && (a + 1 >= e || a[1] == '\n'))) {
                        quoted = true;
                        cred__buf_put(&rc->b, tmp.p, tmp.n);
                        p = a;
                        r->line += lines;
                    }
                    break;
                } else {
                    if (*q == '\n')
                        lines++;
                    cred__buf_putc(&tmp, *q++);
                }
            }
            cred__buf_free(&tmp);
        }
        if (!quoted) {
            const char *a = p;
            while (a < e && *a != '\t' && *a != '\n')
                a++;
            size_t k = (size_t)(a - p);
            if (a < e && *a == '\n' && k && p[k - 1] == '\r')
                k--;
            cred__buf_put(&rc->b, p, k);
            p = a;
        } else if (p < e && *p == '\r') {
            p++;
        }
        if (rc->n < MAX_FIELDS) {
            rc->off[rc->n] = start;
            rc->len[rc->n] = rc->b.n - start;
            rc->n++;
        }
        if (p < e && *p == '\t') {
            p++;
            continue;
        }
        if (p < e && *p == '\n')
            p++;
        break;
    }
    r->p = p;
    return true;
}

static size_t rec_fields(const rec *rc, cred_str *f)
{
    for (size_t i = 0; i < rc->n; i++)
        f[i] = (cred_str){rc->b.p ? rc->b.p + rc->off[i] : "", rc->len[i]};
    return rc->n;
}

static bool eq(cred_str s, const char *w) { return s.n == strlen(w) && !memcmp(s.p, w, s.n); }

/* NUL-terminated copies of the fields a record uses (freed by strs_free). */
typedef struct strs {
    char *v[16];
    size_t n;
    bool oom;
} strs;

static const char *dup(strs *s, cred_str f)
{
    if (s->n >= 16)
        return NULL;
    char *p = malloc(f.n + 1);
    if (!p) {
        s->oom = true;
        return NULL;
    }
    if (f.n)
        memcpy(p, f.p, f.n);
    p[f.n] = 0;
    return s->v[s->n++] = p;
}

static void strs_free(strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    s->n = 0;
}

static cred_status put(cred_claims *db, const cred_claim *c, strs *s, const char *name,
                       size_t line, size_t *count, cred_error *err)
{
    cred_status st;
    if (s->oom)
        st = cred__err(err, CRED_ENOMEM, "out of memory");
    else if (!c->id || !c->id[0])
        st = cred__err(err, CRED_EFORMAT, "%s:%zu: empty claim id", name, line);
    else if (!c->claim || !c->claim[0])
        st = cred__err(err, CRED_EFORMAT, "%s:%zu: empty claim text", name, line);
    else if ((st = cred_claims_put(db, c, err)) == CRED_EINVAL) {
        char why[512];
        snprintf(why, sizeof why, "%s", err ? err->msg : "bad claim");
        st = cred__err(err, CRED_EFORMAT, "%s:%zu: %s", name, line, why);
    }
    if (!st)
        (*count)++;
    strs_free(s);
    return st;
}

/* clef: header, then vclaim_id TAB vclaim TAB title. */
static cred_status read_clef(cred_claims *db, const char *name, reader *r, size_t *count,
                             cred_error *err)
{
    cred_str f[MAX_FIELDS];
    strs s = {0};
    rec rc = {0};
    size_t ln;
    while (reader_record(r, &rc, &ln)) {
        if (rc.b.oom) {
            cred__buf_free(&rc.b);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
        size_t nf = rec_fields(&rc, f);
        if (nf == 1 && blank(f[0]))
            continue;
        if (ln == 1 && nf >= 2 && eq(f[1], "vclaim"))
            continue; /* the header */
        if (nf < 2 || nf > 3) {
            cred__buf_free(&rc.b);
            return cred__err(err, CRED_EFORMAT, "%s:%zu: expected 3 tab-separated fields "
                             "(vclaim_id, vclaim, title), found %zu", name, ln, nf);
        }
        cred_claim c = {.id = dup(&s, f[0]), .claim = dup(&s, f[1]),
                        .title = nf > 2 ? dup(&s, f[2]) : NULL, .fact_checker = "Snopes",
                        .language = "en"};
        cred_status st = put(db, &c, &s, name, ln, count, err);
        if (st) {
            cred__buf_free(&rc.b);
            return st;
        }
    }
    cred__buf_free(&rc.b);
    return CRED_OK;
}

/* snopes: a header naming the columns (vclaim_id, vclaim, title, subtitle,
 * page_url, author, date; a rating/verdict column when there is one). */
static cred_status read_snopes(cred_claims *db, const char *name, reader *r, size_t *count,
                               cred_error *err)
{
    cred_str f[MAX_FIELDS];
    enum { C_ID, C_CLAIM, C_TITLE, C_URL, C_DATE, C_RATING, C_N };
    static const char *const names[C_N][2] = {{"vclaim_id", "id"}, {"vclaim", "claim"},
                                              {"title", "title"}, {"page_url", "url"},
                                              {"date", "date"},   {"rating", "verdict"}};
    int col[C_N];
    size_t ncol = 0, ln;
    strs s = {0};
    rec rc = {0};
    cred_status st = CRED_OK;
    for (int i = 0; i < C_N; i++)
        col[i] = -1;
    while (!st && reader_record(r, &rc, &ln)) {
        if (rc.b.oom) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            break;
        }
        size_t nf = rec_fields(&rc, f);
        if (nf == 1 && blank(f[0]))
            continue;
        if (!ncol) {
            for (size_t j = 0; j < nf; j++)
                for (int i = 0; i < C_N; i++)
                    if (col[i] < 0 && (eq(f[j], names[i][0]) || eq(f[j], names[i][1])))
                        col[i] = (int)j;
            if (col[C_ID] < 0 || col[C_CLAIM] < 0) {
                st = cred__err(err, CRED_EFORMAT, "%s:%zu: expected a header with the "
                               "columns vclaim_id and vclaim", name, ln);
                break;
            }
            ncol = nf;
            continue;
        }
        if (nf != ncol) {
            st = cred__err(err, CRED_EFORMAT, "%s:%zu: expected %zu tab-separated fields "
                           "(as the header), found %zu", name, ln, ncol, nf);
            break;
        }
        const char *rating = col[C_RATING] >= 0 ? dup(&s, f[col[C_RATING]]) : NULL;
        cred_claim c = {.id = dup(&s, f[col[C_ID]]),
                        .claim = dup(&s, f[col[C_CLAIM]]),
                        .title = col[C_TITLE] >= 0 ? dup(&s, f[col[C_TITLE]]) : NULL,
                        .url = col[C_URL] >= 0 ? dup(&s, f[col[C_URL]]) : NULL,
                        .date = col[C_DATE] >= 0 ? dup(&s, f[col[C_DATE]]) : NULL,
                        .verdict_raw = rating,
                        .verdict = rating ? cred_claim_verdict_parse(rating, strlen(rating))
                                          : CRED_CLAIM_UNRATED,
                        .fact_checker = "Snopes",
                        .language = "en"};
        st = put(db, &c, &s, name, ln, count, err);
    }
    cred__buf_free(&rc.b);
    if (!st && !ncol)
        st = cred__err(err, CRED_EFORMAT, "%s: empty: expected a header line", name);
    return st;
}

/* liar: id, label, statement, subjects, speaker, job, state, party, 5
 * counts, context; no header, no quote processing. */
static cred_status read_liar(cred_claims *db, const char *name, reader *r, size_t *count,
                             cred_error *err)
{
    cred_str line, f[MAX_FIELDS];
    strs s = {0};
    while (reader_next(r, &line)) {
        if (blank(line))
            continue;
        size_t nf = split(line, f, MAX_FIELDS);
        if (nf < 3 || nf > 14)
            return cred__err(err, CRED_EFORMAT, "%s:%zu: expected 14 tab-separated fields "
                             "(id, label, statement, ...), found %zu", name, r->line, nf);
        char *speaker = nf > 4 ? (char *)dup(&s, f[4]) : NULL;
        for (char *p = speaker; p && *p; p++)
            if (*p == '-')
                *p = ' ';
        const char *label = dup(&s, f[1]);
        cred_claim c = {.id = dup(&s, f[0]),
                        .claim = dup(&s, f[2]),
                        .verdict_raw = label,
                        .verdict = label ? cred_claim_verdict_parse(label, strlen(label))
                                         : CRED_CLAIM_UNRATED,
                        .speaker = speaker,
                        .context = nf > 13 ? dup(&s, f[13]) : NULL,
                        .fact_checker = "PolitiFact",
                        .language = "en"};
        cred_status st = put(db, &c, &s, name, r->line, count, err);
        if (st)
            return st;
    }
    return CRED_OK;
}

/* A string member (numbers are written as text: ids are often numbers). */
static const char *jstr(strs *s, json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v))
        return dup(s, (cred_str){json_string_value(v), json_string_length(v)});
    if (json_is_integer(v)) {
        char tmp[32];
        int k = snprintf(tmp, sizeof tmp, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return dup(s, (cred_str){tmp, (size_t)k});
    }
    return NULL;
}

/* jsonl: {"id", "claim", "title", "verdict", "fact_checker", "url", "date",
 * "language", "speaker", "context"} per line. */
static cred_status read_jsonl(cred_claims *db, const char *name, reader *r, size_t *count,
                              cred_error *err)
{
    cred_str line;
    strs s = {0};
    while (reader_next(r, &line)) {
        if (blank(line))
            continue;
        json_error_t je;
        json_t *o = json_loadb(line.p, line.n, JSON_REJECT_DUPLICATES, &je);
        if (!o)
            return cred__err(err, CRED_EFORMAT, "%s:%zu:%d: invalid JSON: %s", name, r->line,
                             je.column, je.text);
        if (!json_is_object(o)) {
            json_decref(o);
            return cred__err(err, CRED_EFORMAT, "%s:%zu: expected a JSON object", name,
                             r->line);
        }
        const char *claim = jstr(&s, o, "claim");
        if (!claim)
            claim = jstr(&s, o, "text");
        const char *raw = jstr(&s, o, "verdict");
        cred_claim c = {.id = jstr(&s, o, "id"),
                        .claim = claim,
                        .title = jstr(&s, o, "title"),
                        .verdict_raw = raw,
                        .verdict = raw ? cred_claim_verdict_parse(raw, strlen(raw))
                                       : CRED_CLAIM_UNRATED,
                        .fact_checker = jstr(&s, o, "fact_checker"),
                        .url = jstr(&s, o, "url"),
                        .date = jstr(&s, o, "date"),
                        .language = jstr(&s, o, "language"),
                        .speaker = jstr(&s, o, "speaker"),
                        .context = jstr(&s, o, "context")};
        if (!c.id && !s.oom) {
            strs_free(&s);
            json_decref(o);
            return cred__err(err, CRED_EFORMAT, "%s:%zu: missing \"id\" (a string)", name,
                             r->line);
        }
        if (!claim && !s.oom) {
            strs_free(&s);
            json_decref(o);
            return cred__err(err, CRED_EFORMAT, "%s:%zu: missing \"claim\" (a string)", name,
                             r->line);
        }
        cred_status st = put(db, &c, &s, name, r->line, count, err);
        json_decref(o);
        if (st)
            return st;
    }
    return CRED_OK;
}

/* The name of a schema.org Person/Organization given as an object or text. */
static const char *jname(strs *s, json_t *v)
{
    if (json_is_array(v))
        v = json_array_get(v, 0);
    if (json_is_string(v))
        return dup(s, (cred_str){json_string_value(v), json_string_length(v)});
    return json_is_object(v) ? jstr(s, v, "name") : NULL;
}

static bool is_claimreview(json_t *o)
{
    json_t *t = json_object_get(o, "@type");
    if (json_is_string(t))
        return !strcmp(json_string_value(t), "ClaimReview");
    size_t i;
    json_t *x;
    json_array_foreach(t, i, x) if (json_is_string(x) && !strcmp(json_string_value(x), "ClaimReview"))
        return true;
    return false;
}

static cred_status claimreview_one(cred_claims *db, const char *name, json_t *o, size_t k,
                                   size_t *count, cred_error *err)
{
    strs s = {0};
    json_t *rating = json_object_get(o, "reviewRating");
    json_t *item = json_object_get(o, "itemReviewed");
    const char *raw = json_is_object(rating) ? jstr(&s, rating, "alternateName") : NULL;
    const char *url = jstr(&s, o, "url");
    const char *id = jstr(&s, o, "@id");
    const char *title = jstr(&s, o, "name");
    if (!title)
        title = jstr(&s, o, "headline");
    cred_claim c = {.id = id ? id : url,
                    .claim = jstr(&s, o, "claimReviewed"),
                    .title = title,
                    .verdict_raw = raw,
                    .verdict = raw ? cred_claim_verdict_parse(raw, strlen(raw)) : CRED_CLAIM_UNRATED,
                    .fact_checker = jname(&s, json_object_get(o, "author")),
                    .url = url,
                    .date = jstr(&s, o, "datePublished"),
                    .language = jstr(&s, o, "inLanguage"),
                    .speaker = json_is_object(item) ? jname(&s, json_object_get(item, "author"))
                                                    : NULL};
    if (!s.oom && (!c.id || !c.claim)) {
        strs_free(&s);
        return cred__err(err, CRED_EFORMAT, "%s: ClaimReview #%zu: needs \"claimReviewed\" "
                         "and \"url\" (or \"@id\")", name, k);
    }
    return put(db, &c, &s, name, 0, count, err);
}

/* claimreview: one JSON-LD document: a ClaimReview object, an array of
 * them, or an object with "@graph"; objects of other types are skipped. */
static cred_status read_claimreview(cred_claims *db, const char *name, reader *r,
                                    size_t *count, cred_error *err)
{
    json_error_t je;
    json_t *root = json_loadb(r->p, (size_t)(r->end - r->p), 0, &je);
    if (!root)
        return cred__err(err, CRED_EFORMAT, "%s:%d:%d: invalid JSON: %s", name, je.line,
                         je.column, je.text);
    json_t *list = root;
    if (json_is_object(root) && json_is_array(json_object_get(root, "@graph")))
        list = json_object_get(root, "@graph");
    cred_status st = CRED_OK;
    size_t found = 0;
    if (json_is_object(list)) {
        if (is_claimreview(list))
            st = claimreview_one(db, name, list, ++found, count, err);
    } else {
        size_t i;
        json_t *o;
        json_array_foreach(list, i, o) {
            if (!st && json_is_object(o) && is_claimreview(o))
                st = claimreview_one(db, name, o, ++found, count, err);
        }
    }
    json_decref(root);
    if (!st && !found)
        st = cred__err(err, CRED_EFORMAT, "%s: no object with \"@type\": \"ClaimReview\"", name);
    return st;
}

cred_status cred_claims_format_parse(const char *name, cred_claims_format *out, cred_error *err)
{
    static const char *const names[] = {"clef", "snopes", "liar", "jsonl", "claimreview"};
    for (size_t i = 0; name && i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i])) {
            *out = (cred_claims_format)i;
            return CRED_OK;
        }
    return cred__err(err, CRED_EINVAL, "unknown claims format '%s' (clef, snopes, liar, jsonl, "
                     "claimreview)", name ? name : "");
}

cred_status cred_claims_import(cred_claims *db, cred_claims_format f, const char *name,
                               const char *buf, size_t n, size_t *n_put, cred_error *err)
{
    size_t count = 0;
    if (n_put)
        *n_put = 0;
    if (!db || (!buf && n))
        return cred__err(err, CRED_EINVAL, "cred_claims_import: no DB or input");
    if (!name)
        name = "<input>";
    bool own = !db->in_tx;
    cred_status st;
    if (own && (st = cred_claims_begin(db, err)))
        return st;
    reader r;
    reader_init(&r, buf ? buf : "", n);
    switch (f) {
    case CRED_CLAIMS_CLEF: st = read_clef(db, name, &r, &count, err); break;
    case CRED_CLAIMS_SNOPES: st = read_snopes(db, name, &r, &count, err); break;
    case CRED_CLAIMS_LIAR: st = read_liar(db, name, &r, &count, err); break;
    case CRED_CLAIMS_JSONL: st = read_jsonl(db, name, &r, &count, err); break;
    case CRED_CLAIMS_CLAIMREVIEW: st = read_claimreview(db, name, &r, &count, err); break;
    default: st = cred__err(err, CRED_EINVAL, "unknown claims format %d", (int)f);
    }
    if (own) {
        if (st)
            cred_claims_rollback(db);
        else
            st = cred_claims_commit(db, err);
    }
    if (n_put && !st)
        *n_put = count;
    return st;
}
