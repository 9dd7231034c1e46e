/*
 * article.c - the public HTML entry points: cred_extract (a page -> its
 * article: the cleaned document and the page's metadata) and the article's
 * JSON (cred_article_to_json, docs/html.md).
 *
 * Why here and not in src/html/: the HTML module is the ingest below the
 * text pipeline - it turns a page into the article's text with origins and
 * metadata (cred__html_decode) and calls nothing above it.  An article is
 * that ingest followed by the pipeline's steps (cred__clean_ex) and, for the
 * JSON, the document's JSON (json.c): both a layer up.  When this lived in
 * html/meta.c, html called clean and json while clean called html, one of
 * the cycles of docs/architecture.md.
 */
#include "internal.h"
#include "html/page.h" /* cred__html_meta */

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

/* ---- public API ------------------------------------------------------------------- */

typedef struct article_impl {
    cred_article pub; /* must be first */
    cred__html_meta m;
    cred_str *authors;
} article_impl;

static cred_str s_of(const char *s)
{
    return (cred_str){s, s ? strlen(s) : 0};
}

cred_status cred_extract(const cred_ctx *ctx, const char *in, size_t n,
                         const cred_clean_opts *opts, cred_article **out, cred_error *err)
{
    *out = NULL;
    cred_clean_opts o;
    if (opts)
        o = *opts;
    else
        cred_clean_opts_init(&o);
    o.format = CRED_FORMAT_HTML;
    article_impl *a = calloc(1, sizeof *a);
    if (!a)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    cred_status st = cred__clean_ex(ctx, in, n, &o, &a->m, &a->pub.doc, err);
    if (st) {
        cred__html_meta_free(&a->m);
        free(a);
        return st;
    }
    cred__html_meta *m = &a->m;
    a->authors = calloc(m->authors.n ? m->authors.n : 1, sizeof *a->authors);
    if (!a->authors) {
        cred_article_free(&a->pub);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < m->authors.n; i++)
        a->authors[i] = s_of(m->authors.v[i]);
    cred_article *p = &a->pub;
    p->title = s_of(m->title);
    p->byline = s_of(m->byline);
    p->authors = a->authors;
    p->n_authors = m->authors.n;
    p->published = s_of(m->published);
    p->modified = s_of(m->modified);
    p->site_name = s_of(m->site_name);
    p->canonical_url = s_of(m->canonical_url);
    p->language = s_of(m->language);
    p->description = s_of(m->description);
    p->section = s_of(m->section);
    p->charset = s_of(m->charset[0] ? m->charset : NULL);
    p->charset_source = m->charset_source;
    p->article_score = m->score;
    p->is_article = m->score >= 0.5;
    p->reasons = m->reasons.v;
    p->n_reasons = m->reasons.n;
    p->extraction = m->extraction;
    *out = p;
    return CRED_OK;
}

void cred_article_free(cred_article *p)
{
    if (!p)
        return;
    article_impl *a = (article_impl *)p;
    cred_doc_free(a->pub.doc);
    cred__html_meta_free(&a->m);
    free(a->authors);
    free(a);
}

static json_t *jstr_or_null(cred_str s)
{
    return s.p ? json_stringn(s.p, s.n) : json_null();
}

cred_status cred_article_to_json(const cred_article *a, int pretty, char **out, cred_error *err)
{
    return cred_article_to_json_flags(a, pretty ? CRED_JSON_PRETTY : 0, out, err);
}

cred_status cred_article_to_json_flags(const cred_article *a, unsigned flags, char **out,
                                       cred_error *err)
{
    json_t *o = cred__article_json(a, flags & CRED_JSON_DOC);
    char *s = o ? json_dumps(o, (flags & CRED_JSON_PRETTY ? JSON_INDENT(2) : JSON_COMPACT) |
                                    JSON_REAL_PRECISION(6) | JSON_PRESERVE_ORDER)
                : NULL;
    json_decref(o);
    if (!s)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    *out = s;
    return CRED_OK;
}

json_t *cred__article_json(const cred_article *a, bool with_doc)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    const cred_doc *d = a->doc;
    json_object_set_new(o, "title", jstr_or_null(a->title));
    json_object_set_new(o, "byline", jstr_or_null(a->byline));
    json_t *au = json_array();
    for (size_t i = 0; i < a->n_authors; i++)
        json_array_append_new(au, json_stringn(a->authors[i].p, a->authors[i].n));
    json_object_set_new(o, "authors", au);
    json_object_set_new(o, "published", jstr_or_null(a->published));
    json_object_set_new(o, "modified", jstr_or_null(a->modified));
    json_object_set_new(o, "site_name", jstr_or_null(a->site_name));
    json_object_set_new(o, "canonical_url", jstr_or_null(a->canonical_url));
    json_object_set_new(o, "language", jstr_or_null(a->language));
    json_object_set_new(o, "description", jstr_or_null(a->description));
    json_object_set_new(o, "section", jstr_or_null(a->section));
    json_object_set_new(o, "charset", jstr_or_null(a->charset));
    json_object_set_new(o, "charset_source",
                        a->charset_source ? json_string(a->charset_source) : json_null());
    json_object_set_new(o, "extraction", a->extraction ? json_string(a->extraction) : json_null());
    json_t *ia = json_object();
    json_object_set_new(ia, "score", json_real(round(a->article_score * 1000) / 1000));
    json_object_set_new(ia, "verdict", json_boolean(a->is_article));
    json_t *rs = json_array();
    for (size_t i = 0; i < a->n_reasons; i++) {
        json_t *r = json_object();
        json_object_set_new(r, "name", json_string(a->reasons[i].name));
        json_object_set_new(r, "weight", json_real(a->reasons[i].weight));
        json_object_set_new(r, "detail", json_string(a->reasons[i].detail));
        json_array_append_new(rs, r);
    }
    json_object_set_new(ia, "reasons", rs);
    json_object_set_new(o, "is_article", ia);
    /* The body: the cleaned text after the title. */
    size_t from = d->n_paragraphs ? d->paragraphs[0].span.start : d->text_len;
    json_object_set_new(o, "paragraphs", json_integer((json_int_t)d->n_paragraphs));
    json_object_set_new(o, "text", json_stringn(d->text + from, d->text_len - from));
    if (with_doc)
        json_object_set_new(o, "document", cred__doc_json(d, false));
    return o;
}
