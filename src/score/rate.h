/* rate.h - the rating rules (rate.c): unrated, conviction, caps.  Internal. */
#ifndef CREDENCE_SCORE_RATE_H
#define CREDENCE_SCORE_RATE_H

#include "score/score_sig.h"

#include "credence/html.h"

typedef CRED__VEC(char *) cred__strvec;

typedef struct cred__rating {
    double score;          /* after the rules */
    double english;        /* English function-word share */
    cred__strvec unrated;  /* reasons the verdict is unrated (owned) */
    cred__strvec settle;   /* what would settle it (owned) */
    char *rule;            /* the rule that moved the score, or NULL */
    char *conviction;      /* the strong evidence against it, or NULL */
} cred__rating;

/* Applies the rules to a raw score.  `contrib` holds each signal's
 * contribution to the logit (0 when it did not fire or was masked).
 * Returns false on out-of-memory (the rating is then incomplete). */
bool cred__rate(const cred_ctx *ctx, const cred_score_config *cfg, const cred_doc *doc,
                const cred_analysis *a, const cred_article *page, const cred__sigs *sb,
                const double *contrib, bool has_url, const char *genre, double raw,
                cred__rating *r);
void cred__rating_free(cred__rating *r);

#endif
