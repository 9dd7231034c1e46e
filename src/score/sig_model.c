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
 * separately.  The model reads the cleaned text (title and body).
 */
#include "score/score_sig.h"

#include <stdio.h>
#include <stdlib.h>

#include "credence/learn.h"

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
    cred_status st = cred_model_predict(ctx, m, doc->text, doc->text_len, probs, &best, NULL,
                                        0, err);
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
            cred__sig_set(sb, CRED__S_MODEL_UNRELIABLE, 2 * p - 1,
                          "the article model finds the text unreliable (p = %.2f)", p);
            cred__sig_set(sb, CRED__S_MODEL_RELIABLE, 1 - 2 * p,
                          "the article model finds the text reliable (p(unreliable) = %.2f)",
                          p);
        }
    }
    if (probs != stack)
        free(probs);
    return st;
}

