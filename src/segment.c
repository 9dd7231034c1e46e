/*
 * segment.c - sentences and tokens.  (Placeholder: splits sentences at
 * ". " and tokens at spaces; the real module replaces this file.)
 */
#include "internal.h"

#include <stdlib.h>

struct cred__segdata {
    int unused;
};

cred_status cred__segment_load(cred_ctx *ctx, cred_error *err)
{
    (void)err;
    ctx->seg = NULL;
    return CRED_OK;
}

void cred__segment_free(struct cred__segdata *s) { free(s); }

bool cred__segment_sentences(const cred_ctx *ctx, const char *text, size_t n,
                             bool *quote_open, cred__spanvec *out)
{
    (void)ctx;
    (void)quote_open;
    size_t s = 0;
    for (size_t i = 0; i < n; i++) {
        if ((text[i] == '.' || text[i] == '?' || text[i] == '!') && i + 1 < n && text[i + 1] == ' ') {
            if (!CRED__VEC_PUSH(*out, ((cred_span){s, i + 1})))
                return false;
            s = i + 2;
        }
    }
    if (s < n && !CRED__VEC_PUSH(*out, ((cred_span){s, n})))
        return false;
    return true;
}

bool cred__tokenize(const char *text, size_t n, size_t base, cred__tokvec *out)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && text[i] == ' ')
            i++;
        size_t s = i;
        while (i < n && text[i] != ' ')
            i++;
        if (i > s && !CRED__VEC_PUSH(*out, ((cred_token){{base + s, base + i}, CRED_TOK_WORD})))
            return false;
    }
    return true;
}
