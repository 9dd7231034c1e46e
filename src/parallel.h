/*
 * parallel.h - one parallel-for for every batch in the library.
 *
 * Why: the batch paths (the engine's batches today; dataset featurizing and
 * evaluation can move here) each grew their own thread pool.  This is the
 * one: a fixed range of independent items, split dynamically over threads
 * (an item at a time, so one slow article does not hold a whole stripe).
 * Results go to slots the caller indexes by item, so the output order never
 * depends on the thread count.  Layer 0: it calls nothing in src/.
 */
#ifndef CRED_PARALLEL_H
#define CRED_PARALLEL_H

#include <stddef.h>

/* Runs fn(arg, i) for every i in [0, n) on up to `threads` threads (the
 * calling thread is one of them; 0 means cred__cpu_count()).  Returns when
 * all are done.  When threads cannot be started the calling thread does the
 * rest: it never fails. */
void cred__parallel_for(size_t n, unsigned threads, void (*fn)(void *arg, size_t i), void *arg);

/* Online CPUs, at least 1. */
unsigned cred__cpu_count(void);

#endif
