/*
 * cmd_enqueue.c - `credence enqueue`: JSONL documents into a Redis stream.
 *
 *   credence enqueue --redis URL --stream IN [--maxlen N] FILE|-
 *
 * Why: `credence worker` reads entries whose field `doc` holds one document
 * as JSON (docs/scale.md); this adds each non-blank line of FILE as such an
 * entry, pipelined in chunks so a large file is quick.  Lines are not
 * checked: a line that cannot be scored is the worker's to dead-letter, the
 * same as in a stream fed by anything else.  Prints the count on stdout.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <getopt.h>
#include <hiredis.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(void)
{
    printf("usage: credence enqueue --redis URL --stream IN FILE|-\n"
           "\n"
           "Adds each non-blank line of FILE (JSONL: {\"id\", \"text\"|\"html\", \"url\"?,\n"
           "\"title\"?}) to the stream IN as an entry with the field \"doc\" (XADD), for\n"
           "`credence worker`; prints how many.  docs/scale.md.\n"
           "\n"
           "  --redis URL    redis://[:PASSWORD@]HOST[:PORT][/DB] or unix:///PATH\n"
           "  --stream IN    the stream\n"
           "  --max-bytes SIZE  input limit (default 256M)\n");
}

/* Reads the replies of `k` pipelined commands; false on a lost connection
 * or an error reply (printed). */
static bool drain(const cli_global *g, redisContext *c, size_t k)
{
    bool ok = true;
    for (size_t i = 0; i < k; i++) {
        void *rep = NULL;
        if (redisGetReply(c, &rep) != REDIS_OK) {
            cli_error(g, "redis: %s", c->errstr);
            return false;
        }
        redisReply *r = rep;
        if (r->type == REDIS_REPLY_ERROR && ok) {
            cli_error(g, "XADD: %s", r->str);
            ok = false;
        }
        freeReplyObject(r);
    }
    return ok;
}

int cmd_enqueue(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {{"redis", required_argument, NULL, 'r'},
                                             {"stream", required_argument, NULL, 'i'},
                                             {"max-bytes", required_argument, NULL, 'm'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *url = NULL, *in = NULL;
    size_t limit = CRED_MAX_INPUT;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case 'r': url = optarg; break;
        case 'i': in = optarg; break;
        case 'm':
            if (!cli_opt_max_bytes(g, optarg, &limit))
                return CLI_USAGE;
            break;
        case 'h': help(); return CLI_OK;
        default: return cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    if (!url || !in) {
        cli_error(g, "--redis and --stream are required (see --help)");
        return CLI_USAGE;
    }
    if (argc - optind != 1) {
        cli_error(g, "give one FILE (or - for standard input)");
        return CLI_USAGE;
    }
    cli_redis_addr a;
    if (!cli_redis_parse_url(url, &a)) {
        cli_error(g, "--redis: '%s' is not redis://[:PASSWORD@]HOST[:PORT][/DB] or unix:///PATH",
                  url);
        return CLI_USAGE;
    }
    char *data;
    size_t n;
    int rc = cli_read_file(g, argv[optind], limit, &data, &n);
    if (rc)
        return rc;
    char why[256];
    redisContext *rc_ = cli_redis_connect(&a, why, sizeof why);
    if (!rc_) {
        free(data);
        cli_error(g, "redis %s: %s", url, why);
        return CLI_INPUT;
    }
    size_t count = 0, queued = 0;
    bool ok = true;
    for (size_t at = 0; ok && at < n;) {
        const char *nl = memchr(data + at, '\n', n - at);
        size_t end = nl ? (size_t)(nl - data) : n, e2 = end;
        while (e2 > at && (data[e2 - 1] == '\r' || data[e2 - 1] == ' ' || data[e2 - 1] == '\t'))
            e2--;
        size_t b = at;
        while (b < e2 && (data[b] == ' ' || data[b] == '\t'))
            b++;
        if (b < e2) {
            if (redisAppendCommand(rc_, "XADD %s * doc %b", in, data + b, e2 - b) != REDIS_OK) {
                cli_error(g, "out of memory");
                ok = false;
                break;
            }
            queued++;
            count++;
            if (queued == 1000) {
                ok = drain(g, rc_, queued);
                queued = 0;
            }
        }
        at = end + 1;
    }
    if (ok && queued)
        ok = drain(g, rc_, queued);
    redisFree(rc_);
    free(data);
    if (!ok)
        return CLI_INPUT;
    printf("%zu\n", count);
    return CLI_OK;
}
