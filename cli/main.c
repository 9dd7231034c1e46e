/*
 * main.c - the credence command: global options, then one subcommand.
 *
 *   credence [--data-dir DIR] COMMAND [OPTIONS] [ARGS]
 *
 * Subcommands are listed in `commands` below; each lives in cmd_<name>.c.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <stdio.h>
#include <string.h>

typedef struct command {
    const char *name;
    int (*run)(const cli_global *g, int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"clean", cmd_clean, "repair and structure a scraped article (text -> clean text/JSON)"},
    {"extract", cmd_extract, "HTML page -> article body and metadata"},
    {"analyze", cmd_analyze, "quotes, speakers, sources, claims vs opinion, headline"},
    {"score", cmd_score, "explained, calibrated reliability verdict"},
    {"signals", cmd_signals, "the score's signals: group, weight, description"},
    {"sources", cmd_sources, "outlet reputation table (import MBFC / OpenSources lists)"},
    {"claims", cmd_claims, "fact-checked claims: build a DB, search it (checked already?)"},
    {"train", cmd_train, "train a linear model on labelled articles"},
    {"eval", cmd_eval, "evaluate a model (accuracy, F1, AUC, ECE, confusion)"},
    {"predict", cmd_predict, "predict labels with a model, with explanations"},
    {"checkworthy", cmd_checkworthy, "check-worthiness of sentences (calibrated, thresholded)"},
    {"serve", cmd_serve, "HTTP JSON API and web page over the engine (docs/serve.md)"},
    {"worker", cmd_worker, "score the documents of a Redis stream (consumer group)"},
    {"enqueue", cmd_enqueue, "add JSONL documents to a Redis stream (for `worker`)"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: credence [--data-dir DIR] COMMAND [OPTIONS] [FILE|-]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nglobal options:\n"
               "  --data-dir DIR  read data files (word lists, patterns) from DIR, overriding\n"
               "                  the built-in copies (layout of the source tree's data/)\n"
               "  -h, --help      this help; `credence COMMAND --help` for a command's\n"
               "  --version       print the version\n"
               "\nExit codes: 0 ok, 1 failure found, 2 usage, 3 input error, 4 data/model error,\n"
               "5 internal error.  Documentation: docs/cli.md, man credence.\n");
}

int main(int argc, char **argv)
{
    cli_global g = {NULL, "credence"};
    int i = 1;
    while (i < argc && argv[i][0] == '-') {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return CLI_OK;
        }
        if (!strcmp(argv[i], "--version")) {
            printf("credence %s\n", cred_version());
            return CLI_OK;
        }
        if (!strcmp(argv[i], "--data-dir")) {
            if (i + 1 >= argc) {
                cli_error(&g, "option '--data-dir' needs a value");
                return CLI_USAGE;
            }
            g.data_dir = argv[i + 1];
            i += 2;
            continue;
        }
        if (!strncmp(argv[i], "--data-dir=", 11)) {
            g.data_dir = argv[i] + 11;
            i++;
            continue;
        }
        cli_error(&g, "unknown option '%s' (see credence --help)", argv[i]);
        return CLI_USAGE;
    }
    if (i >= argc) {
        usage(stderr);
        return CLI_USAGE;
    }
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++) {
        if (!strcmp(argv[i], commands[k].name)) {
            static char prog[64];
            snprintf(prog, sizeof prog, "credence %s", commands[k].name);
            g.prog = prog;
            return commands[k].run(&g, argc - i, argv + i);
        }
    }
    cli_error(&g, "unknown command '%s' (see credence --help)", argv[i]);
    return CLI_USAGE;
}
