/* score_int.h - internals shared by the score module's files (src/score/). */
#ifndef CREDENCE_SCORE_INT_H
#define CREDENCE_SCORE_INT_H

#include "internal.h"

#include <math.h>

/* The signals the score knows, in feature-vector order (docs/score.md),
 * each with its group.  The group says what kind of evidence a signal is,
 * and the verdict treats groups differently (docs/score.md, "Groups"):
 *   OUTLET    the outlet's reputation (checkable: a table entry)
 *   CLAIMS    claims fact-checkers have rated (the claims issue)
 *   HEADLINE  the headline's form
 *   SOURCING  who is quoted and how (named, anonymous, attributed)
 *   STYLE     how the body is written (opinion, loaded words, shouting)
 *   CONTENT   other content signals (specifics, redundancy, consistency)
 *   GENRE     satire / opinion cues: they set the genre
 *   MODEL     the article model
 *   SCRAPE    the copy, not the journalism (page chrome, repeats, encoding,
 *             length): reported apart, moves the score little */
#define CRED__SIGNALS(X)                                                         \
    X(CLICKBAIT_HEADLINE, HEADLINE)                                          \
    X(OPINION_HEAVY, STYLE)                                                  \
    X(LOADED_LANGUAGE, STYLE)                                                \
    X(FEW_NAMED_SOURCES, SOURCING)                                           \
    X(ANONYMOUS_SOURCING, SOURCING)                                          \
    X(QUOTES_ATTRIBUTED, SOURCING)                                           \
    X(NAMED_SOURCES, SOURCING)                                               \
    X(HEDGED_CLAIMS, STYLE)                                                  \
    X(SHOUTING, STYLE)                                                       \
    X(SECOND_PERSON, STYLE)                                                  \
    X(DATELINE, SOURCING)                                                    \
    X(SHORT_TEXT, SCRAPE)                                                    \
    X(REPEATED_TEXT, SCRAPE)                                                 \
    X(PAGE_CHROME, SCRAPE)                                                   \
    X(MOJIBAKE, SCRAPE)                                                      \
    X(SOURCE_HIGH_FACTUALITY, OUTLET)                                        \
    X(SOURCE_MIXED_FACTUALITY, OUTLET)                                       \
    X(SOURCE_LOW_FACTUALITY, OUTLET)                                         \
    X(SOURCE_UNRELIABLE_TYPE, OUTLET)                                        \
    X(SOURCE_SATIRE, OUTLET)                                                 \
    X(SOURCE_UNKNOWN, OUTLET)                                                \
    X(MODEL_UNRELIABLE, MODEL)                                               \
    X(MODEL_RELIABLE, MODEL)                                                 \
    X(SATIRE_STYLE, GENRE)                                                   \
    X(OPINION_VOICE, GENRE)                                                  \
    X(HEADLINE_BODY_MISMATCH, HEADLINE)                                      \
    X(TITLE_STYLE, HEADLINE)                                                 \
    X(SIMPLE_REPETITIVE_BODY, CONTENT)                                       \
    X(SPECIFIC_DETAILS, CONTENT)                                             \
    X(QUOTE_DENSITY, SOURCING)                                               \
    X(FIRST_PERSON, STYLE)                                                   \
    X(BYLINE_PERSON, SOURCING)                                               \
    X(PUBLISHED_DATE, SOURCING)                                              \
    X(CORRECTION_NOTE, SOURCING)                                             \
    X(LINKS_OUT, SOURCING)                                                   \
    X(KNOWN_FALSE_CLAIM, CLAIMS)                                             \
    X(KNOWN_TRUE_CLAIM, CLAIMS)

typedef enum cred__group {
    CRED__G_OUTLET,
    CRED__G_CLAIMS,
    CRED__G_HEADLINE,
    CRED__G_SOURCING,
    CRED__G_STYLE,
    CRED__G_CONTENT,
    CRED__G_GENRE,
    CRED__G_MODEL,
    CRED__G_SCRAPE,
    CRED__G_COUNT
} cred__group;

typedef enum cred__sig {
#define CRED__SIG_ENUM(n, g) CRED__S_##n,
    CRED__SIGNALS(CRED__SIG_ENUM)
#undef CRED__SIG_ENUM
    CRED__S_COUNT
} cred__sig;

extern const char *const cred__sig_names[CRED__S_COUNT];
extern const cred__group cred__sig_groups[CRED__S_COUNT];
extern const char *const cred__group_names[CRED__G_COUNT]; /* "outlet", ... */

/* Numeric parameters (thresholds) settable in the config, by name. */
#define CRED__PARAMS(X)                                                          \
    X(opinion_genre, 0.5)    /* OPINION_HEAVY value that makes a piece opinion */ \
    X(rumor_anonymous, 0.5)  /* ...unless ANONYMOUS_SOURCING is at least this */ \
    X(satire_genre, 0.5)     /* SOURCE_SATIRE value that makes it satire */  \
    X(short_words, 150)      /* SHORT_TEXT below this many words */          \
    X(named_sources_min, 2)  /* FEW_NAMED_SOURCES below this many */         \
    X(loaded_rate_full, 0.03) /* loaded words per word for LOADED_LANGUAGE = 1 */ \
    X(unrated_words, 40)     /* fewer words than this: unrated (too short) */     \
    X(english_min, 0.15)     /* English function-word share below this: unrated */ \
    X(binary_share, 0.10)    /* control/undecodable input bytes above: unrated */  \
    X(weak_evidence, 0.5)    /* |logit evidence| below this: unrated (weak) */     \
    X(convict_signals, 3)    /* content signals needed against an article... */   \
    X(convict_groups, 2)     /* ...from this many groups (headline, sourcing...) */ \
    X(convict_min, 0.3)      /* |contribution| for a signal to count there */      \
    X(convict_model, -1.0)   /* model contribution that joins 2 signals; 0: off */ \
    X(outlet_content, 40)    /* an outlet convicts if content alone is under */   \
    X(hold_floor, 40)        /* an unconvicted score is held at or above this */   \
    X(satire_cap, 45)        /* satire's score is at most this (never reliable) */ \
    X(scrape_max, 0.3)       /* |weight| cap of a scrape-quality signal */      \
    X(model_genre_damp, 0)   /* model weight factor for opinion and satire */  \
    X(satire_text_genre, 0.7) /* SATIRE_STYLE value that makes it satire */  \
    X(opinion_voice_genre, 0.75) /* OPINION_VOICE value that makes it opinion */ \
    /* content signals (sig_content.c) */                                    \
    X(headline_missing, 0.5) /* share of headline content words absent from the body */ \
    X(headline_min_words, 3) /* ...counted from this many headline content words */ \
    X(title_long_words, 16)  /* TITLE_STYLE: a title of this many words is long */ \
    X(mattr_window, 50)      /* SIMPLE_REPETITIVE_BODY: moving TTR window (words) */ \
    X(mattr_low, 0.70)       /* ...MATTR below this is repetitive */         \
    X(simple_long_share, 0.24) /* ...words of 7+ letters below this share is simple */ \
    X(simple_min_words, 150) /* ...measured on bodies of this many words */  \
    X(specific_full, 4)      /* numbers, dates, places, organizations per 100 words */ \
    X(quote_rate_full, 0.3)  /* attributed statements per sentence for QUOTE_DENSITY = 1 */ \
    X(reader_rate_full, 0.2) /* reader-addressed words per sentence, SECOND_PERSON = 1 */ \
    X(links_full, 3)         /* links to primary sources for LINKS_OUT = 1 */

typedef enum cred__param {
#define CRED__PARAM_ENUM(n, d) CRED__P_##n,
    CRED__PARAMS(CRED__PARAM_ENUM)
#undef CRED__PARAM_ENUM
    CRED__P_COUNT
} cred__param;

/* Word lists of the content signals (data/score/content.tsv, `word KIND
 * PHRASE` lines). */
#define CRED__WORDLISTS(X)                                                       \
    X(stop)       /* function words: not content, counted by TITLE_STYLE */  \
    X(call)       /* calls to the reader ("share this", "wake up") */        \
    X(first)      /* the writer's first person ("i", "my") */               \
    X(correction) /* a correction or update note opening a paragraph */      \
    X(notperson)  /* a byline word that is not a person ("staff") */         \
    X(primary)    /* a link host (suffix) of a primary source ("gov") */    \
    X(debunk)     /* the article reports a claim as false ("no such") */

typedef enum cred__wordlist {
#define CRED__W_ENUM(n) CRED__W_##n,
    CRED__WORDLISTS(CRED__W_ENUM)
#undef CRED__W_ENUM
    CRED__W_COUNT
} cred__wordlist;

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
    char *unrated_label;               /* "not enough evidence to rate" */
    CRED__VEC(char *) words[CRED__W_COUNT]; /* lower-case word lists (`word` lines) */
    /* The signal table (data/score/signals.tsv): one description and the
     * tests (';'-separated FILE:NAME) per signal. */
    char *sig_desc[CRED__S_COUNT], *sig_tests[CRED__S_COUNT];
};

/* Loads the built-in config into the context (called from ctx.c). */
cred_status cred__score_load(cred_ctx *ctx, cred_error *err);
void cred__score_free(cred_ctx *ctx);
cred_status cred__outlets_load(cred_ctx *ctx, cred_error *err);
/* sig_genre.c: the genre cues (data/score/genre.tsv), loaded with the score
 * config into ctx->genre. */
cred_status cred__genre_load(cred_ctx *ctx, cred_error *err);
void cred__genre_free(struct cred__genredata *g);

/* rate.c: the rating rules (docs/score.md, "Rating rules"). */
cred_status cred__lang_load(cred_ctx *ctx, cred_error *err);
void cred__lang_free(struct cred__lang *l);
/* Does s[0..n) start with a month name (its first three letters,
 * data/lang/en/months.txt)? */
bool cred__lang_month_at(const struct cred__lang *l, const char *s, size_t n);
/* Share of the document's word tokens that are English function words;
 * *n_words gets the number of word tokens. */
double cred__english_share(const struct cred__lang *l, const cred_doc *doc, size_t *n_words);

static inline double cred__sigmoid(double z)
{
    return z >= 0 ? 1.0 / (1.0 + exp(-z)) : exp(z) / (1.0 + exp(z));
}

#endif
