/*
 * credence.h - the public API of libcredence, a news-credibility engine.
 *
 * Include this one header.  It pulls in the module headers in the order a
 * caller needs them:
 *   credence/core.h  strings, errors, limits, the shared context (cred_ctx)
 *   credence/text.h  the text pipeline: bytes -> clean structured document
 *   credence/html.h  web pages: article body and metadata (cred_extract)
 *   credence/score.h outlet reputation, signals, the calibrated verdict
 *   credence/learn.h datasets, features, linear models, calibration, metrics
 *   credence/engine.h one request end to end (the engine every front end uses),
 *                    batches over threads, result JSON/CSV with a stamp
 *   credence/claims.h fact-checked claims: a SQLite knowledge base and its search
 * Every function is documented where it is declared.  The library is
 * thread-safe: a cred_ctx is immutable after creation and may be shared;
 * every other object belongs to the thread that made it.
 */
#ifndef CREDENCE_H
#define CREDENCE_H

#include "credence/core.h"
#include "credence/text.h"
#include "credence/html.h"
#include "credence/learn.h"
#include "credence/analysis.h"
#include "credence/score.h"
#include "credence/engine.h"
#include "credence/checkworthy.h"
#include "credence/claims.h"

#endif /* CREDENCE_H */
