/*
 * parallel.h - one parallel-for for every batch in the library.
 *
 * Why: the batch paths (the engine's batches, dataset featurizing, the
 * training optimizer's two phases, batch prediction for train/eval/predict)
 * each grew their own thread pool; this is the one, and the only place in
 * the tree that starts threads.  A fixed range of independent items, split
 * dynamically over threads (a chunk of `grain` items at a time, so one slow
 * article does not hold a whole stripe).  Results go to slots the caller
 * indexes by item, so the output never depends on the thread count: nothing
 * here sums across threads.  A caller that needs a reduction gives every
 * item (or every chunk start) its own slot and reduces in item order after
 * the call returns (model.c's loss and bias gradient do that).
 *
 * Per-thread state: the range form passes the worker number, 0 <= worker <
 * cred__parallel_workers(n, threads, grain), so callers can keep scratch
 * (buffers, vectors) per worker and free it after the call.  A worker
 * number is used by one thread at a time.
 *
 * Layer 0: it calls nothing in src/.
 */
#ifndef CRED_PARALLEL_H
#define CRED_PARALLEL_H

#include <stddef.h>

/* Runs fn(arg, i) for every i in [0, n) on up to `threads` threads (the
 * calling thread is one of them; 0 means cred__cpu_count()).  Returns when
 * all are done.  When threads cannot be started the calling thread does the
 * rest: it never fails. */
void cred__parallel_for(size_t n, unsigned threads, void (*fn)(void *arg, size_t i), void *arg);

/* The range form: fn(arg, worker, from, to) over consecutive chunks
 * [from, to) of at most `grain` items (0 counts as 1) that cover [0, n)
 * exactly once, on up to `threads` threads (0: cred__cpu_count()).  For
 * cheap items (a feature's gradient) a large grain keeps the hand-out cost
 * small; with n <= grain (or one thread) every chunk runs on the calling
 * thread as worker 0. */
void cred__parallel_range(size_t n, unsigned threads, size_t grain,
                          void (*fn)(void *arg, unsigned worker, size_t from, size_t to),
                          void *arg);

/* How many workers cred__parallel_range(n, threads, grain, ...) uses: the
 * size of a per-worker scratch array (at least 1). */
unsigned cred__parallel_workers(size_t n, unsigned threads, size_t grain);

/* Online CPUs, at least 1. */
unsigned cred__cpu_count(void);

#endif
