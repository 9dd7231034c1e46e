/*
 * fix.c - step 2: HTML entities, mojibake, NFC.  (Placeholder: copies the
 * text unchanged; the real module replaces this file.)
 */
#include "internal.h"

#include <stdlib.h>

struct cred__fixdata {
    int unused;
};

cred_status cred__fix_load(cred_ctx *ctx, cred_error *err)
{
    (void)err;
    ctx->fix = NULL;
    return CRED_OK;
}

void cred__fix_free(struct cred__fixdata *f) { free(f); }

void cred__fix(const cred_ctx *ctx, const cred__tbuf *in, unsigned flags,
               cred__tbuf *out, cred__edits *ed)
{
    (void)ctx;
    (void)flags;
    (void)ed;
    cred__tbuf_copy(out, in, 0, in->n);
}

cred_status cred_fix_text(const cred_ctx *ctx, const char *in, size_t n,
                          unsigned flags, char **out, size_t *out_n,
                          cred_error *err)
{
    if (n > CRED_MAX_INPUT)
        return cred__err(err, CRED_ETOOBIG, "input of %zu bytes is over the limit", n);
    cred__tbuf a = {0}, b = {0};
    cred__edits ed = {0};
    cred__decode(in, n, &a, &ed);
    cred__fix(ctx, &a, flags, &b, &ed);
    cred__edits_free(&ed);
    bool oom = a.oom || b.oom;
    cred__tbuf_free(&a);
    if (oom) {
        cred__tbuf_free(&b);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    cred__buf r = {0};
    cred__buf_put(&r, b.p ? b.p : "", b.n);
    cred__tbuf_free(&b);
    *out = cred__buf_take(&r, out_n);
    return *out ? CRED_OK : cred__err(err, CRED_ENOMEM, "out of memory");
}
