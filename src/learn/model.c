/*
 * model.c - training, prediction and explanations of linear models.
 *
 * What it does: binary logistic regression (2 classes, one weight column)
 * and multinomial softmax regression (k > 2), L2-regularized, on TF-IDF
 * weighted hashed n-grams: value = (1 + ln tf) * idf, idf = ln((1+N)/(1+df))
 * + 1 from the training documents, each document scaled to unit L2 norm;
 * features seen in fewer than min_df training documents are dropped, and
 * unknown features are ignored at prediction (as a fixed vocabulary would).
 *
 * Optimizer: full-batch L-BFGS (memory 8) with a backtracking Armijo line
 * search on the mean (class-weighted) log-loss + l2/2 |w|^2 (bias not
 * penalized).  The problem is convex, so the result does not depend on
 * example order or on a learning-rate schedule; with a dev set, l2 is chosen
 * from a grid (3e-3 .. 1e-8, warm-started from the strongest) by dev
 * accuracy (ties: dev log-loss), i.e. early stopping along the
 * regularization path: the path stops after two steps without a better dev
 * score.  A fit stops when the objective improved by less than 1e-6
 * (relative) three times in a row, or after max_iter iterations.
 *
 * Threads: each function evaluation runs two parallel phases: per document
 * (scores, loss, residual; each document writes its own slot) and per
 * feature (gradient = sum over the feature's documents in index order, from
 * a column-major copy of the data).  No value is ever summed across threads,
 * so results are bit-identical for any thread count (test_learn checks 1 vs
 * 3 threads).
 *
 * Calibration: temperature scaling (Guo et al. 2017).  calib_frac of the
 * training set (stratified, shuffled with the seed) is held out; the model
 * trained on the rest scores it and T minimizes its log-loss (golden-section
 * search on ln T); ECE before/after is measured there.  The final model is
 * then retrained on all training data with the same l2 and keeps T.
 *
 * What it does not: no L1 (OWL-QN) yet, no online/streaming training (the
 * data set is in memory: a few hundred MB of text at most).
 */
#include "learn/learn_int.h"
#include "parallel.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

void cred_train_opts_init(cred_train_opts *o)
{
    memset(o, 0, sizeof *o);
    cred__feat_defaults(&o->feat);
    o->calib_frac = 0.1;
    o->seed = 1;
}

/* ---- small helpers -------------------------------------------------------------- */

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int n_threads(int want)
{
    if (want > 0)
        return want > 64 ? 64 : want;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Runs fn over [0, n) in chunks on `threads` threads (cred__parallel_range,
 * the tree's one parallel-for).  Every item must write only its own outputs,
 * so the split never changes results.  Chunks of at least 64 items, about 8
 * per thread: the items here (a document's scores, a feature's gradient) are
 * cheap, and fewer than 64 run on the calling thread. */
static void parallel(int threads, size_t n,
                     void (*fn)(void *arg, unsigned worker, size_t from, size_t to), void *arg)
{
    size_t t = threads > 1 ? (size_t)threads : 1;
    size_t grain = n / (t * 8);
    cred__parallel_range(n, (unsigned)t, grain < 64 ? 64 : grain, fn, arg);
}

/* Sorts u32: insertion sort for short arrays, else LSD radix sort with four
 * 8-bit passes (small count tables: a document has tens to thousands of
 * ids, and clearing two 64K-entry tables per document dominated predict
 * time in a profile).  tmp has n slots. */
static void sort_u32(uint32_t *a, uint32_t *tmp, size_t n)
{
    if (n < 48) {
        for (size_t i = 1; i < n; i++) {
            uint32_t v = a[i];
            size_t j = i;
            while (j && a[j - 1] > v) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = v;
        }
        return;
    }
    uint32_t *src = a, *dst = tmp;
    for (int sh = 0; sh < 32; sh += 8) {
        size_t cnt[257] = {0};
        for (size_t i = 0; i < n; i++)
            cnt[((src[i] >> sh) & 0xff) + 1]++;
        for (int i = 1; i < 257; i++)
            cnt[i] += cnt[i - 1];
        for (size_t i = 0; i < n; i++)
            dst[cnt[(src[i] >> sh) & 0xff]++] = src[i];
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    /* four passes: the result is back in a */
}

/* ---- per-document featurization --------------------------------------------------- */

/* A document's distinct ids and their counts. */
typedef struct docfeat {
    uint32_t *ids;
    float *tf;
    uint32_t n;
    float dense[CRED__N_DENSE]; /* analysis features (feat.dense) */
} docfeat;

/* A featurizing worker's buffers, kept across its documents. */
typedef struct feat_scratch {
    cred__buf full, norm;
    cred__u32vec ids, tmp;
} feat_scratch;

typedef struct feat_job {
    const cred_ctx *ctx;
    const cred_feat_opts *fo;
    const cred_dataset *ds;
    docfeat *out;
    cred_status *st;     /* per document */
    cred_error *errs;    /* per document (only filled on failure) */
    feat_scratch *scratch; /* per worker */
} feat_job;

static cred_status doc_features(const cred_ctx *ctx, const cred_feat_opts *fo,
                                const cred_record *r, cred__buf *full, cred__buf *norm,
                                cred__u32vec *ids, cred__u32vec *tmp, docfeat *out,
                                cred_error *err)
{
    full->n = 0;
    ids->n = 0;
    cred__record_fulltext(r, full);
    if (full->oom)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    cred_status st = cred__featurize(ctx, fo, full->p ? full->p : "", full->n, norm, ids, NULL, err);
    if (st)
        return st;
    size_t n = ids->n;
    if (tmp->cap < n) {
        uint32_t *t = realloc(tmp->v, n * sizeof *t);
        if (!t)
            return cred__err(err, CRED_ENOMEM, "out of memory");
        tmp->v = t;
        tmp->cap = n;
    }
    sort_u32(ids->v, tmp->v, n);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        u += !i || ids->v[i] != ids->v[i - 1];
    out->ids = malloc((u ? u : 1) * sizeof *out->ids);
    out->tf = malloc((u ? u : 1) * sizeof *out->tf);
    if (!out->ids || !out->tf)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    out->n = 0;
    for (size_t i = 0; i < n; i++) {
        if (!i || ids->v[i] != ids->v[i - 1]) {
            out->ids[out->n] = ids->v[i];
            out->tf[out->n++] = 1;
        } else {
            out->tf[out->n - 1] += 1;
        }
    }
    if (fo->dense) {
        double dv[CRED__N_DENSE];
        st = cred__dense_features(ctx, full->p ? full->p : "", full->n, dv, err);
        if (st)
            return st;
        for (int j = 0; j < CRED__N_DENSE; j++)
            out->dense[j] = (float)dv[j];
    }
    return CRED_OK;
}

static void feat_range(void *arg, unsigned worker, size_t from, size_t to)
{
    feat_job *j = arg;
    feat_scratch *s = &j->scratch[worker];
    for (size_t i = from; i < to; i++)
        j->st[i] = doc_features(j->ctx, j->fo, &j->ds->recs[i], &s->full, &s->norm, &s->ids,
                                &s->tmp, &j->out[i], &j->errs[i]);
}

static void docfeats_free(docfeat *d, size_t n)
{
    if (!d)
        return;
    for (size_t i = 0; i < n; i++) {
        free(d[i].ids);
        free(d[i].tf);
    }
    free(d);
}

static cred_status featurize_all(const cred_ctx *ctx, const cred_feat_opts *fo,
                                 const cred_dataset *ds, int threads, docfeat **out,
                                 cred_error *err)
{
    size_t n = ds->n;
    docfeat *d = calloc(n ? n : 1, sizeof *d);
    cred_status *st = calloc(n ? n : 1, sizeof *st);
    cred_error *errs = calloc(n ? n : 1, sizeof *errs);
    /* a document is milliseconds: one at a time (grain 1) */
    unsigned nw = cred__parallel_workers(n, (unsigned)threads, 1);
    feat_scratch *sc = calloc(nw, sizeof *sc);
    if (!d || !st || !errs || !sc) {
        free(d);
        free(st);
        free(errs);
        free(sc);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    feat_job j = {ctx, fo, ds, d, st, errs, sc};
    cred__parallel_range(n, (unsigned)threads, 1, feat_range, &j);
    for (unsigned w = 0; w < nw; w++) {
        cred__buf_free(&sc[w].full);
        cred__buf_free(&sc[w].norm);
        free(sc[w].ids.v);
        free(sc[w].tmp.v);
    }
    free(sc);
    cred_status r = CRED_OK;
    for (size_t i = 0; i < n; i++)
        if (st[i]) {
            r = cred__err(err, st[i], "%s:%zu: %s", ds->recs[i].file, ds->recs[i].line,
                          errs[i].msg);
            break;
        }
    free(st);
    free(errs);
    if (r) {
        docfeats_free(d, n);
        return r;
    }
    *out = d;
    return CRED_OK;
}

/* ---- vocabulary ------------------------------------------------------------------------ */

typedef struct vocab {
    uint32_t cap;    /* power of two */
    uint32_t *keys;  /* feature id or 0 */
    uint32_t *val;   /* df while counting, then compact index (or UINT32_MAX: dropped) */
    uint32_t n;      /* keys in use */
} vocab;

static inline uint32_t vslot(const vocab *v, uint32_t id)
{
    uint32_t mask = v->cap - 1, h = (id * 2654435761u) & mask;
    while (v->keys[h] && v->keys[h] != id)
        h = (h + 1) & mask;
    return h;
}

static bool vocab_grow(vocab *v)
{
    vocab nv = {v->cap ? v->cap * 2 : 1024, NULL, NULL, 0};
    nv.keys = calloc(nv.cap, sizeof *nv.keys);
    nv.val = calloc(nv.cap, sizeof *nv.val);
    if (!nv.keys || !nv.val) {
        free(nv.keys);
        free(nv.val);
        return false;
    }
    for (uint32_t i = 0; i < v->cap; i++)
        if (v->keys[i]) {
            uint32_t s = vslot(&nv, v->keys[i]);
            nv.keys[s] = v->keys[i];
            nv.val[s] = v->val[i];
            nv.n++;
        }
    free(v->keys);
    free(v->val);
    *v = nv;
    return true;
}

static uint32_t vocab_get(const vocab *v, uint32_t id)
{
    if (!v->cap)
        return UINT32_MAX;
    uint32_t s = vslot(v, id);
    return v->keys[s] ? v->val[s] : UINT32_MAX;
}

typedef struct idcount {
    uint32_t id, df;
} idcount;

static int cmp_idcount_df(const void *a, const void *b)
{
    const idcount *x = a, *y = b;
    if (x->df != y->df)
        return x->df < y->df ? 1 : -1;
    return (x->id > y->id) - (x->id < y->id);
}

static int cmp_idcount_id(const void *a, const void *b)
{
    const idcount *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* ---- the training problem ---------------------------------------------------------------- */

typedef struct csr {
    size_t n;
    size_t *rp;      /* [n+1] */
    uint32_t *col;
    float *val;
} csr;

static void csr_free(csr *m)
{
    free(m->rp);
    free(m->col);
    free(m->val);
    memset(m, 0, sizeof *m);
}

/* TF-IDF, unit norm, over the vocabulary; unknown ids dropped.  With
 * dense_base != UINT32_MAX the dense features follow as columns
 * dense_base + j (raw values, outside the norm). */
static bool build_csr(const docfeat *d, size_t n, const vocab *v, const float *idf,
                      uint32_t dense_base, csr *m)
{
    m->n = n;
    m->rp = malloc((n + 1) * sizeof *m->rp);
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++)
        nnz += d[i].n + (dense_base != UINT32_MAX ? CRED__N_DENSE : 0);
    m->col = malloc((nnz ? nnz : 1) * sizeof *m->col);
    m->val = malloc((nnz ? nnz : 1) * sizeof *m->val);
    if (!m->rp || !m->col || !m->val)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        m->rp[i] = k;
        double norm = 0;
        size_t start = k;
        for (uint32_t q = 0; q < d[i].n; q++) {
            uint32_t c = vocab_get(v, d[i].ids[q]);
            if (c == UINT32_MAX)
                continue;
            double x = (1.0 + log(d[i].tf[q])) * idf[c];
            m->col[k] = c;
            m->val[k] = (float)x;
            norm += x * x;
            k++;
        }
        if (norm > 0) {
            double s = 1.0 / sqrt(norm);
            for (size_t q = start; q < k; q++)
                m->val[q] = (float)(m->val[q] * s);
        }
        if (dense_base != UINT32_MAX)
            for (int j = 0; j < CRED__N_DENSE; j++)
                if (d[i].dense[j] != 0) {
                    m->col[k] = dense_base + (uint32_t)j;
                    m->val[k++] = d[i].dense[j];
                }
    }
    m->rp[n] = k;
    return true;
}

/* A training problem over rows `rows` of a csr (column-major copy for gradients). */
typedef struct problem {
    const csr *x;
    const size_t *rows;  /* local doc -> row of x */
    size_t n;            /* local docs */
    uint32_t d, cols;    /* features, weight columns */
    const int *y;        /* per row of x */
    double *sw;          /* per local doc, sums to 1 */
    size_t *cp;          /* [d+1] column pointers */
    uint32_t *ci;        /* local doc index */
    float *cv;
    double l2;
    int threads;
    /* scratch */
    double *loss, *res;  /* [n], [n*cols] */
    const double *theta;
    double *grad;
} problem;

static void problem_free(problem *p)
{
    free(p->sw);
    free(p->cp);
    free(p->ci);
    free(p->cv);
    free(p->loss);
    free(p->res);
}

static bool problem_init(problem *p, const csr *x, const size_t *rows, size_t n, uint32_t d,
                         uint32_t k, const int *y, const double *class_w, int threads)
{
    memset(p, 0, sizeof *p);
    p->x = x;
    p->rows = rows;
    p->n = n;
    p->d = d;
    p->cols = k == 2 ? 1 : k;
    p->y = y;
    p->threads = threads;
    p->sw = malloc((n ? n : 1) * sizeof *p->sw);
    p->cp = calloc((size_t)d + 1, sizeof *p->cp);
    p->loss = malloc((n ? n : 1) * sizeof *p->loss);
    p->res = malloc((n ? n : 1) * p->cols * sizeof *p->res);
    if (!p->sw || !p->cp || !p->loss || !p->res)
        return false;
    double tot = 0;
    for (size_t i = 0; i < n; i++)
        tot += class_w[y[rows[i]]];
    for (size_t i = 0; i < n; i++)
        p->sw[i] = class_w[y[rows[i]]] / (tot > 0 ? tot : 1);
    size_t nnz = 0;
    for (size_t i = 0; i < n; i++) {
        size_t r = rows[i];
        for (size_t q = x->rp[r]; q < x->rp[r + 1]; q++)
            p->cp[x->col[q] + 1]++;
        nnz += x->rp[r + 1] - x->rp[r];
    }
    for (uint32_t j = 0; j < d; j++)
        p->cp[j + 1] += p->cp[j];
    p->ci = malloc((nnz ? nnz : 1) * sizeof *p->ci);
    p->cv = malloc((nnz ? nnz : 1) * sizeof *p->cv);
    size_t *fill = malloc(((size_t)d + 1) * sizeof *fill);
    if (!p->ci || !p->cv || !fill) {
        free(fill);
        return false;
    }
    memcpy(fill, p->cp, ((size_t)d + 1) * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        size_t r = rows[i];
        for (size_t q = x->rp[r]; q < x->rp[r + 1]; q++) {
            size_t at = fill[x->col[q]]++;
            p->ci[at] = (uint32_t)i;
            p->cv[at] = x->val[q];
        }
    }
    free(fill);
    return true;
}

/* Scores of row r: z[c] = bias[c] + sum x w. theta layout: [d*cols] then bias[cols]. */
static void scores(const csr *x, size_t r, const double *theta, uint32_t d, uint32_t cols,
                   double *z)
{
    const double *b = theta + (size_t)d * cols;
    for (uint32_t c = 0; c < cols; c++)
        z[c] = b[c];
    for (size_t q = x->rp[r]; q < x->rp[r + 1]; q++) {
        const double *w = theta + (size_t)x->col[q] * cols;
        double v = x->val[q];
        for (uint32_t c = 0; c < cols; c++)
            z[c] += v * w[c];
    }
}

/* Probabilities from scores (binary: cols == 1, p[1] = sigmoid(z/T)). */
static void probs_from(const double *z, uint32_t k, double T, double *p)
{
    if (k == 2) {
        double s = z[0] / T;
        double p1 = s >= 0 ? 1.0 / (1.0 + exp(-s)) : exp(s) / (1.0 + exp(s));
        p[0] = 1 - p1;
        p[1] = p1;
        return;
    }
    double mx = z[0] / T;
    for (uint32_t c = 1; c < k; c++)
        if (z[c] / T > mx)
            mx = z[c] / T;
    double s = 0;
    for (uint32_t c = 0; c < k; c++)
        s += (p[c] = exp(z[c] / T - mx));
    for (uint32_t c = 0; c < k; c++)
        p[c] /= s;
}

static void phase_docs(void *arg, unsigned worker, size_t from, size_t to)
{
    (void)worker;
    problem *p = arg;
    double z[256], pr[256];
    uint32_t k = p->cols == 1 ? 2 : p->cols;
    for (size_t i = from; i < to; i++) {
        size_t r = p->rows[i];
        scores(p->x, r, p->theta, p->d, p->cols, z);
        int y = p->y[r];
        double w = p->sw[i];
        if (p->cols == 1) {
            double s = z[0];
            /* log(1 + e^s) - y s, stably */
            double l = (s > 0 ? s + log1p(exp(-s)) : log1p(exp(s))) - (y == 1 ? s : 0);
            double pr1 = s >= 0 ? 1.0 / (1.0 + exp(-s)) : exp(s) / (1.0 + exp(s));
            p->loss[i] = w * l;
            p->res[i] = w * (pr1 - (y == 1));
        } else {
            probs_from(z, k, 1.0, pr);
            double q = pr[y] < 1e-300 ? 1e-300 : pr[y];
            p->loss[i] = -w * log(q);
            for (uint32_t c = 0; c < k; c++)
                p->res[i * k + c] = w * (pr[c] - ((int)c == y));
        }
    }
}

static void phase_feats(void *arg, unsigned worker, size_t from, size_t to)
{
    (void)worker;
    problem *p = arg;
    uint32_t C = p->cols;
    for (size_t j = from; j < to; j++) {
        double g[256] = {0};
        for (size_t q = p->cp[j]; q < p->cp[j + 1]; q++) {
            const double *r = p->res + (size_t)p->ci[q] * C;
            double v = p->cv[q];
            for (uint32_t c = 0; c < C; c++)
                g[c] += v * r[c];
        }
        const double *w = p->theta + j * C;
        for (uint32_t c = 0; c < C; c++)
            p->grad[j * C + c] = g[c] + p->l2 * w[c];
    }
}

/* f(theta) and its gradient. */
static double evaluate(problem *p, const double *theta, double *grad)
{
    p->theta = theta;
    p->grad = grad;
    parallel(p->threads, p->n, phase_docs, p);
    parallel(p->threads, p->d, phase_feats, p);
    uint32_t C = p->cols;
    double f = 0;
    for (size_t i = 0; i < p->n; i++)
        f += p->loss[i];
    double *gb = grad + (size_t)p->d * C;
    for (uint32_t c = 0; c < C; c++)
        gb[c] = 0;
    for (size_t i = 0; i < p->n; i++)
        for (uint32_t c = 0; c < C; c++)
            gb[c] += p->res[i * C + c];
    double reg = 0;
    for (size_t j = 0; j < (size_t)p->d * C; j++)
        reg += theta[j] * theta[j];
    return f + 0.5 * p->l2 * reg;
}

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

/* L-BFGS from theta (warm start); returns iterations or -1 on OOM. */
static int lbfgs(problem *p, double *theta, int max_iter, int verbose)
{
    enum { M = 8 };
    size_t np = ((size_t)p->d + 1) * p->cols;
    double *g = malloc(np * sizeof *g), *gn = malloc(np * sizeof *gn),
           *xn = malloc(np * sizeof *xn), *dir = malloc(np * sizeof *dir);
    double *S = malloc(M * np * sizeof *S), *Y = malloc(M * np * sizeof *Y);
    double rho[M], alpha[M];
    int it = -1;
    if (!g || !gn || !xn || !dir || !S || !Y)
        goto done;
    double f = evaluate(p, theta, g);
    int mem = 0, head = 0, small = 0;
    for (it = 0; it < max_iter; it++) {
        double gnorm = sqrt(dot(g, g, np));
        if (gnorm < 1e-7)
            break;
        /* two-loop recursion */
        for (size_t i = 0; i < np; i++)
            dir[i] = -g[i];
        for (int q = 0; q < mem; q++) {
            int k = (head - 1 - q + M) % M;
            alpha[k] = rho[k] * dot(S + (size_t)k * np, dir, np);
            for (size_t i = 0; i < np; i++)
                dir[i] -= alpha[k] * Y[(size_t)k * np + i];
        }
        if (mem) {
            int k = (head - 1 + M) % M;
            double gamma = dot(S + (size_t)k * np, Y + (size_t)k * np, np) /
                           dot(Y + (size_t)k * np, Y + (size_t)k * np, np);
            for (size_t i = 0; i < np; i++)
                dir[i] *= gamma;
        } else {
            for (size_t i = 0; i < np; i++)
                dir[i] /= gnorm;
        }
        for (int q = mem - 1; q >= 0; q--) {
            int k = (head - 1 - q + M) % M;
            double beta = rho[k] * dot(Y + (size_t)k * np, dir, np);
            for (size_t i = 0; i < np; i++)
                dir[i] += S[(size_t)k * np + i] * (alpha[k] - beta);
        }
        double gd = dot(g, dir, np);
        if (gd >= 0) { /* not a descent direction: restart */
            mem = 0;
            for (size_t i = 0; i < np; i++)
                dir[i] = -g[i] / gnorm;
            gd = -gnorm;
        }
        double step = 1, fn = f;
        int ls;
        for (ls = 0; ls < 40; ls++) {
            for (size_t i = 0; i < np; i++)
                xn[i] = theta[i] + step * dir[i];
            fn = evaluate(p, xn, gn);
            if (fn <= f + 1e-4 * step * gd)
                break;
            step *= 0.5;
        }
        if (ls == 40)
            break; /* no progress possible */
        double *s = S + (size_t)head * np, *y = Y + (size_t)head * np;
        for (size_t i = 0; i < np; i++) {
            s[i] = xn[i] - theta[i];
            y[i] = gn[i] - g[i];
        }
        double sy = dot(s, y, np);
        if (sy > 1e-12) {
            rho[head] = 1.0 / sy;
            head = (head + 1) % M;
            if (mem < M)
                mem++;
        }
        memcpy(theta, xn, np * sizeof *theta);
        memcpy(g, gn, np * sizeof *g);
        double rel = (f - fn) / (fabs(f) > 1e-12 ? fabs(f) : 1e-12);
        f = fn;
        if (verbose)
            fprintf(stderr, "  iter %d  f %.6f  |g| %.2e\n", it + 1, f, gnorm);
        small = rel < 1e-6 ? small + 1 : 0;
        if (small >= 3) {
            it++;
            break;
        }
    }
done:
    free(g);
    free(gn);
    free(xn);
    free(dir);
    free(S);
    free(Y);
    return it;
}

/* ---- scoring helpers ------------------------------------------------------------------------- */

static void predict_rows(const csr *x, const size_t *rows, size_t n, const double *theta,
                         uint32_t d, uint32_t k, double T, double *probs, double *rawz)
{
    uint32_t cols = k == 2 ? 1 : k;
    double z[256];
    for (size_t i = 0; i < n; i++) {
        size_t r = rows ? rows[i] : i;
        scores(x, r, theta, d, cols, z);
        if (rawz)
            memcpy(rawz + i * cols, z, cols * sizeof *z);
        probs_from(z, k, T, probs + i * k);
    }
}

static double nll_at(const double *z, const int *y, size_t n, uint32_t k, double T)
{
    uint32_t cols = k == 2 ? 1 : k;
    double p[256], s = 0;
    for (size_t i = 0; i < n; i++) {
        probs_from(z + i * cols, k, T, p);
        double q = p[y[i]] < 1e-15 ? 1e-15 : p[y[i]];
        s -= log(q);
    }
    return s;
}

/* Golden-section search of ln T in [-3, 3]. */
static double fit_temperature(const double *z, const int *y, size_t n, uint32_t k)
{
    double a = -3, b = 3, gr = (sqrt(5.0) - 1) / 2;
    double c = b - gr * (b - a), d = a + gr * (b - a);
    double fc = nll_at(z, y, n, k, exp(c)), fd = nll_at(z, y, n, k, exp(d));
    for (int i = 0; i < 60; i++) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - gr * (b - a);
            fc = nll_at(z, y, n, k, exp(c));
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + gr * (b - a);
            fd = nll_at(z, y, n, k, exp(d));
        }
    }
    return exp((a + b) / 2);
}

/* Deterministic PRNG (splitmix64). */
static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* ---- training entry point ------------------------------------------------------------------- */

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Builds the model object from theta over the vocabulary. */
static cred_status make_model(const cred_feat_opts *fo, char **labels, uint32_t k,
                              const idcount *feats, uint32_t d, const float *idf,
                              const double *theta, double T, cred_model **out, cred_error *err)
{
    uint32_t cols = k == 2 ? 1 : k;
    uint32_t cap = 16;
    while (cap < d + d / 2 + 1)
        cap *= 2;
    size_t bytes = (size_t)cap * 4 + (size_t)cap * 4 + (size_t)cap * cols * 4 + (size_t)cols * 4;
    cred_model *m = calloc(1, sizeof *m);
    void *blk = calloc(1, bytes);
    if (!m || !blk) {
        free(m);
        free(blk);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    uint32_t *keys = blk;
    float *fidf = (float *)(keys + cap);
    float *w = fidf + cap;
    float *bias = w + (size_t)cap * cols;
    m->feat = *fo;
    m->k = k;
    m->cols = cols;
    m->labels = labels;
    m->temperature = (float)T;
    m->cap = cap;
    m->n_features = d;
    m->keys = keys;
    m->idf = fidf;
    m->w = w;
    m->bias = bias;
    m->owned = blk;
    for (uint32_t j = 0; j < d; j++) {
        uint32_t id = feats[j].id, mask = cap - 1, h = (id * 2654435761u) & mask;
        while (keys[h])
            h = (h + 1) & mask;
        keys[h] = id;
        fidf[h] = idf[j];
        for (uint32_t c = 0; c < cols; c++)
            w[(size_t)h * cols + c] = (float)theta[(size_t)j * cols + c];
    }
    for (uint32_t c = 0; c < cols; c++)
        bias[c] = (float)theta[(size_t)d * cols + c];
    *out = m;
    return CRED_OK;
}

cred_status cred_model_train(const cred_ctx *ctx, const cred_dataset *train,
                             const cred_dataset *dev, const cred_train_opts *o_in,
                             cred_model **out, cred_train_report *rep, cred_error *err)
{
    double t0 = now_sec();
    cred_train_opts o = *o_in;
    cred__feat_defaults(&o.feat);
    if (o.feat.hash_bits < 12 || o.feat.hash_bits > 30)
        return cred__err(err, CRED_EINVAL, "hash bits must be between 12 and 30");
    if (o.feat.word_ngrams < 1 || o.feat.word_ngrams > 2)
        return cred__err(err, CRED_EINVAL, "word n-grams must be 1 or 2");
    if (o.feat.char_min < 0 || o.feat.char_max > 8 || o.feat.char_min > o.feat.char_max)
        return cred__err(err, CRED_EINVAL, "character n-grams must be within 1..8");
    if (!o.max_iter)
        o.max_iter = 200;
    if (!o.min_df)
        o.min_df = 1;
    if (o.calib_frac < 0 || o.calib_frac >= 0.5)
        return cred__err(err, CRED_EINVAL, "calibration share must be in [0, 0.5)");
    int threads = n_threads(o.threads);
    cred_train_report r = {0};
    r.ece_before = r.ece_after = r.dev_accuracy = -1;
    r.temperature = 1;

    /* classes */
    size_t n = train->n;
    if (n < 2)
        return cred__err(err, CRED_EINVAL, "training needs at least 2 records (got %zu)", n);
    CRED__VEC(char *) labels = {0};
    int *y = malloc(n * sizeof *y), *ydev = NULL;
    docfeat *df = NULL, *ddf = NULL;
    /* declared before the first `goto out`: the cleanup reads it */
    size_t ndev = dev ? dev->n : 0;
    vocab voc = {0};
    idcount *feats = NULL;
    float *idf = NULL;
    csr X = {0}, XD = {0};
    double *theta = NULL, *best = NULL, *probs = NULL, *rawz = NULL;
    size_t *all = NULL, *fit = NULL, *cal = NULL;
    problem P = {0};
    bool have_p = false;
    cred_status st = CRED_OK;
    if (!y) {
        st = cred__err(err, CRED_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t c = 0; c < labels.n && !seen; c++)
            seen = strlen(labels.v[c]) == train->recs[i].label.n &&
                   !memcmp(labels.v[c], train->recs[i].label.p, train->recs[i].label.n);
        if (seen)
            continue;
        if (labels.n >= 255) {
            st = cred__err(err, CRED_EINVAL, "more than 255 classes");
            goto out;
        }
        char *s = strndup(train->recs[i].label.p, train->recs[i].label.n);
        if (!s || !CRED__VEC_PUSH(labels, s)) {
            free(s);
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (labels.n < 2) {
        st = cred__err(err, CRED_EINVAL, "training data has only one label (\"%s\")",
                       labels.n ? labels.v[0] : "");
        goto out;
    }
    qsort(labels.v, labels.n, sizeof *labels.v, cmp_cstr);
    uint32_t k = (uint32_t)labels.n, cols = k == 2 ? 1 : k;
    for (size_t i = 0; i < n; i++)
        for (uint32_t c = 0; c < k; c++)
            if (strlen(labels.v[c]) == train->recs[i].label.n &&
                !memcmp(labels.v[c], train->recs[i].label.p, train->recs[i].label.n))
                y[i] = (int)c;

    /* features */
    if (o.verbose)
        fprintf(stderr, "featurizing %zu documents (%d threads)\n", n, threads);
    if ((st = featurize_all(ctx, &o.feat, train, threads, &df, err)))
        goto out;
    for (size_t i = 0; i < n; i++)
        for (uint32_t q = 0; q < df[i].n; q++) {
            if ((voc.n + 1) * 4 >= (uint64_t)voc.cap * 3 && !vocab_grow(&voc)) {
                st = cred__err(err, CRED_ENOMEM, "out of memory");
                goto out;
            }
            uint32_t s = vslot(&voc, df[i].ids[q]);
            if (!voc.keys[s]) {
                voc.keys[s] = df[i].ids[q];
                voc.n++;
            }
            voc.val[s]++;
        }
    feats = malloc((voc.n ? voc.n : 1) * sizeof *feats);
    if (!feats) {
        st = cred__err(err, CRED_ENOMEM, "out of memory");
        goto out;
    }
    uint32_t d = 0;
    for (uint32_t i = 0; i < voc.cap; i++)
        if (voc.keys[i] && voc.val[i] >= o.min_df)
            feats[d++] = (idcount){voc.keys[i], voc.val[i]};
    if (o.max_features && d > o.max_features) {
        qsort(feats, d, sizeof *feats, cmp_idcount_df);
        d = (uint32_t)o.max_features;
    }
    qsort(feats, d, sizeof *feats, cmp_idcount_id);
    uint32_t dense_base = UINT32_MAX;
    if (o.feat.dense) { /* ids above every hashed id: they stay last */
        idcount *nf = realloc(feats, ((size_t)d + CRED__N_DENSE) * sizeof *nf);
        if (!nf) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        feats = nf;
        dense_base = d;
        for (int j = 0; j < CRED__N_DENSE; j++)
            feats[d++] = (idcount){cred__dense_id(o.feat.hash_bits, j), (uint32_t)n};
    }
    if (d == 0) {
        st = cred__err(err, CRED_EINVAL, "no features left (min_df %u too high?)", o.min_df);
        goto out;
    }
    for (uint32_t i = 0; i < voc.cap; i++)
        if (voc.keys[i])
            voc.val[i] = UINT32_MAX;
    idf = malloc(d * sizeof *idf);
    if (!idf) {
        st = cred__err(err, CRED_ENOMEM, "out of memory");
        goto out;
    }
    for (uint32_t j = 0; j < d; j++) {
        if (j >= dense_base) {
            idf[j] = 1;
            continue;
        }
        voc.val[vslot(&voc, feats[j].id)] = j;
        idf[j] = (float)(log((1.0 + (double)n) / (1.0 + feats[j].df)) + 1.0);
    }
    if (!build_csr(df, n, &voc, idf, dense_base, &X)) {
        st = cred__err(err, CRED_ENOMEM, "out of memory");
        goto out;
    }
    docfeats_free(df, n);
    df = NULL;
    if (o.verbose)
        fprintf(stderr, "%u features (min_df %u)\n", d, o.min_df);

    /* dev set */
    if (ndev) {
        ydev = malloc(ndev * sizeof *ydev);
        if (!ydev) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < ndev; i++) {
            ydev[i] = -1;
            for (uint32_t c = 0; c < k; c++)
                if (strlen(labels.v[c]) == dev->recs[i].label.n &&
                    !memcmp(labels.v[c], dev->recs[i].label.p, dev->recs[i].label.n))
                    ydev[i] = (int)c;
        }
        if ((st = featurize_all(ctx, &o.feat, dev, threads, &ddf, err)))
            goto out;
        if (!build_csr(ddf, ndev, &voc, idf, dense_base, &XD)) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        docfeats_free(ddf, ndev);
        ddf = NULL;
    }

    /* class weights */
    double cw[256];
    {
        size_t cnt[256] = {0};
        for (size_t i = 0; i < n; i++)
            cnt[y[i]]++;
        for (uint32_t c = 0; c < k; c++)
            cw[c] = o.class_weight == CRED_CW_BALANCED && cnt[c]
                        ? (double)n / ((double)k * (double)cnt[c])
                        : 1.0;
    }

    /* calibration split: stratified, shuffled with the seed */
    all = malloc(n * sizeof *all);
    fit = malloc(n * sizeof *fit);
    cal = malloc(n * sizeof *cal);
    if (!all || !fit || !cal) {
        st = cred__err(err, CRED_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        all[i] = i;
    size_t nfit = 0, ncal = 0;
    {
        uint64_t seed = o.seed;
        size_t *perm = malloc(n * sizeof *perm);
        if (!perm) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        memcpy(perm, all, n * sizeof *perm);
        for (size_t i = n - 1; i > 0; i--) {
            size_t j = (size_t)(splitmix(&seed) % (i + 1));
            size_t t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        double acc[256] = {0};
        for (size_t q = 0; q < n; q++) {
            size_t i = perm[q];
            acc[y[i]] += o.calib_frac;
            if (o.calib_frac > 0 && acc[y[i]] >= 1.0 && n >= 20) {
                acc[y[i]] -= 1.0;
                cal[ncal++] = i;
            } else {
                fit[nfit++] = i;
            }
        }
        free(perm);
        /* keep index order inside each part (deterministic, cache friendly) */
        size_t *mark = calloc(n, sizeof *mark);
        if (!mark) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t q = 0; q < ncal; q++)
            mark[cal[q]] = 1;
        nfit = ncal = 0;
        for (size_t i = 0; i < n; i++) {
            if (mark[i])
                cal[ncal++] = i;
            else
                fit[nfit++] = i;
        }
        free(mark);
    }

    size_t np = ((size_t)d + 1) * cols;
    theta = calloc(np, sizeof *theta);
    best = calloc(np, sizeof *best);
    probs = malloc(((ndev > n ? ndev : n) + 1) * k * sizeof *probs);
    rawz = malloc((n + 1) * cols * sizeof *rawz);
    if (!theta || !best || !probs || !rawz) {
        st = cred__err(err, CRED_ENOMEM, "out of memory");
        goto out;
    }
    if (!problem_init(&P, &X, fit, nfit, d, k, y, cw, threads)) {
        st = cred__err(err, CRED_ENOMEM, "out of memory");
        goto out;
    }
    have_p = true;

    /* choose l2 */
    double l2 = o.l2;
    int iters = 0;
    if (l2 <= 0 && ndev) {
        static const double grid[] = {3e-3, 1e-3, 3e-4, 1e-4, 3e-5, 1e-5, 3e-6,
                                      1e-6, 3e-7, 1e-7, 3e-8, 1e-8};
        double best_acc = -1, best_ll = 0;
        int worse = 0;
        for (size_t g = 0; g < sizeof grid / sizeof *grid && worse < 2; g++) {
            P.l2 = grid[g];
            int it = lbfgs(&P, theta, o.max_iter, 0);
            if (it < 0) {
                st = cred__err(err, CRED_ENOMEM, "out of memory");
                goto out;
            }
            predict_rows(&XD, NULL, ndev, theta, d, k, 1.0, probs, NULL);
            cred_metrics mm;
            if ((st = cred_metrics_compute(ndev, k, ydev, probs, &mm, err)))
                goto out;
            if (o.verbose)
                fprintf(stderr, "l2 %.0e: %d iterations, dev accuracy %.4f, log-loss %.4f\n",
                        grid[g], it, mm.accuracy, mm.log_loss);
            if (mm.accuracy > best_acc + 1e-12 ||
                (fabs(mm.accuracy - best_acc) <= 1e-12 && mm.log_loss < best_ll)) {
                best_acc = mm.accuracy;
                best_ll = mm.log_loss;
                l2 = grid[g];
                iters = it;
                memcpy(best, theta, np * sizeof *theta);
                worse = 0;
            } else {
                worse++; /* two steps without a better dev score end the path */
            }
            cred_metrics_free(&mm);
        }
        memcpy(theta, best, np * sizeof *theta);
    } else {
        if (l2 <= 0)
            l2 = 1e-4;
        P.l2 = l2;
        iters = lbfgs(&P, theta, o.max_iter, o.verbose > 1);
        if (iters < 0) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
    }
    r.l2 = l2;

    /* temperature on the held-out part, then refit on everything */
    double T = 1;
    if (ncal >= 2) {
        predict_rows(&X, cal, ncal, theta, d, k, 1.0, probs, rawz);
        int *ycal = malloc(ncal * sizeof *ycal);
        if (!ycal) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < ncal; i++)
            ycal[i] = y[cal[i]];
        r.ece_before = cred_ece(ncal, k, ycal, probs);
        T = fit_temperature(rawz, ycal, ncal, k);
        predict_rows(&X, cal, ncal, theta, d, k, T, probs, NULL);
        r.ece_after = cred_ece(ncal, k, ycal, probs);
        free(ycal);
        problem_free(&P);
        have_p = false;
        if (!problem_init(&P, &X, all, n, d, k, y, cw, threads)) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        have_p = true;
        P.l2 = l2;
        int it = lbfgs(&P, theta, o.max_iter, o.verbose > 1);
        if (it < 0) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        iters += it;
    }
    r.temperature = T;
    r.iterations = iters;
    r.n_features = d;
    if (ndev) {
        predict_rows(&XD, NULL, ndev, theta, d, k, T, probs, NULL);
        cred_metrics mm;
        if ((st = cred_metrics_compute(ndev, k, ydev, probs, &mm, err)))
            goto out;
        r.dev_accuracy = mm.accuracy;
        cred_metrics_free(&mm);
    }
    if ((st = make_model(&o.feat, labels.v, k, feats, d, idf, theta, T, out, err)))
        goto out;
    labels.v = NULL;
    labels.n = 0;
    r.seconds = now_sec() - t0;
    if (rep)
        *rep = r;
out:
    if (have_p)
        problem_free(&P);
    for (size_t i = 0; i < labels.n; i++)
        free(labels.v[i]);
    free(labels.v);
    free(y);
    free(ydev);
    docfeats_free(df, n);
    docfeats_free(ddf, ndev);
    free(voc.keys);
    free(voc.val);
    free(feats);
    free(idf);
    csr_free(&X);
    csr_free(&XD);
    free(theta);
    free(best);
    free(probs);
    free(rawz);
    free(all);
    free(fit);
    free(cal);
    return st;
}

/* ---- prediction ---------------------------------------------------------------------------------- */

size_t cred_model_n_classes(const cred_model *m) { return m->k; }
const char *cred_model_class(const cred_model *m, size_t i)
{
    return i < m->k ? m->labels[i] : NULL;
}
int cred_model_class_index(const cred_model *m, cred_str label)
{
    for (uint32_t c = 0; c < m->k; c++)
        if (strlen(m->labels[c]) == label.n && !memcmp(m->labels[c], label.p, label.n))
            return (int)c;
    return -1;
}
const cred_feat_opts *cred_model_feat(const cred_model *m) { return &m->feat; }
size_t cred_model_n_features(const cred_model *m) { return m->n_features; }
double cred_model_temperature(const cred_model *m) { return m->temperature; }

typedef struct contrib_tmp {
    uint32_t slot;
    double v;          /* unit-normalized feature value */
    uint32_t first;    /* index into occ of the first occurrence */
    int dense;         /* analysis feature index, or -1 */
} contrib_tmp;

void cred_explanation_free(cred_explanation *ex)
{
    if (!ex)
        return;
    for (size_t i = 0; i < ex->n_toward; i++)
        free(ex->toward[i].text);
    for (size_t i = 0; i < ex->n_against; i++)
        free(ex->against[i].text);
    free(ex->toward);
    free(ex->against);
    memset(ex, 0, sizeof *ex);
}

typedef struct scored_c {
    double c;
    uint32_t i;
} scored_c;

static int cmp_sc_desc(const void *a, const void *b)
{
    const scored_c *x = a, *y = b;
    if (x->c != y->c)
        return x->c < y->c ? 1 : -1;
    return (x->i > y->i) - (x->i < y->i);
}

static bool is_wordc(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool tok_eq(const char *a, const char *b, size_t n, bool exact)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (!exact && x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (x != y)
            return false;
    }
    return true;
}

/* When repair or leak stripping changed the text, finds the n-gram's first
 * occurrence in the input itself: its space-separated tokens matched
 * case-insensitively (exactly for a --cased feature) at word boundaries, with
 * only non-word characters between them.  Leaves start == end if not found
 * (e.g. a token the repair step created). */
static void find_span(const char *text, size_t n, const char *gram, bool exact, size_t *start,
                      size_t *end)
{
    const char *sp = strchr(gram, ' ');
    size_t l1 = sp ? (size_t)(sp - gram) : strlen(gram);
    const char *g2 = sp ? sp + 1 : NULL;
    size_t l2 = g2 ? strlen(g2) : 0;
    if (!l1 || (g2 && (!l2 || strchr(g2, ' '))))
        return;
    for (size_t i = 0; i + l1 <= n; i++) {
        if ((i && is_wordc((unsigned char)text[i - 1])) || !tok_eq(text + i, gram, l1, exact) ||
            (i + l1 < n && is_wordc((unsigned char)text[i + l1]) && text[i + l1] != '\'' &&
             text[i + l1] != '-' && text[i + l1] != '.'))
            continue;
        if (i + l1 < n && is_wordc((unsigned char)text[i + l1]))
            continue;
        if (!g2) {
            *start = i;
            *end = i + l1;
            return;
        }
        size_t j = i + l1;
        while (j < n && !is_wordc((unsigned char)text[j]) && j - (i + l1) < 8)
            j++;
        if (j + l2 <= n && tok_eq(text + j, g2, l2, exact) &&
            (j + l2 == n || !is_wordc((unsigned char)text[j + l2]))) {
            *start = i;
            *end = j + l2;
            return;
        }
    }
}

static cred_status explain(const cred_model *m, const char *text, size_t n, const cred__buf *norm,
                           const cred__occvec *occ, const contrib_tmp *ct, size_t nct,
                           size_t best, size_t top, cred_explanation *ex, cred_error *err)
{
    memset(ex, 0, sizeof *ex);
    scored_c *sc = malloc((nct ? nct : 1) * sizeof *sc);
    if (!sc)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    uint32_t C = m->cols;
    for (size_t i = 0; i < nct; i++) {
        const float *w = m->w + (size_t)ct[i].slot * C;
        double c;
        if (C == 1) {
            c = ct[i].v * w[0] * (best == 1 ? 1 : -1);
        } else {
            double mean = 0;
            for (uint32_t q = 0; q < C; q++)
                mean += w[q];
            mean /= C;
            c = ct[i].v * (w[best] - mean);
        }
        sc[i] = (scored_c){c, (uint32_t)i};
    }
    qsort(sc, nct, sizeof *sc, cmp_sc_desc);
    bool same = norm->n == n && (!n || !memcmp(norm->p, text, n));
    size_t nt = 0, na = 0;
    for (size_t i = 0; i < nct && nt < top; i++)
        nt += sc[i].c > 0;
    for (size_t i = nct; i-- > 0 && na < top;)
        na += sc[i].c < 0;
    ex->toward = calloc(nt ? nt : 1, sizeof *ex->toward);
    ex->against = calloc(na ? na : 1, sizeof *ex->against);
    if (!ex->toward || !ex->against) {
        free(sc);
        cred_explanation_free(ex);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    for (int side = 0; side < 2; side++) {
        size_t want = side ? na : nt;
        cred_contrib *dst = side ? ex->against : ex->toward;
        size_t *cnt = side ? &ex->n_against : &ex->n_toward;
        for (size_t q = 0; q < want; q++) {
            const scored_c *s = side ? &sc[nct - 1 - q] : &sc[q];
            if (ct[s->i].dense >= 0) {
                const char *nm = cred__dense_names[ct[s->i].dense];
                char *t = malloc(strlen(nm) + 10);
                if (!t) {
                    free(sc);
                    cred_explanation_free(ex);
                    return cred__err(err, CRED_ENOMEM, "out of memory");
                }
                memcpy(t, "analysis:", 9);
                memcpy(t + 9, nm, strlen(nm) + 1);
                dst[q] = (cred_contrib){t, s->c, 0, 0};
                (*cnt)++;
                continue;
            }
            const cred__featocc *o = &occ->v[ct[s->i].first];
            char *t = o->kind == 3 ? strndup(norm->p + o->start, o->end - o->start)
                                   : cred__span_tokens(norm->p, o->start, o->end);
            if (t && o->kind == 4) {
                size_t tl = strlen(t);
                char *u = malloc(tl + 3);
                if (u) {
                    memcpy(u, "t:", 2);
                    memcpy(u + 2, t, tl + 1);
                }
                free(t);
                t = u;
            }
            if (t && o->kind == 2) {
                size_t tl = strlen(t);
                char *u = malloc(tl + 7);
                if (u) {
                    memcpy(u, "chars:", 6);
                    memcpy(u + 6, t, tl + 1);
                }
                free(t);
                t = u;
            }
            if (!t) {
                free(sc);
                cred_explanation_free(ex);
                return cred__err(err, CRED_ENOMEM, "out of memory");
            }
            dst[q].text = t;
            dst[q].value = s->c;
            dst[q].start = same ? o->start : 0;
            dst[q].end = same ? o->end : 0;
            if (!same && o->kind != 2)
                find_span(text, n, t + (o->kind == 4 ? 2 : 0), o->kind == 3, &dst[q].start,
                          &dst[q].end);
            (*cnt)++;
        }
    }
    free(sc);
    return CRED_OK;
}

/* The prediction from a featurized text (cred__featurize's norm, ids and,
 * when `ex` is wanted, occ); text[0..n) is what was featurized (for the
 * explanation's spans and the dense features).  ids may be reordered. */
static cred_status predict_feats(const cred_ctx *ctx, const cred_model *m, const char *text,
                                 size_t n, const cred__buf *normb, cred__u32vec *idsp,
                                 const cred__occvec *occp, double *probs, size_t *best,
                                 cred_explanation *ex, size_t top, cred_error *err)
{
    const cred__buf norm = *normb;
    const cred__occvec occ = *occp;
    cred__u32vec ids = *idsp, tmp = {0};
    contrib_tmp *ct = NULL;
    size_t nct = 0;
    cred_status st = CRED_OK;
    uint32_t C = m->cols;
    double z[256];
    for (uint32_t c = 0; c < C; c++)
        z[c] = 0;
    double norm2 = 0;
    if (ex) {
        /* one entry per known feature, remembering its first occurrence */
        ct = malloc((occ.n + CRED__N_DENSE + 1) * sizeof *ct);
        if (!ct) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        /* sort (id, index) pairs as 64-bit keys (shell sort) */
        uint64_t *kk = malloc((occ.n ? occ.n : 1) * sizeof *kk);
        if (!kk) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < occ.n; i++)
            kk[i] = ((uint64_t)occ.v[i].id << 32) | (uint64_t)i;
        size_t gap = occ.n / 2;
        for (; gap > 0; gap /= 2)
            for (size_t i = gap; i < occ.n; i++) {
                uint64_t v = kk[i];
                size_t j = i;
                while (j >= gap && kk[j - gap] > v) {
                    kk[j] = kk[j - gap];
                    j -= gap;
                }
                kk[j] = v;
            }
        size_t i = 0;
        while (i < occ.n) {
            uint32_t id = (uint32_t)(kk[i] >> 32);
            size_t j = i;
            while (j < occ.n && (uint32_t)(kk[j] >> 32) == id)
                j++;
            uint32_t slot = cred__model_find(m, id);
            if (slot != UINT32_MAX) {
                double x = (1.0 + log((double)(j - i))) * m->idf[slot];
                ct[nct++] = (contrib_tmp){slot, x, (uint32_t)(kk[i] & 0xffffffffu), -1};
                norm2 += x * x;
            }
            i = j;
        }
        free(kk);
        for (size_t q = 0; q < nct; q++) {
            const float *w = m->w + (size_t)ct[q].slot * C;
            for (uint32_t c = 0; c < C; c++)
                z[c] += ct[q].v * w[c];
        }
    } else {
        size_t nn = ids.n;
        if (nn) {
            tmp.v = malloc(nn * sizeof *tmp.v);
            if (!tmp.v) {
                st = cred__err(err, CRED_ENOMEM, "out of memory");
                goto out;
            }
            sort_u32(ids.v, tmp.v, nn);
        }
        size_t i = 0;
        while (i < nn) {
            uint32_t id = ids.v[i];
            size_t j = i + 1;
            while (j < nn && ids.v[j] == id)
                j++;
            uint32_t slot = cred__model_find(m, id);
            if (slot != UINT32_MAX) {
                double x = (1.0 + log((double)(j - i))) * m->idf[slot];
                norm2 += x * x;
                const float *w = m->w + (size_t)slot * C;
                for (uint32_t c = 0; c < C; c++)
                    z[c] += x * w[c];
            }
            i = j;
        }
    }
    double s = norm2 > 0 ? 1.0 / sqrt(norm2) : 0;
    for (uint32_t c = 0; c < C; c++)
        z[c] = z[c] * s + m->bias[c];
    if (ex)
        for (size_t q = 0; q < nct; q++)
            ct[q].v *= s;
    if (m->feat.dense) {
        double dv[CRED__N_DENSE];
        if ((st = cred__dense_features(ctx, text, n, dv, err)))
            goto out;
        for (int j = 0; j < CRED__N_DENSE; j++) {
            uint32_t slot = cred__model_find(m, cred__dense_id(m->feat.hash_bits, j));
            if (slot == UINT32_MAX || dv[j] == 0)
                continue;
            const float *w = m->w + (size_t)slot * C;
            for (uint32_t c = 0; c < C; c++)
                z[c] += dv[j] * w[c];
            if (ex)
                ct[nct++] = (contrib_tmp){slot, dv[j], 0, j};
        }
    }
    probs_from(z, m->k, m->temperature > 0 ? m->temperature : 1, probs);
    size_t b = 0;
    for (size_t c = 1; c < m->k; c++)
        if (probs[c] > probs[b])
            b = c;
    if (best)
        *best = b;
    if (ex) {
        st = explain(m, text, n, &norm, &occ, ct, nct, b, top, ex, err);
    }
out:
    free(tmp.v);
    free(ct);
    return st;
}

cred_status cred_model_predict(const cred_ctx *ctx, const cred_model *m, const char *text,
                               size_t n, double *probs, size_t *best, cred_explanation *ex,
                               size_t top, cred_error *err)
{
    cred__buf norm = {0};
    cred__u32vec ids = {0};
    cred__occvec occ = {0};
    cred_status st = cred__featurize(ctx, &m->feat, text, n, &norm, &ids, ex ? &occ : NULL, err);
    if (!st)
        st = predict_feats(ctx, m, text, n, &norm, &ids, &occ, probs, best, ex, top, err);
    cred__buf_free(&norm);
    free(ids.v);
    free(occ.v);
    return st;
}

/* ---- coverage (out-of-domain check) ---------------------------------------------- */

/* Why distinct content words: stop words make up ~40% of any English text
 * and every model has them, so a token share is ~0.9 for a recipe and a
 * political story alike; the share of a text's own vocabulary that the
 * model has weights for is what falls on a text from another domain
 * (tests/unit/test_score.c: model_ood_recipe). */
static cred_status coverage_feats(const cred_ctx *ctx, const cred_model *m, const cred__buf *nb,
                                  const cred__occvec *occp, cred_coverage *out, cred_error *err);

cred_status cred_model_coverage(const cred_ctx *ctx, const cred_model *m, const char *text,
                                size_t n, cred_coverage *out, cred_error *err)
{
    memset(out, 0, sizeof *out);
    cred__buf norm = {0};
    cred__u32vec ids = {0};
    cred__occvec occ = {0};
    cred_feat_opts fo = m->feat;
    fo.word_ngrams = 1; /* words only: bigrams and char n-grams are not needed */
    fo.char_min = fo.char_max = 0;
    fo.dense = 0;
    cred_status st = cred__featurize(ctx, &fo, text, n, &norm, &ids, &occ, err);
    if (!st)
        st = coverage_feats(ctx, m, &norm, &occ, out, err);
    cred__buf_free(&norm);
    free(ids.v);
    free(occ.v);
    return st;
}

/* The coverage from a featurized text: only its word occurrences (kind 0)
 * are read, and those are the same whatever word_ngrams, char n-grams,
 * cased, title and dense say (features.c emits a word's kind-0 id first, from
 * the same hash and mask), so predict's featurization serves too. */
static cred_status coverage_feats(const cred_ctx *ctx, const cred_model *m, const cred__buf *nb,
                                  const cred__occvec *occp, cred_coverage *out, cred_error *err)
{
    memset(out, 0, sizeof *out);
    const cred__buf norm = *nb;
    const cred__occvec occ = *occp;
    cred__u32vec content = {0}, tmp = {0};
    cred_status st = CRED_OK;
    size_t n_stop = 0;
    for (size_t i = 0; !st && i < occ.n; i++) {
        const cred__featocc *o = &occ.v[i];
        if (o->kind != 0)
            continue;
        bool letter = false;
        for (uint32_t q = o->start; q < o->end && !letter; q++) {
            unsigned char c = (unsigned char)norm.p[q];
            letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
        }
        if (!letter)
            continue;
        out->n_words++;
        if (cred__learn_is_stopword(ctx, norm.p + o->start, o->end - o->start))
            n_stop++;
        else if (!CRED__VEC_PUSH(content, o->id))
            st = cred__err(err, CRED_ENOMEM, "out of memory");
    }
    if (!st && content.n) {
        if (!(tmp.v = malloc(content.n * sizeof *tmp.v))) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
        } else {
            sort_u32(content.v, tmp.v, content.n);
            size_t known = 0;
            for (size_t i = 0; i < content.n; i++) {
                if (i && content.v[i] == content.v[i - 1])
                    continue;
                out->n_content++;
                known += cred__model_find(m, content.v[i]) != UINT32_MAX;
            }
            out->coverage = (double)known / (double)out->n_content;
        }
    }
    if (out->n_words)
        out->stopword_share = (double)n_stop / (double)out->n_words;
    free(content.v);
    free(tmp.v);
    return st;
}

/* ---- prediction and coverage of a cleaned document ------------------------------- */

/* One featurization for both answers (the score path's two calls made two),
 * with the repair step skipped where it provably changes nothing
 * (cred__featurize_clean).  The occurrences are always kept: coverage reads
 * them even when no explanation is wanted. */
cred_status cred_model_predict_doc(const cred_ctx *ctx, const cred_model *m, const cred_doc *doc,
                                   double *probs, size_t *best, cred_explanation *ex, size_t top,
                                   cred_coverage *cov, cred_error *err)
{
    if (ex)
        memset(ex, 0, sizeof *ex);
    if (cov)
        memset(cov, 0, sizeof *cov);
    if (!doc)
        return cred__err(err, CRED_EINVAL, "NULL document");
    const char *text = doc->text ? doc->text : "";
    size_t n = doc->text ? doc->text_len : 0;
    cred__buf norm = {0};
    cred__u32vec ids = {0};
    cred__occvec occ = {0};
    cred_status st = cred__featurize_clean(ctx, &m->feat, text, n, &norm, &ids, &occ, err);
    if (!st && cov)
        st = coverage_feats(ctx, m, &norm, &occ, cov, err);
    if (!st)
        st = predict_feats(ctx, m, text, n, &norm, &ids, &occ, probs, best, ex, top, err);
    cred__buf_free(&norm);
    free(ids.v);
    free(occ.v);
    return st;
}

/* ---- batch prediction ------------------------------------------------------------- */

void cred_predict_opts_init(cred_predict_opts *o)
{
    memset(o, 0, sizeof *o);
}

/* A prediction worker's state: its text buffer, and its first failure (a
 * worker is handed chunks in increasing order, so its first failure is its
 * earliest; the earliest over workers is the batch's first failing record,
 * whatever the thread count). */
typedef struct pred_worker {
    cred__buf full;
    cred_status st;
    size_t bad_at;
    cred_error err;
} pred_worker;

typedef struct pred_job {
    const cred_ctx *ctx;
    const cred_model *m;
    const cred_dataset *ds;
    const cred_predict_opts *o;
    double *probs;
    size_t *best;
    cred_explanation *ex;
    pred_worker *w;
    size_t done;
    pthread_mutex_t mu; /* done and the progress callback */
} pred_job;

static void pred_range(void *arg, unsigned worker, size_t from, size_t to)
{
    pred_job *j = arg;
    pred_worker *w = &j->w[worker];
    size_t k = cred_model_n_classes(j->m);
    for (size_t i = from; i < to; i++) {
        if (!w->st) { /* after a failure, this worker's later records are skipped */
            w->full.n = 0;
            cred_status st = cred__record_fulltext(&j->ds->recs[i], &w->full);
            if (st)
                cred__err(&w->err, st, "out of memory");
            else
                st = cred_model_predict(j->ctx, j->m, w->full.p ? w->full.p : "", w->full.n,
                                        j->probs + i * k, &j->best[i],
                                        j->ex ? &j->ex[i] : NULL, j->o->top, &w->err);
            if (st) {
                w->st = st;
                w->bad_at = i;
            }
        }
        if (j->o->progress) {
            pthread_mutex_lock(&j->mu);
            j->o->progress(j->o->progress_user, ++j->done, j->ds->n);
            pthread_mutex_unlock(&j->mu);
        }
    }
}

cred_status cred_model_predict_dataset(const cred_ctx *ctx, const cred_model *m,
                                       const cred_dataset *ds, const cred_predict_opts *o,
                                       double *probs, size_t *best, cred_explanation *ex,
                                       size_t *bad_at, cred_error *err)
{
    cred_predict_opts def;
    if (!o) {
        cred_predict_opts_init(&def);
        o = &def;
    }
    size_t n = ds->n;
    unsigned threads = (unsigned)n_threads(o->threads);
    /* a record is a whole article: one at a time (grain 1) */
    unsigned nw = cred__parallel_workers(n, threads, 1);
    pred_worker *w = calloc(nw, sizeof *w);
    if (!w)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    pred_job j = {ctx, m, ds, o, probs, best, ex, w, 0, PTHREAD_MUTEX_INITIALIZER};
    cred__parallel_range(n, threads, 1, pred_range, &j);
    pred_worker *first = NULL;
    for (unsigned t = 0; t < nw; t++) {
        if (w[t].st && (!first || w[t].bad_at < first->bad_at))
            first = &w[t];
        cred__buf_free(&w[t].full);
    }
    cred_status st = CRED_OK;
    if (first) {
        const cred_record *r = &ds->recs[first->bad_at];
        st = cred__err(err, first->st, "%s:%zu: %s", r->file, r->line, first->err.msg);
        if (bad_at)
            *bad_at = first->bad_at;
    }
    free(w);
    pthread_mutex_destroy(&j.mu);
    return st;
}
