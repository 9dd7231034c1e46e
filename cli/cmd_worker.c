/*
 * cmd_worker.c - `credence worker`: a consumer of a Redis stream (hiredis).
 *
 *   credence worker --redis URL --stream IN --group G [--consumer NAME] --out OUT
 *                   [--threads N] [--batch K] [--dead DEAD] [--max-tries N]
 *                   [--claim-idle MS] [--block MS] [ENGINE OPTIONS]
 *
 * Why it looks like this: a feed that outgrows one process needs workers
 * that come and go, and we plug into Redis Streams consumer groups rather
 * than write a scheduler (docs/scale.md).  The worker is a front end over
 * the public engine only (cred_engine_batch), so its results are the bytes
 * `credence score --jsonl --brief` writes for the same document, minus the
 * "line" key (a stream entry has no input line).
 *
 * The order of a batch is the whole safety argument: read at most K
 * entries, score them, XADD every result, and XACK only the entries whose
 * XADD Redis confirmed.  A crash anywhere leaves entries pending, never
 * acknowledged without a result: at-least-once.  Pending entries of a dead
 * consumer are taken over with XAUTOCLAIM after --claim-idle; one that was
 * delivered --max-tries times (XPENDING's count), or whose input can never
 * be scored (bad JSON, no text), goes to the dead-letter stream with its
 * error and is acknowledged, so poison never blocks the group.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <getopt.h>
#include <hiredis.h>
#include <jansson.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* ---- Redis connection (shared with cmd_enqueue.c) ------------------------------ */

bool cli_redis_parse_url(const char *url, cli_redis_addr *a)
{
    memset(a, 0, sizeof *a);
    a->port = 6379;
    const char *p = url;
    if (!strncmp(p, "unix://", 7)) {
        snprintf(a->path, sizeof a->path, "%s", p + 7);
        return a->path[0] != 0 && strlen(p + 7) < sizeof a->path;
    }
    if (!strncmp(p, "redis://", 8))
        p += 8;
    const char *at = strrchr(p, '@');
    if (at) { /* [user]:password@ */
        const char *colon = memchr(p, ':', (size_t)(at - p));
        const char *pw = colon ? colon + 1 : p;
        if ((size_t)(at - pw) >= sizeof a->password)
            return false;
        memcpy(a->password, pw, (size_t)(at - pw));
        p = at + 1;
    }
    size_t hl = strcspn(p, ":/");
    if (hl == 0 || hl >= sizeof a->host)
        return false;
    memcpy(a->host, p, hl);
    p += hl;
    if (*p == ':') {
        char *end;
        errno = 0;
        long port = strtol(p + 1, &end, 10);
        if (errno || end == p + 1 || port < 1 || port > 65535 || (*end && *end != '/'))
            return false;
        a->port = (int)port;
        p = end;
    }
    if (*p == '/' && p[1]) {
        char *end;
        errno = 0;
        long db = strtol(p + 1, &end, 10);
        if (errno || *end || db < 0 || db > INT_MAX)
            return false;
        a->db = (int)db;
    } else if (*p && strcmp(p, "/")) {
        return false;
    }
    return true;
}

redisContext *cli_redis_connect(const cli_redis_addr *a, char *why, size_t cap)
{
    struct timeval tv = {5, 0};
    redisContext *c = a->path[0] ? redisConnectUnixWithTimeout(a->path, tv)
                                 : redisConnectWithTimeout(a->host, a->port, tv);
    if (!c) {
        snprintf(why, cap, "out of memory");
        return NULL;
    }
    if (c->err) {
        snprintf(why, cap, "%s", c->errstr);
        redisFree(c);
        return NULL;
    }
    redisReply *r = NULL;
    if (a->password[0]) {
        r = redisCommand(c, "AUTH %s", a->password);
        if (!r || r->type == REDIS_REPLY_ERROR) {
            snprintf(why, cap, "AUTH: %s", r ? r->str : c->errstr);
            goto fail;
        }
        freeReplyObject(r);
    }
    if (a->db) {
        r = redisCommand(c, "SELECT %d", a->db);
        if (!r || r->type == REDIS_REPLY_ERROR) {
            snprintf(why, cap, "SELECT: %s", r ? r->str : c->errstr);
            goto fail;
        }
        freeReplyObject(r);
    }
    return c;
fail:
    if (r)
        freeReplyObject(r);
    redisFree(c);
    return NULL;
}

/* ---- the worker ------------------------------------------------------------------- */

static volatile sig_atomic_t stopping;
static void on_stop(int sig)
{
    (void)sig;
    stopping = 1;
}

typedef struct worker {
    const cli_global *g;
    cli_redis_addr addr;
    const char *url, *in, *group, *out, *dead;
    char consumer[128];
    long threads, batch, max_tries, claim_idle, block_ms;
    cred_engine *e;
    redisContext *c;
    char claim_cursor[64];
    bool own_history; /* re-read our own pending entries first (start, reconnect) */
    size_t scored, dead_n, claimed;
    int fails; /* disconnects in a row */
    struct timespec last_claim; /* when XAUTOCLAIM last found nothing */
} worker;

/* One entry in hand: its stream id, its doc, and what became of it. */
typedef struct item {
    char sid[64];
    char *doc;       /* the `doc` field (owned), or NULL */
    size_t doc_n;
    char *error;     /* poison: why it can never be scored (owned) */
    char *result;    /* the result JSON (owned) */
    char *fields;    /* the echoed fields as JSON (owned) */
    json_t *obj;     /* the parsed doc */
    long tries;      /* delivery count, 0 when unknown */
} item;

static void item_free(item *it)
{
    free(it->doc);
    free(it->error);
    free(it->result);
    free(it->fields);
    json_decref(it->obj);
    memset(it, 0, sizeof *it);
}

static void wlog(const worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void wlog(const worker *w, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s [%s]: %s\n", w->g->prog, w->consumer, msg);
}

static void set_error(item *it, const char *msg)
{
    if (!it->error)
        it->error = strdup(msg);
}

/* Parses the doc into a request; poison gets it->error. */
static void parse_doc(item *it, cred_request *req)
{
    cred_request_init(req);
    if (!it->doc) {
        set_error(it, "entry has no \"doc\" field");
        return;
    }
    json_error_t je;
    it->obj = json_loadb(it->doc, it->doc_n, JSON_REJECT_DUPLICATES, &je);
    if (!it->obj) {
        char msg[300];
        snprintf(msg, sizeof msg, "doc: column %d: %s", je.column, je.text);
        set_error(it, msg);
        return;
    }
    if (!json_is_object(it->obj)) {
        set_error(it, "doc: not a JSON object");
        return;
    }
    json_t *text = json_object_get(it->obj, "text"), *html = json_object_get(it->obj, "html"),
           *title = json_object_get(it->obj, "title"), *url = json_object_get(it->obj, "url");
    json_t *body = json_is_string(text) ? text : html;
    if (text && html) {
        set_error(it, "doc: both \"text\" and \"html\"");
        return;
    }
    if (!json_is_string(body)) {
        set_error(it, "doc: \"text\" (or \"html\") missing or not a string");
        return;
    }
    if (title && !json_is_string(title) && !json_is_null(title)) {
        set_error(it, "doc: \"title\" is not a string");
        return;
    }
    if (url && !json_is_string(url) && !json_is_null(url)) {
        set_error(it, "doc: \"url\" is not a string");
        return;
    }
    json_t *fields = json_object();
    const char *k;
    json_t *v;
    json_object_foreach(it->obj, k, v) if (strcmp(k, "text") && strcmp(k, "html") &&
                                           strcmp(k, "title") && strcmp(k, "url"))
        json_object_set(fields, k, v);
    it->fields = fields ? json_dumps(fields, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(fields);
    if (!it->fields) {
        set_error(it, "out of memory");
        return;
    }
    req->data = json_string_value(body);
    req->n = json_string_length(body);
    req->format = body == html ? CRED_FORMAT_HTML : CRED_FORMAT_AUTO;
    req->fields = (cred_str){it->fields, strlen(it->fields)};
    if (json_is_string(title))
        req->title = (cred_str){json_string_value(title), json_string_length(title)};
    if (json_is_string(url) && json_string_length(url))
        req->url = (cred_str){json_string_value(url), json_string_length(url)};
}

typedef struct sink {
    item *items;
    size_t *map; /* request index -> item index */
} sink;

static int take_result(void *user, size_t index, const cred_result *r)
{
    sink *s = user;
    item *it = &s->items[s->map[index]];
    const char *msg = cred_result_error(r);
    if (msg) {
        set_error(it, msg);
        return 0;
    }
    char *json = NULL;
    cred_error err = {0};
    if (cred_result_to_json(r, CRED_JSON_BRIEF, &json, &err))
        set_error(it, err.msg);
    else
        it->result = json;
    return 0;
}

/* True when the connection is gone (an I/O error, not an error reply). */
static bool broken(worker *w)
{
    return !w->c || w->c->err;
}

static void disconnect(worker *w, const char *why)
{
    if (!w->c)
        return;
    /* back off when the connection breaks again and again */
    long delay = 100L << (w->fails < 6 ? w->fails : 6);
    if (delay > 5000)
        delay = 5000;
    w->fails++;
    wlog(w, "redis: %s; reconnecting in %ld ms",
         why ? why : (w->c->err ? w->c->errstr : "lost"), delay);
    redisFree(w->c);
    w->c = NULL;
    struct timespec ts = {delay / 1000, (delay % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Connects (with backoff) and creates the group; false only when stopping. */
static bool ensure_connected(worker *w)
{
    long delay = 100;
    while (!w->c) {
        if (stopping)
            return false;
        char why[256];
        w->c = cli_redis_connect(&w->addr, why, sizeof why);
        if (w->c) {
            redisReply *r = redisCommand(w->c, "XGROUP CREATE %s %s 0 MKSTREAM", w->in, w->group);
            bool ok = r && (r->type != REDIS_REPLY_ERROR || !strncmp(r->str, "BUSYGROUP", 9));
            if (r && !ok)
                snprintf(why, sizeof why, "XGROUP CREATE: %s", r->str);
            else if (!r)
                snprintf(why, sizeof why, "%s", w->c->errstr);
            if (r)
                freeReplyObject(r);
            if (ok) {
                w->own_history = true;
                return true;
            }
            redisFree(w->c);
            w->c = NULL;
        }
        wlog(w, "redis %s: %s; retrying in %ld ms", w->url, why, delay);
        struct timespec ts = {delay / 1000, (delay % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        delay = delay * 2 > 5000 ? 5000 : delay * 2;
    }
    return true;
}

/* Takes entries [id, [field, value, ...]] from a reply array into items. */
static size_t take_entries(const redisReply *arr, item *items, size_t n, size_t cap)
{
    for (size_t i = 0; arr && arr->type == REDIS_REPLY_ARRAY && i < arr->elements && n < cap; i++) {
        const redisReply *e = arr->element[i];
        if (e->type != REDIS_REPLY_ARRAY || e->elements < 1 ||
            e->element[0]->type != REDIS_REPLY_STRING)
            continue;
        item *it = &items[n++];
        memset(it, 0, sizeof *it);
        snprintf(it->sid, sizeof it->sid, "%s", e->element[0]->str);
        const redisReply *f = e->elements > 1 ? e->element[1] : NULL;
        if (!f || f->type != REDIS_REPLY_ARRAY) {
            set_error(it, "entry was deleted from the stream");
            continue;
        }
        for (size_t k = 0; k + 1 < f->elements; k += 2) {
            const redisReply *key = f->element[k], *val = f->element[k + 1];
            if (key->type == REDIS_REPLY_STRING && !strcmp(key->str, "doc") &&
                val->type == REDIS_REPLY_STRING && !it->doc) {
                it->doc = malloc(val->len + 1);
                if (it->doc) {
                    memcpy(it->doc, val->str, val->len);
                    it->doc[val->len] = 0;
                    it->doc_n = val->len;
                }
            }
        }
    }
    return n;
}

/* Claimed entries: their delivery count (XPENDING), dead when too many. */
static void check_tries(worker *w, item *items, size_t from, size_t n)
{
    for (size_t i = from; i < n && !broken(w); i++) {
        redisReply *r = redisCommand(w->c, "XPENDING %s %s %s %s 1", w->in, w->group,
                                     items[i].sid, items[i].sid);
        if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
            r->element[0]->type == REDIS_REPLY_ARRAY && r->element[0]->elements >= 4 &&
            r->element[0]->element[3]->type == REDIS_REPLY_INTEGER)
            items[i].tries = (long)r->element[0]->element[3]->integer;
        if (r)
            freeReplyObject(r);
        if (items[i].tries > w->max_tries) {
            char msg[128];
            snprintf(msg, sizeof msg, "delivered %ld times without a result (--max-tries %ld)",
                     items[i].tries, w->max_tries);
            set_error(&items[i], msg);
        }
    }
}

/* Reads up to cap entries: our own pending history, claimed ones, new ones. */
static size_t fetch(worker *w, item *items, size_t cap)
{
    size_t n = 0;
    redisReply *r;
    if (w->own_history) {
        r = redisCommand(w->c, "XREADGROUP GROUP %s %s COUNT %ld STREAMS %s 0", w->group,
                         w->consumer, (long)cap, w->in);
        if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 1 &&
            r->element[0]->elements == 2)
            n = take_entries(r->element[0]->element[1], items, n, cap);
        if (r)
            freeReplyObject(r);
        if (n == 0)
            w->own_history = false;
        else
            check_tries(w, items, 0, n);
        return n;
    }
    /* look for idle entries every claim-idle/2 (at most every second), not
     * every batch: a busy worker saves the round trip */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long since = (long)(now.tv_sec - w->last_claim.tv_sec) * 1000 +
                 (now.tv_nsec - w->last_claim.tv_nsec) / 1000000;
    long every = w->claim_idle / 2 < 1000 ? w->claim_idle / 2 : 1000;
    if (w->claim_idle > 0 && since >= every) {
        r = redisCommand(w->c, "XAUTOCLAIM %s %s %s %ld %s COUNT %ld", w->in, w->group,
                         w->consumer, w->claim_idle, w->claim_cursor, (long)cap);
        if (r && r->type == REDIS_REPLY_ARRAY && r->elements >= 2) {
            if (r->element[0]->type == REDIS_REPLY_STRING)
                snprintf(w->claim_cursor, sizeof w->claim_cursor, "%s", r->element[0]->str);
            n = take_entries(r->element[1], items, n, cap);
        } else if (r && r->type == REDIS_REPLY_ERROR) {
            wlog(w, "XAUTOCLAIM: %s (claiming is off)", r->str);
            w->claim_idle = 0;
        }
        if (r)
            freeReplyObject(r);
        if (n) {
            w->claimed += n;
            wlog(w, "claimed %zu idle entries", n);
            check_tries(w, items, 0, n);
            return n;
        }
        w->last_claim = now;
    }
    if (broken(w))
        return 0;
    r = redisCommand(w->c, "XREADGROUP GROUP %s %s COUNT %ld BLOCK %ld STREAMS %s >", w->group,
                     w->consumer, (long)cap, w->block_ms, w->in);
    if (r && r->type == REDIS_REPLY_ARRAY && r->elements == 1 && r->element[0]->elements == 2)
        n = take_entries(r->element[0]->element[1], items, n, cap);
    else if (r && r->type == REDIS_REPLY_ERROR) {
        /* NOGROUP: the stream or group was deleted; create them again */
        wlog(w, "XREADGROUP: %s", r->str);
        if (!strncmp(r->str, "NOGROUP", 7)) {
            freeReplyObject(r);
            disconnect(w, "the group is gone");
            return 0;
        }
    }
    if (r)
        freeReplyObject(r);
    return n;
}

/* Scores the items that are not poison, over the engine's threads. */
static void score(worker *w, item *items, size_t n)
{
    cred_request *reqs = calloc(n ? n : 1, sizeof *reqs);
    size_t *map = calloc(n ? n : 1, sizeof *map);
    size_t k = 0;
    for (size_t i = 0; reqs && map && i < n; i++) {
        if (items[i].error)
            continue;
        parse_doc(&items[i], &reqs[k]);
        if (!items[i].error)
            map[k++] = i;
    }
    if (!reqs || !map) {
        wlog(w, "out of memory");
    } else if (k) {
        sink s = {items, map};
        cred_error err = {0};
        if (cred_engine_batch(w->e, reqs, k, (unsigned)w->threads, take_result, &s, NULL, &err))
            wlog(w, "%s", err.msg); /* nothing written: the entries stay pending */
    }
    free(reqs);
    free(map);
}

/* Writes results and dead letters (pipelined), then acknowledges exactly
 * the entries whose write Redis confirmed. */
static void deliver(worker *w, item *items, size_t n)
{
    size_t sent = 0;
    bool *wrote = calloc(n ? n : 1, sizeof *wrote), *queued = calloc(n ? n : 1, sizeof *queued);
    if (!wrote || !queued) {
        free(wrote);
        free(queued);
        wlog(w, "out of memory");
        return;
    }
    for (size_t i = 0; i < n; i++) {
        item *it = &items[i];
        int rc;
        if (it->result) {
            rc = redisAppendCommand(w->c, "XADD %s * result %s src %s", w->out, it->result,
                                    it->sid);
        } else if (it->error) {
            json_t *id = it->obj && json_is_object(it->obj) ? json_object_get(it->obj, "id")
                                                            : NULL;
            char *ids = id ? json_dumps(id, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
            rc = redisAppendCommand(w->c, "XADD %s * error %s src %s id %s doc %b", w->dead,
                                    it->error, it->sid, ids ? ids : "null",
                                    it->doc ? it->doc : "", it->doc ? it->doc_n : (size_t)0);
            free(ids);
        } else {
            continue; /* not scored (engine failure): stays pending, claimed later */
        }
        if (rc != REDIS_OK)
            break;
        queued[i] = true;
        sent++;
    }
    for (size_t i = 0; i < n && sent; i++) {
        if (!queued[i])
            continue;
        void *rep = NULL;
        if (redisGetReply(w->c, &rep) != REDIS_OK) {
            free(wrote);
            free(queued);
            return; /* connection lost: nothing more is acknowledged */
        }
        redisReply *r = rep;
        wrote[i] = r && r->type == REDIS_REPLY_STRING;
        if (r && r->type == REDIS_REPLY_ERROR)
            wlog(w, "XADD: %s", r->str);
        freeReplyObject(r);
        sent--;
    }
    /* XACK IN G id... for the confirmed ones */
    size_t na = 0;
    const char **argv = calloc(n + 3, sizeof *argv);
    if (argv) {
        argv[na++] = "XACK";
        argv[na++] = w->in;
        argv[na++] = w->group;
        for (size_t i = 0; i < n; i++)
            if (wrote[i]) {
                argv[na++] = items[i].sid;
                if (items[i].result)
                    w->scored++;
                else {
                    w->dead_n++;
                    wlog(w, "dead letter %s: %s", items[i].sid, items[i].error);
                }
            }
        if (na > 3) {
            redisReply *r = redisCommandArgv(w->c, (int)na, argv, NULL);
            if (r)
                freeReplyObject(r);
        }
    }
    free(argv);
    free(wrote);
    free(queued);
}

static void help(void)
{
    printf("usage: credence worker --redis URL --stream IN --group G --out OUT [OPTIONS]\n"
           "\n"
           "Scores the documents of a Redis stream with a consumer group: each entry's\n"
           "field \"doc\" holds {\"id\", \"text\"|\"html\", \"url\"?, \"title\"?} as JSON; each\n"
           "result goes to OUT as field \"result\" (the `score --jsonl --brief` JSON, no\n"
           "\"line\") and field \"src\" (the entry id), and only then is the entry\n"
           "acknowledged (at-least-once).  docs/scale.md.\n"
           "\n"
           "  --redis URL       redis://[:PASSWORD@]HOST[:PORT][/DB] or unix:///PATH\n"
           "  --stream IN       the input stream (created with the group when missing)\n"
           "  --group G         the consumer group\n"
           "  --consumer NAME   this consumer's name (default: HOST-PID)\n"
           "  --out OUT         the output stream\n"
           "  --dead DEAD       the dead-letter stream (default: IN:dead)\n"
           "  --max-tries N     deliveries before an entry is a dead letter (default 3)\n"
           "  --claim-idle MS   claim entries pending this long with other consumers\n"
           "                    (XAUTOCLAIM; default 60000, 0: never)\n"
           "  --batch K         entries held at once (default 8 per thread)\n"
           "  --block MS        longest wait for new entries (default 1000)\n"
           "  -j, --threads N   scoring threads (1-256; default 1)\n"
           "  --model FILE, --no-model, --config FILE, --set NAME=VALUE, --sources PATH\n"
           "                    as for `credence score`\n"
           "\n"
           "SIGTERM or SIGINT: finishes the entries in hand, then exits 0.\n");
}

int cmd_worker(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"redis", required_argument, NULL, 'r'},      {"stream", required_argument, NULL, 'i'},
        {"group", required_argument, NULL, 'g'},      {"consumer", required_argument, NULL, 'n'},
        {"out", required_argument, NULL, 'o'},        {"dead", required_argument, NULL, 'd'},
        {"max-tries", required_argument, NULL, 't'},  {"claim-idle", required_argument, NULL, 'c'},
        {"batch", required_argument, NULL, 'k'},      {"block", required_argument, NULL, 'B'},
        {"threads", required_argument, NULL, 'j'},    {"model", required_argument, NULL, 'M'},
        {"no-model", no_argument, NULL, 'N'},         {"config", required_argument, NULL, 'C'},
        {"set", required_argument, NULL, 'S'},        {"sources", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},             {NULL, 0, NULL, 0}};
    worker w;
    memset(&w, 0, sizeof w);
    w.g = g;
    w.threads = 1;
    w.max_tries = 3;
    w.claim_idle = 60000;
    w.block_ms = 1000;
    snprintf(w.claim_cursor, sizeof w.claim_cursor, "0-0");
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    const char **configs = calloc((size_t)argc + 1, sizeof *configs);
    if (!sets || !configs) {
        free(sets);
        free(configs);
        cli_error(g, "out of memory");
        return CLI_INTERNAL;
    }
    cred_engine_opts eo;
    cred_engine_opts_init(&eo);
    int c, rc = CLI_OK;
    optind = 1;
    opterr = 0;
    while (!rc && (c = getopt_long(argc, argv, ":j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'r': w.url = optarg; break;
        case 'i': w.in = optarg; break;
        case 'g': w.group = optarg; break;
        case 'n': snprintf(w.consumer, sizeof w.consumer, "%s", optarg); break;
        case 'o': w.out = optarg; break;
        case 'd': w.dead = optarg; break;
        case 't':
            if (!cli_opt_long(g, "--max-tries", optarg, 1, 1000000, &w.max_tries))
                rc = CLI_USAGE;
            break;
        case 'c':
            if (!cli_opt_long(g, "--claim-idle", optarg, 0, 86400000L, &w.claim_idle))
                rc = CLI_USAGE;
            break;
        case 'k':
            if (!cli_opt_long(g, "--batch", optarg, 1, 100000, &w.batch))
                rc = CLI_USAGE;
            break;
        case 'B':
            if (!cli_opt_long(g, "--block", optarg, 1, 600000, &w.block_ms))
                rc = CLI_USAGE;
            break;
        case 'j':
            if (!cli_opt_long(g, "--threads", optarg, 1, 256, &w.threads))
                rc = CLI_USAGE;
            break;
        case 'M': eo.model_path = optarg; break;
        case 'N': eo.no_model = 1; break;
        case 'C': configs[eo.n_config_paths++] = optarg; break;
        case 'S': sets[eo.n_settings++] = optarg; break;
        case 's': eo.sources_path = optarg; break;
        case 'h':
            help();
            free(sets);
            free(configs);
            return CLI_OK;
        default: rc = cli_bad_option(g, c, argv[optind - 1]);
        }
    }
    if (!rc && optind < argc) {
        cli_error(g, "unexpected argument '%s'", argv[optind]);
        rc = CLI_USAGE;
    }
    if (!rc && (!w.url || !w.in || !w.group || !w.out)) {
        cli_error(g, "--redis, --stream, --group and --out are required (see --help)");
        rc = CLI_USAGE;
    }
    if (!rc && !cli_redis_parse_url(w.url, &w.addr)) {
        cli_error(g, "--redis: '%s' is not redis://[:PASSWORD@]HOST[:PORT][/DB] or unix:///PATH",
                  w.url);
        rc = CLI_USAGE;
    }
    if (rc) {
        free(sets);
        free(configs);
        return rc;
    }
    char deadbuf[512];
    if (!w.dead) {
        snprintf(deadbuf, sizeof deadbuf, "%s:dead", w.in);
        w.dead = deadbuf;
    }
    if (!w.consumer[0]) {
        char host[64] = "worker";
        gethostname(host, sizeof host - 1);
        host[sizeof host - 1] = 0;
        snprintf(w.consumer, sizeof w.consumer, "%s-%ld", host, (long)getpid());
    }
    if (!w.batch)
        w.batch = 8 * w.threads;
    if (w.claim_idle > 0 && w.block_ms > w.claim_idle)
        w.block_ms = w.claim_idle; /* look for idle entries at least that often */
    eo.data_dir = g->data_dir;
    eo.config_paths = configs;
    eo.settings = sets;
    char exedir[4096];
    if (cli_exe_dir(exedir, sizeof exedir))
        eo.program_dir = exedir;
    cred_error err = {0};
    w.e = cred_engine_new(&eo, &err);
    free(sets);
    free(configs);
    if (!w.e) {
        cli_error(g, "%s%s", err.code == CRED_EINVAL ? "--set: " : "", err.msg);
        return err.code == CRED_EINVAL ? CLI_USAGE : err.code == CRED_ENOMEM ? CLI_INTERNAL : CLI_DATA;
    }
    size_t nw;
    const char *const *wr = cred_engine_warnings(w.e, &nw);
    for (size_t i = 0; i < nw; i++)
        fprintf(stderr, "credence: warning: %s\n", wr[i]);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    item *items = calloc((size_t)w.batch, sizeof *items);
    if (!items) {
        cred_engine_free(w.e);
        cli_error(g, "out of memory");
        return CLI_INTERNAL;
    }
    wlog(&w, "consuming %s (group %s) into %s, dead letters to %s", w.in, w.group, w.out, w.dead);
    while (!stopping) {
        if (!ensure_connected(&w))
            break;
        size_t n = fetch(&w, items, (size_t)w.batch);
        if (!broken(&w))
            w.fails = 0;
        if (n) {
            /* held entries are finished even when SIGTERM comes meanwhile */
            score(&w, items, n);
            if (!broken(&w))
                deliver(&w, items, n);
            for (size_t i = 0; i < n; i++)
                item_free(&items[i]);
        }
        if (broken(&w))
            disconnect(&w, NULL);
    }
    wlog(&w, "stopping: %zu scored, %zu dead letters, %zu claimed", w.scored, w.dead_n, w.claimed);
    free(items);
    if (w.c)
        redisFree(w.c);
    cred_engine_free(w.e);
    return CLI_OK;
}
