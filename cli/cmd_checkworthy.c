/*
 * cmd_checkworthy.c - `credence checkworthy`: which sentences are worth
 * fact-checking (docs/checkworthy.md).
 *
 *   credence checkworthy [-m MODEL] --jsonl FILE|-     {"id","text"[,"speaker"]} per line
 *   credence checkworthy [-m MODEL] [--json] [FILE|-]  one sentence per line
 *   credence checkworthy [-m MODEL] [--json] --article [FILE|-]
 *   credence checkworthy --features-tsv FILE|-         training text (make models)
 *
 * Output is in input order.  In --jsonl mode a bad line (invalid JSON, not
 * an object, no string "text") becomes {"line": N, "error": "..."} (with
 * "id" when it has one) and the rest still runs: a batch of a million
 * sentences is not lost to one bad line; blank lines are skipped, a leading
 * BOM accepted.  The model is -m, else $CREDENCE_CHECKWORTHY_MODEL, else
 * checkworthy.model in --data-dir/models, <exe>/../share/credence/models or
 * <exe>/../data/models (never the working directory).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODEL_FILE "checkworthy.model"
#define MAX_INPUT ((size_t)1 << 30)

enum { O_JSONL = 256, O_ARTICLE, O_JSON, O_FEATURES };

static void help(void)
{
    printf("usage: credence checkworthy [OPTIONS] [FILE|-]\n"
           "\n"
           "Scores sentences by check-worthiness: the calibrated probability that a\n"
           "fact-checker would want to check it (docs/checkworthy.md).\n"
           "\n"
           "  -m, --model MODEL   default: $CREDENCE_CHECKWORTHY_MODEL, else " MODEL_FILE "\n"
           "                      in --data-dir/models, <exe>/../share/credence/models or\n"
           "                      <exe>/../data/models\n"
           "  --jsonl FILE|-      input {\"id\",\"text\"[,\"speaker\"]} per line; output\n"
           "                      {\"id\",\"checkworthy\",\"label\"} per line, in input order\n"
           "  (default)           one sentence per line: P<TAB>LABEL<TAB>SENTENCE\n"
           "  --article           split FILE with the text pipeline into sentences:\n"
           "                      START<TAB>END<TAB>P<TAB>LABEL<TAB>SENTENCE (input bytes)\n"
           "  --json              JSON lines for plain and --article input\n"
           "  --features-tsv FILE LABEL<TAB>TEXT (credence train --export-tsv) to the text\n"
           "                      the model is trained on (a speaker before a blank line\n"
           "                      dropped, the feature markers appended)\n"
           "  -h, --help          this help\n");
}

static bool exe_parent(char *out, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    if (n <= 0 || (size_t)n >= cap - 1)
        return false;
    out[n] = 0;
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(out, '/');
        if (!slash)
            return false;
        *slash = 0;
    }
    if (!out[0])
        strcpy(out, "/");
    return true;
}

static int open_model(const cli_global *g, const char *path, cred_model **out)
{
    char dirs[3][4096], parent[4096], buf[4200];
    size_t nd = 0;
    if (!path && getenv("CREDENCE_CHECKWORTHY_MODEL") && *getenv("CREDENCE_CHECKWORTHY_MODEL"))
        path = getenv("CREDENCE_CHECKWORTHY_MODEL");
    if (!path) {
        if (g->data_dir)
            snprintf(dirs[nd++], sizeof dirs[0], "%s/models", g->data_dir);
        if (exe_parent(parent, sizeof parent)) {
            const char *sep = strcmp(parent, "/") ? "/" : "";
            snprintf(dirs[nd++], sizeof dirs[0], "%s%sshare/credence/models", parent, sep);
            snprintf(dirs[nd++], sizeof dirs[0], "%s%sdata/models", parent, sep);
        }
        for (size_t i = 0; !path && i < nd; i++) {
            int k = snprintf(buf, sizeof buf, "%s/" MODEL_FILE, dirs[i]);
            if (k > 0 && (size_t)k < sizeof buf && access(buf, R_OK) == 0)
                path = buf;
        }
    }
    if (!path) {
        cli_error(g, "no " MODEL_FILE " found (make models builds it); give -m MODEL");
        return CLI_DATA;
    }
    cred_error err = {0};
    cred_status st = cred_model_load(path, out, &err);
    if (st) {
        cli_error(g, "%s", err.msg);
        return cli_exit_for(st);
    }
    return CLI_OK;
}

static void put_json(const cli_global *g, json_t *o, bool *ok)
{
    char *s = o ? json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(4) | JSON_PRESERVE_ORDER) : NULL;
    json_decref(o);
    if (!s) {
        cli_error(g, "out of memory");
        *ok = false;
        return;
    }
    if (*ok && (fputs(s, stdout) == EOF || putchar('\n') == EOF))
        *ok = false;
    free(s);
}

/* Next line of buf (LF, a CR before it dropped); false at the end. */
static bool next_line(const char **p, const char *end, const char **s, size_t *n)
{
    if (*p >= end)
        return false;
    const char *e = memchr(*p, '\n', (size_t)(end - *p));
    if (!e)
        e = end;
    *s = *p;
    *n = (size_t)(e - *p);
    *p = e < end ? e + 1 : e;
    if (*n && (*s)[*n - 1] == '\r')
        (*n)--;
    return true;
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

static double round4(double p)
{
    return (double)(long long)(p * 10000 + 0.5) / 10000;
}

static int run_jsonl(const cli_global *g, const cred_ctx *ctx, const cred_checkworthy *cw,
                     const char *buf, size_t n)
{
    const char *p = buf, *end = buf + n, *s;
    size_t len, line = 0, nbad = 0;
    bool ok = true;
    double thr = cred_checkworthy_threshold(cw);
    while (ok && next_line(&p, end, &s, &len)) {
        line++;
        if (is_blank(s, len))
            continue;
        json_error_t je;
        json_t *in = json_loadb(s, len, 0, &je), *o = json_object();
        json_t *text = json_object_get(in, "text"), *id = json_object_get(in, "id");
        char msg[640] = "";
        if (!in)
            snprintf(msg, sizeof msg, "line %zu: invalid JSON at column %d: %s", line,
                     je.column, je.text);
        else if (!json_is_object(in))
            snprintf(msg, sizeof msg, "line %zu: not a JSON object", line);
        else if (!json_is_string(text))
            snprintf(msg, sizeof msg, "line %zu: missing string \"text\"", line);
        if (json_is_object(in) && id)
            json_object_set(o, "id", id);
        if (!msg[0]) {
            double pr;
            cred_error err = {0};
            cred_status st = cred_checkworthy_score(ctx, cw, json_string_value(text),
                                                    json_string_length(text), &pr, &err);
            if (st) {
                snprintf(msg, sizeof msg, "line %zu: %s", line, err.msg);
            } else {
                json_object_set_new(o, "checkworthy", json_real(round4(pr)));
                json_object_set_new(o, "label", json_boolean(pr >= thr));
            }
        }
        if (msg[0]) {
            nbad++;
            json_object_set_new(o, "line", json_integer((json_int_t)line));
            json_object_set_new(o, "error", json_string(msg));
        }
        json_decref(in);
        put_json(g, o, &ok);
    }
    if (nbad)
        fprintf(stderr, "credence checkworthy: %zu bad line%s (error objects in the output)\n",
                nbad, nbad == 1 ? "" : "s");
    return ok ? CLI_OK : CLI_INTERNAL;
}

/* The sentence on one output line: tabs and newlines as spaces. */
static void put_flat(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        putchar(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

static int emit(const cli_global *g, bool json, bool span, size_t a, size_t b, double pr,
                double thr, const char *s, size_t n)
{
    bool ok = true;
    if (json) {
        json_t *o = json_object();
        if (span) {
            json_object_set_new(o, "start", json_integer((json_int_t)a));
            json_object_set_new(o, "end", json_integer((json_int_t)b));
        }
        json_object_set_new(o, "checkworthy", json_real(round4(pr)));
        json_object_set_new(o, "label", json_boolean(pr >= thr));
        json_object_set_new(o, "text", json_stringn(s, n));
        put_json(g, o, &ok);
        return ok ? CLI_OK : CLI_INTERNAL;
    }
    if (span)
        printf("%zu\t%zu\t", a, b);
    printf("%.4f\t%s\t", pr, pr >= thr ? "true" : "false");
    put_flat(s, n);
    putchar('\n');
    return CLI_OK;
}

static int run_lines(const cli_global *g, const cred_ctx *ctx, const cred_checkworthy *cw,
                     const char *buf, size_t n, bool json)
{
    const char *p = buf, *end = buf + n, *s;
    size_t len;
    double thr = cred_checkworthy_threshold(cw);
    while (next_line(&p, end, &s, &len)) {
        if (is_blank(s, len))
            continue;
        double pr;
        cred_error err = {0};
        cred_status st = cred_checkworthy_score(ctx, cw, s, len, &pr, &err);
        if (st) {
            cli_error(g, "%s", err.msg);
            return cli_exit_for(st);
        }
        int rc = emit(g, json, false, 0, 0, pr, thr, s, len);
        if (rc)
            return rc;
    }
    return CLI_OK;
}

static int run_article(const cli_global *g, const cred_ctx *ctx, const cred_checkworthy *cw,
                       const char *buf, size_t n, bool json)
{
    cred_clean_opts co;
    cred_clean_opts_init(&co);
    co.no_tokens = 1;
    cred_doc *doc = NULL;
    cred_error err = {0};
    cred_status st = cred_clean(ctx, buf, n, &co, &doc, &err);
    double *pr = st ? NULL : calloc(doc->n_sentences + 1, sizeof *pr);
    if (!st && !pr)
        st = CRED_ENOMEM;
    if (!st)
        st = cred_checkworthy_doc(ctx, cw, doc, pr, &err);
    int rc = CLI_OK;
    if (st) {
        cli_error(g, "%s", err.msg[0] ? err.msg : "out of memory");
        rc = cli_exit_for(st);
    }
    double thr = cred_checkworthy_threshold(cw);
    for (size_t i = 0; !rc && i < doc->n_sentences; i++) {
        cred_span in = cred_doc_input_span(doc, doc->sentences[i].span);
        cred_str s = cred_doc_slice(doc, doc->sentences[i].span);
        rc = emit(g, json, true, in.start, in.end, pr[i], thr, s.p, s.n);
    }
    free(pr);
    cred_doc_free(doc);
    return rc;
}

/* label TAB text (tsv escapes) -> label TAB the model's text (no escapes
 * left: newlines became spaces). */
static int run_features(const cli_global *g, const cred_checkworthy *cw, const char *path,
                        const char *buf, size_t n)
{
    const char *p = buf, *end = buf + n, *s;
    size_t len, line = 0;
    if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    cli_buf t = {0};
    int rc = CLI_OK;
    while (!rc && next_line(&p, end, &s, &len)) {
        line++;
        if (is_blank(s, len))
            continue;
        const char *tab = memchr(s, '\t', len);
        if (!tab || tab == s) {
            cli_error(g, "%s:%zu: expected LABEL<TAB>TEXT", path, line);
            rc = CLI_INPUT;
            break;
        }
        const char *x = tab + 1, *xe = s + len;
        for (const char *q = x; q + 4 <= xe; q++) /* the speaker (a title) goes */
            if (!memcmp(q, "\\n\\n", 4)) {
                x = q + 4;
                break;
            }
        t.n = 0;
        for (const char *q = x; q < xe; q++) {
            if (*q == '\\' && q + 1 < xe) {
                char c = q[1];
                cli_buf_putc(&t, c == 'n' || c == 't' || c == 'r' ? ' ' : c);
                q++;
            } else {
                cli_buf_putc(&t, *q);
            }
        }
        char *out;
        size_t on;
        cred_error err = {0};
        cred_status st = cred_checkworthy_text(cw, t.p ? t.p : "", t.n, &out, &on, &err);
        if (st || t.oom) {
            cli_error(g, "%s", st ? err.msg : "out of memory");
            rc = st ? cli_exit_for(st) : CLI_INTERNAL;
            break;
        }
        fwrite(s, 1, (size_t)(tab - s) + 1, stdout);
        fwrite(out, 1, on, stdout);
        putchar('\n');
        free(out);
    }
    cli_buf_free(&t);
    return rc;
}

int cmd_checkworthy(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"model", required_argument, NULL, 'm'},
                                             {"jsonl", required_argument, NULL, O_JSONL},
                                             {"article", no_argument, NULL, O_ARTICLE},
                                             {"json", no_argument, NULL, O_JSON},
                                             {"features-tsv", required_argument, NULL, O_FEATURES},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *model_path = NULL, *jsonl = NULL, *features = NULL;
    bool article = false, json = false;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":hm:", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': model_path = optarg; break;
        case O_JSONL: jsonl = optarg; break;
        case O_ARTICLE: article = true; break;
        case O_JSON: json = true; break;
        case O_FEATURES: features = optarg; break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    int nargs = argc - optind;
    if ((jsonl || features) && nargs) {
        cli_error(g, "unexpected argument '%s' (the input is the file after --%s)", argv[optind],
                  jsonl ? "jsonl" : "features-tsv");
        return CLI_USAGE;
    }
    if (nargs > 1) {
        cli_error(g, "expected at most one FILE, got %d", nargs);
        return CLI_USAGE;
    }
    if ((jsonl != NULL) + (features != NULL) + article > 1) {
        cli_error(g, "--jsonl, --article and --features-tsv exclude each other");
        return CLI_USAGE;
    }
    const char *path = jsonl ? jsonl : features ? features : nargs ? argv[optind] : "-";
    int rc = CLI_OK;
    cred_ctx *ctx = cli_ctx(g, &rc);
    if (!ctx)
        return rc;
    rc = CLI_OK; /* cli_ctx sets it only on failure */
    cred_model *m = NULL;
    cred_checkworthy *cw = NULL;
    char *buf = NULL;
    size_t n = 0;
    if (!features)
        rc = open_model(g, model_path, &m);
    if (!rc) {
        cred_error err = {0};
        cred_status st = cred_checkworthy_new(ctx, m, &cw, &err);
        if (st) {
            cli_error(g, "%s", err.msg);
            rc = cli_exit_for(st);
        }
    }
    if (!rc)
        rc = cli_read_file(g, path, MAX_INPUT, &buf, &n);
    if (!rc) {
        const char *b = buf;
        size_t bn = n;
        if (!article && bn >= 3 && !memcmp(b, "\xEF\xBB\xBF", 3)) {
            b += 3;
            bn -= 3;
        }
        if (features)
            rc = run_features(g, cw, path, buf, n);
        else if (jsonl)
            rc = run_jsonl(g, ctx, cw, b, bn);
        else if (article)
            rc = run_article(g, ctx, cw, buf, n, json);
        else
            rc = run_lines(g, ctx, cw, b, bn, json);
    }
    if (!rc && (fflush(stdout) || ferror(stdout))) {
        cli_error(g, "write error on standard output");
        rc = CLI_INTERNAL;
    }
    free(buf);
    cred_checkworthy_free(cw);
    cred_model_free(m);
    cred_ctx_free(ctx);
    return rc;
}
