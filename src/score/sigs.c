/*
 * sigs.c - the signal builder (score_sig.h): fire a signal with a reason,
 * add evidence spans, free.
 *
 * Why a file of its own: score.c calls the signal files (sig_*.c) and they
 * all fill one cred__sigs.  With these helpers in score.c, every sig_*.c
 * called back up into the file that calls it (a cycle inside score/,
 * `tools/depcycles --files`); here they sit below both.
 */
#include "score/score_sig.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

void cred__sig_set(cred__sigs *sb, cred__sig s, double value, const char *fmt, ...)
{
    if (value <= 0 || !isfinite(value))
        return;
    if (value > 1)
        value = 1;
    sb->v[s] = value;
    cred__buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    char tmp[512];
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    cred__buf_puts(&b, tmp);
    free(sb->reason[s]);
    sb->reason[s] = cred__buf_take(&b, NULL);
    if (!sb->reason[s])
        sb->oom = true;
}

void cred__sig_span(cred__sigs *sb, cred__sig s, const cred_doc *doc, cred_span span)
{
    if (sb->ev[s].n >= CRED__SIG_MAX_EVIDENCE)
        return;
    cred_sig_evidence e = {span, cred_doc_input_span(doc, span), {NULL, 0}};
    if (!CRED__VEC_PUSH(sb->ev[s], e))
        sb->oom = true;
}

void cred__sigs_free(cred__sigs *sb)
{
    for (int i = 0; i < CRED__S_COUNT; i++) {
        free(sb->reason[i]);
        free(sb->ev[i].v);
    }
}
