/*
 * test_parallel.c - the tree's one parallel-for (src/parallel.c): every item
 * is visited exactly once for any thread count and grain, chunks respect the
 * grain, worker numbers stay below cred__parallel_workers (callers index
 * per-worker scratch with them), and n = 0 calls nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "parallel.h"

typedef struct seen {
    atomic_int *hits;
    size_t grain;
    unsigned workers;
    atomic_int bad;     /* a chunk too big, or a worker number out of range */
    atomic_int *busy;   /* per worker: 1 while a chunk runs (one thread each) */
} seen;

static void visit(void *arg, unsigned worker, size_t from, size_t to)
{
    seen *s = arg;
    if (worker >= s->workers || to <= from || to - from > s->grain)
        atomic_store(&s->bad, 1);
    if (worker < s->workers && atomic_exchange(&s->busy[worker], 1))
        atomic_store(&s->bad, 1); /* two threads with one worker number */
    for (size_t i = from; i < to; i++)
        atomic_fetch_add(&s->hits[i], 1);
    if (worker < s->workers)
        atomic_store(&s->busy[worker], 0);
}

static void each_item_once(void **state)
{
    (void)state;
    const size_t ns[] = {0, 1, 2, 63, 64, 65, 1000};
    const unsigned ts[] = {0, 1, 2, 3, 8};
    const size_t gs[] = {0, 1, 7, 64, 5000};
    for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
        for (size_t b = 0; b < sizeof ts / sizeof *ts; b++)
            for (size_t c = 0; c < sizeof gs / sizeof *gs; c++) {
                size_t n = ns[a];
                seen s = {.grain = gs[c] ? gs[c] : 1};
                s.workers = cred__parallel_workers(n, ts[b], gs[c]);
                assert_true(s.workers >= 1);
                if (ts[b])
                    assert_true(s.workers <= ts[b]);
                s.hits = calloc(n + 1, sizeof *s.hits);
                s.busy = calloc(s.workers, sizeof *s.busy);
                cred__parallel_range(n, ts[b], gs[c], visit, &s);
                if (atomic_load(&s.bad))
                    fail_msg("n %zu threads %u grain %zu", n, ts[b], gs[c]);
                for (size_t i = 0; i < n; i++)
                    assert_int_equal(atomic_load(&s.hits[i]), 1);
                free(s.hits);
                free((void *)s.busy);
            }
}

static void square(void *arg, size_t i)
{
    size_t *out = arg;
    out[i] = i * i;
}

static void item_form(void **state)
{
    (void)state;
    size_t out[500];
    for (unsigned t = 1; t <= 4; t++) {
        memset(out, 0xff, sizeof out);
        cred__parallel_for(500, t, square, out);
        for (size_t i = 0; i < 500; i++)
            assert_int_equal(out[i], i * i);
    }
    assert_int_equal(cred__parallel_workers(10, 4, 3), 4);
    assert_int_equal(cred__parallel_workers(10, 4, 5), 2);
    assert_int_equal(cred__parallel_workers(0, 4, 1), 1);
    assert_true(cred__cpu_count() >= 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_item_once),
        cmocka_unit_test(item_form),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
