/*
 * ctx.c - the resource context: loads every module's data once.
 *
 * Data files (word lists, patterns) live in the repository's data/ folder and
 * are compiled into the library by tools/embed.c, so a program linked with
 * libcredence needs no installed files.  A caller (or `credence --data-dir`)
 * may point at a directory whose files override the built-in ones, which is
 * how rules are tuned without rebuilding.
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

cred_ctx *cred_ctx_new(const char *data_dir, cred_error *err)
{
    cred_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx) {
        cred__err(err, CRED_ENOMEM, "out of memory");
        return NULL;
    }
    if (data_dir && !(ctx->data_dir = strdup(data_dir))) {
        cred__err(err, CRED_ENOMEM, "out of memory");
        goto fail;
    }
    if (cred__fix_load(ctx, err) || cred__chrome_load(ctx, err) || cred__analysis_load(ctx, err) ||
        cred__segment_load(ctx, err) || cred__learn_load(ctx, err) || cred__outlets_load(ctx, err) ||
        cred__score_load(ctx, err) || cred__html_load(ctx, err))
        goto fail;
    return ctx;
fail:
    cred_ctx_free(ctx);
    return NULL;
}

void cred_ctx_free(cred_ctx *ctx)
{
    if (!ctx)
        return;
    cred__fix_free(ctx->fix);
    cred__chrome_free(ctx->chrome);
    cred__analysis_free(ctx->analysis);
    cred__segment_free(ctx->seg);
    cred__learn_free(ctx->learn);
    cred__score_free(ctx);
    cred__html_free(ctx->html);
    for (size_t i = 0; i < ctx->owned.n; i++)
        free(ctx->owned.v[i]);
    free(ctx->owned.v);
    free(ctx->data_dir);
    free(ctx);
}
