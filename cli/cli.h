/*
 * cli.h - shared pieces of the credence command-line tool.
 *
 * Each subcommand lives in its own cmd_<name>.c and is listed in main.c's
 * command table.  Exit codes (docs/cli.md):
 */
#ifndef CREDENCE_CLI_H
#define CREDENCE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "credence.h"

enum {
    CLI_OK = 0,       /* success */
    CLI_FAIL = 1,     /* the command ran but found a failure (e.g. eval gate) */
    CLI_USAGE = 2,    /* bad flags or arguments */
    CLI_INPUT = 3,    /* input unreadable, too large or malformed */
    CLI_DATA = 4,     /* data file or model malformed */
    CLI_INTERNAL = 5  /* out of memory, write error */
};

/* Options every subcommand accepts, parsed by main.c before the command. */
typedef struct cli_global {
    const char *data_dir; /* --data-dir */
    const char *prog;     /* "credence clean" for messages */
} cli_global;

/* Prints "credence <cmd>: <message>" on stderr (one line). */
void cli_error(const cli_global *g, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Maps a library status to an exit code. */
int cli_exit_for(cred_status st);

/* Reads a whole file ("-" or NULL: standard input) with a size limit.
 * On error prints one line naming the file and returns CLI_INPUT. */
int cli_read_file(const cli_global *g, const char *path, size_t limit, char **buf, size_t *n);

/* Parses a size such as "64M", "1G", "4096" (bytes); false if malformed. */
bool cli_parse_size(const char *s, size_t *out);

/* Option values, each printing a one-line error (false) when malformed:
 * --max-bytes SIZE (1 byte to CRED_MAX_INPUT), and a whole number in
 * [lo, hi] for option `opt` (e.g. "--folds"). */
bool cli_opt_max_bytes(const cli_global *g, const char *arg, size_t *out);
bool cli_opt_long(const cli_global *g, const char *opt, const char *arg, long lo, long hi,
                  long *out);

/* The common start of the commands that take one article: checks that at
 * most one FILE remains after the options (args[0..nargs)), creates the
 * context, reads the file ("-" when none) within o->max_input and cleans it.
 * On success *ctx, *doc and *path (if path is not NULL) are set (the caller frees ctx and doc);
 * otherwise one line is printed, nothing is left allocated, and the exit
 * code is returned. */
int cli_clean_input(const cli_global *g, int nargs, char **args, const cred_clean_opts *o,
                    cred_ctx **ctx, cred_doc **doc, const char **path);

/* Creates the context (honouring --data-dir) or prints the error. */
cred_ctx *cli_ctx(const cli_global *g, int *exit_code);

/* Writes all of p[0..n) to stdout; false (after a message) on error. */
bool cli_write(const cli_global *g, const char *p, size_t n);

/* Prints `root` as one line of JSON (indented when `pretty`) and releases
 * it; `flags` adds jansson flags (e.g. JSON_REAL_PRECISION(6)).  A NULL
 * root counts as out of memory.  Returns CLI_OK, or CLI_INTERNAL after a
 * message. */
struct json_t;
int cli_print_json(const cli_global *g, struct json_t *root, bool pretty, size_t flags);

/* Parses JSON that the library wrote (cred_*_to_json) into a tree the CLI
 * can add to, and frees the string.  NULL (a string that does not parse, or
 * s == NULL) counts as out of memory, as for cli_print_json. */
struct json_t *cli_json_take(char *s);

/* A growable byte buffer for the CLI (the library's own is internal).  A
 * failed allocation sets `oom` and later appends do nothing; p is
 * NUL-terminated when n > 0. */
typedef struct cli_buf {
    char *p;
    size_t n, cap;
    bool oom;
} cli_buf;
void cli_buf_put(cli_buf *b, const char *p, size_t n);
void cli_buf_putc(cli_buf *b, char c);
void cli_buf_free(cli_buf *b);

/* getopt_long error helper (optstring must start with ':' and opterr be 0):
 * `c` is what getopt_long returned ('?' unknown option, ':' missing value),
 * `arg` is argv[optind - 1].  Prints one line; returns CLI_USAGE. */
int cli_bad_option(const cli_global *g, int c, const char *arg);

/* Opens the local outlet table (cmd_sources.c): `path`, or the default
 * $XDG_DATA_HOME/credence/sources.tsv when NULL; a missing file is an empty
 * table unless must_exist.  *used (may be NULL) gets the path.  Prints errors. */
int cli_outlets_open(const cli_global *g, const char *path, bool must_exist, cred_outlets **out,
                     const char **used);

/* The default local outlet table's path ($XDG_DATA_HOME/credence/sources.tsv,
 * else ~/.local/share/credence/sources.tsv); false when neither is set. */
bool cli_sources_default_path(char *out, size_t cap);

/* Subcommands, one file each (cli/cmd_<name>.c). */
int cmd_clean(const cli_global *g, int argc, char **argv);
int cmd_analyze(const cli_global *g, int argc, char **argv);
int cmd_extract(const cli_global *g, int argc, char **argv);
int cmd_train(const cli_global *g, int argc, char **argv);
int cmd_eval(const cli_global *g, int argc, char **argv);
int cmd_predict(const cli_global *g, int argc, char **argv);
int cmd_score(const cli_global *g, int argc, char **argv);
int cmd_sources(const cli_global *g, int argc, char **argv);
int cmd_checkworthy(const cli_global *g, int argc, char **argv);
int cmd_claims(const cli_global *g, int argc, char **argv);
int cmd_signals(const cli_global *g, int argc, char **argv);
int cmd_serve(const cli_global *g, int argc, char **argv);
/* The running executable's directory (common.c). */
bool cli_exe_dir(char *out, size_t cap);
int cmd_worker(const cli_global *g, int argc, char **argv);
int cmd_enqueue(const cli_global *g, int argc, char **argv);

/* A Redis address (cmd_worker.c): redis://[:PASSWORD@]HOST[:PORT][/DB] or
 * unix:///PATH.  cli_redis_parse_url is false when malformed;
 * cli_redis_connect returns a hiredis context (AUTH and SELECT done) or NULL
 * with the reason in why. */
typedef struct cli_redis_addr {
    char host[256], path[256], password[256];
    int port, db;
} cli_redis_addr;
struct redisContext;
bool cli_redis_parse_url(const char *url, cli_redis_addr *a);
struct redisContext *cli_redis_connect(const cli_redis_addr *a, char *why, size_t cap);

#endif
