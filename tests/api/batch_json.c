/*
 * batch_json.c - the library's batch call as a program built like an
 * outside caller's (include/ only, no src/): scores FILEs with
 * cred_engine_batch over THREADS threads and prints each result's JSON on
 * one line, in input order.  tests/t_engine.sh compares it byte for byte
 * with `credence score --json FILE`.
 *
 *   batch_json PROGRAM_DIR THREADS [--brief] FILE...
 *
 * PROGRAM_DIR is where the engine looks for the installed model, as the CLI
 * passes its own directory (build/ for the source tree).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credence.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0, k;
    char *p = malloc(cap);
    while (p && (k = fread(p + len, 1, cap - len, f)) > 0) {
        len += k;
        if (len == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q) {
                free(p);
                p = NULL;
            }
            p = q;
        }
    }
    fclose(f);
    *n = len;
    return p;
}

static int print_one(void *user, size_t i, const cred_result *r)
{
    (void)i;
    char *s = NULL;
    if (cred_result_to_json(r, *(unsigned *)user, &s, NULL))
        return 1;
    printf("%s\n", s);
    free(s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: batch_json PROGRAM_DIR THREADS [--brief] FILE...\n");
        return 2;
    }
    unsigned threads = (unsigned)atoi(argv[2]), flags = 0;
    int first = 3;
    if (!strcmp(argv[3], "--brief")) {
        flags = CRED_JSON_BRIEF;
        first = 4;
    }
    cred_engine_opts o;
    cred_engine_opts_init(&o);
    o.program_dir = argv[1];
    cred_error err = {0};
    cred_engine *e = cred_engine_new(&o, &err);
    if (!e) {
        fprintf(stderr, "batch_json: %s\n", err.msg);
        return 4;
    }
    size_t n = (size_t)(argc - first);
    cred_request *reqs = calloc(n, sizeof *reqs);
    char **bufs = calloc(n, sizeof *bufs);
    int rc = reqs && bufs ? 0 : 5;
    for (size_t i = 0; !rc && i < n; i++) {
        cred_request_init(&reqs[i]);
        if (!(bufs[i] = slurp(argv[first + (int)i], &reqs[i].n))) {
            fprintf(stderr, "batch_json: cannot read %s\n", argv[first + (int)i]);
            rc = 3;
        }
        reqs[i].data = bufs[i];
    }
    size_t failed = 0;
    if (!rc && cred_engine_batch(e, reqs, n, threads, print_one, &flags, &failed, &err)) {
        fprintf(stderr, "batch_json: %s\n", err.msg);
        rc = 5;
    }
    for (size_t i = 0; bufs && i < n; i++)
        free(bufs[i]);
    free(bufs);
    free(reqs);
    cred_engine_free(e);
    return rc ? rc : failed ? 3 : 0;
}
