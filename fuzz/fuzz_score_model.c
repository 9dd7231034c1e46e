/*
 * fuzz_score_model.c - fuzz_score.c with the shipped article model
 * (data/models/score-article.model, loaded once as `credence score` does):
 * the MODEL_* signals and the convict rule run on hostile text too.
 */
#define FZ_WITH_MODEL 1
#include "fuzz_score.c"
