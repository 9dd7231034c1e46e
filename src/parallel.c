/*
 * parallel.c - cred__parallel_for and cred__parallel_range (see
 * parallel.h): a shared counter under a mutex hands out chunks of `grain`
 * items to workers-1 helper threads and the caller.  What it does not do:
 * no pool kept between calls (thread start-up is microseconds against the
 * milliseconds of an article or of an optimizer phase), no work stealing.
 */
#define _POSIX_C_SOURCE 200809L
#include "parallel.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct pfor {
    size_t n, next, grain;
    void (*fn)(void *, unsigned, size_t, size_t);
    void *arg;
    pthread_mutex_t mu;
} pfor;

typedef struct pworker {
    pfor *f;
    unsigned id;
} pworker;

static void run_worker(pfor *f, unsigned id)
{
    for (;;) {
        pthread_mutex_lock(&f->mu);
        size_t a = f->next;
        size_t b = f->n - a > f->grain ? a + f->grain : f->n;
        f->next = b;
        pthread_mutex_unlock(&f->mu);
        if (a >= b)
            return;
        f->fn(f->arg, id, a, b);
    }
}

static void *pfor_worker(void *p)
{
    pworker *w = p;
    run_worker(w->f, w->id);
    return NULL;
}

unsigned cred__cpu_count(void)
{
    long k = sysconf(_SC_NPROCESSORS_ONLN);
    return k > 0 ? (unsigned)k : 1u;
}

unsigned cred__parallel_workers(size_t n, unsigned threads, size_t grain)
{
    if (!threads)
        threads = cred__cpu_count();
    if (!grain)
        grain = 1;
    size_t chunks = n / grain + (n % grain != 0);
    if (threads > chunks)
        threads = chunks ? (unsigned)chunks : 1u;
    return threads;
}

void cred__parallel_range(size_t n, unsigned threads, size_t grain,
                          void (*fn)(void *arg, unsigned worker, size_t from, size_t to),
                          void *arg)
{
    if (!grain)
        grain = 1;
    threads = cred__parallel_workers(n, threads, grain);
    pfor f = {.n = n, .grain = grain, .fn = fn, .arg = arg};
    if (threads <= 1) { /* the same chunks, on the calling thread */
        for (size_t a = 0; a < n; a += n - a > grain ? grain : n - a)
            fn(arg, 0, a, n - a > grain ? a + grain : n);
        return;
    }
    pthread_mutex_init(&f.mu, NULL);
    pthread_t *tid = calloc(threads - 1, sizeof *tid);
    pworker *w = calloc(threads - 1, sizeof *w);
    unsigned started = 0;
    while (tid && w && started < threads - 1) {
        w[started] = (pworker){&f, started + 1};
        if (pthread_create(&tid[started], NULL, pfor_worker, &w[started]) != 0)
            break;
        started++;
    }
    run_worker(&f, 0);
    for (unsigned t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    free(w);
    pthread_mutex_destroy(&f.mu);
}

/* cred__parallel_for is the range form with one item per chunk. */
typedef struct pfor_item {
    void (*fn)(void *, size_t);
    void *arg;
} pfor_item;

static void item_range(void *arg, unsigned worker, size_t from, size_t to)
{
    pfor_item *it = arg;
    (void)worker;
    for (size_t i = from; i < to; i++)
        it->fn(it->arg, i);
}

void cred__parallel_for(size_t n, unsigned threads, void (*fn)(void *arg, size_t i), void *arg)
{
    pfor_item it = {fn, arg};
    cred__parallel_range(n, threads, 1, item_range, &it);
}
