/* score_sig.h - the signal builder shared by score.c and sig_*.c. Internal. */
#ifndef CREDENCE_SCORE_SIG_H
#define CREDENCE_SCORE_SIG_H

#include "score/score_int.h"

/* At most this many evidence spans are kept per signal (the reason says
 * how many there were). */
#define CRED__SIG_MAX_EVIDENCE 12

typedef struct cred__sigs {
    double v[CRED__S_COUNT];                    /* value in [0,1]; 0: did not fire */
    char *reason[CRED__S_COUNT];                /* owned */
    CRED__VEC(cred_sig_evidence) ev[CRED__S_COUNT];
    bool oom;
} cred__sigs;

/* sigs.c: fires signal s with a value (clamped to 1; <= 0 does nothing) and a reason. */
void cred__sig_set(cred__sigs *sb, cred__sig s, double value, const char *fmt, ...)
    CRED__PRINTF(4, 5);
/* Adds a span of the cleaned text as evidence for s. */
void cred__sig_span(cred__sigs *sb, cred__sig s, const cred_doc *doc, cred_span span);
void cred__sigs_free(cred__sigs *sb);

/* sig_analysis.c: the analysis-based signals. */
void cred__analysis_signals(cred__sigs *sb, const cred_doc *doc, const cred_analysis *a,
                            const cred_score_config *cfg);
/* Runs the analysis (a thin wrapper, so score.c needs no analysis internals). */
cred_status cred__score_analyze(const cred_ctx *ctx, const cred_doc *doc, cred_analysis **out,
                                cred_error *err);
void cred__score_analysis_free(cred_analysis *a);
/* sig_content.c: headline-body agreement, title style, lexical redundancy,
 * specifics, attribution density, the writer's voice, the dateline, and
 * (when `page` is not NULL: HTML input) byline, date, corrections, links. */
void cred__content_signals(cred__sigs *sb, const cred_ctx *ctx, const cred_doc *doc,
                           const cred_analysis *a, const cred_score_config *cfg,
                           const struct cred_article *page);
/* sig_model.c: MODEL_UNRELIABLE / MODEL_RELIABLE from the article model. */
cred_status cred__model_signals(cred__sigs *sb, const cred_ctx *ctx, const cred_doc *doc,
                                const struct cred_model *m, double *p_unreliable,
                                const char **cls, cred_error *err);
/* sig_genre.c: SATIRE_STYLE and OPINION_VOICE from the cues of
 * data/score/genre.tsv (needs only the cleaned text). */
void cred__genre_signals(cred__sigs *sb, const cred_ctx *ctx, const cred_doc *doc);
/* sig_claims.c: KNOWN_FALSE_CLAIM / KNOWN_TRUE_CLAIM, the sentences that
 * match a claim a fact-checker rated (db may be NULL: nothing fires). */
/* The phrase of word list l starting at doc->text[pos] on a word boundary:
 * its length, or 0 (sig_content.c). */
size_t cred__phrase_at(const cred_doc *doc, size_t pos, const cred_score_config *cfg,
                       cred__wordlist l);
void cred__claims_signals(cred__sigs *sb, const cred_doc *doc, const cred_analysis *a,
                          const struct cred_claims *db, const cred_score_config *cfg);
/* The genre, "news", "opinion" or "satire" (docs/score.md, "Genre"), from
 * the signals already computed and the config's opinion markers. */
const char *cred__genre(const cred__sigs *sb, const cred_doc *doc, const cred_score_config *cfg);

#endif
