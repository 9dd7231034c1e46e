/*
 * bench/segment.c - throughput of the sentence splitter and tokenizer alone
 * (src/segment.c), without the rest of the clean pipeline.
 *
 *   segment-bench FILE [RUNS]
 *
 * Reads FILE, turns it into what clean.c hands the splitter (paragraphs at
 * blank lines, lines joined with one space, space runs collapsed), then
 * times RUNS passes (default 3, best kept) of: sentences only, tokens of
 * every sentence only, and both.  Prints one line per measurement:
 *   <name> <wall seconds> <CPU seconds> <MB/s by CPU time> [counts]
 * (best run by CPU time: on a busy machine wall time measures the others).
 */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: segment-bench FILE [RUNS]\n");
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 3;
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    cred__buf raw = {0};
    char tmp[1 << 16];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
        cred__buf_put(&raw, tmp, k);
    fclose(f);
    /* paragraphs: text joined by single spaces; spans into `text` */
    cred__buf text = {0};
    CRED__VEC(cred_span) paras = {0};
    size_t start = 0;
    bool blank_run = true;
    for (size_t i = 0; i <= raw.n; i++) {
        size_t e = i;
        while (e < raw.n && raw.p[e] != '\n')
            e++;
        bool any = false;
        for (size_t j = i; j < e; j++) {
            char c = raw.p[j] == '\t' || raw.p[j] == '\r' ? ' ' : raw.p[j];
            if (c == ' ' && (!any || text.p[text.n - 1] == ' '))
                continue;
            if (!any && !blank_run)
                cred__buf_putc(&text, ' ');
            if (!any && blank_run)
                start = text.n;
            any = true;
            cred__buf_putc(&text, c);
        }
        if (any && text.p[text.n - 1] == ' ')
            text.n--;
        if (any)
            blank_run = false;
        if ((!any || e >= raw.n) && !blank_run) {
            if (!CRED__VEC_PUSH(paras, ((cred_span){start, text.n})))
                return 1;
            blank_run = true;
        }
        i = e;
    }
    cred_error err;
    cred_ctx *ctx = cred_ctx_new(NULL, &err);
    if (!ctx || raw.oom || text.oom) {
        fprintf(stderr, "setup failed\n");
        return 1;
    }
    cred__spanvec sv = {0};
    cred__tokvec tv = {0};
    static const char *const names[3] = {"sentences", "tokens", "sentences+tokens"};
    size_t n_sent = 0, n_tok = 0;
    /* sentence spans once, for the tokens-only pass */
    CRED__VEC(cred_span) all = {0};
    bool q = false;
    for (size_t p = 0; p < paras.n; p++) {
        sv.n = 0;
        cred__segment_sentences(ctx, text.p + paras.v[p].start,
                                paras.v[p].end - paras.v[p].start, &q, &sv);
        for (size_t s = 0; s < sv.n; s++)
            if (!CRED__VEC_PUSH(all, ((cred_span){paras.v[p].start + sv.v[s].start,
                                                   paras.v[p].start + sv.v[s].end})))
                return 1;
    }
    for (int mode = 0; mode < 3; mode++) {
        double best = 1e30, best_wall = 0;
        for (int r = 0; r < runs; r++) {
            double t0 = now(CLOCK_PROCESS_CPUTIME_ID), w0 = now(CLOCK_MONOTONIC);
            n_sent = n_tok = 0;
            q = false;
            if (mode == 1) {
                for (size_t s = 0; s < all.n; s++) {
                    tv.n = 0;
                    cred__tokenize(text.p + all.v[s].start, all.v[s].end - all.v[s].start,
                                   all.v[s].start, &tv);
                    n_tok += tv.n;
                }
            } else {
                for (size_t p = 0; p < paras.n; p++) {
                    const char *pt = text.p + paras.v[p].start;
                    sv.n = 0;
                    cred__segment_sentences(ctx, pt, paras.v[p].end - paras.v[p].start, &q, &sv);
                    n_sent += sv.n;
                    if (mode == 2)
                        for (size_t s = 0; s < sv.n; s++) {
                            tv.n = 0;
                            cred__tokenize(pt + sv.v[s].start, sv.v[s].end - sv.v[s].start, 0,
                                           &tv);
                            n_tok += tv.n;
                        }
                }
            }
            double t = now(CLOCK_PROCESS_CPUTIME_ID) - t0, w = now(CLOCK_MONOTONIC) - w0;
            if (t < best)
                best = t, best_wall = w;
        }
        printf("%s %.3f %.3f %.1f", names[mode], best_wall, best, raw.n / best / 1e6);
        if (mode != 1)
            printf(" sentences=%zu", n_sent);
        if (mode != 0)
            printf(" tokens=%zu", n_tok);
        printf("\n");
    }
    printf("# %zu bytes, %zu paragraphs\n", raw.n, paras.n);
    free(sv.v);
    free(tv.v);
    free(all.v);
    free(paras.v);
    cred__buf_free(&raw);
    cred__buf_free(&text);
    cred_ctx_free(ctx);
    return 0;
}
