/*
 * cmd_train.c - `credence train`: train a linear model on labelled documents.
 *
 *   credence train --format F [--dev FILE] -o MODEL [OPTIONS] FILE...
 *
 * Reads every FILE (all in format F), trains (src/learn/model.c), prints a
 * short report (or --json) and writes MODEL.  --export-tsv OUT writes the
 * records read as the generic tsv format instead of training (the benchmark
 * uses it to give the peers exactly the same data).
 */
#define _POSIX_C_SOURCE 200809L
#include "learn_common.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: credence train --format F [--dev FILE] -o MODEL [OPTIONS] FILE...\n"
           "\n"
           "Trains a logistic-regression model (binary or multinomial) on hashed word\n"
           "n-grams of labelled documents, calibrates it (temperature scaling) and writes\n"
           "it to MODEL (docs/learn.md).\n"
           "\n"
           "  -o, --output MODEL  model file to write (required unless --export-tsv)\n"
           "  --dev FILE        development set in the same format: tunes --l2 and is\n"
           "                    reported; never trained on\n"
           "%s%s"
           "  --export-tsv OUT  write the records read as tsv (label TAB text) and stop\n"
           "                    (with --strip-leaks, the stripped text)\n"
           "  --json            print the training report as JSON\n"
           "  -v, --verbose     progress on stderr (-vv: every L-BFGS iteration)\n"
           "  -h, --help        this help\n",
           learn_data_help, learn_train_help);
}

static cred_status fail(cred_error *err, cred_status code, const char *msg)
{
    if (err) {
        err->code = code;
        snprintf(err->msg, sizeof err->msg, "%s", msg);
    }
    return code;
}

/* A copy of ds with --strip-leaks applied to title + text (for --export-tsv). */
static cred_status strip_all(const cli_global *g, const cred_dataset *ds, cred_dataset *out,
                             cred_error *err)
{
    int rc;
    cred_ctx *ctx = cli_ctx(g, &rc);
    if (!ctx)
        return fail(err, CRED_EDATA, "cannot load the data files");
    cred_status st = CRED_OK;
    cli_buf full = {0}, b = {0};
    for (size_t i = 0; i < ds->n && !st; i++) {
        const cred_record *r = &ds->recs[i];
        full.n = 0;
        if (r->title.n) {
            cli_buf_put(&full, r->title.p, r->title.n);
            cli_buf_put(&full, "\n\n", 2);
        }
        cli_buf_put(&full, r->text.p, r->text.n);
        char *s;
        size_t n;
        st = cred_strip_leaks(ctx, full.p ? full.p : "", full.n, &s, &n, err);
        if (st)
            break;
        b.n = 0;
        cli_buf_put(&b, r->label.p, r->label.n);
        cli_buf_putc(&b, '\t');
        for (size_t q = 0; q < n; q++) {
            char c = s[q];
            if (c == '\\' || c == '\n' || c == '\t' || c == '\r') {
                cli_buf_putc(&b, '\\');
                c = c == '\\' ? '\\' : c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
            }
            cli_buf_putc(&b, c);
        }
        cli_buf_putc(&b, '\n');
        free(s);
        if (b.oom || full.oom)
            st = fail(err, CRED_ENOMEM, "out of memory");
        else
            st = cred_dataset_read_mem(out, CRED_DS_TSV, r->file, b.p, b.n, NULL, err);
    }
    cli_buf_free(&full);
    cli_buf_free(&b);
    cred_ctx_free(ctx);
    return st;
}

int cmd_train(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        LEARN_DATA_OPTIONS,
        LEARN_TRAIN_OPTIONS,
        {"dev", required_argument, NULL, LO_DEV},
        {"output", required_argument, NULL, 'o'},
        {"export-tsv", required_argument, NULL, LO_EXPORT},
        {"json", no_argument, NULL, LO_JSON},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    learn_data_opts d = {0};
    cred_read_opts_init(&d.read);
    cred_train_opts o;
    cred_train_opts_init(&o);
    const char *out = NULL, *dev = NULL, *export = NULL;
    bool json = false;
    int c, verbose = 0;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":ho:v", longopts, NULL)) != -1) {
        int k = learn_data_opt(g, c, optarg, &d);
        if (!k)
            k = learn_train_opt(g, c, optarg, &o);
        if (k < 0)
            return CLI_USAGE;
        if (k)
            continue;
        switch (c) {
        case 'o': out = optarg; break;
        case LO_DEV: dev = optarg; break;
        case LO_EXPORT: export = optarg; break;
        case LO_JSON: json = true; break;
        case 'v': verbose++; break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    if (!d.have_format) {
        cli_error(g, "--format is required (see --help)");
        return CLI_USAGE;
    }
    if (!out && !export) {
        cli_error(g, "-o MODEL is required (see --help)");
        return CLI_USAGE;
    }
    if (optind >= argc) {
        cli_error(g, "no training FILE given (see --help)");
        return CLI_USAGE;
    }
    o.threads = d.threads;
    o.verbose = verbose;
    cred_dataset train = {0}, devset = {0};
    int rc = learn_read(g, &d, argv + optind, argc - optind, &train);
    if (rc) {
        cred_dataset_free(&train);
        return rc;
    }
    if (export) {
        cred_error err = {0};
        cred_status st = CRED_OK;
        cred_dataset stripped = {0};
        if (o.feat.strip_leaks) /* the peers in bench/ get the same stripped text */
            st = strip_all(g, &train, &stripped, &err);
        if (!st)
            st = cred_dataset_write_tsv(o.feat.strip_leaks ? &stripped : &train, export, &err);
        cred_dataset_free(&stripped);
        cred_dataset_free(&train);
        if (st) {
            cli_error(g, "%s", err.msg);
            return cli_exit_for(st);
        }
        return CLI_OK;
    }
    if (dev && (rc = learn_read(g, &d, (char **)&dev, 1, &devset))) {
        cred_dataset_free(&train);
        cred_dataset_free(&devset);
        return rc;
    }
    cred_ctx *ctx = cli_ctx(g, &rc);
    if (!ctx) {
        cred_dataset_free(&train);
        cred_dataset_free(&devset);
        return rc;
    }
    cred_model *m = NULL;
    cred_train_report rep;
    cred_error err = {0};
    cred_status st = cred_model_train(ctx, &train, dev ? &devset : NULL, &o, &m, &rep, &err);
    if (!st)
        st = cred_model_save(m, out, &err);
    if (st) {
        cli_error(g, "%s", err.msg);
        rc = cli_exit_for(st);
        goto done;
    }
    size_t k = cred_model_n_classes(m);
    if (json) {
        json_t *cls = json_array();
        for (size_t i = 0; i < k; i++)
            json_array_append_new(cls, json_string(cred_model_class(m, i)));
        json_t *root = json_pack(
            "{s:s, s:I, s:I, s:o, s:I, s:f, s:i, s:f, s:o, s:o, s:o, s:f}", "model", out,
            "records", (json_int_t)train.n, "skipped", (json_int_t)(train.n_bad + devset.n_bad),
            "classes", cls, "features", (json_int_t)rep.n_features, "l2", rep.l2,
            "iterations", rep.iterations, "temperature", rep.temperature, "ece_before",
            rep.ece_before >= 0 ? json_real(rep.ece_before) : json_null(), "ece_after",
            rep.ece_after >= 0 ? json_real(rep.ece_after) : json_null(), "dev_accuracy",
            rep.dev_accuracy >= 0 ? json_real(rep.dev_accuracy) : json_null(), "seconds",
            rep.seconds);
        char *s = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(root);
        if (!s || !cli_write(g, s, strlen(s)) || !cli_write(g, "\n", 1))
            rc = CLI_INTERNAL;
        free(s);
    } else {
        printf("model      %s\n", out);
        printf("records    %zu", train.n);
        if (dev)
            printf(" (dev %zu)", devset.n);
        printf("\nclasses   ");
        for (size_t i = 0; i < k; i++)
            printf(" %s", cred_model_class(m, i));
        printf("\nfeatures   %zu\n", rep.n_features);
        printf("l2         %g%s\n", rep.l2, o.l2 > 0 ? "" : dev ? " (tuned on dev)" : " (default)");
        printf("iterations %d\n", rep.iterations);
        if (rep.ece_before >= 0)
            printf("calibration temperature %.3f, ECE on held-out %.4f -> %.4f\n",
                   rep.temperature, rep.ece_before, rep.ece_after);
        else
            printf("calibration none\n");
        if (rep.dev_accuracy >= 0)
            printf("dev accuracy %.4f\n", rep.dev_accuracy);
        printf("seconds    %.2f\n", rep.seconds);
    }
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        cli_error(g, "write error");
        rc = CLI_INTERNAL;
    }
done:
    cred_model_free(m);
    cred_ctx_free(ctx);
    cred_dataset_free(&train);
    cred_dataset_free(&devset);
    return rc;
}
