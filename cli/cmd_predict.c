/*
 * cmd_predict.c - `credence predict`: labels from a trained model.
 *
 *   credence predict -m MODEL --format F [--json] [--explain N] FILE...
 *
 * One line per record, in input order: the predicted label, TAB, its
 * probability.  --json prints one JSON object per line instead, with the
 * whole distribution and the top features toward and against the predicted
 * class (docs/learn.md, "predict --json").  Records are predicted by all
 * threads; a progress bar goes to stderr when it is a terminal.
 */
#define _POSIX_C_SOURCE 200809L
#include "learn_common.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: credence predict -m MODEL --format F [OPTIONS] FILE...\n"
           "\n"
           "Predicts a label for every record: prints LABEL<TAB>PROBABILITY per line, in\n"
           "input order (labels in the input are ignored).\n"
           "\n"
           "  -m, --model MODEL model file from `credence train`\n"
           "%s"
           "  --json            one JSON object per record: label, probability, all\n"
           "                    class probabilities and explanations\n"
           "  --explain N       features toward / against in --json (default 5; 0: none)\n"
           "  --no-progress     no progress bar on stderr\n"
           "  -h, --help        this help\n",
           learn_data_help);
}

static json_t *contribs(const cred_contrib *c, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_pack("{s:s, s:f}", "feature", c[i].text, "weight", c[i].value);
        if (o && c[i].end > c[i].start) {
            json_object_set_new(o, "start", json_integer((json_int_t)c[i].start));
            json_object_set_new(o, "end", json_integer((json_int_t)c[i].end));
        }
        json_array_append_new(a, o);
    }
    return a;
}

int cmd_predict(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        LEARN_DATA_OPTIONS,
        {"model", required_argument, NULL, 'm'},
        {"json", no_argument, NULL, LO_JSON},
        {"explain", required_argument, NULL, LO_EXPLAIN},
        {"no-progress", no_argument, NULL, LO_NO_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    learn_data_opts d = {0};
    cred_read_opts_init(&d.read);
    const char *model = NULL;
    bool json = false, progress = true;
    long top = 5;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":hm:", longopts, NULL)) != -1) {
        int k = learn_data_opt(g, c, optarg, &d);
        if (k < 0)
            return CLI_USAGE;
        if (k)
            continue;
        switch (c) {
        case 'm': model = optarg; break;
        case LO_JSON: json = true; break;
        case LO_NO_PROGRESS: progress = false; break;
        case LO_EXPLAIN:
            if (!cli_opt_long(g, "--explain", optarg, 0, 1000, &top))
                return CLI_USAGE;
            break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    if (!model || !d.have_format) {
        cli_error(g, "-m MODEL and --format are required (see --help)");
        return CLI_USAGE;
    }
    if (optind >= argc) {
        cli_error(g, "no FILE given (see --help)");
        return CLI_USAGE;
    }
    cred_error err = {0};
    cred_model *m = NULL;
    cred_status st = cred_model_load(model, &m, &err);
    if (st) {
        cli_error(g, "%s", err.msg);
        return cli_exit_for(st);
    }
    int rc;
    cred_ctx *ctx = cli_ctx(g, &rc);
    if (!ctx) {
        cred_model_free(m);
        return rc;
    }
    cred_dataset ds = {0};
    size_t k = cred_model_n_classes(m);
    double *probs = NULL;
    size_t *best = NULL;
    cred_explanation *ex = NULL;
    if ((rc = learn_read(g, &d, argv + optind, argc - optind, &ds)))
        goto done;
    probs = malloc((ds.n + 1) * k * sizeof *probs);
    best = malloc((ds.n + 1) * sizeof *best);
    if (json && top > 0)
        ex = calloc(ds.n + 1, sizeof *ex);
    if (!probs || !best || (json && top > 0 && !ex)) {
        cli_error(g, "out of memory");
        rc = CLI_INTERNAL;
        goto done;
    }
    if ((rc = learn_predict_all(g, ctx, m, &ds, d.threads, progress, json ? (size_t)top : 0,
                                probs, best, ex)))
        goto done;
    for (size_t i = 0; i < ds.n && rc == CLI_OK; i++) {
        const cred_record *r = &ds.recs[i];
        if (json) {
            json_t *pd = json_object();
            for (size_t c2 = 0; c2 < k; c2++)
                json_object_set_new(pd, cred_model_class(m, c2), json_real(probs[i * k + c2]));
            json_t *o = json_pack("{s:s, s:I, s:s, s:f, s:o}", "file", r->file, "line",
                                  (json_int_t)r->line, "label", cred_model_class(m, best[i]),
                                  "probability", probs[i * k + best[i]], "probs", pd);
            if (o && r->id.n)
                json_object_set_new(o, "id", json_stringn(r->id.p, r->id.n));
            if (o) {
                /* the out-of-domain figures (docs/learn.md, "Coverage") */
                size_t tn = r->title.n + 2 + r->text.n;
                char *t = malloc(tn + 1);
                cred_coverage cv;
                cred_error cerr = {0};
                if (t) {
                    tn = 0;
                    if (r->title.n) {
                        memcpy(t, r->title.p, r->title.n);
                        memcpy(t + r->title.n, "\n\n", 2);
                        tn = r->title.n + 2;
                    }
                    memcpy(t + tn, r->text.p, r->text.n);
                    tn += r->text.n;
                }
                if (t && !cred_model_coverage(ctx, m, t, tn, &cv, &cerr))
                    json_object_set_new(
                        o, "coverage",
                        json_pack("{s:I, s:I, s:f, s:f}", "words", (json_int_t)cv.n_words,
                                  "content_words", (json_int_t)cv.n_content, "coverage",
                                  cv.coverage, "stopword_share", cv.stopword_share));
                free(t);
            }
            if (o && ex)
                json_object_set_new(o, "explain",
                                    json_pack("{s:o, s:o}", "toward",
                                              contribs(ex[i].toward, ex[i].n_toward), "against",
                                              contribs(ex[i].against, ex[i].n_against)));
            char *s = o ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
            json_decref(o);
            if (!s || !cli_write(g, s, strlen(s)) || !cli_write(g, "\n", 1))
                rc = CLI_INTERNAL;
            free(s);
        } else if (printf("%s\t%.4f\n", cred_model_class(m, best[i]), probs[i * k + best[i]]) < 0) {
            cli_error(g, "write error");
            rc = CLI_INTERNAL;
        }
    }
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        cli_error(g, "write error");
        rc = CLI_INTERNAL;
    }
done:
    if (ex)
        for (size_t i = 0; i < ds.n; i++)
            cred_explanation_free(&ex[i]);
    free(ex);
    free(probs);
    free(best);
    cred_dataset_free(&ds);
    cred_ctx_free(ctx);
    cred_model_free(m);
    return rc;
}
