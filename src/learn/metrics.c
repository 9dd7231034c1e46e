/*
 * metrics.c - accuracy, macro-F1, per-class precision/recall/F1, ROC AUC
 * (binary), log-loss, expected calibration error, confusion matrix.
 *
 * Definitions (docs/learn.md, "Metrics"): the predicted class is the
 * arg-max probability (ties: lowest index); a gold label the model does not
 * know (-1) counts as wrong and adds log(1e-15) to the log-loss; F1 of a
 * class with no prediction and no gold is 0 and still averaged (macro, as
 * scikit-learn with zero_division=0); AUC is the Mann-Whitney statistic with
 * ties counted half, class 1 positive; ECE uses 15 equal-width bins of the
 * top probability (Guo et al. 2017).
 */
#include "learn/learn_int.h"

#include <math.h>
#include <stdlib.h>

static size_t argmax(const double *p, size_t k)
{
    size_t b = 0;
    for (size_t c = 1; c < k; c++)
        if (p[c] > p[b])
            b = c;
    return b;
}

double cred_ece(size_t n, size_t k, const int *gold, const double *probs)
{
    enum { BINS = 15 };
    double conf[BINS] = {0}, acc[BINS] = {0};
    size_t cnt[BINS] = {0};
    if (!n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        size_t b = argmax(probs + i * k, k);
        double p = probs[i * k + b];
        int bin = (int)(p * BINS);
        if (bin >= BINS)
            bin = BINS - 1;
        if (bin < 0)
            bin = 0;
        conf[bin] += p;
        acc[bin] += gold[i] == (int)b;
        cnt[bin]++;
    }
    double e = 0;
    for (int b = 0; b < BINS; b++)
        if (cnt[b])
            e += fabs(acc[b] - conf[b]) / (double)n;
    return e;
}

typedef struct scored {
    double s;
    int pos;
} scored;

static int cmp_scored(const void *a, const void *b)
{
    double x = ((const scored *)a)->s, y = ((const scored *)b)->s;
    return (x > y) - (x < y);
}

static double auc(size_t n, const int *gold, const double *probs)
{
    scored *v = malloc((n ? n : 1) * sizeof *v);
    if (!v)
        return -1;
    size_t np = 0, nn = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        if (gold[i] != 0 && gold[i] != 1)
            continue; /* unknown label: neither positive nor negative */
        v[m].s = probs[i * 2 + 1];
        v[m].pos = gold[i] == 1;
        np += v[m].pos;
        nn += gold[i] == 0;
        m++;
    }
    n = m;
    if (!np || !nn) {
        free(v);
        return -1;
    }
    qsort(v, n, sizeof *v, cmp_scored);
    double rank_sum = 0;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && v[j].s == v[i].s)
            j++;
        double r = (double)(i + 1 + j) / 2.0; /* average 1-based rank */
        for (size_t q = i; q < j; q++)
            if (v[q].pos)
                rank_sum += r;
        i = j;
    }
    free(v);
    return (rank_sum - (double)np * (double)(np + 1) / 2.0) / ((double)np * (double)nn);
}

cred_status cred_metrics_compute(size_t n, size_t k, const int *gold, const double *probs,
                                 cred_metrics *m, cred_error *err)
{
    memset(m, 0, sizeof *m);
    if (k == 0)
        return cred__err(err, CRED_EINVAL, "metrics: no classes");
    m->n = n;
    m->k = k;
    m->precision = calloc(k, sizeof(double));
    m->recall = calloc(k, sizeof(double));
    m->f1 = calloc(k, sizeof(double));
    m->support = calloc(k, sizeof(size_t));
    m->confusion = calloc(k * k, sizeof(size_t));
    size_t *predicted = calloc(k, sizeof(size_t));
    if (!m->precision || !m->recall || !m->f1 || !m->support || !m->confusion || !predicted) {
        free(predicted);
        cred_metrics_free(m);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    size_t correct = 0;
    double ll = 0;
    for (size_t i = 0; i < n; i++) {
        const double *p = probs + i * k;
        size_t b = argmax(p, k);
        predicted[b]++;
        int g = gold[i];
        if (g >= 0 && (size_t)g < k) {
            m->support[g]++;
            m->confusion[(size_t)g * k + b]++;
            correct += (size_t)g == b;
            double q = p[g] < 1e-15 ? 1e-15 : p[g];
            ll -= log(q);
        } else {
            ll -= log(1e-15);
        }
    }
    m->accuracy = n ? (double)correct / (double)n : 0;
    m->log_loss = n ? ll / (double)n : 0;
    double f1sum = 0;
    for (size_t c = 0; c < k; c++) {
        size_t tp = m->confusion[c * k + c];
        m->precision[c] = predicted[c] ? (double)tp / (double)predicted[c] : 0;
        m->recall[c] = m->support[c] ? (double)tp / (double)m->support[c] : 0;
        double s = m->precision[c] + m->recall[c];
        m->f1[c] = s > 0 ? 2 * m->precision[c] * m->recall[c] / s : 0;
        f1sum += m->f1[c];
    }
    m->macro_f1 = f1sum / (double)k;
    m->ece = cred_ece(n, k, gold, probs);
    m->auc = k == 2 ? auc(n, gold, probs) : -1;
    free(predicted);
    return CRED_OK;
}

void cred_metrics_free(cred_metrics *m)
{
    if (!m)
        return;
    free(m->precision);
    free(m->recall);
    free(m->f1);
    free(m->support);
    free(m->confusion);
    m->precision = m->recall = m->f1 = NULL;
    m->support = m->confusion = NULL;
}
