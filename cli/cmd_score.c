/*
 * cmd_score.c - `credence score`: the explained reliability verdict.
 *
 *   credence score [--url URL] [--json|--html FILE] [OPTIONS] [FILE|-]
 *   credence score --jsonl FILE|- [-j N] [OPTIONS]
 *
 * One article: a terminal report (colours only on a TTY), --json
 * (docs/score.md) or --html FILE (a standalone report).  Batch (--jsonl):
 * one JSON object per input line, in input order, scored by N threads; a
 * bad line gives {"line": N, "error": "..."} and the batch goes on (exit 3
 * at the end).  Exit codes: docs/cli.md.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The install prefix (the Makefile's PREFIX), one of the places the article
 * model is looked for (open_model). */
#ifndef CRED_PREFIX
#define CRED_PREFIX "/usr/local"
#endif

static void help(void)
{
    printf("usage: credence score [OPTIONS] [FILE|-]\n"
           "       credence score --jsonl FILE|- [-j N] [OPTIONS]\n"
           "\n"
           "Scores an article's reliability as news, 0-100 (higher = more trustworthy),\n"
           "with a band, a label, and the named signals behind it with their evidence.\n"
           "Satire and opinion are labelled as such.  Reads standard input when FILE is -\n"
           "or absent.  Signals, weights, JSON schema: docs/score.md.\n"
           "\n"
           "  --url URL         the article's URL: its outlet is looked up in the\n"
           "                    reputation tables (docs/sources.md)\n"
           "  --json            print the verdict as JSON\n"
           "  --pretty          indent the JSON\n"
           "  --brief           JSON without the analysis, text and evidence\n"
           "  --html FILE       also write a standalone HTML report to FILE\n"
           "  --no-color        no colours in the terminal report (also: NO_COLOR set)\n"
           "  --jsonl FILE      batch: one {\"text\", \"title\"?, \"url\"?, \"id\"?} object per\n"
           "                    line in, one verdict (JSON) per line out, in input order\n"
           "  -j, --threads N   batch threads (default: number of CPUs)\n"
           "  --model FILE      article model (`credence train`) for the MODEL_* signals;\n"
           "                    default: $CREDENCE_MODEL, else score-article.model in\n"
           "                    --data-dir/models, <exe>/../share/credence/models,\n"
           "                    <exe>/../data/models or " CRED_PREFIX "/share/credence/models\n"
           "                    (the first that has one; never the working directory)\n"
           "  --no-model        no article model (MODEL_* signals off)\n"
           "  --sources PATH    local outlet table (default\n"
           "                    $XDG_DATA_HOME/credence/sources.tsv, if present)\n"
           "  --config FILE     score settings overriding data/score/config.tsv\n"
           "  --set NAME=VALUE  override one signal weight, 'intercept' or a parameter\n"
           "                    (repeatable)\n"
           "  --format F        input: auto (default: HTML pages are detected and their\n"
           "                    article extracted; their canonical/og:url is used when\n"
           "                    --url is absent), text or html\n"
           "  --no-title        do not take the first line as the headline\n"
           "  --max-bytes SIZE  input limit (default 256M; K, M, G); with --jsonl, of the\n"
           "                    whole file\n"
           "  -h, --help        this help\n"
           "\n"
           "Exit codes: 0 ok, 2 usage, 3 input error (in a batch: some lines failed),\n"
           "4 data/config error, 5 internal error.\n");
}

typedef struct job {
    const cli_global *g;
    cred_ctx *ctx;
    cred_score_opts so;
    cred_clean_opts co;
    bool brief, pretty;
} job;

static json_t *verdict_json(const cred_verdict *v, bool brief)
{
    char *js = NULL;
    json_t *j = cred_verdict_to_json(v, 0, &js, NULL) ? NULL : cli_json_take(js);
    if (j && brief) {
        json_object_del(j, "analysis");
        json_object_del(j, "text");
        json_t *sigs = json_object_get(j, "signals");
        size_t i;
        json_t *s;
        json_array_foreach(sigs, i, s) json_object_del(s, "evidence");
    }
    return j;
}

/* One scored article: the document belongs to `art` (HTML input) or is
 * `doc` (text). */
typedef struct scored {
    cred_doc *doc;
    cred_article *art;
    cred_verdict *v;
} scored;

static void scored_free(scored *r)
{
    cred_verdict_free(r->v);
    cred_doc_free(r->doc);
    cred_article_free(r->art);
    memset(r, 0, sizeof *r);
}

/* Scores one input (HTML pages through the extractor, whose canonical/og:url
 * stands in for a missing URL); on failure fills err. */
static cred_status score_text(const job *jb, const char *buf, size_t n, cred_str url,
                              scored *r, cred_error *err)
{
    memset(r, 0, sizeof *r);
    bool html = jb->co.format == CRED_FORMAT_HTML ||
                (jb->co.format == CRED_FORMAT_AUTO && cred_looks_like_html(buf, n));
    cred_status st;
    const cred_doc *doc;
    if (html) {
        st = cred_extract(jb->ctx, buf, n, &jb->co, &r->art, err);
        if (st)
            return st;
        doc = r->art->doc;
        if (!url.p && r->art->canonical_url.p)
            url = r->art->canonical_url;
    } else {
        cred_clean_opts co = jb->co;
        co.format = CRED_FORMAT_TEXT;
        st = cred_clean(jb->ctx, buf, n, &co, &r->doc, err);
        if (st)
            return st;
        doc = r->doc;
    }
    cred_score_opts so = jb->so;
    so.url = url;
    so.page = r->art;
    st = cred_score(jb->ctx, doc, &so, &r->v, err);
    if (st)
        scored_free(r);
    return st;
}

/* ---- batch -------------------------------------------------------------------- */

typedef struct batch {
    const job *jb;
    char *data;
    size_t n_lines;
    char **lines; /* start of each line (NUL-terminated in place) */
    size_t *lens;
    char **out;   /* result per line (JSON text, or NULL for a blank line) */
    bool *done, *bad;
    size_t next;  /* next line to take */
    pthread_mutex_t mu;
    pthread_cond_t cv;
} batch;

static char *error_line(size_t line, json_t *id, const char *msg)
{
    json_t *o = json_object();
    json_object_set_new(o, "line", json_integer((json_int_t)line));
    if (id)
        json_object_set(o, "id", id);
    json_object_set_new(o, "error", json_string(msg));
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return s;
}

static char *batch_one(const job *jb, size_t line, const char *p, size_t n, bool *bad)
{
    json_error_t je;
    json_t *o = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je);
    *bad = true;
    if (!o) {
        char msg[300];
        snprintf(msg, sizeof msg, "line %zu, column %d: %s", line, je.column, je.text);
        return error_line(line, NULL, msg);
    }
    json_t *id = json_object_get(o, "id");
    if (!json_is_object(o)) {
        json_decref(o);
        return error_line(line, NULL, "not a JSON object");
    }
    json_t *text = json_object_get(o, "text"), *title = json_object_get(o, "title"),
           *url = json_object_get(o, "url");
    const char *why = NULL;
    if (!json_is_string(text))
        why = "\"text\" missing or not a string";
    else if (title && !json_is_string(title) && !json_is_null(title))
        why = "\"title\" is not a string";
    else if (url && !json_is_string(url) && !json_is_null(url))
        why = "\"url\" is not a string";
    if (why) {
        char *s = error_line(line, id, why);
        json_decref(o);
        return s;
    }
    /* title + blank line + text: the layout cred_clean expects */
    size_t tl = json_is_string(title) ? json_string_length(title) : 0;
    size_t xl = json_string_length(text);
    char *buf = malloc(tl + 2 + xl + 1);
    if (!buf) {
        json_decref(o);
        return NULL;
    }
    size_t k = 0;
    if (tl) {
        memcpy(buf, json_string_value(title), tl);
        memcpy(buf + tl, "\n\n", 2);
        k = tl + 2;
    }
    memcpy(buf + k, json_string_value(text), xl);
    k += xl;
    cred_str u = {NULL, 0};
    if (json_is_string(url) && json_string_length(url))
        u = (cred_str){json_string_value(url), json_string_length(url)};
    scored sc;
    cred_error err = {0};
    job j2 = *jb;
    if (tl)
        j2.co.no_title = 0;
    cred_status st = score_text(&j2, buf, k, u, &sc, &err);
    cred_verdict *v = sc.v;
    free(buf);
    char *s;
    if (st) {
        char msg[600];
        snprintf(msg, sizeof msg, "line %zu: %s", line, err.msg);
        s = error_line(line, id, msg);
    } else {
        json_t *vj = verdict_json(v, jb->brief);
        json_t *r = json_object();
        json_object_set_new(r, "line", json_integer((json_int_t)line));
        json_object_set(r, "id", id ? id : json_null());
        json_object_update(r, vj);
        json_decref(vj);
        s = json_dumps(r, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        json_decref(r);
        *bad = false;
    }
    scored_free(&sc);
    json_decref(o);
    return s;
}

static void *batch_worker(void *arg)
{
    batch *b = arg;
    for (;;) {
        pthread_mutex_lock(&b->mu);
        size_t i = b->next++;
        pthread_mutex_unlock(&b->mu);
        if (i >= b->n_lines)
            break;
        bool bad = false;
        char *s = NULL;
        const char *p = b->lines[i];
        size_t n = b->lens[i];
        size_t a = 0;
        while (a < n && (p[a] == ' ' || p[a] == '\t' || p[a] == '\r'))
            a++;
        if (a < n)
            s = batch_one(b->jb, i + 1, p, n, &bad);
        pthread_mutex_lock(&b->mu);
        b->out[i] = s;
        b->bad[i] = bad || (a < n && !s);
        b->done[i] = true;
        pthread_cond_broadcast(&b->cv);
        pthread_mutex_unlock(&b->mu);
    }
    return NULL;
}

static int run_batch(const job *jb, const char *path, size_t limit, long threads)
{
    const cli_global *g = jb->g;
    batch b = {.jb = jb};
    size_t n;
    int rc = cli_read_file(g, path, limit, &b.data, &n);
    if (rc)
        return rc;
    for (size_t i = 0; i < n; i++)
        b.n_lines += b.data[i] == '\n';
    if (n && b.data[n - 1] != '\n')
        b.n_lines++;
    size_t cap = b.n_lines ? b.n_lines : 1;
    b.lines = calloc(cap, sizeof *b.lines);
    b.lens = calloc(cap, sizeof *b.lens);
    b.out = calloc(cap, sizeof *b.out);
    b.done = calloc(cap, sizeof *b.done);
    b.bad = calloc(cap, sizeof *b.bad);
    if (!b.lines || !b.lens || !b.out || !b.done || !b.bad) {
        cli_error(g, "out of memory");
        rc = CLI_INTERNAL;
        goto out;
    }
    for (size_t i = 0, at = 0; i < b.n_lines; i++) {
        char *nl = memchr(b.data + at, '\n', n - at);
        size_t e = nl ? (size_t)(nl - b.data) : n;
        b.lines[i] = b.data + at;
        b.lens[i] = e - at;
        at = e + 1;
    }
    /* jansson seeds its hash function lazily on first use; do it before the
     * threads start (jansson's docs: "Thread safety"), which helgrind flagged. */
    json_object_seed(0);
    pthread_mutex_init(&b.mu, NULL);
    pthread_cond_init(&b.cv, NULL);
    if (threads <= 0) {
        threads = sysconf(_SC_NPROCESSORS_ONLN);
        if (threads <= 0)
            threads = 1;
    }
    if ((size_t)threads > b.n_lines)
        threads = b.n_lines ? (long)b.n_lines : 1;
    pthread_t *tid = calloc((size_t)threads, sizeof *tid);
    long started = 0;
    for (long t = 0; tid && t < threads; t++, started++)
        if (pthread_create(&tid[t], NULL, batch_worker, &b) != 0)
            break;
    if (!started) /* no threads: do it here */
        batch_worker(&b);
    bool tty = isatty(STDERR_FILENO);
    size_t bad = 0;
    for (size_t i = 0; i < b.n_lines; i++) {
        pthread_mutex_lock(&b.mu);
        while (!b.done[i])
            pthread_cond_wait(&b.cv, &b.mu);
        pthread_mutex_unlock(&b.mu);
        if (b.bad[i])
            bad++;
        if (b.out[i]) {
            if (rc == CLI_OK && (!cli_write(g, b.out[i], strlen(b.out[i])) ||
                                 !cli_write(g, "\n", 1)))
                rc = CLI_INTERNAL;
        } else if (b.bad[i] && rc == CLI_OK) {
            cli_error(g, "line %zu: out of memory", i + 1);
            rc = CLI_INTERNAL;
        }
        free(b.out[i]);
        b.out[i] = NULL;
        if (tty && (i % 16 == 15 || i + 1 == b.n_lines)) {
            int w = 30;
            int f = (int)((double)(i + 1) / (double)b.n_lines * w);
            fprintf(stderr, "\rscoring [%.*s%*s] %zu/%zu", f,
                    "##############################", w - f, "", i + 1, b.n_lines);
            if (i + 1 == b.n_lines)
                fputc('\n', stderr);
        }
    }
    for (long t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    free(tid);
    pthread_mutex_destroy(&b.mu);
    pthread_cond_destroy(&b.cv);
    if (bad) {
        cli_error(g, "%zu of %zu lines could not be scored (see their \"error\" objects)", bad,
                  b.n_lines);
        if (rc == CLI_OK)
            rc = CLI_INPUT;
    }
out:
    free(b.lines);
    free(b.lens);
    free(b.out);
    free(b.done);
    free(b.bad);
    free(b.data);
    return rc;
}

/* ---- the article model -------------------------------------------------------- */

/* The article model: --model FILE, else $CREDENCE_MODEL, else
 * models/score-article.model in the first of these directories that has
 * one: --data-dir/models, then beside the running executable
 * (<exe>/../share/credence/models for an installed binary,
 * <exe>/../data/models for the build tree's build/credence), then the
 * install prefix the binary was built for (CRED_PREFIX, the Makefile's
 * PREFIX).  Never the working directory: the same article must score the
 * same from anywhere.  No model anywhere is not an error (the MODEL_*
 * signals stay off and the JSON says "model": null) but it is said on
 * stderr; --no-model is the way to ask for that silently. */
#define MODEL_FILE "score-article.model"

/* <dir of the running executable>/.. into out; false when unknown. */
static bool exe_parent(char *out, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    if (n <= 0 || (size_t)n >= cap - 1)
        return false;
    out[n] = 0;
    for (int up = 0; up < 2; up++) { /* drop "credence", then "bin" or "build" */
        char *slash = strrchr(out, '/');
        if (!slash)
            return false;
        *slash = 0;
    }
    if (!out[0])
        strcpy(out, "/"); /* the executable was /bin/credence or /credence */
    return true;
}

static int open_model(const cli_global *g, const char *path, cred_model **out)
{
    enum { NDIR = 4 };
    char dirs[NDIR][4096], parent[4096], buf[4200];
    size_t nd = 0;
    *out = NULL;
    if (!path && getenv("CREDENCE_MODEL") && *getenv("CREDENCE_MODEL"))
        path = getenv("CREDENCE_MODEL");
    if (!path) {
        if (g->data_dir)
            snprintf(dirs[nd++], sizeof dirs[0], "%s/models", g->data_dir);
        if (exe_parent(parent, sizeof parent)) {
            const char *sep = strcmp(parent, "/") ? "/" : "";
            snprintf(dirs[nd++], sizeof dirs[0], "%s%sshare/credence/models", parent, sep);
            snprintf(dirs[nd++], sizeof dirs[0], "%s%sdata/models", parent, sep);
        }
        snprintf(dirs[nd++], sizeof dirs[0], "%s/share/credence/models", CRED_PREFIX);
        for (size_t i = 0; !path && i < nd; i++) {
            int k = snprintf(buf, sizeof buf, "%s/" MODEL_FILE, dirs[i]);
            if (k > 0 && (size_t)k < sizeof buf && access(buf, R_OK) == 0)
                path = buf;
        }
    }
    if (!path) {
        fprintf(stderr, "credence: warning: no article model found (looked in");
        for (size_t i = 0; i < nd; i++)
            fprintf(stderr, "%s %s/" MODEL_FILE, i ? "," : "", dirs[i]);
        fprintf(stderr, "); MODEL_* signals are off; give --model or --no-model\n");
        return CLI_OK;
    }
    cred_error err = {0};
    cred_status st = cred_model_load(path, out, &err);
    if (st) {
        cli_error(g, "%s", err.msg);
        return st == CRED_EIO ? CLI_INPUT : cli_exit_for(st);
    }
    return CLI_OK;
}

/* ---- main ---------------------------------------------------------------------- */

static int write_file(const cli_global *g, const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        cli_error(g, "%s: %s", path, strerror(errno));
        return CLI_INPUT;
    }
    bool ok = fwrite(s, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        cli_error(g, "%s: write error", path);
        return CLI_INTERNAL;
    }
    return CLI_OK;
}

int cmd_score(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"url", required_argument, NULL, 'u'},      {"json", no_argument, NULL, 'J'},
        {"pretty", no_argument, NULL, 'p'},         {"brief", no_argument, NULL, 'b'},
        {"html", required_argument, NULL, 'H'},     {"no-color", no_argument, NULL, 'C'},
        {"jsonl", required_argument, NULL, 'L'},    {"threads", required_argument, NULL, 'j'},
        {"sources", required_argument, NULL, 's'},  {"config", required_argument, NULL, 'c'},
        {"set", required_argument, NULL, 'S'},      {"no-title", no_argument, NULL, 'T'},
        {"max-bytes", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
        {"model", required_argument, NULL, 'M'},    {"no-model", no_argument, NULL, 'N'},
        {"format", required_argument, NULL, 'F'},
        {NULL, 0, NULL, 0}};
    const char *url = NULL, *html = NULL, *jsonl = NULL, *sources = NULL, *config = NULL;
    const char *model_path = NULL;
    bool no_model = false;
    bool json = false, pretty = false, brief = false, color = true;
    long threads = 0;
    size_t limit = CRED_MAX_INPUT;
    char **sets = calloc((size_t)argc + 1, sizeof *sets);
    size_t nsets = 0;
    cred_clean_opts co;
    cred_clean_opts_init(&co);
    if (!sets) {
        cli_error(g, "out of memory");
        return CLI_INTERNAL;
    }
    int c, rc = CLI_OK;
    opterr = 0;
    optind = 1;
    while (rc == CLI_OK && (c = getopt_long(argc, argv, ":hj:", longopts, NULL)) != -1) {
        switch (c) {
        case 'u': url = optarg; break;
        case 'J': json = true; break;
        case 'p': pretty = true; break;
        case 'b': brief = true; break;
        case 'H': html = optarg; break;
        case 'C': color = false; break;
        case 'L': jsonl = optarg; break;
        case 's': sources = optarg; break;
        case 'c': config = optarg; break;
        case 'S': sets[nsets++] = optarg; break;
        case 'T': co.no_title = 1; break;
        case 'M': model_path = optarg; break;
        case 'F':
            if (!strcmp(optarg, "auto"))
                co.format = CRED_FORMAT_AUTO;
            else if (!strcmp(optarg, "text"))
                co.format = CRED_FORMAT_TEXT;
            else if (!strcmp(optarg, "html"))
                co.format = CRED_FORMAT_HTML;
            else {
                cli_error(g, "--format: '%s' is not auto, text or html", optarg);
                rc = CLI_USAGE;
            }
            break;
        case 'N': no_model = true; break;
        case 'j': {
            char *end;
            errno = 0;
            threads = strtol(optarg, &end, 10);
            if (errno || *end || threads < 1 || threads > 256) {
                cli_error(g, "--threads: '%s' is not a number from 1 to 256", optarg);
                rc = CLI_USAGE;
            }
            break;
        }
        case 'm':
            if (!cli_opt_max_bytes(g, optarg, &limit))
                rc = CLI_USAGE;
            break;
        case 'h':
            help();
            free(sets);
            return CLI_OK;
        default: rc = cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    if (rc) {
        free(sets);
        return rc;
    }
    if (jsonl && (optind < argc || html || url)) {
        cli_error(g, "--jsonl takes no FILE, --html or --url (URLs come from the lines)");
        free(sets);
        return CLI_USAGE;
    }
    if (argc - optind > 1) {
        cli_error(g, "expected at most one FILE, got %d (see --help)", argc - optind);
        free(sets);
        return CLI_USAGE;
    }
    if (url) {
        char tmp[512];
        cred_error err = {0};
        if (cred_url_outlet((cred_str){url, strlen(url)}, tmp, sizeof tmp, &err)) {
            cli_error(g, "--url: %s", err.msg);
            free(sets);
            return CLI_USAGE;
        }
    }
    co.max_input = limit;
    cred_ctx *ctx = cli_ctx(g, &rc);
    if (!ctx) {
        free(sets);
        return rc;
    }
    cred_outlets *table = NULL;
    cred_score_config *cfg = NULL;
    cred_error err = {0};
    rc = cli_outlets_open(g, sources, sources != NULL, &table, NULL);
    if (!rc && !(cfg = cred_score_config_new(ctx, &err))) {
        cli_error(g, "%s", err.msg);
        rc = CLI_INTERNAL;
    }
    if (!rc && config) {
        char *buf;
        size_t n;
        if (!(rc = cli_read_file(g, config, (size_t)16 << 20, &buf, &n))) {
            cred_status st = cred_score_config_load(cfg, buf, n, config, &err);
            free(buf);
            if (st) {
                cli_error(g, "%s", err.msg);
                rc = st == CRED_ENOMEM ? CLI_INTERNAL : CLI_DATA;
            }
        }
    }
    for (size_t i = 0; !rc && i < nsets; i++) {
        char *eq = strchr(sets[i], '=');
        char *end = NULL;
        double val = 0;
        if (eq) {
            errno = 0;
            val = strtod(eq + 1, &end);
        }
        if (!eq || eq == sets[i] || !eq[1] || errno || *end) {
            cli_error(g, "--set: '%s' is not NAME=NUMBER", sets[i]);
            rc = CLI_USAGE;
            break;
        }
        *eq = 0;
        cred_status st = cred_score_config_set(cfg, sets[i], val, &err);
        *eq = '=';
        if (st) {
            cli_error(g, "--set: %s", err.msg);
            rc = CLI_USAGE;
        }
    }
    cred_model *model = NULL;
    if (!rc && !no_model)
        rc = open_model(g, model_path, &model);
    job jb = {.g = g, .ctx = ctx, .co = co, .brief = brief, .pretty = pretty};
    cred_score_opts_init(&jb.so);
    jb.so.sources = table;
    jb.so.config = cfg;
    jb.so.model = model;
    if (!rc && jsonl) {
        rc = run_batch(&jb, jsonl, limit, threads);
    } else if (!rc) {
        const char *path = optind < argc ? argv[optind] : "-";
        char *buf;
        size_t n;
        if (!(rc = cli_read_file(g, path, limit, &buf, &n))) {
            scored sc;
            cred_str u = url ? (cred_str){url, strlen(url)} : (cred_str){NULL, 0};
            cred_status st = score_text(&jb, buf, n, u, &sc, &err);
            cred_verdict *v = sc.v;
            free(buf);
            if (st) {
                cli_error(g, "%s: %s", path, err.msg);
                rc = cli_exit_for(st);
            } else {
                char *s = NULL;
                size_t sn = 0;
                if (json) {
                    json_t *vj = verdict_json(v, brief);
                    s = vj ? json_dumps(vj, (pretty ? JSON_INDENT(2) : JSON_COMPACT) |
                                                JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))
                           : NULL;
                    json_decref(vj);
                    st = s ? CRED_OK : CRED_ENOMEM;
                    sn = s ? strlen(s) : 0;
                } else {
                    bool col = color && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
                    st = cred_verdict_to_text(v, col, &s, &err);
                    sn = s ? strlen(s) : 0;
                }
                if (st) {
                    cli_error(g, "out of memory");
                    rc = CLI_INTERNAL;
                } else if (!cli_write(g, s, sn) || (json && !cli_write(g, "\n", 1))) {
                    rc = CLI_INTERNAL;
                }
                free(s);
                if (!rc && html) {
                    char *h;
                    size_t hn;
                    if (cred_verdict_to_html(v, &h, &hn, &err)) {
                        cli_error(g, "%s", err.msg);
                        rc = CLI_INTERNAL;
                    } else {
                        rc = write_file(g, html, h, hn);
                        free(h);
                    }
                }
            }
            scored_free(&sc);
        }
    }
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        cli_error(g, "write error");
        rc = CLI_INTERNAL;
    }
    cred_score_config_free(cfg);
    cred_model_free(model);
    cred_outlets_free(table);
    cred_ctx_free(ctx);
    free(sets);
    return rc;
}
