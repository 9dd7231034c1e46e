/*
 * util.c - byte buffers, vectors, text-with-origins buffers, the edit list,
 * UTF-8 coding, data-file line iteration, status names and the run-time
 * version (cred_version).  See internal.h for the design.
 *
 * The UTF-8 decoder is written here rather than taken from utf8proc because
 * it must report *where* a sequence is invalid (decode.c falls back to
 * Windows-1252 byte by byte); utf8proc_iterate only says "invalid".
 */
#include "internal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

cred_status cred__err(cred_error *err, cred_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
    }
    return code;
}

const char *cred_status_str(cred_status s)
{
    switch (s) {
    case CRED_OK: return "ok";
    case CRED_EINVAL: return "invalid argument";
    case CRED_ENOMEM: return "out of memory";
    case CRED_ETOOBIG: return "input too large";
    case CRED_EIO: return "I/O error";
    case CRED_EFORMAT: return "malformed input";
    case CRED_EDATA: return "malformed data file";
    }
    return "unknown error";
}

/* The values of the headers the library was compiled with: a program built
 * against other headers sees the difference here (docs/api.md). */
const char *cred_version(void) { return CRED_VERSION; }

int cred_version_number(void) { return CRED_VERSION_NUMBER; }

/* Belongs with the readers (src/learn/readers.c); kept here while that file
 * is being changed elsewhere, to be moved with the next change there. */
void cred_read_opts_init(cred_read_opts *o) { memset(o, 0, sizeof *o); }

/* ---- buffers ------------------------------------------------------------ */

static size_t grow_cap(size_t cap, size_t need)
{
    size_t c = cap ? cap : 64;
    while (c < need) {
        if (c > SIZE_MAX / 2)
            return need;
        c *= 2;
    }
    return c;
}

void cred__buf_free(cred__buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

bool cred__buf_reserve(cred__buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (extra > SIZE_MAX - b->n - 1) {
        b->oom = true;
        return false;
    }
    if (b->n + extra + 1 <= b->cap)
        return true;
    size_t c = grow_cap(b->cap, b->n + extra + 1);
    char *p = realloc(b->p, c);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = c;
    return true;
}

void cred__buf_put(cred__buf *b, const void *s, size_t n)
{
    if (!cred__buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

void cred__buf_putc(cred__buf *b, char c) { cred__buf_put(b, &c, 1); }
void cred__buf_puts(cred__buf *b, const char *s) { cred__buf_put(b, s, strlen(s)); }

void cred__buf_printf(cred__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0 || !cred__buf_reserve(b, (size_t)k))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

void cred__buf_put_utf8(cred__buf *b, int32_t cp)
{
    char tmp[4];
    cred__buf_put(b, tmp, cred__utf8_encode(cp, tmp));
}

char *cred__buf_take(cred__buf *b, size_t *n)
{
    if (b->oom) {
        cred__buf_free(b);
        return NULL;
    }
    if (!b->p && !cred__buf_reserve(b, 0))
        return NULL;
    b->p[b->n] = 0;
    char *p = b->p;
    if (n)
        *n = b->n;
    b->p = NULL;
    b->n = b->cap = 0;
    return p;
}

bool cred__vec_grow(void **v, size_t *cap, size_t n, size_t elem)
{
    size_t c = grow_cap(*cap, n + 1);
    if (c > SIZE_MAX / elem)
        return false;
    void *p = realloc(*v, c * elem);
    if (!p)
        return false;
    *v = p;
    *cap = c;
    return true;
}

/* ---- text with origins -------------------------------------------------- */

void cred__tbuf_free(cred__tbuf *t)
{
    free(t->p);
    free(t->runs.v);
    memset(t, 0, sizeof *t);
}

bool cred__tbuf_reserve(cred__tbuf *t, size_t extra)
{
    if (t->oom)
        return false;
    if (extra > UINT32_MAX - t->n - 1) {
        t->oom = true;
        return false;
    }
    if (t->n + extra + 1 <= t->cap)
        return true;
    size_t c = grow_cap(t->cap, t->n + extra + 1);
    char *p = realloc(t->p, c);
    if (!p) {
        t->oom = true;
        return false;
    }
    t->p = p;
    t->cap = c;
    return true;
}

/* Drops runs that start at or past the end (after a truncation). */
static void trim_runs(cred__tbuf *t)
{
    while (t->runs.n && t->runs.v[t->runs.n - 1].out >= t->n)
        t->runs.n--;
}

/* Records that the bytes from t->n on (about to be appended) have origin
 * run r (its `out` is set here); merges with the last run when it continues
 * it. */
static void add_run(cred__tbuf *t, cred__orun r)
{
    trim_runs(t);
    r.out = (uint32_t)t->n;
    if (t->runs.n) {
        const cred__orun *l = &t->runs.v[t->runs.n - 1];
        if (r.ident && l->ident && l->in + (r.out - l->out) == r.in)
            return;
        if (!r.ident && !l->ident && l->in == r.in && l->end == r.end)
            return;
    }
    if (!CRED__VEC_PUSH(t->runs, r))
        t->oom = true;
}

static void append_text(cred__tbuf *t, const char *s, size_t n)
{
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = 0;
}

void cred__tbuf_put(cred__tbuf *t, const char *s, size_t n, uint32_t os, uint32_t oe)
{
    if (!n || !cred__tbuf_reserve(t, n))
        return;
    /* One byte standing for one input byte is exact either way; calling it
     * identity lets runs of such bytes merge. */
    cred__orun r = (n == 1 && oe == os + 1) ? (cred__orun){0, os, 0, 1}
                                            : (cred__orun){0, os, oe, 0};
    add_run(t, r);
    append_text(t, s, n);
}

void cred__tbuf_put_ident(cred__tbuf *t, const char *s, size_t n, uint32_t os)
{
    if (!n || !cred__tbuf_reserve(t, n))
        return;
    add_run(t, (cred__orun){0, os, 0, 1});
    append_text(t, s, n);
}

/* Index of the run holding byte i (runs non-empty, i < t->n).  Steps go
 * through text in order, so the run of the previous lookup (or the next one)
 * almost always holds i; otherwise a binary search. */
static size_t run_of(const cred__tbuf *t, size_t i)
{
    size_t h = t->hint, nr = t->runs.n;
    if (h < nr && t->runs.v[h].out <= i) {
        if (h + 1 >= nr || i < t->runs.v[h + 1].out)
            return h;
        if (h + 2 >= nr || i < t->runs.v[h + 2].out) {
            ((cred__tbuf *)t)->hint = h + 1;
            return h + 1;
        }
    }
    size_t lo = 0, hi = nr;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->runs.v[mid].out <= i)
            lo = mid;
        else
            hi = mid;
    }
    ((cred__tbuf *)t)->hint = lo; /* cache only: see cred__tbuf.hint */
    return lo;
}

/* End of run r in the text. */
static size_t run_end(const cred__tbuf *t, size_t r)
{
    return r + 1 < t->runs.n && t->runs.v[r + 1].out < t->n ? t->runs.v[r + 1].out : t->n;
}

void cred__tbuf_copy(cred__tbuf *t, const cred__tbuf *src, size_t from, size_t to)
{
    if (to <= from || !cred__tbuf_reserve(t, to - from) || !src->runs.n)
        return;
    size_t r = run_of(src, from), at = from;
    while (at < to) {
        const cred__orun *sr = &src->runs.v[r];
        size_t e = run_end(src, r);
        if (e > to)
            e = to;
        cred__orun nr = sr->ident ? (cred__orun){0, sr->in + (uint32_t)(at - sr->out), 0, 1} : *sr;
        add_run(t, nr);
        append_text(t, src->p + at, e - at);
        at = e;
        r++;
    }
}

void cred__tbuf_replace(cred__tbuf *t, const cred__tbuf *src, size_t from,
                        size_t to, const char *s, size_t n)
{
    cred_span o = cred__tbuf_origin(src, from, to);
    cred__tbuf_put(t, s, n, (uint32_t)o.start, (uint32_t)o.end);
}

uint32_t cred__tbuf_os(const cred__tbuf *t, size_t i)
{
    if (!t->runs.n)
        return 0;
    const cred__orun *r = &t->runs.v[run_of(t, i)];
    return r->ident ? r->in + (uint32_t)(i - r->out) : r->in;
}

uint32_t cred__tbuf_oe(const cred__tbuf *t, size_t i)
{
    if (!t->runs.n)
        return 0;
    const cred__orun *r = &t->runs.v[run_of(t, i)];
    return r->ident ? r->in + (uint32_t)(i - r->out) + 1 : r->end;
}

size_t cred__tbuf_find(const cred__tbuf *t, uint32_t in)
{
    /* Origins are non-decreasing: binary search over runs, then inside. */
    size_t nr = t->runs.n;
    while (nr && t->runs.v[nr - 1].out >= t->n)
        nr--;
    size_t lo = 0, hi = nr; /* first run whose last byte's origin start >= in */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const cred__orun *r = &t->runs.v[mid];
        size_t last = (mid + 1 < nr ? t->runs.v[mid + 1].out : t->n) - 1;
        uint32_t os_last = r->ident ? r->in + (uint32_t)(last - r->out) : r->in;
        if (os_last < in)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == nr)
        return t->n;
    const cred__orun *r = &t->runs.v[lo];
    if (!r->ident || r->in >= in)
        return r->out;
    return r->out + (in - r->in);
}

void cred__tbuf_set_last_end(cred__tbuf *t, uint32_t oe)
{
    if (!t->n)
        return;
    char c = t->p[t->n - 1];
    uint32_t os = cred__tbuf_os(t, t->n - 1);
    t->n--;
    cred__tbuf_put(t, &c, 1, os, oe < os ? os : oe);
}

void cred__tbuf_monotone(cred__tbuf *t)
{
    trim_runs(t);
    uint32_t lo = 0;
    for (size_t r = 0; r < t->runs.n; r++) {
        cred__orun *x = &t->runs.v[r];
        size_t len = run_end(t, r) - x->out;
        if (x->ident) {
            if (x->in < lo) { /* part of it would go backwards: one range */
                uint32_t e = x->in + (uint32_t)len;
                *x = (cred__orun){x->out, lo, e < lo ? lo : e, 0};
            }
        } else {
            if (x->in < lo)
                x->in = lo;
            if (x->end < x->in)
                x->end = x->in;
        }
        lo = x->ident ? x->in + (uint32_t)len - 1 : x->in;
    }
}

void cred__tbuf_move(cred__tbuf *to, cred__tbuf *from)
{
    cred__tbuf_free(to);
    *to = *from;
    memset(from, 0, sizeof *from);
}

/* ---- edits ---------------------------------------------------------------- */

void cred__edits_add(cred__edits *ed, cred_edit_kind kind, cred_span input,
                     const char *repl, size_t repl_n, const char *rule,
                     const char *detail)
{
    if (ed->oom)
        return;
    cred__edit e = {kind, input, malloc(repl_n + 1), repl_n, rule, detail};
    if (!e.replacement) {
        ed->oom = true;
        return;
    }
    if (repl_n)
        memcpy(e.replacement, repl, repl_n);
    e.replacement[repl_n] = 0;
    if (!CRED__VEC_PUSH(ed->e, e)) {
        free(e.replacement);
        ed->oom = true;
    }
}

void cred__edits_free(cred__edits *ed)
{
    for (size_t i = 0; i < ed->e.n; i++)
        free(ed->e.v[i].replacement);
    free(ed->e.v);
    memset(ed, 0, sizeof *ed);
}

/* ---- UTF-8 ------------------------------------------------------------------ */

/* ---- CSV (RFC 4180) --------------------------------------------------------- */

void cred__csv_init(cred__csv *c, const char *data, size_t n)
{
    c->p = data;
    c->end = data + n;
    c->line = 1;
    if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
        c->p += 3;
}

void cred__csv_fields_free(cred__csvfields *f)
{
    for (size_t i = 0; i < f->n; i++)
        cred__buf_free(&f->v[i]);
    free(f->v);
    memset(f, 0, sizeof *f);
}

static int csv_record(const char **pp, const char *end, size_t *line, cred__csvfields *f,
                      size_t *nf, const char **why)
{
    const char *p = *pp;
    if (p >= end)
        return 0;
    *nf = 0;
    for (;;) {
        if (*nf == f->n) {
            if (!CRED__VEC_PUSH(*f, ((cred__buf){0})))
                return -2;
        }
        cred__buf *b = &f->v[(*nf)++];
        b->n = 0;
        if (p < end && *p == '"') {
            p++;
            for (;;) {
                const char *q = p;
                while (q < end && *q != '"') {
                    if (*q == '\n')
                        (*line)++;
                    q++;
                }
                cred__buf_put(b, p, (size_t)(q - p));
                if (q >= end) {
                    *why = "unterminated quoted field";
                    *pp = end;
                    return -1;
                }
                if (q + 1 < end && q[1] == '"') {
                    cred__buf_putc(b, '"');
                    p = q + 2;
                    continue;
                }
                p = q + 1;
                break;
            }
            if (p < end && *p != ',' && *p != '\n' && *p != '\r') {
                *why = "text after a closing quote";
                while (p < end && *p != '\n')
                    p++;
                if (p < end) {
                    p++;
                    (*line)++;
                }
                *pp = p;
                return -1;
            }
        } else {
            const char *q = p;
            while (q < end && *q != ',' && *q != '\n' && *q != '\r' && *q != '"')
                q++;
            if (q < end && *q == '"') {
                *why = "quote inside an unquoted field";
                while (q < end && *q != '\n')
                    q++;
                if (q < end) {
                    q++;
                    (*line)++;
                }
                *pp = q;
                return -1;
            }
            cred__buf_put(b, p, (size_t)(q - p));
            p = q;
        }
        if (b->oom)
            return -2;
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p < end && *p == '\r')
            p++;
        if (p < end && *p == '\n') {
            p++;
            (*line)++;
        }
        *pp = p;
        return 1;
    }
}

int cred__csv_next(cred__csv *c, cred__csvfields *f, size_t *nf, const char **why)
{
    return csv_record(&c->p, c->end, &c->line, f, nf, why);
}

bool cred__is_word_cp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_MN && c <= UTF8PROC_CATEGORY_ME) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

size_t cred__utf8_decode(const unsigned char *s, size_t n, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    size_t len;
    int32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        v = c & 0x1F;
        min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        v = c & 0x0F;
        min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        v = c & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

size_t cred__utf8_encode(int32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = 0xFFFD;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool cred__jit_enabled(void)
{
    const char *e = getenv("CREDENCE_NO_JIT");
    return !e || !*e;
}

/* ---- data-file lines ---------------------------------------------------------- */

void cred__lines_init(cred__lines *it, cred_str text)
{
    it->p = text.p;
    it->end = text.p + text.n;
    it->line = 0;
}

bool cred__lines_next(cred__lines *it, cred_str *out)
{
    while (it->p < it->end) {
        const char *s = it->p;
        const char *nl = memchr(s, '\n', (size_t)(it->end - s));
        const char *e = nl ? nl : it->end;
        it->p = nl ? nl + 1 : it->end;
        it->line++;
        if (e > s && e[-1] == '\r')
            e--;
        const char *q = s;
        while (q < e && (*q == ' ' || *q == '\t'))
            q++;
        if (q == e || *q == '#')
            continue;
        out->p = s;
        out->n = (size_t)(e - s);
        return true;
    }
    return false;
}

size_t cred__split_tabs(cred_str line, cred_str *fields, size_t max)
{
    size_t k = 0;
    const char *s = line.p, *end = line.p + line.n;
    while (k < max) {
        const char *t = memchr(s, '\t', (size_t)(end - s));
        const char *e = (t && k + 1 < max) ? t : end;
        fields[k].p = s;
        fields[k].n = (size_t)(e - s);
        k++;
        if (e == end)
            break;
        s = e + 1;
    }
    return k;
}

/* ---- small string helpers ---------------------------------------------------- */

char *cred__strndup(const char *p, size_t n)
{
    char *s = malloc(n + 1);
    if (s) {
        if (n)
            memcpy(s, p, n);
        s[n] = 0;
    }
    return s;
}

bool cred__str_is(cred_str s, const char *w) { return s.n == strlen(w) && !memcmp(s.p, w, s.n); }

bool cred__str_double(cred_str s, double *out)
{
    char tmp[64];
    if (!s.n || s.n >= sizeof tmp)
        return false;
    memcpy(tmp, s.p, s.n);
    tmp[s.n] = 0;
    char *end;
    errno = 0;
    double v = strtod(tmp, &end);
    if (errno || *end || !isfinite(v))
        return false;
    *out = v;
    return true;
}
