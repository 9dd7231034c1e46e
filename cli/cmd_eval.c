/*
 * cmd_eval.c - `credence eval`: measure a model on labelled data.
 *
 *   credence eval -m MODEL --format F [--json] FILE...
 *   credence eval --folds K --format F [training options] FILE...
 *
 * Prints accuracy, macro-F1, per-class precision/recall/F1, ROC AUC (binary),
 * log-loss, ECE and the confusion matrix (src/learn/metrics.c).  With
 * --folds K there is no model: the records are split into K stratified folds
 * (shuffled with --seed), K models are trained with the training options,
 * and the metrics are those of the pooled out-of-fold predictions.
 */
#define _POSIX_C_SOURCE 200809L
#include "learn_common.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: credence eval -m MODEL --format F [OPTIONS] FILE...\n"
           "       credence eval --folds K --format F [TRAINING OPTIONS] FILE...\n"
           "\n"
           "Evaluates a model on labelled records: accuracy, macro-F1, per-class\n"
           "precision/recall/F1, ROC AUC (binary), log-loss, ECE, confusion matrix.\n"
           "\n"
           "  -m, --model MODEL model file from `credence train`\n"
           "  --folds K         K-fold cross-validation on FILE... instead of a model\n"
           "%s"
           "  --json            print the metrics as JSON\n"
           "  --pretty          indent the JSON\n"
           "  -h, --help        this help\n"
           "\ntraining options for --folds (as `credence train`):\n%s",
           learn_data_help, learn_train_help);
}

static int print_metrics(const cli_global *g, const cred_metrics *mt, char **labels,
                         size_t skipped, bool json, bool pretty)
{
    size_t k = mt->k;
    if (json) {
        json_t *cls = json_array();
        for (size_t c = 0; c < k; c++)
            json_array_append_new(
                cls, json_pack("{s:s, s:f, s:f, s:f, s:I}", "label", labels[c], "precision",
                               mt->precision[c], "recall", mt->recall[c], "f1", mt->f1[c],
                               "support", (json_int_t)mt->support[c]));
        json_t *conf = json_array();
        for (size_t a = 0; a < k; a++) {
            json_t *row = json_array();
            for (size_t b = 0; b < k; b++)
                json_array_append_new(row, json_integer((json_int_t)mt->confusion[a * k + b]));
            json_array_append_new(conf, row);
        }
        json_t *o = json_pack("{s:I, s:I, s:f, s:f, s:f, s:f, s:o, s:o, s:o}", "records",
                              (json_int_t)mt->n, "skipped", (json_int_t)skipped, "accuracy",
                              mt->accuracy, "macro_f1", mt->macro_f1, "log_loss", mt->log_loss,
                              "ece", mt->ece, "auc",
                              mt->auc >= 0 ? json_real(mt->auc) : json_null(), "classes", cls,
                              "confusion", conf);
        return cli_print_json(g, o, pretty, 0);
    }
    printf("records   %zu\n", mt->n);
    printf("accuracy  %.4f\nmacro-F1  %.4f\n", mt->accuracy, mt->macro_f1);
    if (mt->auc >= 0)
        printf("ROC AUC   %.4f  (positive class: %s)\n", mt->auc, labels[1]);
    printf("log-loss  %.4f\nECE       %.4f\n\n", mt->log_loss, mt->ece);
    printf("%-16s %9s %9s %9s %8s\n", "class", "precision", "recall", "F1", "support");
    for (size_t c = 0; c < k; c++)
        printf("%-16s %9.4f %9.4f %9.4f %8zu\n", labels[c], mt->precision[c], mt->recall[c],
               mt->f1[c], mt->support[c]);
    printf("\nconfusion (rows: gold, columns: predicted)\n%-16s", "");
    for (size_t c = 0; c < k; c++)
        printf(" %8.8s", labels[c]);
    printf("\n");
    for (size_t a = 0; a < k; a++) {
        printf("%-16s", labels[a]);
        for (size_t b = 0; b < k; b++)
            printf(" %8zu", mt->confusion[a * k + b]);
        printf("\n");
    }
    return CLI_OK;
}

/* Cross-validation: pooled out-of-fold probabilities. */
static int folds_eval(const cli_global *g, const cred_ctx *ctx, const cred_dataset *ds,
                      int K, const cred_train_opts *o, int threads, double **probs_out,
                      char ***labels_out, size_t *k_out, int **gold_out)
{
    size_t n = ds->n;
    /* classes: sorted distinct labels */
    char **labels = NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t c = 0; c < k && !seen; c++)
            seen = strlen(labels[c]) == ds->recs[i].label.n &&
                   !memcmp(labels[c], ds->recs[i].label.p, ds->recs[i].label.n);
        if (!seen) {
            char **nl = realloc(labels, (k + 1) * sizeof *nl);
            if (!nl)
                return CLI_INTERNAL;
            labels = nl;
            labels[k++] = strndup(ds->recs[i].label.p, ds->recs[i].label.n);
        }
    }
    for (size_t a = 1; a < k; a++) /* insertion sort: few classes */
        for (size_t b = a; b > 0 && strcmp(labels[b - 1], labels[b]) > 0; b--) {
            char *t = labels[b];
            labels[b] = labels[b - 1];
            labels[b - 1] = t;
        }
    int *gold = malloc((n + 1) * sizeof *gold), *fold = malloc((n + 1) * sizeof *fold);
    double *probs = calloc((n + 1) * (k ? k : 1), sizeof *probs);
    size_t *order = malloc((n + 1) * sizeof *order);
    int rc = CLI_OK;
    if (!gold || !fold || !probs || !order) {
        rc = CLI_INTERNAL;
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t c = 0; c < k; c++)
            if (strlen(labels[c]) == ds->recs[i].label.n &&
                !memcmp(labels[c], ds->recs[i].label.p, ds->recs[i].label.n))
                gold[i] = (int)c;
    /* stratified: shuffle with the seed, then deal each class round-robin */
    uint64_t s = o->seed * 0x9E3779B97F4A7C15ull + 1;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = n; i > 1; i--) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        size_t j = (size_t)(s % i), t = order[i - 1];
        order[i - 1] = order[j];
        order[j] = t;
    }
    for (size_t c = 0, next = 0; c < k; c++)
        for (size_t q = 0; q < n; q++)
            if (gold[order[q]] == (int)c)
                fold[order[q]] = (int)(next++ % (size_t)K);
    for (int f = 0; f < K && rc == CLI_OK; f++) {
        cred_dataset tr = {0}, te = {0};
        tr.recs = malloc(n * sizeof *tr.recs);
        te.recs = malloc(n * sizeof *te.recs);
        if (!tr.recs || !te.recs) {
            free(tr.recs);
            free(te.recs);
            rc = CLI_INTERNAL;
            break;
        }
        size_t *idx = malloc(n * sizeof *idx);
        size_t ni = 0;
        for (size_t i = 0; i < n; i++) {
            if (fold[i] == f) {
                te.recs[te.n++] = ds->recs[i];
                if (idx)
                    idx[ni++] = i;
            } else {
                tr.recs[tr.n++] = ds->recs[i];
            }
        }
        cred_model *m = NULL;
        cred_error err = {0};
        cred_status st = idx ? cred_model_train(ctx, &tr, NULL, o, &m, NULL, &err) : CRED_ENOMEM;
        if (st) {
            cli_error(g, "fold %d: %s", f + 1, err.msg);
            rc = cli_exit_for(st);
        } else {
            size_t mk = cred_model_n_classes(m);
            double *p = malloc((te.n + 1) * mk * sizeof *p);
            size_t *best = malloc((te.n + 1) * sizeof *best);
            if (!p || !best)
                rc = CLI_INTERNAL;
            else
                rc = learn_predict_all(g, ctx, m, &te, threads, false, 0, p, best, NULL);
            for (size_t q = 0; rc == CLI_OK && q < te.n; q++)
                for (size_t c = 0; c < mk; c++) {
                    /* map the fold model's class to the global index */
                    const char *name = cred_model_class(m, c);
                    for (size_t c2 = 0; c2 < k; c2++)
                        if (!strcmp(labels[c2], name))
                            probs[idx[q] * k + c2] = p[q * mk + c];
                }
            free(p);
            free(best);
        }
        cred_model_free(m);
        free(idx);
        free(tr.recs);
        free(te.recs);
    }
out:
    free(fold);
    free(order);
    if (rc) {
        free(gold);
        free(probs);
        for (size_t c = 0; c < k; c++)
            free(labels[c]);
        free(labels);
        return rc;
    }
    *probs_out = probs;
    *labels_out = labels;
    *k_out = k;
    *gold_out = gold;
    return CLI_OK;
}

int cmd_eval(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        LEARN_DATA_OPTIONS,
        LEARN_TRAIN_OPTIONS,
        {"model", required_argument, NULL, 'm'},
        {"folds", required_argument, NULL, LO_FOLDS},
        {"json", no_argument, NULL, LO_JSON},
        {"pretty", no_argument, NULL, LO_PRETTY},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    learn_data_opts d = {0};
    cred_read_opts_init(&d.read);
    cred_train_opts o;
    cred_train_opts_init(&o);
    const char *model = NULL;
    bool json = false, pretty = false, train_opts = false;
    long folds = 0;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":hm:", longopts, NULL)) != -1) {
        int k = learn_data_opt(g, c, optarg, &d);
        if (!k && (k = learn_train_opt(g, c, optarg, &o)) > 0)
            train_opts = true;
        if (k < 0)
            return CLI_USAGE;
        if (k)
            continue;
        switch (c) {
        case 'm': model = optarg; break;
        case LO_JSON: json = true; break;
        case LO_PRETTY: pretty = true; break;
        case LO_FOLDS:
            if (!cli_opt_long(g, "--folds", optarg, 2, 100, &folds))
                return CLI_USAGE;
            break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    if (!d.have_format) {
        cli_error(g, "--format is required (see --help)");
        return CLI_USAGE;
    }
    if (!model == !folds) {
        cli_error(g, "give either -m MODEL or --folds K (see --help)");
        return CLI_USAGE;
    }
    if (model && train_opts) {
        cli_error(g, "training options only apply with --folds (the model fixes them)");
        return CLI_USAGE;
    }
    if (optind >= argc) {
        cli_error(g, "no FILE given (see --help)");
        return CLI_USAGE;
    }
    cred_error err = {0};
    cred_model *m = NULL;
    if (model) {
        cred_status st = cred_model_load(model, &m, &err);
        if (st) {
            cli_error(g, "%s", err.msg);
            return cli_exit_for(st);
        }
    }
    int rc;
    cred_ctx *ctx = cli_ctx(g, &rc);
    if (!ctx) {
        cred_model_free(m);
        return rc;
    }
    cred_dataset ds = {0};
    double *probs = NULL;
    size_t *best = NULL, k = 0;
    int *gold = NULL;
    char **labels = NULL;
    bool own_labels = false;
    if ((rc = learn_read(g, &d, argv + optind, argc - optind, &ds)))
        goto done;
    if (!ds.n) {
        cli_error(g, "no records to evaluate");
        rc = CLI_INPUT;
        goto done;
    }
    if (m) {
        k = cred_model_n_classes(m);
        probs = malloc(ds.n * k * sizeof *probs);
        best = malloc(ds.n * sizeof *best);
        gold = malloc(ds.n * sizeof *gold);
        labels = malloc(k * sizeof *labels);
        if (!probs || !best || !gold || !labels) {
            rc = CLI_INTERNAL;
            goto done;
        }
        for (size_t c2 = 0; c2 < k; c2++)
            labels[c2] = (char *)cred_model_class(m, c2);
        size_t unknown = 0;
        for (size_t i = 0; i < ds.n; i++) {
            gold[i] = cred_model_class_index(m, ds.recs[i].label);
            unknown += gold[i] < 0;
        }
        if (unknown)
            fprintf(stderr, "%s: %zu record%s with a label the model does not know (counted "
                            "as wrong)\n", g->prog, unknown, unknown == 1 ? "" : "s");
        if ((rc = learn_predict_all(g, ctx, m, &ds, d.threads, true, 0, probs, best, NULL)))
            goto done;
    } else {
        o.threads = d.threads;
        if ((rc = folds_eval(g, ctx, &ds, (int)folds, &o, d.threads, &probs, &labels, &k, &gold)))
            goto done;
        own_labels = true;
    }
    cred_metrics mt;
    cred_status st = cred_metrics_compute(ds.n, k, gold, probs, &mt, &err);
    if (st) {
        cli_error(g, "%s", err.msg);
        rc = cli_exit_for(st);
        goto done;
    }
    rc = print_metrics(g, &mt, labels, ds.n_bad, json, pretty);
    cred_metrics_free(&mt);
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        cli_error(g, "write error");
        rc = CLI_INTERNAL;
    }
done:
    if (own_labels)
        for (size_t c2 = 0; c2 < k; c2++)
            free(labels[c2]);
    free(labels);
    free(probs);
    free(best);
    free(gold);
    cred_dataset_free(&ds);
    cred_ctx_free(ctx);
    cred_model_free(m);
    return rc;
}
