/*
 * cmd_signals.c - `credence signals`: the signal table (docs/score.md,
 * "Signals"): every signal the score knows, with its group, its weight in
 * the built-in config and a one-line description.
 *
 *   credence signals [--json [--pretty]]
 *
 * Why a command: a reader of a verdict (or of data/score/weights.tsv) can
 * see what every name means without the source; tests/t_signals.sh reads
 * the --json form to check that every signal has a description and tests.
 * The table comes from the library (cred_score_config_signal), which loads
 * data/score/signals.tsv and checks it against the code.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

enum { O_JSON = 256, O_PRETTY };

static void help(void)
{
    printf("usage: credence signals [--json [--pretty]]\n"
           "\n"
           "Lists the signals of `credence score` (docs/score.md, \"Signals\"): name,\n"
           "group, weight in the built-in config and a one-line description.\n"
           "\n"
           "  --json        a JSON array of {\"name\",\"group\",\"weight\",\"description\",\n"
           "                \"tests\"} (tests: the FILE:NAME tests that cover it)\n"
           "  --pretty      indent the JSON\n"
           "  -h, --help    this help\n");
}

int cmd_signals(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"json", no_argument, NULL, O_JSON},
                                             {"pretty", no_argument, NULL, O_PRETTY},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    bool json = false, pretty = false;
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case O_JSON: json = true; break;
        case O_PRETTY: pretty = true; break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    if (optind < argc) {
        cli_error(g, "unexpected argument '%s' (signals takes no FILE)", argv[optind]);
        return CLI_USAGE;
    }
    if (pretty && !json) {
        cli_error(g, "--pretty needs --json");
        return CLI_USAGE;
    }
    int rc = CLI_OK;
    cred_ctx *ctx = cli_ctx(g, &rc);
    if (!ctx)
        return rc;
    cred_error err = {0};
    cred_score_config *cfg = cred_score_config_new(ctx, &err);
    if (!cfg) {
        cli_error(g, "%s", err.msg);
        cred_ctx_free(ctx);
        return cli_exit_for(err.code);
    }
    size_t n = cred_score_config_signal_count(cfg);
    json_t *arr = json ? json_array() : NULL;
    cli_buf out = {0};
    for (size_t i = 0; i < n && rc == CLI_OK; i++) {
        cred_signal_info s;
        cred_status st = cred_score_config_signal(cfg, i, &s, &err);
        if (st) {
            cli_error(g, "%s", err.msg);
            rc = cli_exit_for(st);
        } else if (json) {
            json_t *o = json_pack("{s:s, s:s, s:f, s:s, s:s}", "name", s.name, "group", s.group,
                                  "weight", s.weight, "description", s.description, "tests",
                                  s.tests);
            if (!o || json_array_append_new(arr, o))
                rc = CLI_INTERNAL;
        } else {
            char line[1024];
            int k = snprintf(line, sizeof line, "%-24s %-9s %+8.4f  %s\n", s.name, s.group,
                             s.weight, s.description);
            if (k > 0)
                cli_buf_put(&out, line, (size_t)k < sizeof line ? (size_t)k : sizeof line - 1);
        }
    }
    cred_score_config_free(cfg);
    cred_ctx_free(ctx);
    if (json) {
        if (rc == CLI_INTERNAL)
            cli_error(g, "out of memory");
        if (rc != CLI_OK) {
            json_decref(arr);
            return rc;
        }
        return cli_print_json(g, arr, pretty, JSON_REAL_PRECISION(6));
    }
    if (rc == CLI_OK) {
        if (out.oom) {
            cli_error(g, "out of memory");
            rc = CLI_INTERNAL;
        } else if (!cli_write(g, out.p ? out.p : "", out.n)) {
            rc = CLI_INTERNAL;
        }
    }
    cli_buf_free(&out);
    return rc;
}
