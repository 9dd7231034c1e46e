/*
 * cmd_claims.c - `credence claims`: the knowledge base of fact-checked
 * claims (docs/claims.md).
 *
 *   credence claims build -o DB --format F FILE...
 *   credence claims search [-d DB] [--top K] [--json] TEXT...|-
 *   credence claims match [-d DB] [--top K] --jsonl FILE|-
 *   credence claims stats [-d DB]
 *
 * `build` reads every FILE inside one transaction: an error in any file
 * (reported as FILE:LINE) or an interrupt leaves the DB as it was.  Without
 * -d, the DB is found by cred_claims_find ($CREDENCE_CLAIMS, then beside
 * the executable, then the install prefix; never the working directory).
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void help(void)
{
    printf("usage: credence claims build -o DB --format F FILE...\n"
           "       credence claims search [-d DB] [--top K] [--json] TEXT...|-\n"
           "       credence claims match [-d DB] [--top K] --jsonl FILE|-\n"
           "       credence claims stats [-d DB]\n"
           "\n"
           "Claims fact-checkers have already checked (docs/claims.md).\n"
           "\n"
           "  build     create DB or add to it (an id already there is updated); all\n"
           "            FILEs in one transaction\n"
           "  search    the claims the text states, best first, with the probability\n"
           "            that each is the same claim (those under the threshold are left out)\n"
           "  match     the same for JSON lines {\"id\", \"text\"}: one output line\n"
           "            {\"id\", \"matches\": [...]} per input line, in order; a bad line\n"
           "            gives {\"id\", \"error\"}\n"
           "  stats     number of claims per verdict\n"
           "\n"
           "  -o, --output DB   build: the DB file (created when missing)\n"
           "  --format F        build: clef, snopes, liar, jsonl or claimreview\n"
           "  -d, --db DB       the DB (default: $CREDENCE_CLAIMS, <exe dir>/claims.db,\n"
           "                    <prefix>/share/credence/claims.db)\n"
           "  --top K           at most K matches (default 5)\n"
           "  --min-prob P      report matches with probability >= P (default: the\n"
           "                    threshold of data/claims/rerank.tsv)\n"
           "  --plain           plain BM25 order, no re-ranking, no threshold (baseline)\n"
           "  --candidates N    BM25 candidates re-ranked (default 30)\n"
           "  --language L      only claims in language L\n"
           "  --features        match/search --json: the re-ranker's features too\n"
           "  --json            search: one JSON object instead of text\n"
           "  --jsonl FILE      match: the input (- for standard input)\n"
           "  -h, --help        this help\n");
}

static int open_db(const cli_global *g, const char *path, cred_claims **db)
{
    char found[4096];
    cred_error err = {0};
    if (cred_claims_find(path, found, sizeof found, &err) ||
        cred_claims_open(found, CRED_CLAIMS_READ, g->data_dir, db, &err)) {
        cli_error(g, "%s", err.msg);
        return err.code == CRED_EIO && !path ? CLI_DATA : cli_exit_for(err.code);
    }
    return CLI_OK;
}

static json_t *str_or_null(const char *s) { return s && *s ? json_string(s) : json_null(); }

static json_t *match_json(const cred_claim_match *m, bool features)
{
    const cred_claim *c = &m->claim;
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(c->id));
    json_object_set_new(o, "score", json_real(m->prob));
    json_object_set_new(o, "bm25", json_real(m->bm25));
    json_object_set_new(o, "claim", json_string(c->claim));
    json_object_set_new(o, "title", str_or_null(c->title));
    json_object_set_new(o, "verdict", json_string(cred_claim_verdict_name(c->verdict)));
    json_object_set_new(o, "verdict_raw", str_or_null(c->verdict_raw));
    json_object_set_new(o, "fact_checker", str_or_null(c->fact_checker));
    json_object_set_new(o, "url", str_or_null(c->url));
    json_object_set_new(o, "date", str_or_null(c->date));
    json_object_set_new(o, "language", str_or_null(c->language));
    json_object_set_new(o, "speaker", str_or_null(c->speaker));
    if (features) {
        json_t *f = json_array();
        for (int i = 0; i < CRED_CLAIMS_NFEAT; i++)
            json_array_append_new(f, json_real(m->features[i]));
        json_object_set_new(o, "features", f);
    }
    return o;
}

static json_t *matches_json(const cred_claim_matches *ms, bool features)
{
    json_t *a = json_array();
    for (size_t i = 0; i < ms->n; i++)
        json_array_append_new(a, match_json(&ms->v[i], features));
    return a;
}

static int do_build(const cli_global *g, const char *out, const char *format, int nargs,
                    char **args)
{
    cred_claims_format f;
    cred_error err = {0};
    if (!out || !format) {
        cli_error(g, "build needs -o DB and --format F");
        return CLI_USAGE;
    }
    if (cred_claims_format_parse(format, &f, &err)) {
        cli_error(g, "%s", err.msg);
        return CLI_USAGE;
    }
    if (nargs < 1) {
        cli_error(g, "build needs at least one FILE");
        return CLI_USAGE;
    }
    cred_claims *db = NULL;
    if (cred_claims_open(out, CRED_CLAIMS_WRITE, g->data_dir, &db, &err)) {
        cli_error(g, "%s", err.msg);
        return cli_exit_for(err.code);
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    size_t total = 0;
    int rc = CLI_OK;
    if (cred_claims_begin(db, &err)) {
        cli_error(g, "%s", err.msg);
        cred_claims_close(db);
        return cli_exit_for(err.code);
    }
    for (int i = 0; i < nargs && rc == CLI_OK; i++) {
        char *buf = NULL;
        size_t n = 0, got = 0;
        rc = cli_read_file(g, args[i], CRED_MAX_INPUT, &buf, &n);
        if (rc)
            break;
        const char *name = strcmp(args[i], "-") ? args[i] : "<stdin>";
        if (cred_claims_import(db, f, name, buf, n, &got, &err)) {
            cli_error(g, "%s", err.msg);
            rc = cli_exit_for(err.code);
        }
        total += got;
        free(buf);
    }
    if (rc == CLI_OK && cred_claims_commit(db, &err)) {
        cli_error(g, "%s", err.msg);
        rc = cli_exit_for(err.code);
    }
    cred_claims_close(db); /* rolls back after an error */
    if (rc == CLI_OK) {
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
        fprintf(stderr, "credence claims: %zu claims from %d file%s into %s (%.2f s, %.0f "
                "claims/s)\n", total, nargs, nargs == 1 ? "" : "s", out, s,
                s > 0 ? (double)total / s : 0.0);
    }
    return rc;
}

static void print_text(const cred_claim_matches *ms)
{
    if (!ms->n)
        printf("no fact-checked claim matches\n");
    for (size_t i = 0; i < ms->n; i++) {
        const cred_claim *c = &ms->v[i].claim;
        printf("%zu. [%.2f] %s (%s%s%s)\n   %s\n", i + 1, ms->v[i].prob, c->id,
               cred_claim_verdict_name(c->verdict), c->fact_checker && *c->fact_checker ? ", " : "",
               c->fact_checker ? c->fact_checker : "", c->claim);
        if (c->title && *c->title)
            printf("   title: %s\n", c->title);
        if (c->url && *c->url)
            printf("   %s\n", c->url);
    }
}

static int do_search(const cli_global *g, cred_claims *db, const cred_claims_search_opts *so,
                     bool json, bool features, int nargs, char **args)
{
    cli_buf text = {0};
    if (nargs < 1) {
        cli_error(g, "search needs TEXT (or - for standard input)");
        return CLI_USAGE;
    }
    if (nargs == 1 && !strcmp(args[0], "-")) {
        char *buf;
        size_t n;
        int rc = cli_read_file(g, "-", CRED_MAX_INPUT, &buf, &n);
        if (rc)
            return rc;
        cli_buf_put(&text, buf, n);
        free(buf);
    } else {
        for (int i = 0; i < nargs; i++) {
            if (i)
                cli_buf_putc(&text, ' ');
            cli_buf_put(&text, args[i], strlen(args[i]));
        }
    }
    if (text.oom) {
        cli_buf_free(&text);
        cli_error(g, "out of memory");
        return CLI_INTERNAL;
    }
    cred_claim_matches *ms = NULL;
    cred_error err = {0};
    cred_status st = cred_claims_search(db, text.p ? text.p : "", text.n, so, &ms, &err);
    cli_buf_free(&text);
    if (st) {
        cli_error(g, "%s", err.msg);
        return cli_exit_for(st);
    }
    int rc = CLI_OK;
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "matches", matches_json(ms, features));
        rc = cli_print_json(g, o, false, JSON_REAL_PRECISION(6));
    } else {
        print_text(ms);
    }
    cred_claim_matches_free(ms);
    return rc;
}

static int do_match(const cli_global *g, cred_claims *db, const cred_claims_search_opts *so,
                    const char *input, bool features)
{
    if (!input) {
        cli_error(g, "match needs --jsonl FILE (or - for standard input)");
        return CLI_USAGE;
    }
    char *buf;
    size_t n;
    int rc = cli_read_file(g, input, CRED_MAX_INPUT, &buf, &n);
    if (rc)
        return rc;
    const char *name = strcmp(input, "-") ? input : "<stdin>";
    const char *p = buf, *end = buf + n;
    if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    size_t line = 0;
    while (p < end && rc == CLI_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t len = (size_t)(e - p);
        const char *l = p;
        p = nl ? nl + 1 : end;
        line++;
        if (len && l[len - 1] == '\r')
            len--;
        size_t k = 0;
        while (k < len && (l[k] == ' ' || l[k] == '\t'))
            k++;
        if (k == len)
            continue;
        json_error_t je;
        json_t *in = json_loadb(l, len, JSON_REJECT_DUPLICATES, &je);
        json_t *out = json_object();
        json_t *id = in && json_is_object(in) ? json_object_get(in, "id") : NULL;
        json_t *tx = in && json_is_object(in) ? json_object_get(in, "text") : NULL;
        json_object_set(out, "id", id ? id : json_null());
        char msg[600];
        msg[0] = 0;
        if (!in)
            snprintf(msg, sizeof msg, "%s:%zu:%d: invalid JSON: %s", name, line, je.column,
                     je.text);
        else if (!json_is_object(in))
            snprintf(msg, sizeof msg, "%s:%zu: expected a JSON object", name, line);
        else if (!json_is_string(tx))
            snprintf(msg, sizeof msg, "%s:%zu: missing \"text\" (a string)", name, line);
        else {
            cred_claim_matches *ms = NULL;
            cred_error err = {0};
            if (cred_claims_search(db, json_string_value(tx), json_string_length(tx), so, &ms,
                                   &err)) {
                if (err.code == CRED_ENOMEM || err.code == CRED_EIO || err.code == CRED_EFORMAT) {
                    cli_error(g, "%s", err.msg);
                    rc = cli_exit_for(err.code);
                }
                snprintf(msg, sizeof msg, "%s:%zu: %s", name, line, err.msg);
            } else {
                json_object_set_new(out, "matches", matches_json(ms, features));
                cred_claim_matches_free(ms);
            }
        }
        if (msg[0])
            json_object_set_new(out, "error", json_string(msg));
        json_decref(in);
        if (rc == CLI_OK)
            rc = cli_print_json(g, out, false, JSON_REAL_PRECISION(6));
        else
            json_decref(out);
    }
    free(buf);
    return rc;
}

static int do_stats(const cli_global *g, cred_claims *db)
{
    cred_claims_stats st;
    cred_error err = {0};
    if (cred_claims_stats_get(db, &st, &err)) {
        cli_error(g, "%s", err.msg);
        return cli_exit_for(err.code);
    }
    printf("claims\t%lld\n", st.n_claims);
    for (int v = 0; v < CRED_CLAIM__COUNT; v++)
        printf("verdict %s\t%lld\n", cred_claim_verdict_name((cred_claim_verdict)v),
               st.by_verdict[v]);
    printf("fact-checkers\t%lld\nlanguages\t%lld\nschema\t%d\n", st.n_fact_checkers,
           st.n_languages, st.schema);
    return CLI_OK;
}

int cmd_claims(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"db", required_argument, NULL, 'd'},
                                             {"top", required_argument, NULL, 't'},
                                             {"min-prob", required_argument, NULL, 'm'},
                                             {"candidates", required_argument, NULL, 'c'},
                                             {"language", required_argument, NULL, 'l'},
                                             {"plain", no_argument, NULL, 'p'},
                                             {"features", no_argument, NULL, 'F'},
                                             {"json", no_argument, NULL, 'j'},
                                             {"jsonl", required_argument, NULL, 'J'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    if (argc < 2) {
        cli_error(g, "expected a subcommand: build, search, match or stats (see --help)");
        return CLI_USAGE;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        help();
        return CLI_OK;
    }
    if (strcmp(sub, "build") && strcmp(sub, "search") && strcmp(sub, "match") &&
        strcmp(sub, "stats")) {
        cli_error(g, "unknown subcommand '%s' (build, search, match, stats)", sub);
        return CLI_USAGE;
    }
    const char *out = NULL, *format = NULL, *dbpath = NULL, *jsonl = NULL;
    bool json = false, features = false;
    cred_claims_search_opts so;
    cred_claims_search_opts_init(&so);
    long v;
    int c;
    opterr = 0;
    optind = 1;
    argc--, argv++;
    while ((c = getopt_long(argc, argv, ":ho:d:", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'f': format = optarg; break;
        case 'd': dbpath = optarg; break;
        case 't':
            if (!cli_opt_long(g, "--top", optarg, 1, 1000, &v))
                return CLI_USAGE;
            so.top = (size_t)v;
            break;
        case 'c':
            if (!cli_opt_long(g, "--candidates", optarg, 1, 1000, &v))
                return CLI_USAGE;
            so.candidates = (size_t)v;
            break;
        case 'm': {
            char *e;
            so.min_prob = strtod(optarg, &e);
            if (*e || e == optarg || !(so.min_prob >= 0 && so.min_prob <= 1)) {
                cli_error(g, "option '--min-prob' needs a number in [0, 1], not '%s'", optarg);
                return CLI_USAGE;
            }
            break;
        }
        case 'l': so.language = optarg; break;
        case 'p': so.plain_bm25 = 1; break;
        case 'F': features = true; break;
        case 'j': json = true; break;
        case 'J': jsonl = optarg; break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    int nargs = argc - optind;
    char **args = argv + optind;
    if (!strcmp(sub, "build"))
        return do_build(g, out, format, nargs, args);
    if (strcmp(sub, "search") && nargs > 0) {
        cli_error(g, "unexpected argument '%s'", args[0]);
        return CLI_USAGE;
    }
    cred_claims *db = NULL;
    int rc = open_db(g, dbpath, &db);
    if (rc)
        return rc;
    if (!strcmp(sub, "search"))
        rc = do_search(g, db, &so, json, features, nargs, args);
    else if (!strcmp(sub, "match"))
        rc = do_match(g, db, &so, jsonl, features);
    else
        rc = do_stats(g, db);
    cred_claims_close(db);
    return rc;
}
