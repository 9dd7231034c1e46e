/*
 * credence/learn.h - datasets, features, linear models, calibration, metrics.
 *
 * The statistical core: read labelled documents from the common research
 * formats, turn each document into hashed n-gram features, train a
 * regularized logistic-regression model (binary or multinomial), calibrate
 * it, explain its predictions and measure it honestly.
 *
 *   cred_dataset    records {label, text[, title, id]} read from files
 *   cred_feat_opts  how text becomes features (docs/learn.md, "Features")
 *   cred_model      a trained model; saved as a versioned binary file that
 *                   is loaded with mmap (docs/learn.md, "Model file")
 *   cred_metrics    accuracy, macro-F1, per-class P/R/F1, AUC, log-loss, ECE
 *
 * A cred_model is immutable once trained or loaded: one model may be used by
 * any number of threads at once (with one cred_ctx).
 */
#ifndef CREDENCE_LEARN_H
#define CREDENCE_LEARN_H

#include "core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- datasets ---------------------------------------------------------- */

/* Dataset formats (docs/learn.md, "Formats"). */
typedef enum cred_ds_format {
    CRED_DS_TSV = 0,     /* label<TAB>text, text escapes \n \t \\ */
    CRED_DS_JSONL,       /* {"label":..,"text":..[,"title","url","id"]} per line */
    CRED_DS_LIAR,        /* LIAR's 14-column TSV: label col 2, statement col 3 */
    CRED_DS_ISOT,        /* directory with Fake.csv + True.csv (RFC 4180) */
    CRED_DS_FAKENEWSNET, /* FakeNewsNet v1 tree of per-article JSON files */
    CRED_DS_CLICKBAIT,   /* directory with clickbait_data + non_clickbait_data */
    CRED_DS_FAKENEWSAMT, /* directory with legit/ and fake/ .txt files (line 1: headline) */
    CRED_DS_CHECKTHAT19  /* CheckThat! 2019 task 1: line_no TAB speaker TAB text TAB label */
} cred_ds_format;

/* Parses a format name ("tsv", "jsonl", "liar", "isot", "fakenewsnet",
 * "clickbait", "fakenewsamt", "checkthat19"); CRED_EINVAL if unknown. */
CRED_API cred_status cred_ds_format_parse(const char *name, cred_ds_format *out);
CRED_API const char *cred_ds_format_name(cred_ds_format f);

/* One labelled document.  Strings are owned by the dataset and
 * NUL-terminated; `title`, `id` may be empty.  `file`/`line` say where the
 * record starts (for error messages and --json output). */
typedef struct cred_record {
    cred_str label;
    cred_str text;
    cred_str title;
    cred_str id;
    const char *file;
    size_t line;
} cred_record;

typedef struct cred_dataset {
    cred_record *recs;
    size_t n;
    size_t n_bad;      /* malformed records skipped (skip_bad) */
    void *priv__;      /* storage; do not touch */
} cred_dataset;

typedef struct cred_read_opts {
    int skip_bad;      /* skip and count malformed records instead of failing */
    int liar_binary;   /* LIAR: {pants-fire,false,barely-true} -> "false", rest "true" */
    size_t max_bytes;  /* per input file; 0: 1 GiB */
    void *reserved[8];  /* room to grow without an ABI break (docs/api.md):
                            zeroed by cred_read_opts_init, never touched by callers */
} cred_read_opts;

/* Fills `o` with the defaults (all zero: fail on a malformed record). */
CRED_API void cred_read_opts_init(cred_read_opts *o);

/* Reads `path` (a file, "-" for standard input, or a directory for isot,
 * fakenewsnet, clickbait and fakenewsamt) and appends its records to `ds` (which must be
 * zeroed before the first call).  A malformed record is an error
 * (CRED_EFORMAT, "file:line: what was wrong") unless opts->skip_bad. */
CRED_API cred_status cred_dataset_read(cred_dataset *ds, cred_ds_format fmt, const char *path,
                                       const cred_read_opts *opts, cred_error *err);
/* The same for a memory buffer of a single-file format (tsv, jsonl, liar, checkthat19);
 * `name` is used in messages.  The bytes are copied. */
CRED_API cred_status cred_dataset_read_mem(cred_dataset *ds, cred_ds_format fmt, const char *name,
                                           const char *buf, size_t n, const cred_read_opts *opts,
                                           cred_error *err);
CRED_API void cred_dataset_free(cred_dataset *ds);

/* Writes the dataset as the generic tsv format to `path` ("-": stdout). */
CRED_API cred_status cred_dataset_write_tsv(const cred_dataset *ds, const char *path,
                                            cred_error *err);

/* ---- features ---------------------------------------------------------- */

typedef struct cred_feat_opts {
    unsigned hash_bits;  /* feature space 2^bits (12..30); 0: 24 */
    int word_ngrams;     /* 1 or 2 (unigrams + bigrams); 0: 2 */
    int char_min;        /* character n-grams of words, min..max (0: off) */
    int char_max;
    int strip_leaks;     /* remove dataset artefacts first (data/learn/leaks.tsv) */
    int cased;           /* add the word as written when it has capitals ("On"):
                            headline style separates clickbait from news */
    int title;           /* also title words marked as such ("t:word") */
    int dense;           /* add the analysis signals (cred_clean + cred_analyze
                            per document: slower; docs/learn.md) */
    int no_punct;        /* no punctuation tokens (! ? : " $ % ( , ;): only
                            words; a bigram joins the words around them */
    void *reserved[7];  /* room to grow without an ABI break (docs/api.md):
                            zeroed by cred_train_opts_init, never touched by callers */
} cred_feat_opts;

/* Applies the --strip-leaks rules to `text`; returns a new string in *out. */
CRED_API cred_status cred_strip_leaks(const cred_ctx *ctx, const char *text, size_t n, char **out,
                                      size_t *out_n, cred_error *err);

/* ---- models ------------------------------------------------------------- */

typedef struct cred_model cred_model;

typedef enum cred_class_weight {
    CRED_CW_NONE = 0,
    CRED_CW_BALANCED /* weight n / (k * n_class) */
} cred_class_weight;

typedef struct cred_train_opts {
    cred_feat_opts feat;
    double l2;           /* L2 strength on the mean loss; 0: tuned on dev */
    int max_iter;        /* L-BFGS iterations; 0: 200 */
    unsigned seed;       /* splits (calibration part); same seed, same model */
    int threads;         /* 0: number of CPUs; results do not depend on it */
    cred_class_weight class_weight;
    double calib_frac;   /* share of train held out to fit the temperature
                            (default 0.1; 0: no calibration) */
    unsigned min_df;     /* drop features seen in fewer documents; 0: 1 */
    size_t max_features; /* keep the most frequent (by document count); 0: all */
    int verbose;         /* progress lines on stderr */
    void *reserved[8];  /* room to grow without an ABI break (docs/api.md):
                            zeroed by cred_train_opts_init, never touched by callers */
} cred_train_opts;

CRED_API void cred_train_opts_init(cred_train_opts *o);

/* What training did, for the report. */
typedef struct cred_train_report {
    double l2;               /* chosen */
    int iterations;
    size_t n_features;       /* kept in the model */
    double temperature;      /* 1 if not calibrated */
    double ece_before, ece_after; /* on the calibration part (-1: none) */
    double dev_accuracy;     /* -1 without dev */
    double seconds;
} cred_train_report;

/* Trains on `train` (labels become the classes, sorted), tuning l2 on `dev`
 * when o->l2 == 0 and dev is given (else l2 = 1e-4).  dev may be NULL. */
CRED_API cred_status cred_model_train(const cred_ctx *ctx, const cred_dataset *train,
                                      const cred_dataset *dev, const cred_train_opts *o,
                                      cred_model **out, cred_train_report *rep, cred_error *err);

CRED_API cred_status cred_model_save(const cred_model *m, const char *path, cred_error *err);
/* Loads with mmap; a corrupt or truncated file is CRED_EDATA naming the file
 * and the offset of the problem. */
CRED_API cred_status cred_model_load(const char *path, cred_model **out, cred_error *err);
/* The same from memory (the buffer must outlive the model). */
CRED_API cred_status cred_model_load_mem(const void *p, size_t n, const char *name,
                                         cred_model **out, cred_error *err);
CRED_API void cred_model_free(cred_model *m);

CRED_API size_t cred_model_n_classes(const cred_model *m);
CRED_API const char *cred_model_class(const cred_model *m, size_t i);
/* Index of class `label` or -1. */
CRED_API int cred_model_class_index(const cred_model *m, cred_str label);
CRED_API const cred_feat_opts *cred_model_feat(const cred_model *m);
CRED_API size_t cred_model_n_features(const cred_model *m);
CRED_API double cred_model_temperature(const cred_model *m);

/* One feature's contribution to a prediction. */
typedef struct cred_contrib {
    char *text;          /* the n-gram ("word", "two words", "#abc" char n-gram) */
    double value;        /* weight x feature value toward the predicted class */
    size_t start, end;   /* byte span in the text given to predict (first
                            occurrence); start == end when not mappable */
} cred_contrib;

typedef struct cred_explanation {
    cred_contrib *toward;  /* strongest first */
    size_t n_toward;
    cred_contrib *against;
    size_t n_against;
} cred_explanation;

/* Predicts: fills probs[cred_model_n_classes(m)] (calibrated) and returns the
 * arg-max class in *best.  With `ex` (may be NULL), also the top `top`
 * features toward and against the predicted class. */
CRED_API cred_status cred_model_predict(const cred_ctx *ctx, const cred_model *m, const char *text,
                                        size_t n, double *probs, size_t *best, cred_explanation *ex,
                                        size_t top, cred_error *err);
CRED_API void cred_explanation_free(cred_explanation *ex);

/* Batch prediction over threads (the library's parallel-for; front ends
 * run no threads of their own).  Called after each record with the number
 * done so far: calls never overlap, but may come from any of the batch's
 * threads, and stop at `total` even when a record fails. */
typedef void (*cred_progress_fn)(void *user, size_t done, size_t total);

typedef struct cred_predict_opts {
    int threads;               /* 0: number of CPUs; results do not depend on it */
    size_t top;                /* with ex: features per side of each explanation */
    cred_progress_fn progress; /* may be NULL */
    void *progress_user;       /* passed to progress */
    void *reserved[8];         /* room to grow without an ABI break (docs/api.md) */
} cred_predict_opts;

/* Fills `o` with the defaults (all CPUs, no explanations, no progress). */
CRED_API void cred_predict_opts_init(cred_predict_opts *o);

/* Predicts every record of `ds` (its text is the title, a blank line and the
 * text, as in training): probs[ds->n * k] and best[ds->n], k =
 * cred_model_n_classes(m); with `ex` (may be NULL) also ex[ds->n], o->top
 * features per side.  Output slots are per record, so the results are the
 * same for any thread count.  `o` may be NULL (defaults).  On failure,
 * returns the status of the first failing record in record order, with
 * err "FILE:LINE: message" and *bad_at (may be NULL) its index; other
 * records' slots are then unspecified. */
CRED_API cred_status cred_model_predict_dataset(const cred_ctx *ctx, const cred_model *m,
                                                const cred_dataset *ds,
                                                const cred_predict_opts *o, double *probs,
                                                size_t *best, cred_explanation *ex,
                                                size_t *bad_at, cred_error *err);

/* How much of a text a model knows: the out-of-domain check (docs/learn.md,
 * "Coverage").  Words are the featurizer's word tokens (with --strip-leaks
 * applied when the model was trained with it) that hold a letter. */
typedef struct cred_coverage {
    size_t n_words;        /* word tokens */
    size_t n_content;      /* distinct words not on data/learn/stopwords.txt */
    double coverage;       /* share of those distinct content words that are
                              features of the model (0 when there are none) */
    double stopword_share; /* share of word tokens on data/learn/stopwords.txt:
                              English news ~0.4, other languages ~0 */
} cred_coverage;

CRED_API cred_status cred_model_coverage(const cred_ctx *ctx, const cred_model *m,
                                         const char *text, size_t n, cred_coverage *out,
                                         cred_error *err);

struct cred_doc; /* credence/text.h */

/* cred_model_predict and cred_model_coverage at once, for a document the
 * pipeline has cleaned (cred_clean, cred_extract): the text is featurized once
 * instead of twice, and the featurizer's repair step (cred_fix_text with
 * CRED_FIX_UNCURL_QUOTES) is skipped when it provably could only straighten
 * quotes, which is then done directly.  The results are exactly those of
 * cred_model_predict(ctx, m, doc->text, doc->text_len, probs, best, ex, top)
 * and cred_model_coverage(ctx, m, doc->text, doc->text_len, cov): spans in
 * `ex` are byte spans of doc->text.  `best`, `ex` and `cov` may be NULL. */
CRED_API cred_status cred_model_predict_doc(const cred_ctx *ctx, const cred_model *m,
                                            const struct cred_doc *doc, double *probs,
                                            size_t *best, cred_explanation *ex, size_t top,
                                            cred_coverage *cov, cred_error *err);

/* ---- metrics ------------------------------------------------------------ */

typedef struct cred_metrics {
    size_t n, k;
    double accuracy, macro_f1, log_loss, ece;
    double auc;           /* binary only (class 1 positive); -1 otherwise */
    double *precision, *recall, *f1; /* [k] */
    size_t *support;      /* [k] gold count */
    size_t *confusion;    /* [k*k], row gold, column predicted */
} cred_metrics;

/* gold[i] in 0..k-1 (or -1: unknown label, counted as wrong); probs is n*k. */
CRED_API cred_status cred_metrics_compute(size_t n, size_t k, const int *gold, const double *probs,
                                          cred_metrics *out, cred_error *err);
CRED_API void cred_metrics_free(cred_metrics *m);
/* Expected calibration error with 15 equal-width bins over max probability. */
CRED_API double cred_ece(size_t n, size_t k, const int *gold, const double *probs);

#ifdef __cplusplus
}
#endif
#endif /* CREDENCE_LEARN_H */
