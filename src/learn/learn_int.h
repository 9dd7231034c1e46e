/*
 * learn_int.h - internals shared by the learning modules (src/learn/).
 *
 *   readers.c   datasets
 *   features.c  text -> hashed feature ids (+ --strip-leaks rules)
 *   model.c     training (L-BFGS, threads), prediction, explanations
 *   modelfile.c the binary model format (save, mmap load, checksum)
 *   metrics.c   accuracy, F1, AUC, log-loss, ECE
 */
#ifndef CRED_LEARN_INT_H
#define CRED_LEARN_INT_H

#include "internal.h"
#include "credence/learn.h"

/* Reads a whole file ("-": stdin) with a size limit. */
cred_status cred__learn_read_file(const char *path, size_t limit, char **out, size_t *n,
                                  cred_error *err);
/* Appends a record to ds (strings copied; readers.c). */
cred_status cred__ds_add(cred_dataset *ds, cred_str label, cred_str text, cred_str title,
                         cred_str id, const char *file, size_t line, cred_error *err);
/* title + "\n\n" + text (or just text) appended to b. */
cred_status cred__record_fulltext(const cred_record *r, cred__buf *b);

/* ---- features ---------------------------------------------------------- */

/* The featurizer's version, recorded in every model file (modelfile.c,
 * docs/learn.md "Model file").  Bump it with any change to what
 * features.c produces for a text (tokens, lower-casing, hashing, n-grams,
 * dense features): a model from another version is refused at load, since
 * its weights would meet features they were not trained on. */
#define CRED__FEATURIZER_VERSION 1u

/* Compiled --strip-leaks rules (ctx->learn). */
struct cred__learndata;
cred_status cred__learn_load(cred_ctx *ctx, cred_error *err);
void cred__learn_free(struct cred__learndata *d);

/* One feature occurrence (explanations keep where it came from). */
typedef struct cred__featocc {
    uint32_t id;           /* feature id in [1, 2^bits] (0 never used) */
    uint32_t start, end;   /* byte span in the normalized text */
    uint8_t kind;          /* 0 word, 1 bigram, 2 char n-gram */
} cred__featocc;

typedef CRED__VEC(uint32_t) cred__u32vec;
typedef CRED__VEC(cred__featocc) cred__occvec;

/* Dense features from the analysis module (fo->dense): values in [0, 1],
 * stored in the model under ids 2^bits + 1 + j, not TF-IDF weighted and not
 * part of the L2 norm of the n-gram part. */
#define CRED__N_DENSE 16
extern const char *const cred__dense_names[CRED__N_DENSE];
static inline uint32_t cred__dense_id(unsigned bits, int j)
{
    return (uint32_t)((1u << bits) + 1u + (unsigned)j);
}

/* Normalizes `text` (repair, optional leak stripping) into `norm` and emits
 * the feature ids of every occurrence into `ids` (unsorted, repeats kept).
 * With `occ`, also spans.  norm may be reused between calls. */
cred_status cred__featurize(const cred_ctx *ctx, const cred_feat_opts *fo, const char *text,
                            size_t n, cred__buf *norm, cred__u32vec *ids, cred__occvec *occ,
                            cred_error *err);
/* The same for the text of a cred_doc (cleaned by the pipeline): the same
 * result, but the repair step is skipped where cred__fix_fast_only shows it
 * would only straighten quotes (cred_model_predict_doc). */
cred_status cred__featurize_clean(const cred_ctx *ctx, const cred_feat_opts *fo, const char *text,
                                  size_t n, cred__buf *norm, cred__u32vec *ids, cred__occvec *occ,
                                  cred_error *err);
/* The dense analysis features of `text` (cred_clean + cred_analyze). */
cred_status cred__dense_features(const cred_ctx *ctx, const char *text, size_t n,
                                 double dense[CRED__N_DENSE], cred_error *err);
/* Whether the word w[0..n) is on data/learn/stopwords.txt (ASCII case folded). */
bool cred__learn_is_stopword(const cred_ctx *ctx, const char *w, size_t n);
/* Lower-cased tokens of norm[s..e) joined by spaces (malloc'd; for explanations). */
char *cred__span_tokens(const char *norm, size_t s, size_t e);
/* Fills defaults (bits 24, word_ngrams 2). */
void cred__feat_defaults(cred_feat_opts *fo);

/* ---- model --------------------------------------------------------------- */

/* In-memory model: either owned arrays (trained) or views into a mapping. */
struct cred_model {
    cred_feat_opts feat;
    uint32_t k;            /* classes */
    uint32_t cols;         /* weight columns: 1 when k == 2 (logistic), else k */
    char **labels;         /* k owned strings */
    float temperature;
    uint32_t cap;          /* hash table slots (power of two) */
    uint32_t n_features;
    const uint32_t *keys;  /* [cap] feature id or 0 */
    const float *idf;      /* [cap] */
    const float *w;        /* [cap * cols] */
    const float *bias;     /* [cols] */
    void *owned;           /* malloc'd block holding the arrays (trained/loaded copy) */
    void *map;             /* mmap base, or NULL */
    size_t map_len;
};

/* Slot of feature `id` or UINT32_MAX. */
static inline uint32_t cred__model_find(const cred_model *m, uint32_t id)
{
    uint32_t mask = m->cap - 1, h = (id * 2654435761u) & mask;
    for (uint32_t probe = 0; probe < m->cap; probe++) {
        uint32_t k = m->keys[h];
        if (k == id)
            return h;
        if (k == 0)
            return UINT32_MAX;
        h = (h + 1) & mask;
    }
    return UINT32_MAX;
}

/* CRC-32 (IEEE) for the model file. */
uint32_t cred__crc32(uint32_t crc, const void *p, size_t n);

#endif
