/*
 * cmd_extract.c - `credence extract`: a saved web page -> its article.
 *
 *   credence extract [--json [--pretty] [--doc]] [--body] [...] [FILE|-]...
 *
 * Prints the article (title, blank line, paragraphs separated by blank
 * lines) or, with --json, the metadata and the text (docs/html.md).  Several
 * FILEs are processed in one run (the benchmark uses this): text output
 * puts a "==> FILE <==" line before each article, JSON output becomes one
 * compact object per line with a "file" member.  A file that fails is
 * reported on stderr and the others still run; the exit code is then that
 * of the last failure.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: credence extract [OPTIONS] [FILE|-]...\n"
           "\n"
           "Finds the article in a saved web page (HTML, any declared charset) and prints\n"
           "it cleaned: title, blank line, paragraphs.  Navigation, ads, share bars,\n"
           "comments, related links and captions are left out.  Reads standard input\n"
           "when FILE is - or absent.\n"
           "\n"
           "  --json            print metadata and text as JSON (docs/html.md): title,\n"
           "                    byline, authors, dates, site name, canonical URL,\n"
           "                    language, description, section, is_article + reasons\n"
           "  --pretty          indent the JSON\n"
           "  --doc             include the whole cleaned document in the JSON\n"
           "                    (sentences, edits; schema docs/clean-json.md)\n"
           "  --body            print the paragraphs only, without the title line\n"
           "  --keep-chrome     report page chrome but keep it in the text\n"
           "  --keep-repeats    report repeated text but keep it\n"
           "  --max-bytes SIZE  input limit per file (default 256M; suffixes K, M, G)\n"
           "  -h, --help        this help\n"
           "\n"
           "With several FILEs, text output has a \"==> FILE <==\" line before each\n"
           "article and --json prints one object per line with a \"file\" member.\n");
}

typedef struct xopts {
    bool json, pretty, doc, body, many;
    size_t limit;
    cred_clean_opts o;
} xopts;

static int one(const cli_global *g, const cred_ctx *ctx, const xopts *x, const char *path)
{
    char *buf;
    size_t n;
    int rc = cli_read_file(g, path, x->limit, &buf, &n);
    if (rc)
        return rc;
    cred_article *a;
    cred_error err = {0};
    cred_status st = cred_extract(ctx, buf, n, &x->o, &a, &err);
    free(buf);
    if (st) {
        cli_error(g, "%s: %s", path, err.msg);
        return cli_exit_for(st);
    }
    const cred_doc *d = a->doc;
    size_t from = 0;
    if (x->body)
        from = d->n_paragraphs ? d->paragraphs[0].span.start : d->text_len;
    rc = CLI_OK;
    if (x->json) {
        char *js = NULL;
        unsigned flags =
            (x->doc ? CRED_JSON_DOC : 0) | (x->pretty && !x->many ? CRED_JSON_PRETTY : 0);
        json_t *root = cred_article_to_json_flags(a, flags, &js, NULL) ? NULL : cli_json_take(js);
        if (root && x->many)
            json_object_set_new(root, "file", json_string(path));
        rc = cli_print_json(g, root, x->pretty && !x->many, JSON_REAL_PRECISION(6));
    } else {
        if (x->many) {
            printf("==> %s <==\n", path);
        }
        if (!cli_write(g, d->text + from, d->text_len - from) ||
            (d->text_len > from && !cli_write(g, "\n", 1)))
            rc = CLI_INTERNAL;
    }
    cred_article_free(a);
    return rc;
}

int cmd_extract(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},        {"pretty", no_argument, NULL, 'p'},
        {"doc", no_argument, NULL, 'd'},         {"body", no_argument, NULL, 'b'},
        {"keep-chrome", no_argument, NULL, 'C'}, {"keep-repeats", no_argument, NULL, 'R'},
        {"max-bytes", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    xopts x = {0};
    cred_clean_opts_init(&x.o);
    x.limit = CRED_MAX_INPUT;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': x.json = true; break;
        case 'p': x.pretty = true; break;
        case 'd': x.doc = true; break;
        case 'b': x.body = true; break;
        case 'C': x.o.keep_chrome = 1; break;
        case 'R': x.o.keep_repeats = 1; break;
        case 'm':
            if (!cli_opt_max_bytes(g, optarg, &x.limit))
                return CLI_USAGE;
            break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    if ((x.pretty || x.doc) && !x.json) {
        cli_error(g, "--pretty and --doc need --json");
        return CLI_USAGE;
    }
    x.o.max_input = x.limit;
    x.o.format = CRED_FORMAT_HTML;
    x.many = argc - optind > 1;
    int rc;
    cred_ctx *ctx = cli_ctx(g, &rc);
    if (!ctx)
        return rc;
    rc = CLI_OK;
    if (optind >= argc) {
        rc = one(g, ctx, &x, "-");
    } else {
        for (int i = optind; i < argc; i++) {
            int r = one(g, ctx, &x, argv[i]);
            if (r)
                rc = r;
            if (r == CLI_INTERNAL)
                break;
        }
    }
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        cli_error(g, "write error");
        rc = CLI_INTERNAL;
    }
    cred_ctx_free(ctx);
    return rc;
}
