/*
 * parallel.c - cred__parallel_for (see parallel.h): a shared counter under
 * a mutex hands out items one at a time to threads-1 helper threads and the
 * caller.  What it does not do: no pool kept between calls (thread start-up
 * is microseconds against milliseconds per article), no work stealing.
 */
#define _POSIX_C_SOURCE 200809L
#include "parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct pfor {
    size_t n, next;
    void (*fn)(void *, size_t);
    void *arg;
    pthread_mutex_t mu;
} pfor;

static void *pfor_worker(void *p)
{
    pfor *f = p;
    for (;;) {
        pthread_mutex_lock(&f->mu);
        size_t i = f->next < f->n ? f->next++ : f->n;
        pthread_mutex_unlock(&f->mu);
        if (i >= f->n)
            return NULL;
        f->fn(f->arg, i);
    }
}

unsigned cred__cpu_count(void)
{
    long k = sysconf(_SC_NPROCESSORS_ONLN);
    return k > 0 ? (unsigned)k : 1u;
}

void cred__parallel_for(size_t n, unsigned threads, void (*fn)(void *arg, size_t i), void *arg)
{
    if (!threads)
        threads = cred__cpu_count();
    if (threads > n)
        threads = n ? (unsigned)n : 1u;
    if (threads <= 1) {
        for (size_t i = 0; i < n; i++)
            fn(arg, i);
        return;
    }
    pfor f = {.n = n, .fn = fn, .arg = arg};
    pthread_mutex_init(&f.mu, NULL);
    pthread_t *tid = calloc(threads - 1, sizeof *tid);
    unsigned started = 0;
    while (tid && started < threads - 1 && pthread_create(&tid[started], NULL, pfor_worker, &f) == 0)
        started++;
    pfor_worker(&f);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    pthread_mutex_destroy(&f.mu);
}
