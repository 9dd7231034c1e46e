/*
 * learn_common.h - pieces shared by `credence train`, `eval` and `predict`:
 * dataset options, training options, parallel prediction with a progress bar.
 */
#ifndef CREDENCE_CLI_LEARN_COMMON_H
#define CREDENCE_CLI_LEARN_COMMON_H

#include "cli.h"

#include <getopt.h>

/* Long-option codes shared by the three commands. */
enum {
    LO_FORMAT = 256, LO_SKIP_BAD, LO_LIAR_BINARY, LO_STRIP_LEAKS, LO_WORD_NGRAMS,
    LO_CHAR_NGRAMS, LO_BITS, LO_L2, LO_MAX_ITER, LO_MIN_DF, LO_MAX_FEATURES,
    LO_CLASS_WEIGHT, LO_CALIB, LO_SEED, LO_THREADS, LO_DEV, LO_EXPORT, LO_JSON,
    LO_EXPLAIN, LO_FOLDS, LO_NO_PROGRESS, LO_PRETTY, LO_CASED, LO_ANALYSIS, LO_TITLE,
    LO_NO_PUNCT
};

#define LEARN_DATA_OPTIONS                                                  \
    {"format", required_argument, NULL, LO_FORMAT},                         \
    {"skip-bad", no_argument, NULL, LO_SKIP_BAD},                           \
    {"liar-binary", no_argument, NULL, LO_LIAR_BINARY},                     \
    {"threads", required_argument, NULL, LO_THREADS}

#define LEARN_TRAIN_OPTIONS                                                 \
    {"strip-leaks", no_argument, NULL, LO_STRIP_LEAKS},                     \
    {"cased", no_argument, NULL, LO_CASED},                                 \
    {"analysis", no_argument, NULL, LO_ANALYSIS},                           \
    {"title-words", no_argument, NULL, LO_TITLE},                           \
    {"no-punct", no_argument, NULL, LO_NO_PUNCT},                           \
    {"word-ngrams", required_argument, NULL, LO_WORD_NGRAMS},               \
    {"char-ngrams", required_argument, NULL, LO_CHAR_NGRAMS},               \
    {"bits", required_argument, NULL, LO_BITS},                             \
    {"l2", required_argument, NULL, LO_L2},                                 \
    {"max-iter", required_argument, NULL, LO_MAX_ITER},                     \
    {"min-df", required_argument, NULL, LO_MIN_DF},                         \
    {"max-features", required_argument, NULL, LO_MAX_FEATURES},             \
    {"class-weight", required_argument, NULL, LO_CLASS_WEIGHT},             \
    {"calib-frac", required_argument, NULL, LO_CALIB},                      \
    {"seed", required_argument, NULL, LO_SEED}

typedef struct learn_data_opts {
    bool have_format;
    cred_ds_format format;
    cred_read_opts read;
    int threads;
} learn_data_opts;

/* Handles a data option (LO_FORMAT, LO_SKIP_BAD, LO_LIAR_BINARY, LO_THREADS).
 * Returns 1 if handled, 0 if not a data option, -1 after printing an error. */
int learn_data_opt(const cli_global *g, int c, const char *arg, learn_data_opts *d);
/* Handles a training option; same return convention. */
int learn_train_opt(const cli_global *g, int c, const char *arg, cred_train_opts *o);

/* Help text for the options above. */
extern const char learn_data_help[];
extern const char learn_train_help[];

/* Reads every FILE into ds (prints the error; returns an exit code). */
int learn_read(const cli_global *g, const learn_data_opts *d, char **files, int nfiles,
               cred_dataset *ds);

/* Predicts every record of ds in parallel: probs[n*k], best[n]; explanations
 * (top > 0) into ex[n].  A progress bar goes to stderr when it is a TTY. */
int learn_predict_all(const cli_global *g, const cred_ctx *ctx, const cred_model *m,
                      const cred_dataset *ds, int threads, bool progress, size_t top,
                      double *probs, size_t *best, cred_explanation *ex);

#endif
