/*
 * data.c - finding a data file: layer 0, beside util.c.
 *
 * Data files (word lists, patterns) live in the repository's data/ folder and
 * are compiled into the library by tools/embed.c, so a program linked with
 * libcredence needs no installed files.  A caller (or `credence --data-dir`)
 * may point at a directory whose files override the built-in ones, which is
 * how rules are tuned without rebuilding.
 *
 * Why a module of its own: every module looks up its data files while it
 * loads.  When the lookup lived in ctx.c, each module called up into the
 * context while the context called down into each module's load, which made
 * most of src/ one dependency cycle (docs/architecture.md).  Here it only
 * needs util and the embedded files; the context (ctx.c) is the only module
 * that names the others.
 */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

static cred_status read_file(const char *path, char **out, size_t *n, bool *missing,
                             cred_error *err)
{
    *missing = false;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT) {
            *missing = true;
            return CRED_OK;
        }
        return cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
    }
    cred__buf b = {0};
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) {
        cred__buf_put(&b, tmp, k);
        if (b.n > (64u << 20)) {
            fclose(f);
            cred__buf_free(&b);
            return cred__err(err, CRED_ETOOBIG, "%s: data file over 64 MiB", path);
        }
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        cred__buf_free(&b);
        return cred__err(err, CRED_EIO, "%s: read error", path);
    }
    *out = cred__buf_take(&b, n);
    if (!*out)
        return cred__err(err, CRED_ENOMEM, "%s: out of memory", path);
    return CRED_OK;
}

cred_status cred__ctx_data(cred_ctx *ctx, const char *name, cred_str *out,
                           cred_error *err)
{
    if (ctx->data_dir) {
        char path[4096];
        int k = snprintf(path, sizeof path, "%s/%s", ctx->data_dir, name);
        if (k < 0 || (size_t)k >= sizeof path)
            return cred__err(err, CRED_EINVAL, "data directory path too long");
        char *p;
        size_t n;
        bool missing;
        cred_status st = read_file(path, &p, &n, &missing, err);
        if (st)
            return st;
        if (!missing) {
            if (!CRED__VEC_PUSH(ctx->owned, p)) {
                free(p);
                return cred__err(err, CRED_ENOMEM, "out of memory");
            }
            out->p = p;
            out->n = n;
            return CRED_OK;
        }
    }
    for (size_t i = 0; i < cred__embedded_count; i++) {
        if (strcmp(cred__embedded_files[i].name, name) == 0) {
            out->p = (const char *)cred__embedded_files[i].data;
            out->n = cred__embedded_files[i].len;
            return CRED_OK;
        }
    }
    return cred__err(err, CRED_EDATA, "data file %s is missing", name);
}

void cred__ctx_data_free(cred_ctx *ctx)
{
    for (size_t i = 0; i < ctx->owned.n; i++)
        free(ctx->owned.v[i]);
    free(ctx->owned.v);
    free(ctx->data_dir);
}
