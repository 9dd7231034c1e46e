/* score_int.h - internals shared by the score module's files (src/score/). */
#ifndef CREDENCE_SCORE_INT_H
#define CREDENCE_SCORE_INT_H

#include "internal.h"

#include <math.h>

/* The signals the score knows, in feature-vector order (docs/score.md). */
#define CRED__SIGNALS(X)                                                         \
    X(CLICKBAIT_HEADLINE)                                                        \
    X(OPINION_HEAVY)                                                             \
    X(LOADED_LANGUAGE)                                                           \
    X(FEW_NAMED_SOURCES)                                                         \
    X(ANONYMOUS_SOURCING)                                                        \
    X(QUOTES_ATTRIBUTED)                                                         \
    X(NAMED_SOURCES)                                                             \
    X(HEDGED_CLAIMS)                                                             \
    X(SHOUTING)                                                                  \
    X(SECOND_PERSON)                                                             \
    X(DATELINE)                                                                  \
    X(SHORT_TEXT)                                                                \
    X(REPEATED_TEXT)                                                             \
    X(PAGE_CHROME)                                                               \
    X(MOJIBAKE)                                                                  \
    X(SOURCE_HIGH_FACTUALITY)                                                    \
    X(SOURCE_MIXED_FACTUALITY)                                                   \
    X(SOURCE_LOW_FACTUALITY)                                                     \
    X(SOURCE_UNRELIABLE_TYPE)                                                    \
    X(SOURCE_SATIRE)                                                             \
    X(SOURCE_UNKNOWN)                                                            \
    X(MODEL_UNRELIABLE)                                                          \
    X(MODEL_RELIABLE)

typedef enum cred__sig {
#define CRED__SIG_ENUM(n) CRED__S_##n,
    CRED__SIGNALS(CRED__SIG_ENUM)
#undef CRED__SIG_ENUM
    CRED__S_COUNT
} cred__sig;

extern const char *const cred__sig_names[CRED__S_COUNT];

/* Numeric parameters (thresholds) settable in the config, by name. */
#define CRED__PARAMS(X)                                                          \
    X(opinion_genre, 0.5)    /* OPINION_HEAVY value that makes a piece opinion */ \
    X(rumor_anonymous, 0.5)  /* ...unless ANONYMOUS_SOURCING is at least this */   \
    X(satire_genre, 0.5)     /* SOURCE_SATIRE value that makes it satire */       \
    X(short_words, 150)      /* SHORT_TEXT below this many words */               \
    X(named_sources_min, 2)  /* FEW_NAMED_SOURCES below this many */              \
    X(loaded_rate_full, 0.03) /* loaded words per word for LOADED_LANGUAGE = 1 */

typedef enum cred__param {
#define CRED__PARAM_ENUM(n, d) CRED__P_##n,
    CRED__PARAMS(CRED__PARAM_ENUM)
#undef CRED__PARAM_ENUM
    CRED__P_COUNT
} cred__param;

typedef struct cred__band {
    char *name, *label;
    double min;
} cred__band;

struct cred_score_config {
    double intercept;
    double w[CRED__S_COUNT];
    double param[CRED__P_COUNT];
    CRED__VEC(cred__band) bands; /* sorted by min, highest first */
    char *opinion_label, *satire_label;
    CRED__VEC(char *) opinion_markers; /* lower-case phrases ("columnist") */
};

/* Loads the built-in config into the context (called from ctx.c). */
cred_status cred__score_load(cred_ctx *ctx, cred_error *err);
void cred__score_free(cred_ctx *ctx);
cred_status cred__outlets_load(cred_ctx *ctx, cred_error *err);

static inline double cred__sigmoid(double z)
{
    return z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
}

#endif
