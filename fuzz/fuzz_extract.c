/*
 * fuzz_extract.c - cred_extract: a saved web page to its article and
 * metadata (`credence extract`, `credence score page.html`).
 *
 * Besides the document, every metadata string must be NULL or a
 * NUL-terminated UTF-8 string without controls, the article score in [0,1],
 * and the article JSON (with the document) must parse.
 */
#include "fuzz_common.h"

static void check_str(const char *what, cred_str s)
{
    if (!s.p) {
        if (s.n)
            fz_fail("%s: NULL with length %zu", what, s.n);
        return;
    }
    if (s.p[s.n] != '\0')
        fz_fail("%s: not NUL-terminated", what);
    /* issue 13 D5 (fixed in src/html/meta.c): no control characters in
     * the metadata */
    fz_check_text(what, s.p, s.n, FZ_ALLOW_TAB);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cred_article *a = NULL;
    cred_error err;
    cred_status st = cred_extract(fz_ctx(), (const char *)data, size, NULL, &a, &err);
    if (st != CRED_OK) {
        if (st != CRED_ENOMEM && st != CRED_ETOOBIG && st != CRED_EFORMAT)
            fz_fail("cred_extract failed with %d: %s", (int)st, err.msg);
        return 0;
    }
    fz_check_doc(a->doc);
    if (a->doc->input_len != size)
        fz_fail("article document input is %zu bytes, the page %zu", a->doc->input_len, size);
    check_str("title", a->title);
    check_str("byline", a->byline);
    for (size_t i = 0; i < a->n_authors; i++)
        check_str("author", a->authors[i]);
    check_str("published", a->published);
    check_str("modified", a->modified);
    check_str("site_name", a->site_name);
    check_str("canonical_url", a->canonical_url);
    check_str("language", a->language);
    check_str("description", a->description);
    check_str("section", a->section);
    check_str("charset", a->charset);
    if (!(a->article_score >= 0 && a->article_score <= 1))
        fz_fail("article score %g outside [0,1]", a->article_score);
    if (!a->extraction)
        fz_fail("no extraction method");
    for (size_t i = 0; i < a->n_reasons; i++)
        if (!a->reasons[i].name || !isfinite(a->reasons[i].weight))
            fz_fail("reason[%zu] without name or with weight %g", i, a->reasons[i].weight);
    char *js = NULL;
    if (cred_article_to_json_flags(a, CRED_JSON_DOC, &js, &err) == CRED_OK) {
        fz_check_json("article JSON", js);
        free(js);
    }
    cred_article_free(a);
    return 0;
}
