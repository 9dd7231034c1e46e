/*
 * fuzz_score.c - cred_score on a hostile article (`credence score`, and the
 * batch and the service to come), with no model.  fuzz_score_model.c
 * includes this file with the shipped article model loaded once.
 *
 * The first byte picks the path: bit 0 takes an HTML page through
 * cred_extract and hands the page to the scorer (byline, date, links
 * signals), bit 1 skips the analysis, bit 2 makes the first line the
 * article's URL (outlet lookup; a hostile canonical or given URL must be
 * ignored or refused, never trusted into the reports).  The verdict must
 * keep every promise of credence/score.h (fz_check_verdict): a finite score
 * in [0,100], a band, no `<script` in the HTML report, no ESC in the
 * terminal one.
 */
#include "fuzz_common.h"

#ifndef FZ_WITH_MODEL
#define FZ_WITH_MODEL 0
#endif

static const cred_model *fz_model(void)
{
#if FZ_WITH_MODEL
    static cred_model *m;
    if (!m) {
        cred_error err;
        if (cred_model_load(FUZZ_MODEL, &m, &err) != CRED_OK)
            fz_fail("cannot load %s: %s", FUZZ_MODEL, err.msg);
    }
    return m;
#else
    return NULL;
#endif
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned o = size ? data[0] : 0;
    const char *in = size ? (const char *)data + 1 : "";
    size_t n = size ? size - 1 : 0;
    cred_score_opts so;
    cred_score_opts_init(&so);
    so.model = fz_model();
    so.no_analysis = (o >> 1) & 1;
    if ((o >> 2) & 1) {
        const char *nl = memchr(in, '\n', n);
        size_t k = nl ? (size_t)(nl - in) : n;
        so.url = (cred_str){in, k};
        in += k + (nl != NULL);
        n -= k + (nl != NULL);
    }
    cred_error err;
    cred_article *page = NULL;
    cred_doc *doc = NULL;
    const cred_doc *d;
    if (o & 1) {
        if (cred_extract(fz_ctx(), in, n, NULL, &page, &err) != CRED_OK)
            return 0;
        so.page = page;
        d = page->doc;
    } else {
        cred_clean_opts co;
        cred_clean_opts_init(&co);
        if (cred_clean(fz_ctx(), in, n, &co, &doc, &err) != CRED_OK)
            return 0;
        d = doc;
    }
    cred_verdict *v = NULL;
    cred_status st = cred_score(fz_ctx(), d, &so, &v, &err);
    if (st == CRED_OK) {
        if (v->doc != d)
            fz_fail("the verdict does not borrow the scored document");
        fz_check_verdict(v);
        cred_verdict_free(v);
    } else if (st != CRED_ENOMEM && !(so.url.p && st == CRED_EINVAL)) {
        /* only a bad given URL may be refused (docs/score.md) */
        fz_fail("cred_score failed with %d: %s", (int)st, err.msg);
    }
    cred_doc_free(doc);
    cred_article_free(page);
    return 0;
}
