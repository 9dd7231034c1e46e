/*
 * cmd_serve.c - `credence serve`: the HTTP JSON API and a web page.
 *
 *   credence serve [--listen ADDR:PORT] [--threads N] [--config FILE] [OPTIONS]
 *
 * A front end over the public engine API (credence/engine.h) and nothing
 * else, like `credence score`: the same input gives the same bytes of JSON.
 * Endpoints, limits, metrics and signals: docs/serve.md.
 *
 * Why libmicrohttpd: it is a small, well-kept C HTTP/1.1 server library
 * packaged by Debian (libmicrohttpd-dev) with a long security record, and it
 * already does what an operator needs from the transport - a thread pool
 * (MHD_OPTION_THREAD_POOL_SIZE), limits on connections, header memory and
 * idle time, quiescing the listener for a drain - so this file only parses
 * requests, calls the engine and writes replies.  No other dependency: JSON
 * is jansson, which the library uses already.
 *
 * Threads: the engine is immutable and shared; each request runs on one of
 * MHD's pool threads from start to end.  The metrics are guarded by one
 * mutex.  The main thread only waits for SIGTERM/SIGINT, then drains.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* strncasecmp */
#include "cli.h"

#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void help(void)
{
    printf("usage: credence serve [--listen ADDR:PORT] [--threads N] [OPTIONS]\n"
           "\n"
           "An HTTP JSON API over the engine (POST /v1/score, /v1/analyze, /v1/extract,\n"
           "/v1/clean, /v1/score/batch; GET /v1/sources, /healthz, /readyz, /metrics) and a\n"
           "web page at /.  Endpoints, limits and metrics: docs/serve.md.\n"
           "\n"
           "  --listen ADDR:PORT  IPv4 address and port (default 127.0.0.1:8080; port 0:\n"
           "                      a free port).  The bound address is printed on stderr\n"
           "  --threads N         worker threads (default: number of CPUs, 1 to 256)\n"
           "  --max-body SIZE     largest request body (default 16M; K, M, G) -> 413\n"
           "  --max-header SIZE   memory for one request's headers (default 32K) -> 431\n"
           "  --max-connections N connections at once (default 256); past it 503\n"
           "  --timeout SEC       idle connection and request-body time limit (default 30)\n"
           "  --token-file FILE   require 'Authorization: Bearer TOKEN' on /v1/* (the\n"
           "                      token is the file's first line)\n"
           "  --model FILE, --no-model, --sources PATH, --claims DB, --config FILE,\n"
           "  --set NAME=VALUE    the engine's options, as for `credence score`\n"
           "  -h, --help          this help\n"
           "\n"
           "SIGTERM or SIGINT: stop accepting, finish the requests in flight, exit 0.\n");
}

/* ---- endpoints and metrics ----------------------------------------------------- */

enum {
    EP_SCORE, EP_ANALYZE, EP_EXTRACT, EP_CLEAN, EP_BATCH, EP_SOURCES, EP_HEALTHZ, EP_READYZ,
    EP_METRICS, EP_PAGE, EP_REPORT, EP_OTHER, EP__COUNT
};
static const char *const ep_names[EP__COUNT] = {
    "score", "analyze", "extract", "clean", "score_batch", "sources", "healthz", "readyz",
    "metrics", "page", "report", "other"};

static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                 0.25,  0.5,    1,     2.5,  5,     10};
#define NBUCKETS (sizeof buckets / sizeof *buckets)
#define NBANDS 12

typedef struct metrics {
    pthread_mutex_t mu;
    unsigned long long requests[EP__COUNT], errors[EP__COUNT];
    unsigned long long hist[EP__COUNT][NBUCKETS + 1];
    double sum[EP__COUNT];
    unsigned long long bytes_in, bytes_out;
    long in_flight;
    char band[NBANDS][32];
    unsigned long long band_n[NBANDS];
} metrics;

typedef struct server {
    const cli_global *g;
    cred_engine *e;
    cred_outlets *user_outlets; /* --sources, for GET /v1/sources */
    struct MHD_Daemon *d;
    size_t max_body;
    unsigned max_conns;
    unsigned timeout;
    char *token;     /* --token-file, or NULL */
    volatile int draining;
    unsigned long long next_id;
    unsigned id_base;
    metrics m;
} server;

typedef struct req {
    char id[32];
    int ep;
    bool started, too_big, counted;
    int status;
    struct timespec t0;
    cli_buf body;
    size_t out_bytes;
    char method[8];
    char path[160];
} req;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void count_band(server *s, const char *band)
{
    if (!band)
        return;
    pthread_mutex_lock(&s->m.mu);
    for (int i = 0; i < NBANDS; i++) {
        if (!s->m.band[i][0])
            snprintf(s->m.band[i], sizeof s->m.band[i], "%s", band);
        if (!strcmp(s->m.band[i], band)) {
            s->m.band_n[i]++;
            break;
        }
    }
    pthread_mutex_unlock(&s->m.mu);
}

static char *metrics_text(server *s, size_t *n)
{
    cli_buf b = {0};
    char line[256];
#define PUT(...) do { int k_ = snprintf(line, sizeof line, __VA_ARGS__); \
        cli_buf_put(&b, line, (size_t)k_ < sizeof line ? (size_t)k_ : sizeof line - 1); } while (0)
    pthread_mutex_lock(&s->m.mu);
    PUT("# HELP credence_requests_total HTTP requests answered, by endpoint.\n");
    PUT("# TYPE credence_requests_total counter\n");
    for (int i = 0; i < EP__COUNT; i++)
        PUT("credence_requests_total{endpoint=\"%s\"} %llu\n", ep_names[i], s->m.requests[i]);
    PUT("# HELP credence_errors_total Replies with status 400 or more, by endpoint.\n");
    PUT("# TYPE credence_errors_total counter\n");
    for (int i = 0; i < EP__COUNT; i++)
        PUT("credence_errors_total{endpoint=\"%s\"} %llu\n", ep_names[i], s->m.errors[i]);
    PUT("# HELP credence_request_duration_seconds Time from first byte to reply sent.\n");
    PUT("# TYPE credence_request_duration_seconds histogram\n");
    for (int i = 0; i < EP__COUNT; i++) {
        unsigned long long cum = 0;
        for (size_t k = 0; k < NBUCKETS; k++) {
            cum += s->m.hist[i][k];
            PUT("credence_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} %llu\n",
                ep_names[i], buckets[k], cum);
        }
        cum += s->m.hist[i][NBUCKETS];
        PUT("credence_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %llu\n",
            ep_names[i], cum);
        PUT("credence_request_duration_seconds_sum{endpoint=\"%s\"} %.6f\n", ep_names[i],
            s->m.sum[i]);
        PUT("credence_request_duration_seconds_count{endpoint=\"%s\"} %llu\n", ep_names[i], cum);
    }
    PUT("# HELP credence_in_flight Requests being handled now.\n");
    PUT("# TYPE credence_in_flight gauge\n");
    PUT("credence_in_flight %ld\n", s->m.in_flight);
    PUT("# HELP credence_received_bytes_total Request body bytes received.\n");
    PUT("# TYPE credence_received_bytes_total counter\n");
    PUT("credence_received_bytes_total %llu\n", s->m.bytes_in);
    PUT("# HELP credence_sent_bytes_total Reply body bytes sent.\n");
    PUT("# TYPE credence_sent_bytes_total counter\n");
    PUT("credence_sent_bytes_total %llu\n", s->m.bytes_out);
    PUT("# HELP credence_verdicts_total Verdicts given, by band.\n");
    PUT("# TYPE credence_verdicts_total counter\n");
    for (int i = 0; i < NBANDS && s->m.band[i][0]; i++)
        PUT("credence_verdicts_total{band=\"%s\"} %llu\n", s->m.band[i], s->m.band_n[i]);
    pthread_mutex_unlock(&s->m.mu);
#undef PUT
    if (b.oom) {
        cli_buf_free(&b);
        return NULL;
    }
    *n = b.n;
    return b.p;
}

/* ---- replies --------------------------------------------------------------------- */

/* Queues `p[0..n)` (taken: freed by MHD) with status and content type. */
static enum MHD_Result reply(struct MHD_Connection *c, req *r, unsigned status, const char *ctype,
                             char *p, size_t n, const char *hname, const char *hval)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(n, p, MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        free(p);
        return MHD_NO;
    }
    MHD_add_response_header(resp, "Content-Type", ctype);
    MHD_add_response_header(resp, "X-Request-Id", r->id);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (hname)
        MHD_add_response_header(resp, hname, hval);
    r->status = (int)status;
    r->out_bytes = n;
    enum MHD_Result ok = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static enum MHD_Result reply_err(struct MHD_Connection *c, req *r, unsigned status,
                                 const char *code, const char *msg, const char *hname,
                                 const char *hval)
{
    json_t *j = json_pack("{s:{s:s,s:s}}", "error", "code", code, "message", msg);
    char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!s)
        return MHD_NO;
    size_t n = strlen(s);
    char *p = realloc(s, n + 2);
    if (!p) {
        free(s);
        return MHD_NO;
    }
    p[n] = '\n';
    p[n + 1] = 0;
    return reply(c, r, status, "application/json", p, n + 1, hname, hval);
}

/* A library JSON string (taken) plus a newline, as the CLI prints it. */
static enum MHD_Result reply_json(struct MHD_Connection *c, req *r, char *s)
{
    size_t n = strlen(s);
    char *p = realloc(s, n + 2);
    if (!p) {
        free(s);
        return reply_err(c, r, 500, "internal", "out of memory", NULL, NULL);
    }
    p[n] = '\n';
    p[n + 1] = 0;
    return reply(c, r, 200, "application/json", p, n + 1, NULL, NULL);
}

static char *dup_str(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

static unsigned status_for(cred_status st)
{
    switch (st) {
    case CRED_ETOOBIG: return 413;
    case CRED_ENOMEM: return 500;
    default: return 400;
    }
}

/* ---- the input of one article ------------------------------------------------------ */

typedef struct input {
    const char *data;
    size_t n;
    cred_str url, title;
    cred_format format;
    json_t *json; /* owns the strings when the body was JSON */
} input;

static bool ctype_is(const char *ct, const char *want)
{
    size_t n = strlen(want);
    if (!ct)
        return false;
    while (*ct == ' ')
        ct++;
    return !strncasecmp(ct, want, n) && (ct[n] == 0 || ct[n] == ';' || ct[n] == ' ');
}

/* Reads the body of /v1/{score,analyze,extract,clean}: JSON {"text"|"html",
 * "url"?, "title"?} or raw text/plain or text/html with ?url= and ?title=.
 * On failure the error reply is queued and *done set. */
static enum MHD_Result read_input(struct MHD_Connection *c, req *r, input *in, bool *done)
{
    memset(in, 0, sizeof *in);
    *done = true;
    const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (ctype_is(ct, "application/json")) {
        json_error_t je;
        json_t *j = json_loadb(r->body.p ? r->body.p : "", r->body.n, 0, &je);
        char msg[300];
        if (!j) {
            snprintf(msg, sizeof msg, "body: malformed JSON at line %d, column %d: %s", je.line,
                     je.column, je.text);
            return reply_err(c, r, 400, "bad_json", msg, NULL, NULL);
        }
        in->json = j;
        if (!json_is_object(j))
            return reply_err(c, r, 400, "bad_request", "body: not a JSON object", NULL, NULL);
        const char *k;
        json_t *v;
        json_object_foreach(j, k, v)
        {
            bool known = !strcmp(k, "text") || !strcmp(k, "html") || !strcmp(k, "url") ||
                         !strcmp(k, "title");
            if (!known) {
                snprintf(msg, sizeof msg,
                         "body: unknown field \"%.100s\" (fields: text or html, url, title)", k);
                return reply_err(c, r, 400, "bad_request", msg, NULL, NULL);
            }
            if (!json_is_string(v)) {
                snprintf(msg, sizeof msg, "body: \"%s\" is not a string", k);
                return reply_err(c, r, 400, "bad_request", msg, NULL, NULL);
            }
        }
        json_t *t = json_object_get(j, "text"), *h = json_object_get(j, "html");
        if (!t == !h)
            return reply_err(c, r, 400, "bad_request",
                             "body: give exactly one of \"text\" and \"html\"", NULL, NULL);
        json_t *body = t ? t : h;
        in->data = json_string_value(body);
        in->n = json_string_length(body);
        in->format = t ? CRED_FORMAT_TEXT : CRED_FORMAT_HTML;
        json_t *u = json_object_get(j, "url"), *ti = json_object_get(j, "title");
        if (u)
            in->url = (cred_str){json_string_value(u), json_string_length(u)};
        if (ti)
            in->title = (cred_str){json_string_value(ti), json_string_length(ti)};
    } else if (ctype_is(ct, "text/plain") || ctype_is(ct, "text/html")) {
        in->data = r->body.p ? r->body.p : "";
        in->n = r->body.n;
        in->format = ctype_is(ct, "text/html") ? CRED_FORMAT_HTML : CRED_FORMAT_TEXT;
        const char *u = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "url");
        const char *ti = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "title");
        if (u)
            in->url = (cred_str){u, strlen(u)};
        if (ti)
            in->title = (cred_str){ti, strlen(ti)};
    } else {
        return reply_err(c, r, 415, "unsupported_media_type",
                         "Content-Type must be application/json, text/plain or text/html", NULL,
                         NULL);
    }
    if (in->url.p && in->url.n) {
        char tmp[512];
        cred_error err = {0};
        if (cred_url_outlet(in->url, tmp, sizeof tmp, &err)) {
            char msg[600];
            snprintf(msg, sizeof msg, "url: %s", err.msg);
            return reply_err(c, r, 400, "bad_request", msg, NULL, NULL);
        }
    }
    *done = false;
    return MHD_YES;
}

static bool arg_on(struct MHD_Connection *c, const char *name)
{
    const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
    return v && (!strcmp(v, "1") || !strcmp(v, "true") || !*v);
}

/* ---- handlers -------------------------------------------------------------------- */

static enum MHD_Result do_score(server *s, struct MHD_Connection *c, req *r)
{
    input in;
    bool done;
    enum MHD_Result ok = read_input(c, r, &in, &done);
    if (done) {
        json_decref(in.json);
        return ok;
    }
    cred_request q;
    cred_request_init(&q);
    q.data = in.data;
    q.n = in.n;
    q.url = in.url;
    q.title = in.title;
    q.format = in.format;
    q.max_input = s->max_body;
    cred_result *res = NULL;
    cred_error err = {0};
    cred_status st = cred_engine_run(s->e, &q, &res, &err);
    char *out = NULL;
    if (!st) {
        count_band(s, cred_result_verdict(res)->band);
        st = cred_result_to_json(res, arg_on(c, "brief") ? CRED_JSON_BRIEF : 0, &out, &err);
    }
    cred_result_free(res);
    json_decref(in.json);
    if (st)
        return reply_err(c, r, status_for(st), st == CRED_ETOOBIG ? "too_big" : "bad_input",
                         err.msg, NULL, NULL);
    return reply_json(c, r, out);
}

/* /v1/clean, /v1/analyze, /v1/extract: the JSON of `credence clean --json`,
 * `analyze --json`, `extract --json` for the same input. */
static enum MHD_Result do_text(server *s, struct MHD_Connection *c, req *r)
{
    input in;
    bool done;
    enum MHD_Result ok = read_input(c, r, &in, &done);
    if (done) {
        json_decref(in.json);
        return ok;
    }
    const cred_ctx *ctx = cred_engine_ctx(s->e);
    cred_clean_opts o;
    cred_clean_opts_init(&o);
    o.max_input = s->max_body;
    cred_error err = {0};
    cred_status st;
    char *out = NULL;
    /* the title given apart goes first, as the engine does it */
    cli_buf b = {0};
    const char *data = in.data;
    size_t n = in.n;
    if (in.title.p && in.format == CRED_FORMAT_TEXT) {
        cli_buf_put(&b, in.title.p, in.title.n);
        cli_buf_put(&b, "\n\n", 2);
        cli_buf_put(&b, in.data, in.n);
        data = b.p ? b.p : "";
        n = b.n;
    }
    if (r->ep == EP_EXTRACT) {
        cred_article *a = NULL;
        o.format = CRED_FORMAT_HTML;
        st = cred_extract(ctx, data, n, &o, &a, &err);
        if (!st) {
            char *js = NULL;
            json_t *root = cred_article_to_json_flags(a, 0, &js, &err) ? NULL : cli_json_take(js);
            out = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER |
                                              JSON_REAL_PRECISION(6))
                       : NULL;
            json_decref(root);
            if (!out)
                st = CRED_ENOMEM;
        }
        cred_article_free(a);
    } else {
        o.format = in.format;
        cred_doc *doc = NULL;
        st = cred_clean(ctx, data, n, &o, &doc, &err);
        if (!st && r->ep == EP_CLEAN) {
            st = cred_doc_to_json_flags(doc, 0, &out, &err);
        } else if (!st) {
            cred_analyze_opts ao;
            cred_analyze_opts_init(&ao);
            cred_analysis *an = NULL;
            st = cred_analyze(ctx, doc, &ao, &an, &err);
            if (!st)
                st = cred_analysis_to_json(doc, an, 0, &out, &err);
            cred_analysis_free(an);
        }
        cred_doc_free(doc);
    }
    cli_buf_free(&b);
    json_decref(in.json);
    if (st) {
        free(out);
        return reply_err(c, r, status_for(st), st == CRED_ETOOBIG ? "too_big" : "bad_input",
                         err.code ? err.msg : "out of memory", NULL, NULL);
    }
    return reply_json(c, r, out);
}

typedef struct batch_sink {
    server *s;
    cli_buf out;
    unsigned flags;
} batch_sink;

static int batch_put(void *user, size_t i, const cred_result *res)
{
    (void)i;
    batch_sink *k = user;
    char *js = NULL;
    cred_error err = {0};
    if (cred_result_to_json(res, k->flags, &js, &err))
        return 1;
    const cred_verdict *v = cred_result_verdict(res);
    if (v)
        count_band(k->s, v->band);
    cli_buf_put(&k->out, js, strlen(js));
    cli_buf_putc(&k->out, '\n');
    free(js);
    return k->out.oom;
}

static enum MHD_Result do_batch(server *s, struct MHD_Connection *c, req *r)
{
    batch_sink k = {.s = s, .flags = arg_on(c, "brief") ? CRED_JSON_BRIEF : 0};
    cred_request base;
    cred_request_init(&base);
    cred_error err = {0};
    /* one thread per request: concurrency comes from the server's pool */
    cred_status st = cred_engine_jsonl(s->e, r->body.p ? r->body.p : "", r->body.n, &base, 1,
                                       batch_put, &k, NULL, &err);
    if (st || k.out.oom) {
        cli_buf_free(&k.out);
        return reply_err(c, r, 500, "internal", st ? err.msg : "out of memory", NULL, NULL);
    }
    if (!k.out.p)
        return reply(c, r, 200, "application/x-ndjson", dup_str(""), 0, NULL, NULL);
    return reply(c, r, 200, "application/x-ndjson", k.out.p, k.out.n, NULL, NULL);
}

static enum MHD_Result do_sources(server *s, struct MHD_Connection *c, req *r)
{
    const char *url = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "url");
    if (!url || !*url)
        return reply_err(c, r, 400, "bad_request", "give ?url=", NULL, NULL);
    char outlet[512];
    cred_str u = {url, strlen(url)};
    cred_error err = {0};
    if (cred_url_outlet(u, outlet, sizeof outlet, &err))
        return reply_err(c, r, 400, "bad_request", err.msg, NULL, NULL);
    const cred_outlet *o = s->user_outlets ? cred_outlets_find(s->user_outlets, u) : NULL;
    if (!o)
        o = cred_outlets_find(cred_ctx_outlets(cred_engine_ctx(s->e)), u);
    json_t *j = json_object();
    json_object_set_new(j, "url", json_string(url));
    json_object_set_new(j, "outlet", json_string(outlet));
    json_object_set_new(j, "known", json_boolean(o != NULL));
    if (o) {
        char *es = NULL;
        json_t *e = cred_outlet_to_json(o, 0, &es, NULL) ? NULL : cli_json_take(es);
        json_object_update(j, e);
        json_decref(e);
    }
    char *out = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(j);
    if (!out)
        return reply_err(c, r, 500, "internal", "out of memory", NULL, NULL);
    return reply_json(c, r, out);
}

static const char page_html[] =
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>credence</title>\n<style>body{font-family:sans-serif;max-width:46em;margin:1em "
    "auto;padding:0 1em}textarea,input{width:100%;box-sizing:border-box}textarea{height:20em}"
    "</style></head><body>\n<h1>credence</h1>\n<p>Paste an article (text or HTML); the "
    "optional URL is used for the outlet's reputation only (nothing is fetched).</p>\n"
    "<form method=\"post\" action=\"/report\">\n<p><label>URL <input name=\"url\" "
    "type=\"url\"></label></p>\n<p><label>Article<br><textarea name=\"text\" "
    "required></textarea></label></p>\n<p><button type=\"submit\">Score</button></p>\n"
    "</form>\n<p>API: <code>POST /v1/score</code> (docs/serve.md).</p>\n</body></html>\n";

/* Decodes application/x-www-form-urlencoded field `name` from the body
 * (newly allocated, or NULL when absent). */
static char *form_field(const char *p, size_t n, const char *name)
{
    size_t ln = strlen(name);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && p[j] != '&')
            j++;
        if (j - i > ln && !strncmp(p + i, name, ln) && p[i + ln] == '=') {
            size_t vn = j - i - ln - 1;
            char *v = malloc(vn + 1);
            if (!v)
                return NULL;
            memcpy(v, p + i + ln + 1, vn);
            v[vn] = 0;
            for (size_t k = 0; k < vn; k++)
                if (v[k] == '+')
                    v[k] = ' ';
            MHD_http_unescape(v);
            return v;
        }
        i = j + 1;
    }
    return NULL;
}

static enum MHD_Result do_report(server *s, struct MHD_Connection *c, req *r)
{
    const char *bp = r->body.p ? r->body.p : "";
    char *text = form_field(bp, r->body.n, "text");
    char *url = form_field(bp, r->body.n, "url");
    if (!text) {
        free(url);
        return reply_err(c, r, 400, "bad_request", "the form has no text", NULL, NULL);
    }
    cred_request q;
    cred_request_init(&q);
    q.data = text;
    q.n = strlen(text);
    q.max_input = s->max_body;
    if (url && *url) {
        char tmp[512];
        cred_error e2 = {0};
        if (!cred_url_outlet((cred_str){url, strlen(url)}, tmp, sizeof tmp, &e2))
            q.url = (cred_str){url, strlen(url)};
    }
    cred_result *res = NULL;
    cred_error err = {0};
    cred_status st = cred_engine_run(s->e, &q, &res, &err);
    char *h = NULL;
    size_t hn = 0;
    if (!st) {
        count_band(s, cred_result_verdict(res)->band);
        st = cred_verdict_to_html(cred_result_verdict(res), &h, &hn, &err);
    }
    cred_result_free(res);
    free(text);
    free(url);
    if (st)
        return reply_err(c, r, status_for(st), "bad_input", err.msg, NULL, NULL);
    return reply(c, r, 200, "text/html; charset=utf-8", h, hn,
                 "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
}

/* ---- the request cycle --------------------------------------------------------------- */

static int route(const char *url, const char *method, const char **allow)
{
    static const struct {
        const char *path, *method;
        int ep;
    } routes[] = {
        {"/v1/score", "POST", EP_SCORE},     {"/v1/analyze", "POST", EP_ANALYZE},
        {"/v1/extract", "POST", EP_EXTRACT}, {"/v1/clean", "POST", EP_CLEAN},
        {"/v1/score/batch", "POST", EP_BATCH}, {"/v1/sources", "GET", EP_SOURCES},
        {"/healthz", "GET", EP_HEALTHZ},     {"/readyz", "GET", EP_READYZ},
        {"/metrics", "GET", EP_METRICS},     {"/", "GET", EP_PAGE},
        {"/report", "POST", EP_REPORT},
    };
    *allow = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
        if (strcmp(url, routes[i].path))
            continue;
        if (!strcmp(method, routes[i].method) ||
            (!strcmp(method, "HEAD") && !strcmp(routes[i].method, "GET")))
            return routes[i].ep;
        *allow = routes[i].method;
        return EP_OTHER;
    }
    return EP_OTHER;
}

static bool authorized(server *s, struct MHD_Connection *c)
{
    if (!s->token)
        return true;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!h || strncasecmp(h, "Bearer ", 7))
        return false;
    h += 7;
    size_t a = strlen(h), b = strlen(s->token);
    unsigned diff = (unsigned)(a ^ b);
    for (size_t i = 0; i < b; i++)
        diff |= (unsigned)(unsigned char)s->token[i] ^ (unsigned)(unsigned char)(i < a ? h[i] : 0);
    return diff == 0;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *upload,
                               size_t *upload_size, void **con_cls)
{
    (void)version;
    server *s = cls;
    req *r = *con_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        *con_cls = r;
        clock_gettime(CLOCK_MONOTONIC, &r->t0);
        pthread_mutex_lock(&s->m.mu);
        unsigned long long id = ++s->next_id;
        s->m.in_flight++;
        pthread_mutex_unlock(&s->m.mu);
        r->counted = true;
        snprintf(r->id, sizeof r->id, "%08x-%llu", s->id_base, id);
        snprintf(r->method, sizeof r->method, "%s", method);
        snprintf(r->path, sizeof r->path, "%s", url);
        const char *allow;
        r->ep = route(url, method, &allow);
        if (r->ep == EP_OTHER) {
            if (allow)
                return reply_err(c, r, 405, "method_not_allowed", "method not allowed here",
                                 "Allow", allow);
            return reply_err(c, r, 404, "not_found", "no such endpoint (see docs/serve.md)",
                             NULL, NULL);
        }
        if (!strncmp(url, "/v1/", 4) && !authorized(s, c))
            return reply_err(c, r, 401, "unauthorized", "a valid bearer token is required",
                             "WWW-Authenticate", "Bearer");
        const union MHD_DaemonInfo *di =
            MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);
        if (r->ep != EP_HEALTHZ && r->ep != EP_METRICS && di &&
            di->num_connections > s->max_conns)
            return reply_err(c, r, 503, "overloaded", "too many connections; retry later",
                             "Retry-After", "1");
        if (s->draining && r->ep != EP_HEALTHZ)
            return reply_err(c, r, 503, "draining", "the server is shutting down",
                             "Retry-After", "1");
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        if (cl) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(cl, &end, 10);
            if (errno || *end || v > s->max_body) {
                char msg[128];
                snprintf(msg, sizeof msg, "the body is larger than the limit of %zu bytes",
                         s->max_body);
                return reply_err(c, r, 413, "too_big", msg, "Connection", "close");
            }
        }
        if (strcmp(method, "POST"))
            r->started = true; /* no body to wait for */
        else
            return MHD_YES;
    }
    if (*upload_size) {
        if (!r->too_big) {
            if (r->body.n + *upload_size > s->max_body)
                r->too_big = true;
            else
                cli_buf_put(&r->body, upload, *upload_size);
        }
        pthread_mutex_lock(&s->m.mu);
        s->m.bytes_in += *upload_size;
        pthread_mutex_unlock(&s->m.mu);
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->status) /* a reply is queued already */
        return MHD_YES;
    if (r->too_big) {
        char msg[128];
        snprintf(msg, sizeof msg, "the body is larger than the limit of %zu bytes", s->max_body);
        return reply_err(c, r, 413, "too_big", msg, NULL, NULL);
    }
    if (r->body.oom)
        return reply_err(c, r, 500, "internal", "out of memory", NULL, NULL);
    if (since(&r->t0) > (double)s->timeout)
        return reply_err(c, r, 408, "timeout", "the request took too long to arrive", NULL,
                         NULL);
    switch (r->ep) {
    case EP_SCORE: return do_score(s, c, r);
    case EP_ANALYZE:
    case EP_EXTRACT:
    case EP_CLEAN: return do_text(s, c, r);
    case EP_BATCH: return do_batch(s, c, r);
    case EP_SOURCES: return do_sources(s, c, r);
    case EP_HEALTHZ: return reply_json(c, r, dup_str("{\"status\":\"ok\"}"));
    case EP_READYZ:
        if (s->draining)
            return reply_err(c, r, 503, "draining", "the server is shutting down", "Retry-After",
                             "1");
        return reply_json(c, r, dup_str("{\"status\":\"ready\"}"));
    case EP_METRICS: {
        size_t n = 0;
        char *m = metrics_text(s, &n);
        if (!m)
            return reply_err(c, r, 500, "internal", "out of memory", NULL, NULL);
        return reply(c, r, 200, "text/plain; version=0.0.4", m, n, NULL, NULL);
    }
    case EP_PAGE: {
        char *p = dup_str(page_html);
        return p ? reply(c, r, 200, "text/html; charset=utf-8", p, strlen(p), NULL, NULL)
                 : MHD_NO;
    }
    case EP_REPORT: return do_report(s, c, r);
    default: return reply_err(c, r, 404, "not_found", "no such endpoint", NULL, NULL);
    }
}

/* Called by MHD when a request is over: the access log line and the metrics. */
static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode toe)
{
    (void)c;
    server *s = cls;
    req *r = *con_cls;
    if (!r)
        return;
    *con_cls = NULL;
    double dt = since(&r->t0);
    int status = r->status ? r->status : 499; /* no reply: the client went away */
    pthread_mutex_lock(&s->m.mu);
    s->m.requests[r->ep]++;
    if (status >= 400)
        s->m.errors[r->ep]++;
    size_t k = 0;
    while (k < NBUCKETS && dt > buckets[k])
        k++;
    s->m.hist[r->ep][k]++;
    s->m.sum[r->ep] += dt;
    s->m.bytes_out += r->out_bytes;
    if (r->counted)
        s->m.in_flight--;
    pthread_mutex_unlock(&s->m.mu);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    struct tm tm;
    char ts[40];
    gmtime_r(&now.tv_sec, &tm);
    size_t tn = strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(ts + tn, sizeof ts - tn, ".%03ldZ", now.tv_nsec / 1000000);
    json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:i,s:f,s:I,s:I,s:b}", "ts", ts, "id", r->id,
                          "method", r->method, "path", r->path, "status", status, "ms",
                          dt * 1000.0, "in", (json_int_t)r->body.n, "out",
                          (json_int_t)r->out_bytes, "complete",
                          toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
    char *line = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))
                   : NULL;
    if (line)
        fprintf(stderr, "%s\n", line);
    free(line);
    json_decref(j);
    cli_buf_free(&r->body);
    free(r);
}

/* ---- options, start, drain ------------------------------------------------------------- */

static bool parse_listen(const char *s, struct sockaddr_in *sa)
{
    const char *colon = strrchr(s, ':');
    char host[64];
    if (!colon || (size_t)(colon - s) >= sizeof host)
        return false;
    memcpy(host, s, (size_t)(colon - s));
    host[colon - s] = 0;
    char *end;
    errno = 0;
    long port = strtol(colon + 1, &end, 10);
    if (errno || *end || colon[1] == 0 || port < 0 || port > 65535)
        return false;
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    sa->sin_port = htons((unsigned short)port);
    if (!strcmp(host, "localhost"))
        snprintf(host, sizeof host, "127.0.0.1");
    return inet_pton(AF_INET, host, &sa->sin_addr) == 1;
}

static char *read_token(const cli_global *g, const char *path, int *rc)
{
    char *buf;
    size_t n;
    if ((*rc = cli_read_file(g, path, 4096, &buf, &n)))
        return NULL;
    size_t k = 0;
    while (k < n && buf[k] != '\n' && buf[k] != '\r')
        k++;
    buf[k] = 0;
    if (!k) {
        cli_error(g, "%s: the token file is empty", path);
        free(buf);
        *rc = CLI_INPUT;
        return NULL;
    }
    return buf;
}

int cmd_serve(const cli_global *g, int argc, char **argv)
{
    static const struct option longopts[] = {
        {"listen", required_argument, NULL, 'l'},  {"threads", required_argument, NULL, 'j'},
        {"config", required_argument, NULL, 'c'},  {"set", required_argument, NULL, 'S'},
        {"model", required_argument, NULL, 'M'},   {"no-model", no_argument, NULL, 'N'},
        {"sources", required_argument, NULL, 's'}, {"claims", required_argument, NULL, 'K'},
        {"max-body", required_argument, NULL, 'b'}, {"max-header", required_argument, NULL, 'H'},
        {"max-connections", required_argument, NULL, 'C'},
        {"timeout", required_argument, NULL, 't'}, {"token-file", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    const char *listen = "127.0.0.1:8080", *token_file = NULL;
    long threads = sysconf(_SC_NPROCESSORS_ONLN), conns = 256, timeout = 30;
    size_t max_body = (size_t)16 << 20, max_header = (size_t)32 << 10;
    const char **sets = calloc((size_t)argc + 1, sizeof *sets);
    const char **configs = calloc((size_t)argc + 1, sizeof *configs);
    cred_engine_opts eo;
    cred_engine_opts_init(&eo);
    if (!sets || !configs) {
        free(sets);
        free(configs);
        cli_error(g, "out of memory");
        return CLI_INTERNAL;
    }
    if (threads < 1)
        threads = 1;
    int c, rc = CLI_OK;
    opterr = 0;
    optind = 1;
    while (rc == CLI_OK && (c = getopt_long(argc, argv, ":hj:", longopts, NULL)) != -1) {
        switch (c) {
        case 'l': listen = optarg; break;
        case 'j':
            if (!cli_opt_long(g, "--threads", optarg, 1, 256, &threads))
                rc = CLI_USAGE;
            break;
        case 'C':
            if (!cli_opt_long(g, "--max-connections", optarg, 1, 100000, &conns))
                rc = CLI_USAGE;
            break;
        case 't':
            if (!cli_opt_long(g, "--timeout", optarg, 1, 3600, &timeout))
                rc = CLI_USAGE;
            break;
        case 'b':
            if (!cli_opt_max_bytes(g, optarg, &max_body))
                rc = CLI_USAGE;
            break;
        case 'H':
            if (!cli_parse_size(optarg, &max_header) || max_header < 1024 ||
                max_header > ((size_t)16 << 20)) {
                cli_error(g, "--max-header: '%s' is not a size from 1K to 16M", optarg);
                rc = CLI_USAGE;
            }
            break;
        case 'T': token_file = optarg; break;
        case 'c': configs[eo.n_config_paths++] = optarg; break;
        case 'S': sets[eo.n_settings++] = optarg; break;
        case 'M': eo.model_path = optarg; break;
        case 'N': eo.no_model = 1; break;
        case 's': eo.sources_path = optarg; break;
        case 'K': eo.claims_path = optarg; break;
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
    struct sockaddr_in sa;
    if (!rc && !parse_listen(listen, &sa)) {
        cli_error(g, "--listen: '%s' is not IPV4ADDR:PORT (e.g. 127.0.0.1:8080)", listen);
        rc = CLI_USAGE;
    }
    server s = {.g = g, .max_body = max_body, .max_conns = (unsigned)conns,
                .timeout = (unsigned)timeout};
    if (!rc && token_file)
        s.token = read_token(g, token_file, &rc);
    if (!rc && eo.sources_path)
        rc = cli_outlets_open(g, eo.sources_path, true, &s.user_outlets, NULL);
    if (rc) {
        free(sets);
        free(configs);
        free(s.token);
        return rc;
    }
    eo.data_dir = g->data_dir;
    eo.config_paths = configs;
    eo.settings = sets;
    char exedir[4096];
    if (cli_exe_dir(exedir, sizeof exedir))
        eo.program_dir = exedir;
    cred_error err = {0};
    s.e = cred_engine_new(&eo, &err);
    free(sets);
    free(configs);
    if (!s.e) {
        cli_error(g, "%s%s", err.code == CRED_EINVAL ? "--set: " : "", err.msg);
        cred_outlets_free(s.user_outlets);
        free(s.token);
        return err.code == CRED_EINVAL   ? CLI_USAGE
               : err.code == CRED_ENOMEM ? CLI_INTERNAL
                                         : CLI_DATA;
    }
    size_t nw;
    const char *const *w = cred_engine_warnings(s.e, &nw);
    for (size_t i = 0; i < nw; i++)
        fprintf(stderr, "credence serve: warning: %s\n", w[i]);
    pthread_mutex_init(&s.m.mu, NULL);
    {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        s.id_base = (unsigned)(ts.tv_nsec ^ (ts.tv_sec << 8) ^ (unsigned)getpid());
    }

    /* SIGTERM and SIGINT are taken by sigwait below; the pool threads
     * inherit the mask, so the signals come only to the main thread */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    s.d = MHD_start_daemon(
        MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG, 0, NULL, NULL, handler,
        &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)threads, MHD_OPTION_CONNECTION_LIMIT, (unsigned)conns + 16,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        max_header, MHD_OPTION_NOTIFY_COMPLETED, completed, &s, MHD_OPTION_END);
    if (!s.d) {
        cli_error(g, "cannot listen on %s: %s", listen, strerror(errno));
        cred_engine_free(s.e);
        cred_outlets_free(s.user_outlets);
        free(s.token);
        pthread_mutex_destroy(&s.m.mu);
        return CLI_INPUT;
    }
    const union MHD_DaemonInfo *pi = MHD_get_daemon_info(s.d, MHD_DAEMON_INFO_BIND_PORT);
    char addr[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &sa.sin_addr, addr, sizeof addr);
    fprintf(stderr, "credence serve: listening on http://%s:%u/ (%ld threads)\n", addr,
            pi ? pi->port : ntohs(sa.sin_port), threads);
    fflush(stderr);

    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    /* drain: stop accepting, let the requests in flight finish (up to the
     * request time limit), then stop */
    s.draining = 1;
    fprintf(stderr, "credence serve: %s: draining\n", sig == SIGTERM ? "SIGTERM" : "SIGINT");
    MHD_quiesce_daemon(s.d);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        pthread_mutex_lock(&s.m.mu);
        long busy = s.m.in_flight;
        pthread_mutex_unlock(&s.m.mu);
        if (busy <= 0 || since(&t0) > (double)timeout)
            break;
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    }
    MHD_stop_daemon(s.d);
    fprintf(stderr, "credence serve: stopped\n");
    cred_engine_free(s.e);
    cred_outlets_free(s.user_outlets);
    free(s.token);
    pthread_mutex_destroy(&s.m.mu);
    return CLI_OK;
}
