/*
 * readers.c - dataset readers: tsv, jsonl, liar, isot, fakenewsnet, clickbait,
 * fakenewsamt.
 *
 * What it does: turns each research format into cred_record {label, text,
 * title, id, file, line}, with a one-line "file:line: what" error for a
 * malformed record, or (skip_bad) skips and counts it.  Formats are
 * documented in docs/learn.md.
 *
 * What it does not: no text repair (the featurizer does that, so `credence
 * train --export-tsv` shows the data as published), no label mapping except
 * LIAR's documented --liar-binary fold and the fixed label names of the
 * directory formats (isot and fakenewsnet: "fake"/"real", so a model trained
 * on one can be evaluated on the other, and fakenewsamt's legit/fake folders
 * the same "real"/"fake"; clickbait: "clickbait"/"news").
 *
 * Why it is built this way: each format is parsed by hand over the whole
 * file in memory, because the quirks are the point (tests/fixtures/learn/):
 *  - LIAR statements contain unbalanced `"` (fixture liar-quirks.tsv), so
 *    LIAR is split at tabs with no quote processing at all;
 *  - ISOT is RFC 4180 CSV whose quoted fields hold newlines and `""`
 *    (fixture isot/True.csv), so records are not lines: the CSV state
 *    machine tracks the line where each record starts for messages;
 *  - every text reader drops a leading UTF-8 BOM and accepts CRLF (fixtures
 *    bom-crlf.tsv, isot/Fake.csv);
 *  - clickbait files mix blank-line and single-line separation, so every
 *    non-blank line is one headline (fixture clickbait/non_clickbait_data).
 * Directory entries are read in sorted order so a dataset, and so a model
 * trained with a given seed, never depends on readdir order.
 */
#include "internal.h"
#include "learn/learn_int.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

typedef struct ds_store {
    CRED__VEC(char *) blocks; /* one per record, and file names */
    size_t cap;               /* of the dataset's recs */
} ds_store;

static const char *const format_names[] = {"tsv",  "jsonl",       "liar",
                                           "isot", "fakenewsnet", "clickbait",
                                           "fakenewsamt", "checkthat19"};

cred_status cred_ds_format_parse(const char *name, cred_ds_format *out)
{
    for (size_t i = 0; i < sizeof format_names / sizeof *format_names; i++)
        if (name && !strcmp(name, format_names[i])) {
            *out = (cred_ds_format)i;
            return CRED_OK;
        }
    return CRED_EINVAL;
}

const char *cred_ds_format_name(cred_ds_format f)
{
    return (unsigned)f < sizeof format_names / sizeof *format_names ? format_names[f] : "?";
}

static ds_store *store(cred_dataset *ds)
{
    if (!ds->priv__)
        ds->priv__ = calloc(1, sizeof(ds_store));
    return ds->priv__;
}

void cred_dataset_free(cred_dataset *ds)
{
    if (!ds)
        return;
    ds_store *s = ds->priv__;
    if (s) {
        for (size_t i = 0; i < s->blocks.n; i++)
            free(s->blocks.v[i]);
        free(s->blocks.v);
        free(s);
    }
    free(ds->recs);
    memset(ds, 0, sizeof *ds);
}

/* Keeps a copy of a file name for the records' `file`. */
static const char *keep_name(cred_dataset *ds, const char *name)
{
    ds_store *s = store(ds);
    char *c = s ? strdup(name) : NULL;
    if (!c)
        return NULL;
    if (!CRED__VEC_PUSH(s->blocks, c)) {
        free(c);
        return NULL;
    }
    return c;
}

/* Appends a record whose strings are copied into one block. */
static cred_status add_record(cred_dataset *ds, cred_str label, cred_str text, cred_str title,
                              cred_str id, const char *file, size_t line, cred_error *err)
{
    ds_store *s = store(ds);
    if (!s)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    /* A label never starts with U+FEFF: a second byte-order mark after the
     * file's own (or one pasted into a label) would otherwise make a label
     * that --export-tsv writes at the start of a file, where a reader takes
     * it for the file's BOM (issue 13: the fuzz_dataset finding). */
    bool had = label.n > 0;
    while (label.n >= 3 && !memcmp(label.p, "\xEF\xBB\xBF", 3))
        label.p += 3, label.n -= 3;
    if (had && !label.n)
        return cred__err(err, CRED_EFORMAT, "%s:%zu: empty label (only a byte-order mark)",
                         file, line);
    size_t tot = label.n + text.n + title.n + id.n + 4;
    char *b = malloc(tot);
    if (!b)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    if (!CRED__VEC_PUSH(s->blocks, b)) {
        free(b);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    cred_record r = {{0}, {0}, {0}, {0}, file, line};
    char *p = b;
    cred_str *dst[4] = {&r.label, &r.text, &r.title, &r.id};
    cred_str src[4] = {label, text, title, id};
    for (int i = 0; i < 4; i++) {
        if (src[i].n)
            memcpy(p, src[i].p, src[i].n);
        p[src[i].n] = 0;
        dst[i]->p = p;
        dst[i]->n = src[i].n;
        p += src[i].n + 1;
    }
    if (ds->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        cred_record *nr = realloc(ds->recs, nc * sizeof *nr);
        if (!nr)
            return cred__err(err, CRED_ENOMEM, "out of memory");
        ds->recs = nr;
        s->cap = nc;
    }
    ds->recs[ds->n++] = r;
    return CRED_OK;
}

cred_status cred__ds_add(cred_dataset *ds, cred_str label, cred_str text, cred_str title,
                         cred_str id, const char *file, size_t line, cred_error *err)
{
    return add_record(ds, label, text, title, id, file, line, err);
}

/* ---- file reading ----------------------------------------------------------- */

cred_status cred__learn_read_file(const char *path, size_t limit, char **out, size_t *n,
                                  cred_error *err)
{
    bool is_stdin = !strcmp(path, "-");
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
    cred__buf b = {0};
    char tmp[65536];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0) {
        cred__buf_put(&b, tmp, k);
        if (b.n > limit) {
            if (!is_stdin)
                fclose(f);
            cred__buf_free(&b);
            return cred__err(err, CRED_ETOOBIG, "%s: over the input limit of %zu bytes", path,
                             limit);
        }
    }
    bool bad = ferror(f);
    if (!is_stdin)
        fclose(f);
    if (bad) {
        cred__buf_free(&b);
        return cred__err(err, CRED_EIO, "%s: read error", path);
    }
    if (b.oom) {
        cred__buf_free(&b);
        return cred__err(err, CRED_ENOMEM, "%s: out of memory", path);
    }
    if (!b.p) {
        b.p = malloc(1);
        if (!b.p)
            return cred__err(err, CRED_ENOMEM, "out of memory");
        b.p[0] = 0;
    }
    *out = b.p;
    *n = b.n;
    return CRED_OK;
}

/* ---- line-based formats -------------------------------------------------------- */

typedef struct reader {
    cred_dataset *ds;
    const cred_read_opts *o;
    const char *file;
    cred_error *err;
} reader;

/* A malformed record: error, or count it when skipping. */
static cred_status bad(reader *r, size_t line, const char *fmt, const char *detail)
{
    if (r->o->skip_bad) {
        r->ds->n_bad++;
        return CRED_OK;
    }
    char what[256];
    snprintf(what, sizeof what, fmt, detail ? detail : "");
    return cred__err(r->err, CRED_EFORMAT, "%s:%zu: %s", r->file, line, what);
}

/* Splits buffer into lines (without LF and a CR before it). */
typedef struct line_it {
    const char *p, *end;
    size_t line;
} line_it;

static bool next_line(line_it *it, cred_str *out)
{
    if (it->p >= it->end)
        return false;
    const char *s = it->p;
    const char *e = memchr(s, '\n', (size_t)(it->end - s));
    if (!e)
        e = it->end;
    it->p = e < it->end ? e + 1 : e;
    if (e > s && e[-1] == '\r')
        e--;
    it->line++;
    out->p = s;
    out->n = (size_t)(e - s);
    return true;
}

static const char *skip_bom(const char *p, const char *end)
{
    if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        return p + 3;
    return p;
}

static bool blank(cred_str s)
{
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] != ' ' && s.p[i] != '\t' && s.p[i] != '\r')
            return false;
    return true;
}

/* tsv: label TAB text with \n \t \\ escapes in text. */
static cred_status read_tsv(reader *r, const char *buf, size_t n)
{
    line_it it = {skip_bom(buf, buf + n), buf + n, 0};
    cred_str l;
    cred__buf t = {0};
    cred_status st = CRED_OK;
    while (!st && next_line(&it, &l)) {
        if (blank(l))
            continue;
        const char *tab = memchr(l.p, '\t', l.n);
        if (!tab) {
            st = bad(r, it.line, "no TAB between label and text%s", NULL);
            continue;
        }
        cred_str label = {l.p, (size_t)(tab - l.p)};
        if (!label.n) {
            st = bad(r, it.line, "empty label%s", NULL);
            continue;
        }
        t.n = 0;
        const char *s = tab + 1, *e = l.p + l.n;
        bool ok = true;
        while (s < e) {
            if (*s != '\\') {
                const char *q = s;
                while (q < e && *q != '\\')
                    q++;
                cred__buf_put(&t, s, (size_t)(q - s));
                s = q;
                continue;
            }
            if (s + 1 >= e) {
                ok = false;
                break;
            }
            char c = s[1];
            if (c == 'n')
                cred__buf_putc(&t, '\n');
            else if (c == 't')
                cred__buf_putc(&t, '\t');
            else if (c == '\\')
                cred__buf_putc(&t, '\\');
            else if (c == 'r')
                cred__buf_putc(&t, '\r');
            else {
                ok = false;
                break;
            }
            s += 2;
        }
        if (!ok) {
            char col[32];
            snprintf(col, sizeof col, "%zu", (size_t)(s - l.p) + 1);
            st = bad(r, it.line, "bad escape at column %s (allowed: \\n \\t \\r \\\\)", col);
            continue;
        }
        if (t.oom) {
            st = cred__err(r->err, CRED_ENOMEM, "out of memory");
            break;
        }
        cred_str text = {t.p ? t.p : "", t.n}, none = {"", 0};
        st = add_record(r->ds, label, text, none, none, r->file, it.line, r->err);
    }
    cred__buf_free(&t);
    return st;
}

/* liar: 14 tab-separated columns, no quote processing. */
static cred_status read_liar(reader *r, const char *buf, size_t n)
{
    line_it it = {skip_bom(buf, buf + n), buf + n, 0};
    cred_str l;
    cred_status st = CRED_OK;
    while (!st && next_line(&it, &l)) {
        if (blank(l))
            continue;
        cred_str f[15];
        size_t k = cred__split_tabs(l, f, 15);
        if (k != 14) {
            char d[32];
            snprintf(d, sizeof d, "%zu", k > 14 ? (size_t)15 : k);
            st = bad(r, it.line, "expected 14 tab-separated columns, found %s", d);
            continue;
        }
        cred_str label = f[1];
        if (!label.n) {
            st = bad(r, it.line, "empty label in column 2%s", NULL);
            continue;
        }
        if (r->o->liar_binary) {
            static const char *const falsy[] = {"pants-fire", "false", "barely-true"};
            static const char *const known[] = {"half-true", "mostly-true", "true"};
            bool is_false = false, is_known = false;
            for (int i = 0; i < 3; i++) {
                if (label.n == strlen(falsy[i]) && !memcmp(label.p, falsy[i], label.n))
                    is_false = true;
                if (label.n == strlen(known[i]) && !memcmp(label.p, known[i], label.n))
                    is_known = true;
            }
            if (!is_false && !is_known) {
                st = bad(r, it.line, "unknown LIAR label for --liar-binary%s", NULL);
                continue;
            }
            label.p = is_false ? "false" : "true";
            label.n = strlen(label.p);
        }
        st = add_record(r->ds, label, f[2], (cred_str){"", 0}, f[0], r->file, it.line, r->err);
    }
    return st;
}

/* clickbait: every non-blank line of the file is one record of `label`. */
static cred_status read_lines_as(reader *r, const char *buf, size_t n, const char *label)
{
    line_it it = {skip_bom(buf, buf + n), buf + n, 0};
    cred_str l, lab = {label, strlen(label)}, none = {"", 0};
    cred_status st = CRED_OK;
    while (!st && next_line(&it, &l)) {
        if (blank(l))
            continue;
        st = add_record(r->ds, lab, l, none, none, r->file, it.line, r->err);
    }
    return st;
}

/* A JSON string or number field as text; false if missing/other type. */
static bool json_field(json_t *o, const char *key, cred_str *out, char *numbuf, size_t cap)
{
    json_t *v = json_object_get(o, key);
    if (json_is_string(v)) {
        out->p = json_string_value(v);
        out->n = json_string_length(v);
        return true;
    }
    if (json_is_integer(v)) {
        if (!numbuf) /* a number where the caller wants text: as missing (issue 13 D1) */
            return false;
        snprintf(numbuf, cap, "%lld", (long long)json_integer_value(v));
        out->p = numbuf;
        out->n = strlen(numbuf);
        return true;
    }
    if (json_is_boolean(v)) {
        out->p = json_is_true(v) ? "true" : "false";
        out->n = strlen(out->p);
        return true;
    }
    return false;
}

/* jsonl: one object per line. */
static cred_status read_jsonl(reader *r, const char *buf, size_t n)
{
    line_it it = {skip_bom(buf, buf + n), buf + n, 0};
    cred_str l;
    cred_status st = CRED_OK;
    while (!st && next_line(&it, &l)) {
        if (blank(l))
            continue;
        json_error_t je;
        json_t *o = json_loadb(l.p, l.n, JSON_ALLOW_NUL, &je);
        if (!o) {
            char d[200];
            snprintf(d, sizeof d, "column %d: %s", je.column, je.text);
            st = bad(r, it.line, "invalid JSON at %s", d);
            continue;
        }
        cred_str label, text, title = {"", 0}, id = {"", 0};
        char lb[32], ib[32];
        if (!json_is_object(o)) {
            st = bad(r, it.line, "not a JSON object%s", NULL);
        } else if (!json_field(o, "label", &label, lb, sizeof lb) || !label.n) {
            st = bad(r, it.line, "missing or empty \"label\" (string or number)%s", NULL);
        } else if (!json_is_string(json_object_get(o, "text"))) {
            st = bad(r, it.line, "missing string \"text\"%s", NULL);
        } else {
            json_field(o, "text", &text, NULL, 0);
            json_field(o, "title", &title, NULL, 0);
            if (!json_field(o, "id", &id, ib, sizeof ib))
                json_field(o, "url", &id, NULL, 0);
            st = add_record(r->ds, label, text, title, id, r->file, it.line, r->err);
        }
        json_decref(o);
    }
    return st;
}

/* ---- CSV: the library's one RFC 4180 reader (cred__csv_next, util.c) ---- */

typedef cred__csvfields fieldvec;

static cred_str fstr(const fieldvec *f, size_t i)
{
    cred_str s = {f->v[i].p ? f->v[i].p : "", f->v[i].n};
    return s;
}

/* ISOT CSV: header with title,text; label fixed for the whole file. */
static cred_status read_isot_csv(reader *r, const char *buf, size_t n, const char *label)
{
    cred__csv c;
    cred__csv_init(&c, buf, n); /* skips a BOM */
    fieldvec f = {0};
    size_t nf = 0, col_title = SIZE_MAX, col_text = SIZE_MAX, ncols = 0;
    const char *why = NULL;
    cred_status st = CRED_OK;
    int k = cred__csv_next(&c, &f, &nf, &why);
    if (k <= 0) {
        st = k == -2   ? cred__err(r->err, CRED_ENOMEM, "out of memory")
             : k == 0 ? cred__err(r->err, CRED_EFORMAT, "%s:1: empty file (expected a header "
                                                         "with title,text)", r->file)
                      : cred__err(r->err, CRED_EFORMAT, "%s:1: bad header: %s", r->file, why);
        goto done;
    }
    ncols = nf;
    for (size_t i = 0; i < nf; i++) {
        cred_str s = fstr(&f, i);
        if (s.n == 5 && !memcmp(s.p, "title", 5))
            col_title = i;
        if (s.n == 4 && !memcmp(s.p, "text", 4))
            col_text = i;
    }
    if (col_text == SIZE_MAX) {
        st = cred__err(r->err, CRED_EFORMAT, "%s:1: header has no \"text\" column", r->file);
        goto done;
    }
    cred_str lab = {label, strlen(label)}, none = {"", 0};
    cred__buf t = {0};
    while (!st) {
        size_t start = c.line;
        k = cred__csv_next(&c, &f, &nf, &why);
        if (k == 0)
            break;
        if (k == -2) {
            st = cred__err(r->err, CRED_ENOMEM, "out of memory");
            break;
        }
        if (k < 0) {
            st = bad(r, start, "%s", why);
            continue;
        }
        if (nf == 1 && f.v[0].n == 0)
            continue; /* blank line */
        if (nf != ncols) {
            char d[64];
            snprintf(d, sizeof d, "%zu fields, header has %zu", nf, ncols);
            st = bad(r, start, "%s", d);
            continue;
        }
        cred_str title = col_title != SIZE_MAX ? fstr(&f, col_title) : none;
        cred_str text = fstr(&f, col_text);
        st = add_record(r->ds, lab, text, title, none, r->file, start, r->err);
    }
    cred__buf_free(&t);
done:
    cred__csv_fields_free(&f);
    return st;
}

/* ---- FakeNewsNet ------------------------------------------------------------------ */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted entries of a directory (without . and ..). */
typedef CRED__VEC(char *) strvec;

static cred_status list_dir(const char *path, strvec *out, cred_error *err)
{
    DIR *d = opendir(path);
    if (!d)
        return cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char *c = strdup(e->d_name);
        if (!c || !CRED__VEC_PUSH(*out, c)) {
            free(c);
            closedir(d);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
    }
    closedir(d);
    if (out->n)
        qsort(out->v, out->n, sizeof *out->v, cmp_str);
    return CRED_OK;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

static cred_status fnn_file(reader *r, const char *path, const char *label)
{
    char *buf;
    size_t n;
    size_t limit = r->o->max_bytes ? r->o->max_bytes : ((size_t)1 << 30);
    cred_status st = cred__learn_read_file(path, limit, &buf, &n, r->err);
    if (st)
        return st;
    const char *file = keep_name(r->ds, path);
    if (!file) {
        free(buf);
        return cred__err(r->err, CRED_ENOMEM, "out of memory");
    }
    reader rr = *r;
    rr.file = file;
    json_error_t je;
    json_t *o = json_loadb(buf, n, JSON_ALLOW_NUL, &je);
    if (!o) {
        char d[200];
        snprintf(d, sizeof d, "column %d: %s", je.column, je.text);
        st = bad(&rr, (size_t)(je.line > 0 ? je.line : 1), "invalid JSON at %s", d);
    } else if (!json_is_object(o)) {
        st = bad(&rr, 1, "not a JSON object%s", NULL);
    } else {
        cred_str text = {"", 0}, title = {"", 0}, id = {"", 0}, lab = {label, strlen(label)};
        json_t *t = json_object_get(o, "text");
        if (t && !json_is_string(t) && !json_is_null(t)) {
            st = bad(&rr, 1, "\"text\" is not a string%s", NULL);
        } else {
            json_field(o, "text", &text, NULL, 0);
            json_field(o, "title", &title, NULL, 0);
            json_field(o, "url", &id, NULL, 0);
            if (!text.n && !title.n)
                st = bad(&rr, 1, "no \"text\" and no \"title\"%s", NULL);
            else
                st = add_record(rr.ds, lab, text, title, id, file, 1, rr.err);
        }
    }
    json_decref(o);
    free(buf);
    return st;
}

/* Walks the tree; label from the nearest directory named *Fake* / *Real*. */
static cred_status fnn_walk(reader *r, const char *dir, const char *label, int depth)
{
    if (depth > 8)
        return CRED_OK;
    strvec names = {0};
    cred_status st = list_dir(dir, &names, r->err);
    for (size_t i = 0; !st && i < names.n; i++) {
        char path[4096];
        int k = snprintf(path, sizeof path, "%s/%s", dir, names.v[i]);
        if (k < 0 || (size_t)k >= sizeof path) {
            st = cred__err(r->err, CRED_EINVAL, "%s/%s: path too long", dir, names.v[i]);
            break;
        }
        struct stat sb;
        if (stat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            const char *lab = label;
            if (strstr(names.v[i], "Fake") || strstr(names.v[i], "fake"))
                lab = "fake";
            else if (strstr(names.v[i], "Real") || strstr(names.v[i], "real"))
                lab = "real";
            st = fnn_walk(r, path, lab, depth + 1);
        } else if (S_ISREG(sb.st_mode) && ends_with(names.v[i], ".json")) {
            if (!label)
                continue; /* e.g. a top-level metadata file */
            st = fnn_file(r, path, label);
        }
    }
    for (size_t i = 0; i < names.n; i++)
        free(names.v[i]);
    free(names.v);
    return st;
}

/* ---- FakeNewsAMT ------------------------------------------------------------------ */

/* One <domain><NN>.<label>.txt: the first line is the headline, the rest the
 * body.  The text is kept as published: about half of the legit texts lost
 * their commas (double spaces where they stood), which the featurizer does
 * not see, since commas and runs of spaces only separate tokens (fixture
 * learn/fakenewsamt/legit/tech01.legit.txt). */
static cred_status amt_file(reader *r, const char *path, const char *label)
{
    char *buf;
    size_t n;
    size_t limit = r->o->max_bytes ? r->o->max_bytes : ((size_t)1 << 30);
    cred_status st = cred__learn_read_file(path, limit, &buf, &n, r->err);
    if (st)
        return st;
    const char *file = keep_name(r->ds, path);
    if (!file) {
        free(buf);
        return cred__err(r->err, CRED_ENOMEM, "out of memory");
    }
    reader rr = *r;
    rr.file = file;
    const char *p = skip_bom(buf, buf + n), *end = buf + n;
    while (p < end && (*p == '\n' || *p == '\r' || *p == ' ' || *p == '\t'))
        p++;
    const char *nl = p;
    while (nl < end && *nl != '\n')
        nl++;
    if (nl == end)
        nl = NULL;
    const char *te = nl ? nl : end;
    while (te > p && (te[-1] == '\r' || te[-1] == ' ' || te[-1] == '\t'))
        te--;
    const char *body = nl ? nl + 1 : end;
    while (body < end && (*body == '\n' || *body == '\r'))
        body++;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t idn = strcspn(base, ".");
    cred_str title = {p, (size_t)(te - p)}, text = {body, (size_t)(end - body)};
    cred_str id = {base, idn}, lab = {label, strlen(label)};
    if (!title.n && !text.n)
        st = bad(&rr, 1, "empty article%s", NULL);
    else
        st = add_record(rr.ds, lab, text, title, id, file, 1, rr.err);
    free(buf);
    return st;
}

/* The .txt files of dir/legit ("real") and dir/fake ("fake"), in sorted order. */
static cred_status amt_read(reader *r, const char *dir)
{
    static const char *const sub[2] = {"fake", "legit"}, *const lab[2] = {"fake", "real"};
    cred_status st = CRED_OK;
    for (int s = 0; !st && s < 2; s++) {
        char d[4096];
        int k = snprintf(d, sizeof d, "%s/%s", dir, sub[s]);
        if (k < 0 || (size_t)k >= sizeof d)
            return cred__err(r->err, CRED_EINVAL, "%s: path too long", dir);
        strvec names = {0};
        st = list_dir(d, &names, r->err);
        for (size_t i = 0; !st && i < names.n; i++) {
            char path[4096];
            k = snprintf(path, sizeof path, "%s/%s", d, names.v[i]);
            if (k < 0 || (size_t)k >= sizeof path) {
                st = cred__err(r->err, CRED_EINVAL, "%s/%s: path too long", d, names.v[i]);
                break;
            }
            struct stat sb;
            if (ends_with(names.v[i], ".txt") && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
                st = amt_file(r, path, lab[s]);
        }
        for (size_t i = 0; i < names.n; i++)
            free(names.v[i]);
        free(names.v);
    }
    return st;
}

/* ---- entry points ------------------------------------------------------------------- */

/* ---- checkthat19: the CheckThat! 2019 task 1 debate files ------------------
 * (check-worthiness, docs/checkworthy.md).  Each non-blank line is
 * `line_no TAB speaker TAB text TAB label` (no header, no quote processing:
 * debate lines hold unbalanced `"`); the label is "0" or "1" (anything else
 * is an error), the text the sentence, the title the speaker (a model
 * trained with it sees the speaker's name as words before the blank line, as
 * the check-worthiness command composes it at prediction), the id the line
 * number.  Quirks: a leading BOM, CRLF line ends, crowd-reaction lines such
 * as "(APPLAUSE)" that are ordinary records labelled 0. */

static cred_status ct_bad(cred_dataset *ds, const cred_read_opts *o, const char *file, size_t line,
                       const char *what, cred_error *err)
{
    if (o->skip_bad) {
        ds->n_bad++;
        return CRED_OK;
    }
    return cred__err(err, CRED_EFORMAT, "%s:%zu: %s", file, line, what);
}

static cred_status read_checkthat19(cred_dataset *ds, const cred_read_opts *o, const char *file,
                                   const char *buf, size_t n, cred_error *err)
{
    const char *p = buf, *end = buf + n;
    if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    size_t line = 0;
    cred_status st = CRED_OK;
    while (!st && p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        cred_str l = {p, (size_t)(e - p)};
        p = e < end ? e + 1 : e;
        line++;
        if (l.n && l.p[l.n - 1] == '\r')
            l.n--;
        bool blank = true;
        for (size_t i = 0; i < l.n && blank; i++)
            blank = l.p[i] == ' ' || l.p[i] == '\t';
        if (blank)
            continue;
        cred_str f[5];
        size_t k = cred__split_tabs(l, f, 5);
        if (k != 4) {
            char what[96];
            snprintf(what, sizeof what,
                     "expected 4 tab-separated columns (line_no, speaker, text, label), found %zu",
                     k > 4 ? (size_t)5 : k);
            st = ct_bad(ds, o, file, line, what, err);
            continue;
        }
        bool num = f[0].n > 0 && f[0].n < 12;
        for (size_t i = 0; i < f[0].n && num; i++)
            num = f[0].p[i] >= '0' && f[0].p[i] <= '9';
        if (!num) {
            st = ct_bad(ds, o, file, line, "column 1 (line_no) is not a number", err);
            continue;
        }
        cred_str lab = f[3];
        while (lab.n && (lab.p[lab.n - 1] == ' ' || lab.p[lab.n - 1] == '\t'))
            lab.n--;
        if (lab.n != 1 || (lab.p[0] != '0' && lab.p[0] != '1')) {
            st = ct_bad(ds, o, file, line, "column 4 (label) is not 0 or 1", err);
            continue;
        }
        if (!f[2].n) {
            st = ct_bad(ds, o, file, line, "empty text in column 3", err);
            continue;
        }
        st = cred__ds_add(ds, lab, f[2], f[1], f[0], file, line, err);
    }
    return st;
}

static cred_status read_buf(reader *r, cred_ds_format fmt, const char *buf, size_t n,
                            const char *label)
{
    switch (fmt) {
    case CRED_DS_TSV: return read_tsv(r, buf, n);
    case CRED_DS_JSONL: return read_jsonl(r, buf, n);
    case CRED_DS_LIAR: return read_liar(r, buf, n);
    case CRED_DS_ISOT: return read_isot_csv(r, buf, n, label);
    case CRED_DS_CLICKBAIT: return read_lines_as(r, buf, n, label);
    case CRED_DS_CHECKTHAT19: return read_checkthat19(r->ds, r->o, r->file, buf, n, r->err);
    case CRED_DS_FAKENEWSNET:
    case CRED_DS_FAKENEWSAMT: break;
    }
    return cred__err(r->err, CRED_EINVAL, "format %s needs a directory", cred_ds_format_name(fmt));
}

cred_status cred_dataset_read_mem(cred_dataset *ds, cred_ds_format fmt, const char *name,
                                  const char *buf, size_t n, const cred_read_opts *opts,
                                  cred_error *err)
{
    cred_read_opts def = {0};
    if (!opts)
        opts = &def;
    if (fmt != CRED_DS_TSV && fmt != CRED_DS_JSONL && fmt != CRED_DS_LIAR &&
        fmt != CRED_DS_CHECKTHAT19)
        return cred__err(err, CRED_EINVAL, "%s: format %s is a directory format", name,
                         cred_ds_format_name(fmt));
    const char *file = keep_name(ds, name);
    if (!file)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    reader r = {ds, opts, file, err};
    return read_buf(&r, fmt, buf, n, NULL);
}

static cred_status read_one(cred_dataset *ds, cred_ds_format fmt, const char *path,
                            const char *label, const cred_read_opts *o, cred_error *err)
{
    char *buf;
    size_t n;
    cred_status st =
        cred__learn_read_file(path, o->max_bytes ? o->max_bytes : ((size_t)1 << 30), &buf, &n, err);
    if (st)
        return st;
    const char *file = keep_name(ds, path);
    if (!file) {
        free(buf);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    reader r = {ds, o, file, err};
    st = read_buf(&r, fmt, buf, n, label);
    free(buf);
    return st;
}

cred_status cred_dataset_read(cred_dataset *ds, cred_ds_format fmt, const char *path,
                              const cred_read_opts *opts, cred_error *err)
{
    cred_read_opts def = {0};
    if (!opts)
        opts = &def;
    struct stat sb;
    bool is_dir = strcmp(path, "-") && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
    bool dir_fmt = fmt == CRED_DS_ISOT || fmt == CRED_DS_FAKENEWSNET ||
                   fmt == CRED_DS_CLICKBAIT || fmt == CRED_DS_FAKENEWSAMT;
    if (dir_fmt && !is_dir)
        return cred__err(err, CRED_EINVAL, "%s: format %s expects a directory (docs/learn.md)",
                         path, cred_ds_format_name(fmt));
    if (!dir_fmt && is_dir)
        return cred__err(err, CRED_EINVAL, "%s: is a directory (format %s reads a file)", path,
                         cred_ds_format_name(fmt));
    char a[4096], b[4096];
    switch (fmt) {
    case CRED_DS_ISOT:
    case CRED_DS_CLICKBAIT: {
        const char *fa = fmt == CRED_DS_ISOT ? "Fake.csv" : "clickbait_data";
        const char *fb = fmt == CRED_DS_ISOT ? "True.csv" : "non_clickbait_data";
        const char *la = fmt == CRED_DS_ISOT ? "fake" : "clickbait";
        const char *lb = fmt == CRED_DS_ISOT ? "real" : "news";
        int ka = snprintf(a, sizeof a, "%s/%s", path, fa);
        int kb = snprintf(b, sizeof b, "%s/%s", path, fb);
        if (ka < 0 || kb < 0 || (size_t)ka >= sizeof a || (size_t)kb >= sizeof b)
            return cred__err(err, CRED_EINVAL, "%s: path too long", path);
        cred_status st = read_one(ds, fmt, a, la, opts, err);
        return st ? st : read_one(ds, fmt, b, lb, opts, err);
    }
    case CRED_DS_FAKENEWSNET: {
        reader r = {ds, opts, path, err};
        size_t before = ds->n;
        cred_status st = fnn_walk(&r, path, NULL, 0);
        if (!st && ds->n == before)
            return cred__err(err, CRED_EFORMAT,
                             "%s: no articles found (expected */FakeNewsContent/*.json and "
                             "*/RealNewsContent/*.json)", path);
        return st;
    }
    case CRED_DS_FAKENEWSAMT: {
        reader r = {ds, opts, path, err};
        size_t before = ds->n;
        cred_status st = amt_read(&r, path);
        if (!st && ds->n == before)
            return cred__err(err, CRED_EFORMAT,
                             "%s: no articles found (expected legit/*.txt and fake/*.txt)",
                             path);
        return st;
    }
    default: return read_one(ds, fmt, path, NULL, opts, err);
    }
}

/* ---- export -------------------------------------------------------------------------- */

static void put_escaped(cred__buf *b, cred_str s)
{
    size_t i = 0;
    while (i < s.n) {
        size_t j = i;
        while (j < s.n && s.p[j] != '\\' && s.p[j] != '\n' && s.p[j] != '\t' && s.p[j] != '\r')
            j++;
        cred__buf_put(b, s.p + i, j - i);
        if (j >= s.n)
            break;
        char c = s.p[j];
        cred__buf_put(b, c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\t' ? "\\t" : "\\r", 2);
        i = j + 1;
    }
}

cred_status cred__record_fulltext(const cred_record *r, cred__buf *b)
{
    if (r->title.n) {
        cred__buf_put(b, r->title.p, r->title.n);
        cred__buf_put(b, "\n\n", 2);
    }
    cred__buf_put(b, r->text.p, r->text.n);
    return b->oom ? CRED_ENOMEM : CRED_OK;
}

cred_status cred_dataset_write_tsv(const cred_dataset *ds, const char *path, cred_error *err)
{
    bool is_stdout = !strcmp(path, "-");
    FILE *f = is_stdout ? stdout : fopen(path, "wb");
    if (!f)
        return cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
    cred__buf b = {0}, t = {0};
    cred_status st = CRED_OK;
    for (size_t i = 0; i < ds->n && !st; i++) {
        b.n = t.n = 0;
        const cred_record *r = &ds->recs[i];
        cred_str lab = r->label;
        for (size_t j = 0; j < lab.n; j++) /* a label cannot hold TAB/newline in tsv */
            cred__buf_putc(&b, (lab.p[j] == '\t' || lab.p[j] == '\n' || lab.p[j] == '\r')
                                   ? ' '
                                   : lab.p[j]);
        cred__buf_putc(&b, '\t');
        cred__record_fulltext(r, &t);
        put_escaped(&b, (cred_str){t.p ? t.p : "", t.n});
        cred__buf_putc(&b, '\n');
        if (b.oom || t.oom)
            st = cred__err(err, CRED_ENOMEM, "out of memory");
        else if (fwrite(b.p, 1, b.n, f) != b.n)
            st = cred__err(err, CRED_EIO, "%s: write error", path);
    }
    cred__buf_free(&b);
    cred__buf_free(&t);
    if (is_stdout) {
        if (fflush(f) && !st)
            st = cred__err(err, CRED_EIO, "%s: write error", path);
    } else if (fclose(f) && !st) {
        st = cred__err(err, CRED_EIO, "%s: write error", path);
    }
    return st;
}
