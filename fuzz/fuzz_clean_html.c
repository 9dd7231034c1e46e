/*
 * fuzz_clean_html.c - cred_clean with CRED_FORMAT_HTML (and AUTO): a scraped
 * page through the HTML front end of the text pipeline, without metadata.
 *
 * The first byte picks the options; bit 4 selects AUTO (the sniffer) instead
 * of HTML.  The document must keep every promise of credence/text.h.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned o = size ? data[0] : 0;
    const char *in = size ? (const char *)data + 1 : "";
    size_t n = size ? size - 1 : 0;
    cred_clean_opts opts;
    cred_clean_opts_init(&opts);
    opts.format = (o >> 4) & 1 ? CRED_FORMAT_AUTO : CRED_FORMAT_HTML;
    opts.no_title = o & 1;
    opts.keep_chrome = (o >> 1) & 1;
    opts.keep_repeats = (o >> 2) & 1;
    opts.no_tokens = (o >> 3) & 1;
    (void)cred_looks_like_html(in, n);
    cred_doc *doc = NULL;
    cred_error err;
    cred_status st = cred_clean(fz_ctx(), in, n, &opts, &doc, &err);
    if (st != CRED_OK) {
        /* binary data is refused with CRED_EFORMAT (credence/html.h) */
        if (st != CRED_ENOMEM && st != CRED_ETOOBIG && st != CRED_EFORMAT)
            fz_fail("cred_clean(html) failed with %d: %s", (int)st, err.msg);
        if (!err.msg[0])
            fz_fail("cred_clean(html) failed without a message");
        return 0;
    }
    fz_check_doc(doc);
    char *js = NULL;
    if (cred_doc_to_json(doc, 0, &js, &err) == CRED_OK) {
        fz_check_json("document JSON", js);
        free(js);
    }
    cred_doc_free(doc);
    return 0;
}
