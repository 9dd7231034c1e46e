/*
 * cmd_sources.c - `credence sources`: the outlet reputation table.
 *
 *   credence sources import --format mbfc|opensources [--sources PATH] FILE...
 *   credence sources lookup [--sources PATH] [--json] URL...
 *   credence sources list [--sources PATH] [--builtin]
 *   credence sources path
 *
 * The local table is a TSV file (docs/sources.md) at --sources PATH, else
 * $XDG_DATA_HOME/credence/sources.tsv (~/.local/share/credence/sources.tsv).
 * `import` merges into it (written to a temporary file, then renamed, so an
 * interrupted import leaves the old table).  Lookups search the local table
 * first, then the built-in one.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void help(void)
{
    printf("usage: credence sources import --format mbfc|opensources [--sources PATH] FILE...\n"
           "       credence sources lookup [--sources PATH] [--json] URL...\n"
           "       credence sources list [--sources PATH] [--builtin]\n"
           "       credence sources path [--sources PATH]\n"
           "\n"
           "The outlet reputation table used by `credence score` (docs/sources.md).\n"
           "\n"
           "  import    read MBFC's corpus.tsv or OpenSources' sources.json/.csv and merge\n"
           "            them into the local table (dirty labels normalized)\n"
           "  lookup    print what the tables say about each URL's outlet ('unknown' when\n"
           "            no table has it)\n"
           "  list      print the local table (with --builtin: the built-in one) as TSV\n"
           "  path      print where the local table is\n"
           "\n"
           "  --format F       list format for import: mbfc or opensources\n"
           "  --sources PATH   local table (default $XDG_DATA_HOME/credence/sources.tsv)\n"
           "  --json           lookup: one JSON object per URL\n"
           "  --builtin        list: the built-in table\n"
           "  -h, --help       this help\n");
}

/* Default table path: $XDG_DATA_HOME/credence/sources.tsv or
 * $HOME/.local/share/credence/sources.tsv.  Returns false if neither is set. */
static bool default_path(char *out, size_t cap)
{
    const char *x = getenv("XDG_DATA_HOME");
    int k;
    if (x && x[0] == '/')
        k = snprintf(out, cap, "%s/credence/sources.tsv", x);
    else if ((x = getenv("HOME")) && *x)
        k = snprintf(out, cap, "%s/.local/share/credence/sources.tsv", x);
    else
        return false;
    return k > 0 && (size_t)k < cap;
}

bool cli_sources_default_path(char *out, size_t cap) { return default_path(out, cap); }

int cli_outlets_open(const cli_global *g, const char *path, bool must_exist, cred_outlets **out,
                     const char **used)
{
    static char defp[4096];
    *out = NULL;
    if (!path) {
        if (!default_path(defp, sizeof defp)) {
            if (must_exist) {
                cli_error(g, "no --sources PATH and neither XDG_DATA_HOME nor HOME is set");
                return CLI_USAGE;
            }
            *out = cred_outlets_new();
            return *out ? CLI_OK : CLI_INTERNAL;
        }
        path = defp;
    }
    if (used)
        *used = path;
    cred_outlets *t = cred_outlets_new();
    if (!t) {
        cli_error(g, "out of memory");
        return CLI_INTERNAL;
    }
    if (access(path, F_OK) != 0 && errno == ENOENT && !must_exist) {
        *out = t;
        return CLI_OK;
    }
    char *buf;
    size_t n;
    int rc = cli_read_file(g, path, (size_t)64 << 20, &buf, &n);
    if (rc) {
        cred_outlets_free(t);
        return rc;
    }
    cred_error err = {0};
    cred_status st = cred_outlets_load(t, buf, n, path, &err);
    free(buf);
    if (st) {
        cli_error(g, "%s", err.msg);
        cred_outlets_free(t);
        return st == CRED_ENOMEM ? CLI_INTERNAL : CLI_DATA;
    }
    *out = t;
    return CLI_OK;
}

static int mkdirs(const cli_global *g, const char *path)
{
    char tmp[4096];
    int k = snprintf(tmp, sizeof tmp, "%s", path);
    if (k < 0 || (size_t)k >= sizeof tmp) {
        cli_error(g, "%s: path too long", path);
        return CLI_USAGE;
    }
    char *slash = strrchr(tmp, '/');
    if (!slash || slash == tmp)
        return CLI_OK;
    *slash = 0;
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = 0;
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
            cli_error(g, "%s: %s", tmp, strerror(errno));
            return CLI_INPUT;
        }
        *p = '/';
    }
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST) {
        cli_error(g, "%s: %s", tmp, strerror(errno));
        return CLI_INPUT;
    }
    return CLI_OK;
}

static int write_table(const cli_global *g, const cred_outlets *t, const char *path)
{
    char *s;
    size_t n;
    cred_error err = {0};
    if (cred_outlets_to_tsv(t, &s, &n, &err)) {
        cli_error(g, "%s", err.msg);
        return CLI_INTERNAL;
    }
    int rc = mkdirs(g, path);
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = rc ? NULL : fopen(tmp, "wb");
    if (!rc && !f) {
        cli_error(g, "%s: %s", tmp, strerror(errno));
        rc = CLI_INPUT;
    }
    if (f) {
        bool ok = fwrite(s, 1, n, f) == n;
        ok = (fclose(f) == 0) && ok;
        if (!ok || rename(tmp, path) != 0) {
            cli_error(g, "%s: %s", path, strerror(errno));
            remove(tmp);
            rc = CLI_INPUT;
        }
    }
    free(s);
    return rc;
}

static void print_outlet(const char *url, const char *outlet, const cred_outlet *o, bool json)
{
    if (json) {
        json_t *j = json_object();
        json_object_set_new(j, "url", json_string(url));
        json_object_set_new(j, "outlet", outlet ? json_string(outlet) : json_null());
        json_object_set_new(j, "known", json_boolean(o != NULL));
        if (o) {
            char *es = NULL;
            json_t *e = cred_outlet_to_json(o, 0, &es, NULL) ? NULL : cli_json_take(es);
            json_object_update(j, e);
            json_decref(e);
        }
        char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s)
            printf("%s\n", s);
        free(s);
        json_decref(j);
        return;
    }
    if (!o) {
        printf("%s: unknown outlet (in no reputation table; nothing is assumed)\n",
               outlet ? outlet : url);
        return;
    }
    printf("%s: factuality %s", o->key, cred_fact_name(o->fact));
    bool any = false;
    for (unsigned b = 0; b < CRED_SRC__COUNT; b++)
        if (o->types & (1u << b)) {
            printf("%s%s", any ? ", " : "; ", cred_src_type_name(1u << b));
            any = true;
        }
    if (o->bias[0])
        printf("; bias %s", o->bias);
    printf(" (%s)\n", o->origin);
}

int cmd_sources(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"sources", required_argument, NULL, 's'},
                                             {"json", no_argument, NULL, 'j'},
                                             {"builtin", no_argument, NULL, 'b'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    if (argc < 2) {
        cli_error(g, "expected a subcommand: import, lookup, list or path (see --help)");
        return CLI_USAGE;
    }
    const char *sub = argv[1];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help")) {
        help();
        return CLI_OK;
    }
    if (strcmp(sub, "import") && strcmp(sub, "lookup") && strcmp(sub, "list") &&
        strcmp(sub, "path")) {
        cli_error(g, "unknown subcommand '%s' (import, lookup, list, path)", sub);
        return CLI_USAGE;
    }
    const char *format = NULL, *path = NULL;
    bool json = false, builtin = false;
    int c;
    opterr = 0;
    optind = 1;
    argc--, argv++;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': format = optarg; break;
        case 's': path = optarg; break;
        case 'j': json = true; break;
        case 'b': builtin = true; break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    int nargs = argc - optind;
    if (!strcmp(sub, "path")) {
        char p[4096];
        if (!path && !default_path(p, sizeof p)) {
            cli_error(g, "neither XDG_DATA_HOME nor HOME is set");
            return CLI_USAGE;
        }
        printf("%s\n", path ? path : p);
        return CLI_OK;
    }
    if (!strcmp(sub, "import")) {
        if (!format || (strcmp(format, "mbfc") && strcmp(format, "opensources"))) {
            cli_error(g, "import needs --format mbfc or --format opensources");
            return CLI_USAGE;
        }
        if (nargs < 1) {
            cli_error(g, "import needs at least one FILE");
            return CLI_USAGE;
        }
    } else if (!strcmp(sub, "lookup") && nargs < 1) {
        cli_error(g, "lookup needs at least one URL");
        return CLI_USAGE;
    } else if (!strcmp(sub, "list") && nargs) {
        cli_error(g, "list takes no arguments");
        return CLI_USAGE;
    }
    int rc;
    cred_ctx *ctx = cli_ctx(g, &rc);
    if (!ctx)
        return rc;
    cred_outlets *t = NULL;
    const char *used = path;
    rc = builtin ? CLI_OK : cli_outlets_open(g, path, false, &t, &used);
    if (rc) {
        cred_ctx_free(ctx);
        return rc;
    }
    if (!strcmp(sub, "import")) {
        for (int i = optind; i < argc && !rc; i++) {
            char *buf;
            size_t n, added = 0;
            if ((rc = cli_read_file(g, argv[i], (size_t)64 << 20, &buf, &n)))
                break;
            cred_error err = {0};
            cred_status st = cred_outlets_import(t, format, buf, n, argv[i], &added, &err);
            free(buf);
            if (st) {
                cli_error(g, "%s", err.msg);
                rc = cli_exit_for(st);
                break;
            }
            fprintf(stderr, "credence sources: %s: %zu outlets read\n", argv[i], added);
        }
        if (!rc && !used) {
            cli_error(g, "no --sources PATH and neither XDG_DATA_HOME nor HOME is set");
            rc = CLI_USAGE;
        }
        if (!rc && !(rc = write_table(g, t, used)))
            fprintf(stderr, "credence sources: %s now holds %zu outlets\n", used,
                    cred_outlets_count(t));
    } else if (!strcmp(sub, "lookup")) {
        for (int i = optind; i < argc; i++) {
            char outlet[512];
            cred_str u = {argv[i], strlen(argv[i])};
            cred_error err = {0};
            if (cred_url_outlet(u, outlet, sizeof outlet, &err)) {
                cli_error(g, "%s", err.msg);
                rc = CLI_USAGE;
                continue;
            }
            const cred_outlet *o = t ? cred_outlets_find(t, u) : NULL;
            if (!o)
                o = cred_outlets_find(cred_ctx_outlets(ctx), u);
            print_outlet(argv[i], outlet, o, json);
        }
    } else { /* list */
        char *s;
        size_t n;
        cred_error err = {0};
        if (cred_outlets_to_tsv(builtin ? cred_ctx_outlets(ctx) : t, &s, &n, &err)) {
            cli_error(g, "%s", err.msg);
            rc = CLI_INTERNAL;
        } else {
            if (!cli_write(g, s, n))
                rc = CLI_INTERNAL;
            free(s);
        }
    }
    if (fflush(stdout) != 0 && !rc) {
        cli_error(g, "write error");
        rc = CLI_INTERNAL;
    }
    cred_outlets_free(t);
    cred_ctx_free(ctx);
    return rc;
}
