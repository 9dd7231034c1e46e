/*
 * ctx.c - the resource context: loads every module's data once, and frees
 * it.
 *
 * The context is the top layer of the library (docs/architecture.md): it is
 * the one module that names the others, through the table below.  Each entry
 * is a module's load (reads its data files with cred__ctx_data, data.c, and
 * hangs what it built on the context) and its free.  Modules never call the
 * context back, so adding a module's data is one line here and nothing else
 * learns about it.
 *
 * Order: entries load top to bottom (none reads another's data today) and are
 * freed bottom to top; a load that fails leaves the entries after it
 * unloaded, and every free accepts what is not there (NULL).
 */
#include "internal.h"

#include <stdlib.h>

/* The frees take the module's own data; these adapt them to the table. */
static void fix_free(cred_ctx *c) { cred__fix_free(c->fix); }
static void chrome_free(cred_ctx *c) { cred__chrome_free(c->chrome); }
static void analysis_free(cred_ctx *c) { cred__analysis_free(c->analysis); }
static void segment_free(cred_ctx *c) { cred__segment_free(c->seg); }
static void learn_free(cred_ctx *c) { cred__learn_free(c->learn); }
static void outlets_free(cred_ctx *c) { cred_outlets_free(c->outlets); }
static void lang_free(cred_ctx *c) { cred__lang_free(c->lang_en); }
static void genre_free(cred_ctx *c) { cred__genre_free(c->genre); }
static void html_free(cred_ctx *c) { cred__html_free(c->html); }

static const struct module {
    const char *name;
    cred_status (*load)(cred_ctx *ctx, cred_error *err);
    void (*free)(cred_ctx *ctx);
} modules[] = {
    {"fix", cred__fix_load, fix_free},                   /* fix.c: data/text/ */
    {"chrome", cred__chrome_load, chrome_free},          /* chrome.c: chrome.tsv */
    {"analysis", cred__analysis_load, analysis_free},    /* analysis/load.c */
    {"segment", cred__segment_load, segment_free},       /* segment.c */
    {"learn", cred__learn_load, learn_free},             /* learn/features.c */
    {"outlets", cred__outlets_load, outlets_free},       /* score/sources.c */
    {"score", cred__score_load, cred__score_free},       /* score/config.c */
    {"lang", cred__lang_load, lang_free},                /* score/rate.c */
    {"genre", cred__genre_load, genre_free},             /* score/sig_genre.c */
    {"html", cred__html_load, html_free},                /* html/data.c */
};
enum { N_MODULES = sizeof modules / sizeof *modules };

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
    for (size_t i = 0; i < N_MODULES; i++)
        if (modules[i].load(ctx, err))
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
    for (size_t i = N_MODULES; i-- > 0;)
        modules[i].free(ctx);
    cred__ctx_data_free(ctx);
    free(ctx);
}
