/*
 * engine.c - the engine (credence/engine.h): one request path for every
 * front end.
 *
 * What it does: owns the context, the article model, the outlet tables and
 * the score config; finds the model (given path, $CREDENCE_MODEL, then the
 * install location - never the working directory); runs a request end to
 * end (sniff -> extract or clean -> analyze -> score); writes results as
 * JSON (full or brief, with the reproducibility stamp) or as CSV/TSV rows;
 * runs batches over N threads in input order (cred__parallel_for), and the
 * JSONL protocol.
 * Why here: the CLI used to hold all of it, so another front end (an HTTP
 * service, a binding) would have had to copy it and could drift.  It uses
 * the library's public API, plus the internal byte buffer and errors.
 */
#define _POSIX_C_SOURCE 200809L
#include "credence/claims.h"
#include "credence/engine.h"
#include "credence/learn.h"
#include "internal.h"
#include "parallel.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The install prefix (the Makefile's PREFIX), the last place the article
 * model is looked for. */
#ifndef CRED_PREFIX
#define CRED_PREFIX "/usr/local"
#endif
#define MODEL_FILE "score-article.model"

struct cred_engine {
    cred_ctx *ctx;
    cred_model *model;
    char *model_path;
    cred_outlets *user; /* NULL: no user table */
    cred_claims *claims; /* NULL: no claims DB */
    cred_score_config *cfg;
    char **warn;
    size_t n_warn;
    char h_model[17], h_config[17], h_outlets[17]; /* hex; h_model "" without a model */
};

struct cred_result {
    const cred_engine *e;
    cred_doc *doc;
    cred_article *art;
    cred_verdict *v;
    char *error;
    size_t line;
    char *file;
    json_t *fields; /* echoed input fields, or NULL */
};

/* ---- small helpers ----------------------------------------------------------- */

static uint64_t fnv1a(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}
#define FNV_INIT 0xcbf29ce484222325ull

static void hex64(char out[17], uint64_t h) { snprintf(out, 17, "%016llx", (unsigned long long)h); }

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* Reads a whole file within `limit` bytes; errors name the file. */
static cred_status read_file(const char *path, size_t limit, char **buf, size_t *n,
                             cred_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return cred__err(err, CRED_EIO, "%s: is a directory", path);
    }
    if (S_ISREG(st.st_mode) && (size_t)st.st_size > limit) {
        close(fd);
        return cred__err(err, CRED_ETOOBIG, "%s: %lld bytes is over the input limit of %zu bytes",
                         path, (long long)st.st_size, limit);
    }
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536, len = 0;
    char *p = malloc(cap);
    cred_status rc = CRED_OK;
    while (p) {
        if (len == cap) {
            char *q = realloc(p, cap * 2);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
            cap *= 2;
        }
        ssize_t k = read(fd, p + len, cap - len);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            rc = cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
            break;
        }
        if (k == 0)
            break;
        len += (size_t)k;
        if (len > limit) {
            rc = cred__err(err, CRED_ETOOBIG, "%s: input is over the limit of %zu bytes", path,
                           limit);
            break;
        }
    }
    close(fd);
    if (!p)
        return cred__err(err, CRED_ENOMEM, "%s: out of memory", path);
    if (rc) {
        free(p);
        return rc;
    }
    *buf = p;
    *n = len;
    return CRED_OK;
}

static bool add_warning(cred_engine *e, const char *msg)
{
    char **w = realloc(e->warn, (e->n_warn + 1) * sizeof *w);
    if (!w)
        return false;
    e->warn = w;
    if (!(w[e->n_warn] = xstrdup(msg)))
        return false;
    e->n_warn++;
    return true;
}

/* ---- the engine ---------------------------------------------------------------- */

void cred_engine_opts_init(cred_engine_opts *o) { memset(o, 0, sizeof *o); }
void cred_request_init(cred_request *r) { memset(r, 0, sizeof *r); }

/* The model: opts->model_path, $CREDENCE_MODEL, then the first of the
 * install locations that has score-article.model.  None found: a warning. */
static cred_status open_model(cred_engine *e, const cred_engine_opts *o, cred_error *err)
{
    const char *path = o->model_path;
    const char *env = getenv("CREDENCE_MODEL");
    if (!path && env && *env)
        path = env;
    cred__buf looked = {0};
    char *found = NULL;
    if (!path) {
        char dirs[4][4200];
        size_t nd = 0;
        if (o->data_dir)
            snprintf(dirs[nd++], sizeof dirs[0], "%s/models", o->data_dir);
        if (o->program_dir && *o->program_dir) {
            /* program_dir/.. : "bin" of an install, "build" of the tree */
            char parent[4096];
            snprintf(parent, sizeof parent, "%s", o->program_dir);
            size_t k = strlen(parent);
            while (k > 1 && parent[k - 1] == '/')
                parent[--k] = 0;
            char *slash = strrchr(parent, '/');
            if (slash)
                slash == parent ? (void)(parent[1] = 0) : (void)(*slash = 0);
            else
                strcpy(parent, ".");
            const char *sep = strcmp(parent, "/") ? "/" : "";
            snprintf(dirs[nd++], sizeof dirs[0], "%s%sshare/credence/models", parent, sep);
            snprintf(dirs[nd++], sizeof dirs[0], "%s%sdata/models", parent, sep);
        }
        snprintf(dirs[nd++], sizeof dirs[0], "%s/share/credence/models", CRED_PREFIX);
        for (size_t i = 0; i < nd; i++) {
            char buf[4300];
            int k = snprintf(buf, sizeof buf, "%s/" MODEL_FILE, dirs[i]);
            if (k > 0 && (size_t)k < sizeof buf && access(buf, R_OK) == 0) {
                found = xstrdup(buf);
                if (!found)
                    return cred__err(err, CRED_ENOMEM, "out of memory");
                break;
            }
            cred__buf_printf(&looked, "%s %s", i ? "," : "", buf);
        }
        if (!found) {
            char msg[4096];
            snprintf(msg, sizeof msg,
                     "no article model found (looked in%s); MODEL_* signals are off",
                     looked.p ? looked.p : "");
            cred__buf_free(&looked);
            return add_warning(e, msg) ? CRED_OK : cred__err(err, CRED_ENOMEM, "out of memory");
        }
        cred__buf_free(&looked);
        path = found;
    }
    char *buf;
    size_t n;
    cred_status st = read_file(path, (size_t)1 << 30, &buf, &n, err);
    if (!st) { /* hashed from a read, loaded with mmap (cred_model_load) */
        hex64(e->h_model, fnv1a(FNV_INIT, buf, n));
        free(buf);
        st = cred_model_load(path, &e->model, err);
    }
    if (!st && !(e->model_path = found ? found : xstrdup(path)))
        st = cred__err(err, CRED_ENOMEM, "out of memory");
    else if (st)
        free(found);
    return st;
}

static cred_status hash_outlets(const cred_outlets *t, uint64_t *h, cred_error *err)
{
    char *s;
    size_t n;
    cred_status st = cred_outlets_to_tsv(t, &s, &n, err);
    if (!st) {
        *h = fnv1a(*h, s, n);
        free(s);
    }
    return st;
}

static cred_status engine_load(cred_engine *e, const cred_engine_opts *o, cred_error *err)
{
    if (!(e->ctx = cred_ctx_new(o->data_dir, err)))
        return err ? err->code : CRED_ENOMEM;
    if (!(e->cfg = cred_score_config_new(e->ctx, err)))
        return CRED_ENOMEM;
    cred_status st;
    for (size_t i = 0; i < o->n_config_paths; i++) {
        char *buf;
        size_t n;
        if ((st = read_file(o->config_paths[i], (size_t)16 << 20, &buf, &n, err)))
            return st;
        st = cred_score_config_load(e->cfg, buf, n, o->config_paths[i], err);
        free(buf);
        if (st)
            return st;
    }
    for (size_t i = 0; i < o->n_settings; i++) {
        const char *s = o->settings[i], *eq = strchr(s, '=');
        char name[256], *end = NULL;
        double val = 0;
        if (eq) {
            errno = 0;
            val = strtod(eq + 1, &end);
        }
        if (!eq || eq == s || !eq[1] || errno || *end || (size_t)(eq - s) >= sizeof name)
            return cred__err(err, CRED_EINVAL, "'%s' is not NAME=NUMBER", s);
        memcpy(name, s, (size_t)(eq - s));
        name[eq - s] = 0;
        if ((st = cred_score_config_set(e->cfg, name, val, err)))
            return st;
    }
    if (o->sources_path) {
        char *buf;
        size_t n;
        if (!(e->user = cred_outlets_new()))
            return cred__err(err, CRED_ENOMEM, "out of memory");
        if ((st = read_file(o->sources_path, (size_t)64 << 20, &buf, &n, err)))
            return st;
        st = cred_outlets_load(e->user, buf, n, o->sources_path, err);
        free(buf);
        if (st)
            return st;
    }
    if (!o->no_model && (st = open_model(e, o, err)))
        return st;
    if (o->claims_path) {
        char path[4096];
        bool dflt = !strcmp(o->claims_path, "default");
        if ((st = cred_claims_find(dflt ? NULL : o->claims_path, path, sizeof path, err)))
            return st;
        if ((st = cred_claims_open(path, CRED_CLAIMS_READ, o->data_dir, &e->claims, err)))
            return st;
    }
    /* the stamp's hashes */
    char *tsv;
    size_t n;
    if ((st = cred_score_config_to_tsv(e->cfg, &tsv, &n, err)))
        return st;
    hex64(e->h_config, fnv1a(FNV_INIT, tsv, n));
    free(tsv);
    uint64_t h = FNV_INIT;
    if ((st = hash_outlets(cred_ctx_outlets(e->ctx), &h, err)))
        return st;
    if (e->user && (st = hash_outlets(e->user, &h, err)))
        return st;
    hex64(e->h_outlets, h);
    return CRED_OK;
}

cred_engine *cred_engine_new(const cred_engine_opts *opts, cred_error *err)
{
    cred_engine_opts defaults;
    if (!opts) {
        cred_engine_opts_init(&defaults);
        opts = &defaults;
    }
    /* jansson seeds its hash function lazily on first use; seed it before
     * any thread can (jansson's docs, "Thread safety"): the engine's promise
     * that it may be shared depends on it. */
    json_object_seed(0);
    cred_engine *e = calloc(1, sizeof *e);
    if (!e) {
        cred__err(err, CRED_ENOMEM, "out of memory");
        return NULL;
    }
    if (engine_load(e, opts, err)) {
        cred_engine_free(e);
        return NULL;
    }
    return e;
}

void cred_engine_free(cred_engine *e)
{
    if (!e)
        return;
    cred_score_config_free(e->cfg);
    cred_model_free(e->model);
    cred_claims_close(e->claims);
    free(e->model_path);
    cred_outlets_free(e->user);
    for (size_t i = 0; i < e->n_warn; i++)
        free(e->warn[i]);
    free(e->warn);
    cred_ctx_free(e->ctx);
    free(e);
}

const char *const *cred_engine_warnings(const cred_engine *e, size_t *n)
{
    *n = e->n_warn;
    return (const char *const *)e->warn;
}

const cred_ctx *cred_engine_ctx(const cred_engine *e) { return e->ctx; }
const struct cred_model *cred_engine_model(const cred_engine *e) { return e->model; }
const char *cred_engine_model_path(const cred_engine *e) { return e->model_path; }

static json_t *stamp_json(const cred_engine *e)
{
    json_t *s = json_object();
    json_object_set_new(s, "version", json_string(cred_version()));
    json_object_set_new(s, "model", e->h_model[0] ? json_string(e->h_model) : json_null());
    json_object_set_new(s, "config", json_string(e->h_config));
    json_object_set_new(s, "outlets", json_string(e->h_outlets));
    return s;
}

cred_status cred_engine_stamp_json(const cred_engine *e, char **out, cred_error *err)
{
    json_t *s = stamp_json(e);
    *out = s ? json_dumps(s, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(s);
    return *out ? CRED_OK : cred__err(err, CRED_ENOMEM, "out of memory");
}

/* ---- one request ----------------------------------------------------------------- */

void cred_result_free(cred_result *r)
{
    if (!r)
        return;
    cred_verdict_free(r->v);
    cred_doc_free(r->doc);
    cred_article_free(r->art);
    free(r->error);
    free(r->file);
    json_decref(r->fields);
    free(r);
}

const cred_verdict *cred_result_verdict(const cred_result *r) { return r->v; }
const cred_article *cred_result_article(const cred_result *r) { return r->art; }
const char *cred_result_error(const cred_result *r) { return r->error; }
size_t cred_result_line(const cred_result *r) { return r->line; }
const char *cred_result_file(const cred_result *r) { return r->file; }

/* Scores req into r (whose fields, line and file the caller set). */
static cred_status score_into(const cred_engine *e, const cred_request *req, cred_result *r,
                              cred_error *err)
{
    size_t limit = req->max_input && req->max_input < CRED_MAX_INPUT ? req->max_input
                                                                      : CRED_MAX_INPUT;
    char *owned = NULL;
    const char *buf = req->data;
    size_t n = req->n;
    cred_status st;
    if (!buf) {
        if (!req->path)
            return cred__err(err, CRED_EINVAL, "the request has neither data nor a path");
        if ((st = read_file(req->path, limit, &owned, &n, err)))
            return st;
        buf = owned;
    }
    cred_clean_opts co;
    cred_clean_opts_init(&co);
    co.no_title = req->no_title;
    co.max_input = req->max_input;
    co.format = req->format;
    if (req->title.n) {
        /* title + blank line + text: the layout cred_clean expects */
        char *t = malloc(req->title.n + 2 + n + 1);
        if (!t) {
            free(owned);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
        memcpy(t, req->title.p, req->title.n);
        memcpy(t + req->title.n, "\n\n", 2);
        if (n)
            memcpy(t + req->title.n + 2, buf, n);
        n += req->title.n + 2;
        free(owned);
        buf = owned = t;
        co.no_title = 0;
    }
    bool html = co.format == CRED_FORMAT_HTML ||
                (co.format == CRED_FORMAT_AUTO && cred_looks_like_html(buf, n));
    const cred_doc *doc;
    cred_str url = req->url.n ? req->url : (cred_str){NULL, 0};
    if (html) {
        st = cred_extract(e->ctx, buf, n, &co, &r->art, err);
        if (!st) {
            doc = r->art->doc;
            if (!url.p && r->art->canonical_url.p)
                url = r->art->canonical_url;
        }
    } else {
        co.format = CRED_FORMAT_TEXT;
        st = cred_clean(e->ctx, buf, n, &co, &r->doc, err);
        doc = r->doc;
    }
    if (!st) {
        cred_score_opts so;
        cred_score_opts_init(&so);
        so.url = url;
        so.page = r->art;
        so.sources = e->user;
        so.config = e->cfg;
        so.model = e->model;
        so.claims = e->claims;
        st = cred_score(e->ctx, doc, &so, &r->v, err);
    }
    free(owned);
    return st;
}

static cred_result *result_new(const cred_engine *e, const cred_request *req)
{
    cred_result *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->e = e;
    r->line = req->line;
    if (req->path && !(r->file = xstrdup(req->path))) {
        free(r);
        return NULL;
    }
    return r;
}

cred_status cred_engine_run(const cred_engine *e, const cred_request *req, cred_result **out,
                            cred_error *err)
{
    *out = NULL;
    cred_result *r = result_new(e, req);
    if (!r)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    if (req->fields.p) {
        json_error_t je;
        r->fields = json_loadb(req->fields.p, req->fields.n, JSON_REJECT_DUPLICATES, &je);
        if (!json_is_object(r->fields)) {
            cred_result_free(r);
            return cred__err(err, CRED_EINVAL, "request fields: not a JSON object");
        }
    }
    cred_status st = score_into(e, req, r, err);
    if (st) {
        cred_result_free(r);
        return st;
    }
    *out = r;
    return CRED_OK;
}

/* A batch item's result: scored, or carrying the error. */
static cred_result *run_item(const cred_engine *e, const cred_request *req, json_t *fields)
{
    cred_result *r = result_new(e, req);
    if (!r) {
        json_decref(fields);
        return NULL;
    }
    r->fields = fields;
    cred_error err = {0};
    if (score_into(e, req, r, &err)) {
        char msg[600];
        if (req->line)
            snprintf(msg, sizeof msg, "line %zu: %s", req->line, err.msg);
        else
            snprintf(msg, sizeof msg, "%s", err.msg);
        cred_verdict_free(r->v);
        cred_doc_free(r->doc);
        cred_article_free(r->art);
        r->v = NULL, r->doc = NULL, r->art = NULL;
        if (!(r->error = xstrdup(msg))) {
            cred_result_free(r);
            return NULL;
        }
    }
    return r;
}

/* ---- writers --------------------------------------------------------------------- */

/* The names a result's JSON uses itself: an echoed field of the same name
 * is written as "input_<name>". */
static bool reserved_key(const char *k)
{
    static const char *const keys[] = {
        "line", "id", "file", "error", "stamp", "schema_version", "score", "band", "label",
        "genre", "raw_score", "logit", "unrated", "settle", "rule", "conviction", "english",
        "outlet", "source", "signals", "model", "analysis", "text"};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!strcmp(k, keys[i]))
            return true;
    return false;
}

static json_t *result_json(const cred_result *r, unsigned flags)
{
    json_t *root = json_object();
    if (!root)
        return NULL;
    json_t *id = r->fields ? json_object_get(r->fields, "id") : NULL;
    if (r->line) {
        json_object_set_new(root, "line", json_integer((json_int_t)r->line));
        if (id || !r->error)
            json_object_set(root, "id", id ? id : json_null());
    } else if (id) {
        json_object_set(root, "id", id);
    }
    if (r->file)
        json_object_set_new(root, "file", json_string(r->file));
    if (r->fields) {
        const char *k;
        json_t *val;
        json_object_foreach(r->fields, k, val) {
            if (!strcmp(k, "id"))
                continue;
            if (reserved_key(k)) {
                char name[300];
                snprintf(name, sizeof name, "input_%s", k);
                json_object_set(root, name, val);
            } else {
                json_object_set(root, k, val);
            }
        }
    }
    if (r->error) {
        json_object_set_new(root, "error", json_string(r->error));
        return root;
    }
    /* the verdict's JSON tree itself (report.c), not a string parsed back:
     * this runs once per request */
    json_t *vj = cred__verdict_json(r->v, flags & CRED_JSON_BRIEF);
    if (!vj) {
        json_decref(root);
        return NULL;
    }
    json_object_update(root, vj);
    json_decref(vj);
    json_object_set_new(root, "stamp", stamp_json(r->e));
    return root;
}

cred_status cred_result_to_json(const cred_result *r, unsigned flags, char **out, cred_error *err)
{
    json_t *j = result_json(r, flags);
    *out = j ? json_dumps(j, (flags & CRED_JSON_PRETTY ? JSON_INDENT(2) : JSON_COMPACT) |
                                 JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6))
             : NULL;
    json_decref(j);
    return *out ? CRED_OK : cred__err(err, CRED_ENOMEM, "out of memory");
}

const char *cred_result_row_header(char sep)
{
    return sep == '\t'
               ? "line\tfile\tid\tinput_label\tscore\traw_score\tband\tlabel\tgenre\toutlet\t"
                 "model_p_unreliable\tsignals\tfields\terror\tversion\tmodel\tconfig\toutlets"
               : "line,file,id,input_label,score,raw_score,band,label,genre,outlet,"
                 "model_p_unreliable,signals,fields,error,version,model,config,outlets";
}

/* One cell: CSV quotes a value holding a comma, quote, CR or LF (quotes
 * doubled); TSV turns tabs, CR and LF into spaces. */
static void put_cell(cred__buf *b, char sep, bool first, const char *s)
{
    if (!first)
        cred__buf_putc(b, sep);
    if (!s)
        return;
    if (sep == '\t') {
        for (const char *p = s; *p; p++)
            cred__buf_putc(b, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
        return;
    }
    if (!strpbrk(s, ",\"\r\n")) {
        cred__buf_puts(b, s);
        return;
    }
    cred__buf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            cred__buf_putc(b, '"');
        cred__buf_putc(b, *p);
    }
    cred__buf_putc(b, '"');
}

/* A JSON value as a cell: strings as they are, anything else as JSON. */
static char *value_text(json_t *v)
{
    if (!v || json_is_null(v))
        return NULL;
    if (json_is_string(v))
        return xstrdup(json_string_value(v));
    return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER |
                             JSON_REAL_PRECISION(6));
}

cred_status cred_result_to_row(const cred_result *r, char sep, char **out, cred_error *err)
{
    cred__buf b = {0};
    char num[64];
    const cred_verdict *v = r->v;
    if (r->line)
        snprintf(num, sizeof num, "%zu", r->line);
    put_cell(&b, sep, true, r->line ? num : NULL);
    put_cell(&b, sep, false, r->file);
    char *id = value_text(r->fields ? json_object_get(r->fields, "id") : NULL);
    char *lab = value_text(r->fields ? json_object_get(r->fields, "label") : NULL);
    put_cell(&b, sep, false, id);
    put_cell(&b, sep, false, lab);
    free(id);
    free(lab);
    if (v) {
        snprintf(num, sizeof num, "%.1f", v->score);
        put_cell(&b, sep, false, num);
        snprintf(num, sizeof num, "%.1f", v->raw_score);
        put_cell(&b, sep, false, num);
        put_cell(&b, sep, false, v->band);
        put_cell(&b, sep, false, v->label);
        put_cell(&b, sep, false, v->genre);
        put_cell(&b, sep, false, v->outlet);
        snprintf(num, sizeof num, "%.4f", v->model_unreliable);
        put_cell(&b, sep, false, v->has_model ? num : NULL);
        cred__buf sb = {0};
        for (size_t i = 0; i < v->n_signals; i++)
            cred__buf_printf(&sb, "%s%s:%.1f", i ? " " : "", v->signals[i].name,
                             v->signals[i].points);
        char *sg = cred__buf_take(&sb, NULL);
        put_cell(&b, sep, false, sg);
        free(sg);
    } else {
        for (int i = 0; i < 8; i++)
            put_cell(&b, sep, false, NULL);
    }
    /* the other echoed fields, as one JSON object */
    char *rest = NULL;
    if (r->fields) {
        json_t *o = json_object();
        const char *k;
        json_t *val;
        json_object_foreach(r->fields, k, val) if (strcmp(k, "id") && strcmp(k, "label"))
            json_object_set(o, k, val);
        if (json_object_size(o))
            rest = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
        json_decref(o);
    }
    put_cell(&b, sep, false, rest);
    free(rest);
    put_cell(&b, sep, false, r->error);
    put_cell(&b, sep, false, cred_version());
    put_cell(&b, sep, false, v && r->e->h_model[0] ? r->e->h_model : NULL);
    put_cell(&b, sep, false, v ? r->e->h_config : NULL);
    put_cell(&b, sep, false, v ? r->e->h_outlets : NULL);
    *out = cred__buf_take(&b, NULL);
    return *out ? CRED_OK : cred__err(err, CRED_ENOMEM, "out of memory");
}

/* ---- batches ----------------------------------------------------------------------- */

/* Makes item i's result (NULL: out of memory). */
typedef cred_result *(*item_fn)(const cred_engine *e, const void *src, size_t i);

typedef struct chunk {
    const cred_engine *e;
    item_fn make;
    const void *src;
    size_t start;
    cred_result **res;
} chunk;

static void chunk_item(void *arg, size_t j)
{
    chunk *c = arg;
    c->res[j] = c->make(c->e, c->src, c->start + j);
}

/* Items in chunks of a few per thread: each chunk runs in parallel, then its
 * results go to fn in order and are freed, so memory stays bounded. */
static cred_status batch_run(const cred_engine *e, size_t n, item_fn make, const void *src,
                             unsigned threads, cred_result_fn fn, void *user, size_t *n_failed,
                             cred_error *err)
{
    if (n_failed)
        *n_failed = 0;
    if (!threads)
        threads = cred__cpu_count();
    size_t per = (size_t)threads * 8;
    cred_result **res = calloc(per, sizeof *res);
    if (!res)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    cred_status st = CRED_OK;
    for (size_t start = 0; start < n && !st; start += per) {
        size_t k = n - start < per ? n - start : per;
        chunk c = {e, make, src, start, res};
        cred__parallel_for(k, threads, chunk_item, &c);
        for (size_t j = 0; j < k; j++) {
            if (!st && !res[j])
                st = cred__err(err, CRED_ENOMEM, "item %zu: out of memory", start + j + 1);
            if (!st && res[j] && res[j]->error && n_failed)
                (*n_failed)++;
            if (!st && fn(user, start + j, res[j]))
                st = cred__err(err, CRED_EINVAL, "the batch was stopped");
            cred_result_free(res[j]);
            res[j] = NULL;
        }
    }
    free(res);
    return st;
}

static cred_result *request_item(const cred_engine *e, const void *src, size_t i)
{
    const cred_request *req = (const cred_request *)src + i;
    json_t *fields = NULL;
    if (req->fields.p) {
        json_error_t je;
        fields = json_loadb(req->fields.p, req->fields.n, JSON_REJECT_DUPLICATES, &je);
        if (!json_is_object(fields)) {
            json_decref(fields);
            cred_result *r = result_new(e, req);
            if (r && !(r->error = xstrdup("request fields: not a JSON object"))) {
                cred_result_free(r);
                r = NULL;
            }
            return r;
        }
    }
    return run_item(e, req, fields);
}

cred_status cred_engine_batch(const cred_engine *e, const cred_request *reqs, size_t n,
                              unsigned threads, cred_result_fn fn, void *user, size_t *n_failed,
                              cred_error *err)
{
    return batch_run(e, n, request_item, reqs, threads, fn, user, n_failed, err);
}

/* ---- JSONL --------------------------------------------------------------------------- */

typedef struct jsonl {
    const cred_request *base;
    const char **p; /* each non-blank line */
    size_t *len, *line;
} jsonl;

static cred_result *error_item(const cred_engine *e, size_t line, json_t *fields, const char *msg)
{
    cred_request req;
    cred_request_init(&req);
    req.line = line;
    cred_result *r = result_new(e, &req);
    if (r && !(r->error = xstrdup(msg))) {
        cred_result_free(r);
        r = NULL;
    }
    if (r)
        r->fields = fields;
    else
        json_decref(fields);
    return r;
}

static cred_result *jsonl_item(const cred_engine *e, const void *src, size_t i)
{
    const jsonl *jl = src;
    size_t line = jl->line[i];
    json_error_t je;
    json_t *o = json_loadb(jl->p[i], jl->len[i], JSON_REJECT_DUPLICATES, &je);
    if (!o) {
        char msg[300];
        snprintf(msg, sizeof msg, "line %zu, column %d: %s", line, je.column, je.text);
        return error_item(e, line, NULL, msg);
    }
    if (!json_is_object(o)) {
        json_decref(o);
        return error_item(e, line, NULL, "not a JSON object");
    }
    json_t *text = json_object_get(o, "text"), *title = json_object_get(o, "title"),
           *url = json_object_get(o, "url");
    const char *why = NULL;
    if (!json_is_string(text))
        why = "\"text\" missing or not a string";
    else if (title && !json_is_string(title) && !json_is_null(title))
        why = "\"title\" is not a string";
    else if (url && !json_is_string(url) && !json_is_null(url))
        why = "\"url\" is not a string";
    /* the echoed fields: all but the request's own */
    json_t *fields = json_object();
    const char *k;
    json_t *val;
    json_object_foreach(o, k, val) if (strcmp(k, "text") && strcmp(k, "title") && strcmp(k, "url"))
        json_object_set(fields, k, val);
    if (why) {
        cred_result *r = error_item(e, line, fields, why);
        json_decref(o);
        return r;
    }
    cred_request req;
    if (jl->base)
        req = *jl->base;
    else
        cred_request_init(&req);
    req.data = json_string_value(text);
    req.n = json_string_length(text);
    req.path = NULL;
    req.line = line;
    req.fields = (cred_str){NULL, 0};
    req.title = json_is_string(title) ? (cred_str){json_string_value(title),
                                                   json_string_length(title)}
                                      : (cred_str){NULL, 0};
    req.url = json_is_string(url) && json_string_length(url)
                  ? (cred_str){json_string_value(url), json_string_length(url)}
                  : (cred_str){NULL, 0};
    req.max_input = 0; /* the limit applies to the whole JSONL input */
    cred_result *r = run_item(e, &req, fields);
    json_decref(o);
    return r;
}

cred_status cred_engine_jsonl(const cred_engine *e, const char *data, size_t n,
                              const cred_request *base, unsigned threads, cred_result_fn fn,
                              void *user, size_t *n_failed, cred_error *err)
{
    if (n_failed)
        *n_failed = 0;
    if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte order mark */
        data += 3;
        n -= 3;
    }
    size_t cap = 1;
    for (size_t i = 0; i < n; i++)
        cap += data[i] == '\n';
    jsonl jl = {base, malloc(cap * sizeof *jl.p), malloc(cap * sizeof *jl.len),
                malloc(cap * sizeof *jl.line)};
    if (!jl.p || !jl.len || !jl.line) {
        free(jl.p);
        free(jl.len);
        free(jl.line);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    size_t k = 0, line = 0;
    for (size_t at = 0; at < n;) {
        const char *nl = memchr(data + at, '\n', n - at);
        size_t end = nl ? (size_t)(nl - data) : n;
        line++;
        size_t a = at;
        while (a < end && (data[a] == ' ' || data[a] == '\t' || data[a] == '\r'))
            a++;
        if (a < end) { /* blank lines are neither scored nor counted */
            jl.p[k] = data + at;
            jl.len[k] = end - at;
            jl.line[k++] = line;
        }
        at = end + 1;
    }
    cred_status st = batch_run(e, k, jsonl_item, &jl, threads, fn, user, n_failed, err);
    free(jl.p);
    free(jl.len);
    free(jl.line);
    return st;
}
