/*
 * sig_model.c - MODEL_UNRELIABLE / MODEL_RELIABLE: the article model's
 * opinion (credence/learn.h) as two signals.
 *
 * The model gives P(unreliable) = the summed probability of its classes
 * named fake, false, unreliable, pants-fire, barely-true or 1 (the labels of
 * the datasets the learning module reads).  The two signals are the two
 * halves of that probability around 0.5: MODEL_UNRELIABLE = max(0, 2p - 1),
 * MODEL_RELIABLE = max(0, 1 - 2p), so an undecided model (p = 0.5) says
 * nothing and the logistic layer can weigh confidence in either direction
 * separately.  The model reads the cleaned text (title and body), featurized
 * once for the prediction and the coverage (cred_model_predict_doc).
 *
 * Out of domain: a linear model trained on news calls anything it has not
 * seen by the few words it knows (the 2016 model called a roast-chicken
 * recipe fake with p = 0.84).  So its vote is multiplied by an in-domain
 * factor in [0, 1] (cred_model_coverage, docs/score.md "The article model"),
 * the product of three ramps, each 0 at LO and 1 at HI:
 *   coverage        share of the text's distinct content words that are
 *                   features of the model: dev news 0.83-0.92 (p5-p50), an
 *                   invented recipe 0.51, a French story 0.28
 *   stopword share  English function words among the words: news >= 0.29,
 *                   other languages ~0.04
 *   length          words: the model's few-word opinions are noise
 * and the reason says so when the factor is below 1
 * (tests/unit/test_score.c: model_ood_recipe, model_in_domain_politics).
 *
 * Evidence: the n-grams that moved the model most toward its class
 * (cred_model_predict's explanation, the strongest ASK), as spans of the
 * cleaned text, at most EVIDENCE of them, leaving out those made only of
 * stop words ("the", "is": they move a linear model but tell a reader
 * nothing); the reason names the first NAMED.
 */
#include "score/score_sig.h"

#include <stdio.h>
#include <stdlib.h>

#include "credence/learn.h"
#include "learn/learn_int.h" /* cred__learn_is_stopword */

/* The in-domain ramps (LO -> factor 0, HI -> 1); measured in docs/models.md. */
static const struct {
    double lo, hi;
} COVERAGE = {0.60, 0.88}, STOPWORDS = {0.10, 0.25}, WORDS = {20, 80};
enum { EVIDENCE = 8, NAMED = 3, ASK = 32 };

/* A phrase worth showing: a span of the text with a word that is not a stop
 * word ("the", "is" move a linear model too, but tell a reader nothing). */
static bool shown(const cred_ctx *ctx, const cred_contrib *c, size_t text_len)
{
    if (c->start >= c->end || c->end > text_len)
        return false;
    const char *t = c->text;
    while (*t) {
        size_t n = 0;
        while (t[n] && t[n] != ' ')
            n++;
        bool word = false;
        for (size_t i = 0; i < n && !word; i++)
            word = (t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z') ||
                   (unsigned char)t[i] >= 0x80;
        if (word && !cred__learn_is_stopword(ctx, t, n))
            return true;
        t += n;
        while (*t == ' ')
            t++;
    }
    return false;
}

static double ramp(double x, double lo, double hi)
{
    return x <= lo ? 0 : x >= hi ? 1 : (x - lo) / (hi - lo);
}

/* The reason: the model's opinion, the phrases that drove it, the damping. */
static void reason(const cred_ctx *ctx, const cred_doc *doc, char *out, size_t cap,
                   const char *what, double p, const cred_explanation *ex, double f,
                   const cred_coverage *cv)
{
    int k = snprintf(out, cap, "the article model finds the text %s (p(unreliable) = %.2f)",
                     what, p);
    size_t named = 0;
    for (size_t i = 0; ex && i < ex->n_toward && named < NAMED && k > 0 && (size_t)k < cap; i++) {
        if (!shown(ctx, &ex->toward[i], doc->text_len))
            continue;
        k += snprintf(out + k, cap - (size_t)k, "%s\"%s\"", named ? ", " : "; most of all ",
                      ex->toward[i].text);
        named++;
    }
    if (f < 1 && k > 0 && (size_t)k < cap)
        snprintf(out + k, cap - (size_t)k,
                 "; the text is outside what the article model was trained on (coverage %.2f, "
                 "English words %.2f, %zu words): its vote is damped to %.0f%%",
                 cv->coverage, cv->stopword_share, cv->n_words, 100 * f);
}

static bool unreliable_class(const char *c)
{
    static const char *const bad[] = {"fake", "false", "unreliable", "pants-fire",
                                      "barely-true", "1", "Fake", "FAKE", "False"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (!strcmp(c, bad[i]))
            return true;
    return false;
}

cred_status cred__model_signals(cred__sigs *sb, const cred_ctx *ctx, const cred_doc *doc,
                                const struct cred_model *m, double *p_unreliable,
                                const char **cls, cred_error *err)
{
    size_t k = cred_model_n_classes(m), best = 0;
    double stack[8], *probs = k <= 8 ? stack : malloc(k * sizeof *probs);
    if (!probs)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    cred_explanation ex = {0};
    cred_coverage cv = {0};
    cred_status st = cred_model_predict_doc(ctx, m, doc, probs, &best, &ex, ASK, &cv, err);
    if (!st) {
        double p = 0;
        bool any = false;
        for (size_t i = 0; i < k; i++)
            if (unreliable_class(cred_model_class(m, i))) {
                p += probs[i];
                any = true;
            }
        if (!any)
            st = cred__err(err, CRED_EDATA,
                           "the model has no class meaning unreliable (fake, false, ...)");
        *p_unreliable = p;
        *cls = cred_model_class(m, best);
        if (!st) {
            double f = ramp(cv.coverage, COVERAGE.lo, COVERAGE.hi) *
                       ramp(cv.stopword_share, STOPWORDS.lo, STOPWORDS.hi) *
                       ramp((double)cv.n_words, WORDS.lo, WORDS.hi);
            bool bad = p > 0.5;
            cred__sig s = bad ? CRED__S_MODEL_UNRELIABLE : CRED__S_MODEL_RELIABLE;
            double v = (bad ? 2 * p - 1 : 1 - 2 * p) * f;
            char why[640];
            reason(ctx, doc, why, sizeof why, bad ? "unreliable" : "reliable", p, &ex, f, &cv);
            cred__sig_set(sb, s, v, "%s", why);
            for (size_t i = 0, kept = 0; v > 0 && i < ex.n_toward && kept < EVIDENCE; i++)
                if (shown(ctx, &ex.toward[i], doc->text_len)) {
                    cred__sig_span(sb, s, doc,
                                   (cred_span){ex.toward[i].start, ex.toward[i].end});
                    kept++;
                }
        }
    }
    cred_explanation_free(&ex);
    if (probs != stack)
        free(probs);
    return st;
}

