/*
 * bench/fixbench.c - times cred_fix_text() on one file (used by bench/fix.sh).
 * Usage: fixbench FILE [FLAGS]   prints "SECONDS OUT_BYTES"; the time covers
 * the call only (reading the file and creating the context are excluded).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "credence.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: fixbench FILE [FLAGS]\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 2;
    }
    size_t cap = 1 << 20, n = 0, k;
    char *b = malloc(cap);
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(b, cap *= 2);
            if (!nb) {
                free(b);
                b = NULL;
            }
            b = nb;
        }
    }
    fclose(f);
    if (!b)
        return 2;
    cred_error err;
    cred_ctx *ctx = cred_ctx_new(NULL, &err);
    if (!ctx) {
        fprintf(stderr, "fixbench: %s\n", err.msg);
        return 2;
    }
    unsigned flags = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 0) : 0;
    struct timespec t0, t1;
    char *out = NULL;
    size_t on = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cred_status st = cred_fix_text(ctx, b, n, flags, &out, &on, &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (st) {
        fprintf(stderr, "fixbench: %s\n", err.msg);
        return 1;
    }
    printf("%.4f %zu\n", (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
           on);
    free(out);
    free(b);
    cred_ctx_free(ctx);
    return 0;
}
