/*
 * fuzz_clean_text.c - cred_clean on any bytes as plain text (the `credence
 * clean` path for .txt input and every JSONL batch line).
 *
 * The first byte picks the options (no_title, keep_chrome, keep_repeats,
 * no_tokens), the rest is the input; the document must keep every promise of
 * credence/text.h (fz_check_doc) and its JSON must parse.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned o = size ? data[0] : 0;
    const char *in = size ? (const char *)data + 1 : "";
    size_t n = size ? size - 1 : 0;
    cred_clean_opts opts;
    cred_clean_opts_init(&opts);
    opts.format = CRED_FORMAT_TEXT;
    opts.no_title = o & 1;
    opts.keep_chrome = (o >> 1) & 1;
    opts.keep_repeats = (o >> 2) & 1;
    opts.no_tokens = (o >> 3) & 1;
    cred_doc *doc = NULL;
    cred_error err;
    cred_status st = cred_clean(fz_ctx(), in, n, &opts, &doc, &err);
    if (st != CRED_OK) {
        if (st != CRED_ENOMEM && st != CRED_ETOOBIG)
            fz_fail("cred_clean failed with %d on %zu bytes: %s", (int)st, n, err.msg);
        return 0;
    }
    fz_check_doc(doc);
    if (doc->input_len != n || (n && memcmp(doc->input, in, n)))
        fz_fail("the document's input copy differs from the input");
    char *js = NULL;
    if (cred_doc_to_json_flags(doc, CRED_JSON_TOKENS, &js, &err) == CRED_OK) {
        fz_check_json("document JSON", js);
        free(js);
    }
    cred_doc_free(doc);
    return 0;
}
