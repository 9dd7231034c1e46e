/*
 * learn_common.c - option parsing, dataset reading and parallel prediction
 * shared by `credence train`, `eval` and `predict` (learn_common.h).
 *
 * Prediction is the library's batch call (cred_model_predict_dataset, over
 * its one parallel-for): the CLI runs no threads of its own and only draws
 * the progress bar.  Every record writes only its own output slots, so the
 * output (printed afterwards in input order) never depends on the thread
 * count.
 */
#define _POSIX_C_SOURCE 200809L
#include "learn_common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char learn_data_help[] =
    "  --format F        input format: tsv, jsonl, liar, isot, fakenewsnet, clickbait,\n"
    "                    fakenewsamt (docs/learn.md); isot, fakenewsnet, clickbait,\n"
    "                    fakenewsamt read a directory\n"
    "  --liar-binary     LIAR: fold {pants-fire,false,barely-true} -> false, rest -> true\n"
    "  --skip-bad        skip malformed records (counted on stderr) instead of failing\n"
    "  --threads N       worker threads (default: all CPUs; results do not depend on it)\n";

const char learn_train_help[] =
    "  --strip-leaks     remove dataset artefacts first (datelines, outlet names, photo\n"
    "                    credits, links, title tags; docs/learn.md lists them exactly)\n"
    "  --cased           also a feature for each word as written when it has capitals\n"
    "                    (headline style: \"On\" vs \"on\")\n"
    "  --title-words     also each title word marked as a title word (t:word); the\n"
    "                    title is the text before the first blank line\n"
    "  --no-punct        no punctuation tokens (! ? : \" $ % ( , ;), words only: for\n"
    "                    corpora whose punctuation tells the label (FakeNewsAMT)\n"
    "  --analysis        add the analysis signals as features (headline clickbait score,\n"
    "                    sentence-class shares, attribution, anonymous sources, caps\n"
    "                    and exclamation rates; runs clean + analyze: much slower)\n"
    "  --word-ngrams N   1 (unigrams) or 2 (unigrams + bigrams, default)\n"
    "  --char-ngrams A-B add character n-grams of words, lengths A..B (e.g. 3-5)\n"
    "  --bits B          hash space 2^B, 12..30 (default 24)\n"
    "  --l2 X            L2 strength (default: tuned on --dev, else 1e-4)\n"
    "  --max-iter N      L-BFGS iterations per fit (default 200)\n"
    "  --min-df N        drop features seen in fewer than N training documents (1)\n"
    "  --max-features N  keep only the N most frequent features (default all)\n"
    "  --class-weight W  none (default) or balanced\n"
    "  --calib-frac F    share of training data held out to fit the temperature\n"
    "                    (default 0.1; 0 disables calibration)\n"
    "  --seed N          seed of the calibration split (default 1)\n";

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool parse_double(const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi))
        return false;
    *out = v;
    return true;
}

int learn_data_opt(const cli_global *g, int c, const char *arg, learn_data_opts *d)
{
    long v;
    switch (c) {
    case LO_FORMAT:
        if (cred_ds_format_parse(arg, &d->format)) {
            cli_error(g, "--format: unknown format '%s' (tsv, jsonl, liar, isot, "
                         "fakenewsnet, clickbait, fakenewsamt)", arg);
            return -1;
        }
        d->have_format = true;
        return 1;
    case LO_SKIP_BAD: d->read.skip_bad = 1; return 1;
    case LO_LIAR_BINARY: d->read.liar_binary = 1; return 1;
    case LO_THREADS:
        if (!parse_long(arg, 0, 64, &v)) {
            cli_error(g, "--threads: '%s' is not a number between 0 and 64", arg);
            return -1;
        }
        d->threads = (int)v;
        return 1;
    }
    return 0;
}

int learn_train_opt(const cli_global *g, int c, const char *arg, cred_train_opts *o)
{
    long v;
    double x;
    switch (c) {
    case LO_STRIP_LEAKS: o->feat.strip_leaks = 1; return 1;
    case LO_CASED: o->feat.cased = 1; return 1;
    case LO_ANALYSIS: o->feat.dense = 1; return 1;
    case LO_TITLE: o->feat.title = 1; return 1;
    case LO_NO_PUNCT: o->feat.no_punct = 1; return 1;
    case LO_WORD_NGRAMS:
        if (!parse_long(arg, 1, 2, &v)) {
            cli_error(g, "--word-ngrams: '%s' must be 1 or 2", arg);
            return -1;
        }
        o->feat.word_ngrams = (int)v;
        return 1;
    case LO_CHAR_NGRAMS: {
        char *end;
        long a = strtol(arg, &end, 10), b = a;
        if (*end == '-')
            b = strtol(end + 1, &end, 10);
        if (*end || a < 1 || b < a || b > 8) {
            cli_error(g, "--char-ngrams: '%s' is not a range like 3-5 within 1..8", arg);
            return -1;
        }
        o->feat.char_min = (int)a;
        o->feat.char_max = (int)b;
        return 1;
    }
    case LO_BITS:
        if (!parse_long(arg, 12, 30, &v)) {
            cli_error(g, "--bits: '%s' is not a number between 12 and 30", arg);
            return -1;
        }
        o->feat.hash_bits = (unsigned)v;
        return 1;
    case LO_L2:
        if (!parse_double(arg, 1e-12, 100, &x)) {
            cli_error(g, "--l2: '%s' is not a number in [1e-12, 100]", arg);
            return -1;
        }
        o->l2 = x;
        return 1;
    case LO_MAX_ITER:
        if (!parse_long(arg, 1, 100000, &v)) {
            cli_error(g, "--max-iter: '%s' is not a number between 1 and 100000", arg);
            return -1;
        }
        o->max_iter = (int)v;
        return 1;
    case LO_MIN_DF:
        if (!parse_long(arg, 1, 1000000, &v)) {
            cli_error(g, "--min-df: '%s' is not a positive number", arg);
            return -1;
        }
        o->min_df = (unsigned)v;
        return 1;
    case LO_MAX_FEATURES:
        if (!parse_long(arg, 1, 1L << 30, &v)) {
            cli_error(g, "--max-features: '%s' is not a positive number", arg);
            return -1;
        }
        o->max_features = (size_t)v;
        return 1;
    case LO_CLASS_WEIGHT:
        if (!strcmp(arg, "none"))
            o->class_weight = CRED_CW_NONE;
        else if (!strcmp(arg, "balanced"))
            o->class_weight = CRED_CW_BALANCED;
        else {
            cli_error(g, "--class-weight: '%s' is not none or balanced", arg);
            return -1;
        }
        return 1;
    case LO_CALIB:
        if (!parse_double(arg, 0, 0.49, &x)) {
            cli_error(g, "--calib-frac: '%s' is not a number in [0, 0.49]", arg);
            return -1;
        }
        o->calib_frac = x;
        return 1;
    case LO_SEED:
        if (!parse_long(arg, 0, 0x7fffffffL, &v)) {
            cli_error(g, "--seed: '%s' is not a non-negative number", arg);
            return -1;
        }
        o->seed = (unsigned)v;
        return 1;
    }
    return 0;
}

int learn_read(const cli_global *g, const learn_data_opts *d, char **files, int nfiles,
               cred_dataset *ds)
{
    for (int i = 0; i < nfiles; i++) {
        cred_error err = {0};
        cred_status st = cred_dataset_read(ds, d->format, files[i], &d->read, &err);
        if (st) {
            cli_error(g, "%s", err.msg);
            return cli_exit_for(st);
        }
    }
    if (ds->n_bad)
        fprintf(stderr, "%s: skipped %zu malformed record%s\n", g->prog, ds->n_bad,
                ds->n_bad == 1 ? "" : "s");
    return CLI_OK;
}

/* ---- parallel prediction ------------------------------------------------------- */

/* The progress bar: redrawn at most every 100 ms, and at the end. */
typedef struct bar {
    double last;
} bar;

static double mono_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void bar_draw(void *user, size_t d, size_t n)
{
    bar *b = user;
    double t = mono_sec();
    if (d < n && t - b->last < 0.1)
        return;
    b->last = t;
    int w = n ? (int)(40 * d / n) : 40;
    fprintf(stderr, "\r[%-40.*s] %zu/%zu", w, "########################################", d, n);
}

int learn_predict_all(const cli_global *g, const cred_ctx *ctx, const cred_model *m,
                      const cred_dataset *ds, int threads, bool progress, size_t top,
                      double *probs, size_t *best, cred_explanation *ex)
{
    cred_predict_opts o;
    cred_predict_opts_init(&o);
    o.threads = threads;
    o.top = top;
    bar b = {0};
    bool tty = progress && isatty(STDERR_FILENO);
    if (tty) {
        o.progress = bar_draw;
        o.progress_user = &b;
    }
    cred_error err = {0};
    cred_status st = cred_model_predict_dataset(ctx, m, ds, &o, probs, best, ex, NULL, &err);
    if (tty)
        fprintf(stderr, "\r%60s\r", "");
    if (st) {
        cli_error(g, "%s", err.msg);
        return cli_exit_for(st);
    }
    return CLI_OK;
}
