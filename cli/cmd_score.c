/*
 * cmd_score.c - `credence score`: the explained reliability verdict.
 *
 *   credence score [--url URL] [--json|--html FILE] [OPTIONS] [FILE|-]
 *   credence score --jsonl FILE|- [-j N] [--output jsonl|csv|tsv] [OPTIONS]
 *   credence score [-j N] [--output jsonl|csv|tsv] [OPTIONS] FILE... | DIR
 *
 * A thin layer over the engine (credence/engine.h), which does the work:
 * HTML or text, the model search, the JSON (full or brief), batches over N
 * threads in input order and the JSONL protocol.  This file parses options,
 * reads files, prints, and maps failures to exit codes (docs/cli.md).
 * One article: a terminal report (colours only on a TTY), --json
 * (docs/score.md) or --html FILE (a standalone report).  Batches (--jsonl,
 * several FILEs or a directory): one result per item, in input order; a
 * bad item gives an error object and the batch goes on (exit 3 at the end).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void help(void)
{
    printf("usage: credence score [OPTIONS] [FILE|-]\n"
           "       credence score --jsonl FILE|- [-j N] [--output F] [OPTIONS]\n"
           "       credence score [-j N] [--output F] [OPTIONS] FILE... | DIR\n"
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
           "  --jsonl FILE      batch: one {\"text\", \"title\"?, \"url\"?, \"id\"?, ...} object\n"
           "                    per line in, one verdict (JSON) per line out, in input\n"
           "                    order, with the line's other fields echoed\n"
           "  FILE... | DIR     several files, or a directory's files: a batch too\n"
           "  --output F        batch output: jsonl (default), csv or tsv (docs/score.md)\n"
           "  -j, --threads N   batch threads (default: number of CPUs)\n"
           "  --model FILE      article model (`credence train`) for the MODEL_* signals;\n"
           "                    default: $CREDENCE_MODEL, else score-article.model in\n"
           "                    --data-dir/models, <exe>/../share/credence/models,\n"
           "                    <exe>/../data/models or PREFIX/share/credence/models\n"
           "                    (the first that has one; never the working directory)\n"
           "  --no-model        no article model (MODEL_* signals off)\n"
           "  --sources PATH    local outlet table (default\n"
           "                    $XDG_DATA_HOME/credence/sources.tsv, if present)\n"
           "  --claims DB       a claims DB (credence claims build; docs/claims.md) for\n"
           "                    KNOWN_FALSE_CLAIM / KNOWN_TRUE_CLAIM; 'default': the DB of\n"
           "                    `make claims-db` ($CREDENCE_CLAIMS, <exe>/claims.db, ...)\n"
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

/* ---- batch output --------------------------------------------------------------- */

enum { OUT_JSONL, OUT_CSV, OUT_TSV };

typedef struct sink {
    const cli_global *g;
    int output;   /* OUT_* */
    unsigned flags; /* CRED_JSON_BRIEF */
    size_t total; /* items, for the progress bar (0: no bar) */
    int rc;
} sink;

/* Writes one result in input order (cred_result_fn); draws the progress bar
 * on a TTY. */
static int put_result(void *user, size_t i, const cred_result *r)
{
    sink *k = user;
    char *s = NULL;
    cred_error err = {0};
    cred_status st = k->output == OUT_JSONL
                         ? cred_result_to_json(r, k->flags, &s, &err)
                         : cred_result_to_row(r, k->output == OUT_CSV ? ',' : '\t', &s, &err);
    if (st) {
        cli_error(k->g, "%s", err.msg);
        k->rc = CLI_INTERNAL;
        return 1;
    }
    bool ok = cli_write(k->g, s, strlen(s)) && cli_write(k->g, "\n", 1);
    free(s);
    if (!ok) {
        k->rc = CLI_INTERNAL;
        return 1;
    }
    if (k->total && (i % 16 == 15 || i + 1 == k->total)) {
        int w = 30;
        int f = (int)((double)(i + 1) / (double)k->total * w);
        if (f > w)
            f = w;
        fprintf(stderr, "\rscoring [%.*s%*s] %zu/%zu", f, "##############################", w - f,
                "", i + 1, k->total);
        if (i + 1 == k->total)
            fputc('\n', stderr);
    }
    return 0;
}

/* Non-blank lines of a JSONL buffer (for the progress bar only; the engine
 * decides what is blank). */
static size_t count_items(const char *p, size_t n)
{
    size_t k = 0;
    bool ink = false;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\n') {
            k += ink;
            ink = false;
        } else if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r') {
            ink = true;
        }
    }
    return k + ink;
}

/* ---- many files ----------------------------------------------------------------- */

typedef struct paths {
    char **v;
    size_t n, cap;
} paths;

static bool paths_add(paths *ps, const char *dir, const char *name)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 16;
        char **v = realloc(ps->v, cap * sizeof *v);
        if (!v)
            return false;
        ps->v = v;
        ps->cap = cap;
    }
    size_t n = (dir ? strlen(dir) + 1 : 0) + strlen(name) + 1;
    char *p = malloc(n);
    if (!p)
        return false;
    if (dir)
        snprintf(p, n, "%s/%s", dir, name);
    else
        snprintf(p, n, "%s", name);
    ps->v[ps->n++] = p;
    return true;
}

static void paths_free(paths *ps)
{
    for (size_t i = 0; i < ps->n; i++)
        free(ps->v[i]);
    free(ps->v);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* FILE arguments, a directory standing for its files (not hidden ones, not
 * subdirectories), in name order. */
static int expand_args(const cli_global *g, int n, char **args, paths *ps)
{
    for (int i = 0; i < n; i++) {
        struct stat st;
        if (stat(args[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            DIR *d = opendir(args[i]);
            if (!d) {
                cli_error(g, "%s: %s", args[i], strerror(errno));
                return CLI_INPUT;
            }
            size_t from = ps->n;
            struct dirent *de;
            while ((de = readdir(d))) {
                if (de->d_name[0] == '.')
                    continue;
                char full[4096];
                snprintf(full, sizeof full, "%s/%s", args[i], de->d_name);
                struct stat fs;
                if (stat(full, &fs) == 0 && S_ISDIR(fs.st_mode))
                    continue;
                if (!paths_add(ps, args[i], de->d_name)) {
                    closedir(d);
                    cli_error(g, "out of memory");
                    return CLI_INTERNAL;
                }
            }
            closedir(d);
            qsort(ps->v + from, ps->n - from, sizeof *ps->v, cmp_str);
        } else if (!paths_add(ps, NULL, args[i])) {
            cli_error(g, "out of memory");
            return CLI_INTERNAL;
        }
    }
    return CLI_OK;
}

/* ---- main ---------------------------------------------------------------------- */

/* The directory of the running executable (where the engine looks for the
 * installed model); false when unknown. */
static bool cli_is_dir(const char *path)
{
    struct stat st;
    return strcmp(path, "-") && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int write_file(const cli_global *g, const char *path, const char *s, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) {
        cli_error(g, "%s: %s", path, strerror(errno));
        return CLI_INTERNAL; /* a write error (docs/cli.md: 5) */
    }
    bool ok = fwrite(s, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    if (!ok) {
        cli_error(g, "%s: write error", path);
        return CLI_INTERNAL;
    }
    return CLI_OK;
}

/* The default user outlet table, $XDG_DATA_HOME/credence/sources.tsv (or
 * ~/.local/share/...), when it exists. */
static const char *default_sources(char *buf, size_t cap)
{
    return cli_sources_default_path(buf, cap) && access(buf, F_OK) == 0 ? buf : NULL;
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
        {"format", required_argument, NULL, 'F'},   {"output", required_argument, NULL, 'O'},
        {"claims", required_argument, NULL, 'K'},
        {NULL, 0, NULL, 0}};
    const char *url = NULL, *html = NULL, *jsonl = NULL, *output = NULL;
    bool json = false, pretty = false, brief = false, color = true;
    long threads = 0;
    size_t limit = CRED_MAX_INPUT;
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    const char **configs = calloc((size_t)argc + 1, sizeof *configs);
    cred_engine_opts eo;
    cred_engine_opts_init(&eo);
    cred_request req;
    cred_request_init(&req);
    if (!sets || !configs) {
        free(sets);
        free(configs);
        cli_error(g, "out of memory");
        return CLI_INTERNAL;
    }
    int c, rc = CLI_OK, out_kind = OUT_JSONL;
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
        case 's': eo.sources_path = optarg; break;
        case 'K': eo.claims_path = optarg; break;
        case 'c': configs[eo.n_config_paths++] = optarg; break;
        case 'S': sets[eo.n_settings++] = optarg; break;
        case 'T': req.no_title = 1; break;
        case 'M': eo.model_path = optarg; break;
        case 'N': eo.no_model = 1; break;
        case 'O':
            output = optarg;
            if (!strcmp(optarg, "jsonl"))
                out_kind = OUT_JSONL;
            else if (!strcmp(optarg, "csv"))
                out_kind = OUT_CSV;
            else if (!strcmp(optarg, "tsv"))
                out_kind = OUT_TSV;
            else {
                cli_error(g, "--output: '%s' is not jsonl, csv or tsv", optarg);
                rc = CLI_USAGE;
            }
            break;
        case 'F':
            if (!strcmp(optarg, "auto"))
                req.format = CRED_FORMAT_AUTO;
            else if (!strcmp(optarg, "text"))
                req.format = CRED_FORMAT_TEXT;
            else if (!strcmp(optarg, "html"))
                req.format = CRED_FORMAT_HTML;
            else {
                cli_error(g, "--format: '%s' is not auto, text or html", optarg);
                rc = CLI_USAGE;
            }
            break;
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
            free(configs);
            return CLI_OK;
        default: rc = cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    int nfiles = argc - optind;
    bool many = !jsonl && nfiles >= 1 && (nfiles > 1 || cli_is_dir(argv[optind]));
    if (!rc && jsonl && (nfiles || html || url)) {
        cli_error(g, "--jsonl takes no FILE, --html or --url (URLs come from the lines)");
        rc = CLI_USAGE;
    } else if (!rc && many && (html || url)) {
        cli_error(g, "several FILEs or a directory take no --html or --url");
        rc = CLI_USAGE;
    } else if (!rc && output && !jsonl && !many) {
        cli_error(g, "--output is for batches (--jsonl, several FILEs or a directory)");
        rc = CLI_USAGE;
    }
    if (!rc && url) {
        char tmp[512];
        cred_error err = {0};
        if (cred_url_outlet((cred_str){url, strlen(url)}, tmp, sizeof tmp, &err)) {
            cli_error(g, "--url: %s", err.msg);
            rc = CLI_USAGE;
        }
    }
    if (rc) {
        free(sets);
        free(configs);
        return rc;
    }
    req.max_input = limit;
    eo.data_dir = g->data_dir;
    eo.config_paths = configs;
    eo.settings = sets;
    char exedir[4096], srcbuf[4096];
    if (cli_exe_dir(exedir, sizeof exedir))
        eo.program_dir = exedir;
    if (!eo.sources_path)
        eo.sources_path = default_sources(srcbuf, sizeof srcbuf);
    cred_error err = {0};
    cred_engine *e = cred_engine_new(&eo, &err);
    free(sets);
    free(configs);
    if (!e) {
        /* a bad --set is usage; a model, config or table file that is missing
         * or malformed is a data error (docs/cli.md) */
        cli_error(g, "%s%s", err.code == CRED_EINVAL ? "--set: " : "", err.msg);
        return err.code == CRED_EINVAL   ? CLI_USAGE
               : err.code == CRED_ENOMEM ? CLI_INTERNAL
                                         : CLI_DATA;
    }
    size_t nw;
    const char *const *w = cred_engine_warnings(e, &nw);
    for (size_t i = 0; i < nw; i++)
        fprintf(stderr, "credence: warning: %s%s\n", w[i],
                strncmp(w[i], "no article model", 16) ? "" : "; give --model or --no-model");
    unsigned flags = (brief ? CRED_JSON_BRIEF : 0) | (pretty ? CRED_JSON_PRETTY : 0);
    if (jsonl || many) {
        sink k = {.g = g, .output = out_kind, .flags = flags & CRED_JSON_BRIEF};
        bool tty = isatty(STDERR_FILENO);
        size_t failed = 0, items = 0;
        cred_status st = CRED_OK;
        if (out_kind != OUT_JSONL) {
            const char *h = cred_result_row_header(out_kind == OUT_CSV ? ',' : '\t');
            if (!cli_write(g, h, strlen(h)) || !cli_write(g, "\n", 1))
                rc = CLI_INTERNAL;
        }
        if (!rc && jsonl) {
            char *data;
            size_t n;
            if (!(rc = cli_read_file(g, jsonl, limit, &data, &n))) {
                items = count_items(data, n);
                k.total = tty ? items : 0;
                req.max_input = 0;
                st = cred_engine_jsonl(e, data, n, &req, (unsigned)threads, put_result, &k,
                                       &failed, &err);
                free(data);
            }
        } else if (!rc) {
            paths ps = {0};
            if (!(rc = expand_args(g, nfiles, argv + optind, &ps))) {
                cred_request *reqs = calloc(ps.n ? ps.n : 1, sizeof *reqs);
                if (!reqs) {
                    cli_error(g, "out of memory");
                    rc = CLI_INTERNAL;
                }
                for (size_t i = 0; reqs && i < ps.n; i++) {
                    reqs[i] = req;
                    reqs[i].path = ps.v[i];
                }
                items = ps.n;
                k.total = tty ? items : 0;
                if (reqs)
                    st = cred_engine_batch(e, reqs, ps.n, (unsigned)threads, put_result, &k,
                                           &failed, &err);
                free(reqs);
            }
            paths_free(&ps);
        }
        if (k.rc)
            rc = k.rc;
        else if (st) {
            cli_error(g, "%s", err.msg);
            rc = CLI_INTERNAL;
        }
        if (failed) {
            cli_error(g, "%zu of %zu %s could not be scored (see their \"error\" objects)", failed,
                      items, jsonl ? "lines" : "files");
            if (rc == CLI_OK)
                rc = CLI_INPUT;
        }
    } else {
        const char *path = nfiles ? argv[optind] : "-";
        char *buf;
        size_t n;
        if (!(rc = cli_read_file(g, path, limit, &buf, &n))) {
            cred_result *r = NULL;
            req.data = buf;
            req.n = n;
            if (url)
                req.url = (cred_str){url, strlen(url)};
            cred_status st = cred_engine_run(e, &req, &r, &err);
            free(buf);
            if (st) {
                cli_error(g, "%s: %s", path, err.msg);
                rc = cli_exit_for(st);
            } else {
                const cred_verdict *v = cred_result_verdict(r);
                char *s = NULL;
                if (json) {
                    st = cred_result_to_json(r, flags, &s, &err);
                } else {
                    bool col = color && isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
                    st = cred_verdict_to_text(v, col, &s, &err);
                }
                if (st) {
                    cli_error(g, "out of memory");
                    rc = CLI_INTERNAL;
                } else if (!cli_write(g, s, strlen(s)) || (json && !cli_write(g, "\n", 1))) {
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
            cred_result_free(r);
        }
    }
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        cli_error(g, "write error");
        rc = CLI_INTERNAL;
    }
    cred_engine_free(e);
    return rc;
}
