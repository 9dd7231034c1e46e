/*
 * credence/checkworthy.h - check-worthiness: which sentences state a fact a
 * fact-checker would want to check (numbers, comparisons, causal and
 * statistical claims), as a calibrated probability (docs/checkworthy.md).
 *
 * A cred_checkworthy joins a trained model (data/models/checkworthy.model,
 * a cred_model) with its data: the sentence-feature rules
 * (data/checkworthy/features.tsv) and the threshold
 * (data/checkworthy/config.tsv).  It is immutable once made: any number of
 * threads may score with it at once.
 */
#ifndef CREDENCE_CHECKWORTHY_H
#define CREDENCE_CHECKWORTHY_H

#include "core.h"
#include "learn.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cred_checkworthy cred_checkworthy;

/* Loads the rules and the threshold from ctx's data (--data-dir or the
 * built-in copy) for `model` (binary, classes "0" and "1"; kept by
 * reference: it must outlive the result).  model may be NULL for a handle
 * that only rewrites text (cred_checkworthy_text).  A malformed data file is
 * CRED_EDATA "checkworthy/features.tsv:LINE: ..."; a model of other classes
 * CRED_EINVAL. */
CRED_API cred_status cred_checkworthy_new(cred_ctx *ctx, const cred_model *model,
                                          cred_checkworthy **out, cred_error *err);
CRED_API void cred_checkworthy_free(cred_checkworthy *cw);

/* The threshold of data/checkworthy/config.tsv (a probability >= it is
 * check-worthy). */
CRED_API double cred_checkworthy_threshold(const cred_checkworthy *cw);

/* The sentence as the model sees it: the text, then one marker word per
 * feature rule that matches ("... cwfnum cwfpct").  *out is malloc'd and
 * NUL-terminated.  Training data goes through the same function
 * (`credence checkworthy --features-tsv`). */
CRED_API cred_status cred_checkworthy_text(const cred_checkworthy *cw, const char *text, size_t n,
                                           char **out, size_t *out_n, cred_error *err);

/* The calibrated probability in [0, 1] that the sentence text[0..n) is
 * check-worthy. */
CRED_API cred_status cred_checkworthy_score(const cred_ctx *ctx, const cred_checkworthy *cw,
                                            const char *text, size_t n, double *p,
                                            cred_error *err);

/* Scores every sentence of a cleaned document (title sentences first, as in
 * doc->sentences): p[i] for doc->sentences[i]; p holds doc->n_sentences. */
CRED_API cred_status cred_checkworthy_doc(const cred_ctx *ctx, const cred_checkworthy *cw,
                                          const cred_doc *doc, double *p, cred_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CREDENCE_CHECKWORTHY_H */
