/*
 * cmd_clean.c - `credence clean`: the text pipeline from the command line.
 *
 *   credence clean [--json] [--no-title] [...] [FILE|-]
 *
 * Prints the cleaned article (title, blank line, paragraphs separated by
 * blank lines) or, with --json, the whole document (docs/clean-json.md).
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
    printf("usage: credence clean [OPTIONS] [FILE|-]\n"
           "\n"
           "Repairs a scraped article (encoding, mojibake, entities, whitespace), removes\n"
           "page chrome and repeated text, and prints the clean article: title, blank\n"
           "line, paragraphs.  Reads standard input when FILE is - or absent.\n"
           "\n"
           "  --json            print the document as JSON (docs/clean-json.md)\n"
           "  --pretty          indent the JSON\n"
           "  --tokens          include word tokens in the JSON\n"
           "  --no-title        do not take the first line as the title\n"
           "  --keep-chrome     report page chrome but keep it in the text\n"
           "  --keep-repeats    report repeated text but keep it\n"
           "  --max-bytes SIZE  input limit (default 256M; suffixes K, M, G)\n"
           "  --format FMT      text, html or auto (default: auto, HTML detected from\n"
           "                    the content; HTML pages are reduced to their article,\n"
           "                    see credence extract and docs/html.md)\n"
           "  -h, --help        this help\n");
}

int cmd_clean(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},        {"pretty", no_argument, NULL, 'p'},
        {"tokens", no_argument, NULL, 't'},      {"no-title", no_argument, NULL, 'T'},
        {"keep-chrome", no_argument, NULL, 'C'}, {"keep-repeats", no_argument, NULL, 'R'},
        {"max-bytes", required_argument, NULL, 'm'}, {"help", no_argument, NULL, 'h'},
        {"format", required_argument, NULL, 'F'},
        {NULL, 0, NULL, 0}};
    bool json = false, pretty = false, tokens = false;
    cred_clean_opts o;
    cred_clean_opts_init(&o);
    size_t limit = CRED_MAX_INPUT;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': json = true; break;
        case 'p': pretty = true; break;
        case 't': tokens = true; break;
        case 'T': o.no_title = 1; break;
        case 'C': o.keep_chrome = 1; break;
        case 'R': o.keep_repeats = 1; break;
        case 'F':
            if (!strcmp(optarg, "text"))
                o.format = CRED_FORMAT_TEXT;
            else if (!strcmp(optarg, "html"))
                o.format = CRED_FORMAT_HTML;
            else if (!strcmp(optarg, "auto"))
                o.format = CRED_FORMAT_AUTO;
            else {
                cli_error(g, "--format: '%s' is not text, html or auto", optarg);
                return CLI_USAGE;
            }
            break;
        case 'm':
            if (!cli_opt_max_bytes(g, optarg, &limit))
                return CLI_USAGE;
            break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    o.max_input = limit;
    o.no_tokens = !json; /* the plain-text output does not use tokens */
    cred_ctx *ctx;
    cred_doc *doc;
    int rc = cli_clean_input(g, argc - optind, argv + optind, &o, &ctx, &doc, NULL);
    if (rc)
        return rc;
    if (json) {
        /* compact JSON is streamed (flat memory), --pretty built as a tree */
        cred_error err = {0};
        unsigned flags = (pretty ? CRED_JSON_PRETTY : 0) | (tokens ? CRED_JSON_TOKENS : 0);
        if (cred_doc_write_json(doc, flags, stdout, &err) || !cli_write(g, "\n", 1)) {
            cli_error(g, "%s", err.code ? err.msg : "write error");
            rc = CLI_INTERNAL;
        }
    } else if (!cli_write(g, doc->text, doc->text_len) ||
               (doc->text_len && !cli_write(g, "\n", 1))) {
        rc = CLI_INTERNAL;
    }
    if (fflush(stdout) != 0 && rc == CLI_OK) {
        cli_error(g, "write error");
        rc = CLI_INTERNAL;
    }
    cred_doc_free(doc);
    cred_ctx_free(ctx);
    return rc;
}
