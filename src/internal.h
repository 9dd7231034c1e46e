/*
 * internal.h - helpers shared by the library's modules.  Not installed.
 *
 * Naming: public symbols are cred_*, internal non-static ones cred__*.
 *
 * Three building blocks are used everywhere:
 *  - cred__buf:  a growable byte buffer (always NUL-terminated when non-empty).
 *  - cred__tbuf: a growable UTF-8 text in which every byte remembers the range
 *                of the *original input* it came from.  Each pipeline step
 *                reads one tbuf and writes the next, so offsets back to the
 *                input survive every repair and removal without a separate
 *                mapping pass.  Origins are kept as runs (cred__orun): an
 *                "identity" run maps its k-th byte to input byte in+k, a
 *                "replacement" run maps all its bytes to one input range.
 *                Ordinary text is a handful of identity runs, so copying a
 *                step's text costs a memcpy, not 9 bytes of bookkeeping per
 *                byte (per-byte arrays spent ~40% of bench/clean.sh in
 *                copies and page faults).  Origins are 32-bit (inputs are
 *                limited to CRED_MAX_INPUT < 4 GiB) and non-decreasing,
 *                because no step reorders text.  Truncating (t->n = k) is
 *                allowed; runs past the end are dropped on the next append.
 *  - cred__edits: the list of repairs and removals, recorded with input
 *                ranges; their offsets in the cleaned text are filled in at
 *                the end (cred__edits_finish).
 * Allocation failure inside these helpers sets a sticky `oom` flag that the
 * caller checks once at the end of a step instead of after every append.
 */
#ifndef CREDENCE_INTERNAL_H
#define CREDENCE_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "credence.h"

#if defined(__GNUC__)
#define CRED__PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CRED__PRINTF(a, b)
#endif

/* ---- errors ---------------------------------------------------------- */

/* Sets err (if not NULL) and returns `code`. */
cred_status cred__err(cred_error *err, cred_status code, const char *fmt, ...)
    CRED__PRINTF(3, 4);

/* ---- growable byte buffer ------------------------------------------- */

typedef struct cred__buf {
    char *p;
    size_t n, cap;
    bool oom;
} cred__buf;

void cred__buf_free(cred__buf *b);
bool cred__buf_reserve(cred__buf *b, size_t extra);
void cred__buf_put(cred__buf *b, const void *s, size_t n);
void cred__buf_putc(cred__buf *b, char c);
void cred__buf_puts(cred__buf *b, const char *s);
void cred__buf_printf(cred__buf *b, const char *fmt, ...) CRED__PRINTF(2, 3);
/* Appends code point `cp` as UTF-8. */
void cred__buf_put_utf8(cred__buf *b, int32_t cp);
/* Detaches the contents (NUL-terminated, never NULL unless oom). */
char *cred__buf_take(cred__buf *b, size_t *n);

/* A growable array of anything: `CRED__VEC(T)` declares {T *v; size_t n, cap;}. */
#define CRED__VEC(T)       \
    struct {               \
        T *v;              \
        size_t n, cap;     \
    }
/* Makes room for one more element; false on allocation failure. */
bool cred__vec_grow(void **v, size_t *cap, size_t n, size_t elem);
#define CRED__VEC_PUSH(vec, val)                                              \
    (((vec).n < (vec).cap ||                                                  \
      cred__vec_grow((void **)&(vec).v, &(vec).cap, (vec).n, sizeof *(vec).v)) \
         ? ((vec).v[(vec).n++] = (val), true)                                 \
         : false)

/* ---- text with origins ----------------------------------------------- */

typedef struct cred__orun {
    uint32_t out;   /* first byte of the run in the text */
    uint32_t in;    /* input offset of that byte (identity) or of the range */
    uint32_t end;   /* replacement runs: end of the input range; identity: 0 */
    uint32_t ident; /* 1: identity run */
} cred__orun;

typedef struct cred__tbuf {
    char *p;
    size_t n, cap;
    CRED__VEC(cred__orun) runs;
    size_t hint; /* run of the last lookup: a cache, so lookups take a const tbuf */
    bool oom;
} cred__tbuf;

void cred__tbuf_free(cred__tbuf *t);
bool cred__tbuf_reserve(cred__tbuf *t, size_t extra);
/* Appends bytes that all come from input range [os, oe) (a replacement). */
void cred__tbuf_put(cred__tbuf *t, const char *s, size_t n, uint32_t os, uint32_t oe);
/* Appends bytes copied verbatim from the input at offset `os` (byte k of s
 * is input byte os + k). */
void cred__tbuf_put_ident(cred__tbuf *t, const char *s, size_t n, uint32_t os);
/* Appends src's bytes [from, to) with their own origins (a copy). */
void cred__tbuf_copy(cred__tbuf *t, const cred__tbuf *src, size_t from, size_t to);
/* Appends `s` as a replacement of src's bytes [from, to). */
void cred__tbuf_replace(cred__tbuf *t, const cred__tbuf *src, size_t from,
                        size_t to, const char *s, size_t n);
/* Origin start / end of byte i (i < t->n). */
uint32_t cred__tbuf_os(const cred__tbuf *t, size_t i);
uint32_t cred__tbuf_oe(const cred__tbuf *t, size_t i);
/* Input range covered by t's bytes [from, to) (from < to). */
static inline cred_span cred__tbuf_origin(const cred__tbuf *t, size_t from, size_t to)
{
    cred_span s = {cred__tbuf_os(t, from), cred__tbuf_oe(t, to - 1)};
    return s;
}
/* The first byte whose origin start is >= `in` (t->n if none). */
size_t cred__tbuf_find(const cred__tbuf *t, uint32_t in);
/* Sets the origin end of the last byte (t->n > 0) to `oe`. */
void cred__tbuf_set_last_end(cred__tbuf *t, uint32_t oe);
/* Clamps origins so they never decrease (for text a parser may have moved,
 * e.g. foster-parented out of a table). */
void cred__tbuf_monotone(cred__tbuf *t);
/* Empties t, keeping its memory. */
static inline void cred__tbuf_clear(cred__tbuf *t)
{
    t->n = 0;
    t->runs.n = 0;
}
/* Moves the contents of `from` into `to` (freeing what `to` had). */
void cred__tbuf_move(cred__tbuf *to, cred__tbuf *from);

/* ---- edits ------------------------------------------------------------ */

typedef struct cred__edit {
    cred_edit_kind kind;
    cred_span input;
    char *replacement; /* owned, NUL-terminated (may be "") */
    size_t replacement_n;
    const char *rule;   /* static or owned by the context */
    const char *detail; /* static or owned by the context */
} cred__edit;

typedef struct cred__edits {
    CRED__VEC(cred__edit) e;
    bool oom;
} cred__edits;

void cred__edits_add(cred__edits *ed, cred_edit_kind kind, cred_span input,
                     const char *repl, size_t repl_n, const char *rule,
                     const char *detail);
void cred__edits_free(cred__edits *ed);

/* ---- UTF-8 ------------------------------------------------------------ */

/* Decodes one code point at s[0..n) (n >= 1).  Returns its length (1-4) and
 * stores the code point, or returns 0 if the bytes are not valid UTF-8
 * (overlong, surrogate, > U+10FFFF, truncated). */
size_t cred__utf8_decode(const unsigned char *s, size_t n, int32_t *cp);
/* Encodes cp into out[4]; returns the length. */
size_t cred__utf8_encode(int32_t cp, char *out);
/* ---- CSV: the one RFC 4180 reader (ISOT datasets, OpenSources lists) ------ */

/* Fields are separated by ',', records by LF or CRLF (or a lone CR); a field
 * in double quotes may hold ',', newlines and "" (one quote).  A UTF-8 BOM at
 * the start is skipped.  Malformed: an unterminated quoted field, text after
 * a closing quote, a quote inside an unquoted field. */
typedef CRED__VEC(cred__buf) cred__csvfields;
typedef struct cred__csv {
    const char *p, *end;
    size_t line; /* line of the next record (1-based): for file:line errors */
} cred__csv;
void cred__csv_init(cred__csv *c, const char *data, size_t n);
/* Reads the next record: its fields into f->v[0..*nf) (buffers reused across
 * calls; a field's text is f->v[i].p[0..f->v[i].n), p may be NULL when
 * empty).  Returns 1 for a record, 0 at the end, -1 malformed (*why says how;
 * reading resumes after the bad record's line), -2 out of memory. */
int cred__csv_next(cred__csv *c, cred__csvfields *f, size_t *nf, const char **why);
void cred__csv_fields_free(cred__csvfields *f);

/* THE definition of a word character, shared by every tokenizer (the
 * pipeline's cred__tokenize, the analysis tokens, the learning featurizer;
 * docs/text-pipeline.md, "What a word is"): a code point of the Unicode
 * general categories L* (letters), M* (combining marks) or N* (digits and
 * other numbers).  ASCII: A-Z, a-z, 0-9. */
bool cred__is_word_cp(int32_t cp);

/* ---- PCRE2 JIT ----------------------------------------------------------- */

/* False when the environment has CREDENCE_NO_JIT set (to anything but ""):
 * PCRE2's JIT reads aligned words past the subject's end by design, which
 * valgrind reports as uninitialised reads (pcre2 issue #654); tests that run
 * under valgrind set it.  Patterns then run in PCRE2's interpreter. */
bool cred__jit_enabled(void);

/* ---- data files ------------------------------------------------------- */

/* One data file compiled into the library (generated by tools/embed.c). */
typedef struct cred__embedded {
    const char *name;
    const unsigned char *data;
    size_t len;
} cred__embedded;
extern const cred__embedded cred__embedded_files[];
extern const size_t cred__embedded_count;

/* Iterates over a data file's lines, skipping blank ones and '#' comments.
 * `line` is the 1-based line number, for error messages. */
typedef struct cred__lines {
    const char *p, *end;
    size_t line;
} cred__lines;
void cred__lines_init(cred__lines *it, cred_str text);
/* Next non-empty, non-comment line (without its newline); false at the end. */
bool cred__lines_next(cred__lines *it, cred_str *out);
/* Splits `line` at tabs into at most `max` fields; returns the count. */
size_t cred__split_tabs(cred_str line, cred_str *fields, size_t max);
/* A NUL-terminated copy of p[0..n) (p may be NULL when n is 0); NULL on
 * out-of-memory. */
char *cred__strndup(const char *p, size_t n);
static inline char *cred__str_dup(cred_str s) { return cred__strndup(s.p, s.n); }
/* s is exactly the word w. */
bool cred__str_is(cred_str s, const char *w);
/* s is a whole finite number (strtod, under 64 bytes): *out gets it. */
bool cred__str_double(cred_str s, double *out);

/* data.c (layer 0): returns the contents of data file `name` (e.g.
 * "chrome.tsv"): from the context's data_dir when it has the file, else the
 * built-in copy.  Only a module's load calls it; files read from data_dir
 * stay in ctx->owned until cred__ctx_data_free (called by cred_ctx_free). */
cred_status cred__ctx_data(cred_ctx *ctx, const char *name, cred_str *out,
                           cred_error *err);
void cred__ctx_data_free(cred_ctx *ctx);

/* ---- the context ------------------------------------------------------ */

/* Every module's load and free below is called from ctx.c's table only. */

struct cred__chrome;   /* chrome.c */
struct cred__segdata;  /* segment.c */
struct cred__fixdata;  /* fix.c */

struct cred_ctx {
    char *data_dir;                  /* override directory or NULL */
    CRED__VEC(char *) owned;         /* file contents read from data_dir */
    struct cred__chrome *chrome;
    struct cred__segdata *seg;
    struct cred__fixdata *fix;
    struct cred__analysis *analysis; /* analysis/load.c: cues, lexicons, gazetteer */
    struct cred__learndata *learn;   /* learn/features.c: --strip-leaks rules */
    struct cred_outlets *outlets;        /* score/sources.c: built-in outlet table */
    struct cred_score_config *score_cfg; /* score/config.c: built-in score config */
    struct cred__lang *lang_en;          /* score/rate.c: English function words */
    struct cred__genredata *genre;       /* score/sig_genre.c: satire/opinion cues */
    struct cred__htmldata *html;         /* html/data.c: class/id hints, title separators */
};

/* html/: HTML pages (src/html/page.h has the module's own internals). */
struct cred__html_meta;
cred_status cred__html_load(cred_ctx *ctx, cred_error *err);
void cred__html_free(struct cred__htmldata *h);
/* Parses an HTML page and writes its article as text into `out`: title on
 * the first line, blank line, paragraphs separated by blank lines, every
 * byte's origin a byte range of the ORIGINAL page `in` (characters from a
 * character reference map to the whole reference, recorded as
 * CRED_EDIT_ENTITY edits in `ed`).  `meta` (may be NULL) receives the
 * page's metadata.  Fails with CRED_EFORMAT (binary data, absurd nesting)
 * or CRED_ENOMEM, leaving `out` empty. */
cred_status cred__html_decode(const cred_ctx *ctx, const char *in, size_t n, cred__tbuf *out,
                              cred__edits *ed, struct cred__html_meta *meta, cred_error *err);
/* clean.c: cred_clean with a place for the page metadata when the input is
 * HTML (meta != NULL forces HTML and makes an HTML failure an error).  The
 * pipeline chooses the ingest (cred__html_decode or cred__decode), then runs
 * its steps; article.c's cred_extract calls it with meta. */
cred_status cred__clean_ex(const cred_ctx *ctx, const char *in, size_t n,
                           const cred_clean_opts *opts, struct cred__html_meta *meta,
                           cred_doc **out, cred_error *err);

/* score/: built-in outlet table and score configuration. */
cred_status cred__outlets_load(cred_ctx *ctx, cred_error *err);
cred_status cred__score_load(cred_ctx *ctx, cred_error *err);
void cred__score_free(cred_ctx *ctx);
/* score/rate.c: English function words; score/sig_genre.c: genre cues. */
struct cred__lang;
struct cred__genredata;
cred_status cred__lang_load(cred_ctx *ctx, cred_error *err);
void cred__lang_free(struct cred__lang *l);
cred_status cred__genre_load(cred_ctx *ctx, cred_error *err);
void cred__genre_free(struct cred__genredata *g);

/* learn/features.c: the --strip-leaks rules (data/learn/leaks.tsv). */
cred_status cred__learn_load(cred_ctx *ctx, cred_error *err);
void cred__learn_free(struct cred__learndata *d);

/* analysis/load.c: the analysis data files (data/analysis/). */
cred_status cred__analysis_load(cred_ctx *ctx, cred_error *err);
void cred__analysis_free(struct cred__analysis *a);
/* analysis/json.c: the analysis as a JSON object (docs/analysis.md), for
 * commands that embed it (score). */
struct json_t *cred__analysis_json(const cred_doc *doc, const cred_analysis *a);

/* ---- pipeline steps (each in its own module) --------------------------- */

/* decode.c: bytes -> valid UTF-8 with LF newlines, controls removed.
 * cred__cp1252 gives a byte's Windows-1252 code point (Latin-1 for undefined). */
int32_t cred__cp1252(unsigned char b);
void cred__decode(const char *in, size_t n, cred__tbuf *out, cred__edits *ed);

/* fix.c: entities, mojibake, NFC (+ CRED_FIX_* flags). */
cred_status cred__fix_load(cred_ctx *ctx, cred_error *err);
void cred__fix_free(struct cred__fixdata *f);
void cred__fix(const cred_ctx *ctx, const cred__tbuf *in, unsigned flags,
               cred__tbuf *out, cred__edits *ed);
/* When cred_fix_text(ctx, in, n, flags) would only take its fast paths (copy,
 * straighten quotes), appends exactly its result to `out` and returns true;
 * else false and `out` unchanged (flags: 0 or CRED_FIX_UNCURL_QUOTES); an
 * allocation failure sets out->oom. */
bool cred__fix_fast_only(const cred_ctx *ctx, const char *in, size_t n, unsigned flags,
                         cred__buf *out);

/* chrome.c: page-chrome rules. */
cred_status cred__chrome_load(cred_ctx *ctx, cred_error *err);
void cred__chrome_free(struct cred__chrome *c);

/* segment.c: sentence and token boundaries inside one paragraph. */
cred_status cred__segment_load(cred_ctx *ctx, cred_error *err);
void cred__segment_free(struct cred__segdata *s);
typedef CRED__VEC(cred_span) cred__spanvec;
/* Appends sentence spans of text[0..n) (offsets relative to text) to out.
 * `quote_open` carries the quotation state across paragraphs: on entry,
 * whether a quotation opened in an earlier paragraph is still open; on exit,
 * whether one is open at the end of this one. */
bool cred__segment_sentences(const cred_ctx *ctx, const char *text, size_t n,
                             bool *quote_open, cred__spanvec *out);
typedef CRED__VEC(cred_token) cred__tokvec;
/* Appends tokens of text[0..n) (offsets relative to text, plus `base`). */
bool cred__tokenize(const char *text, size_t n, size_t base, cred__tokvec *out);

/* json.c: JSON building blocks shared by the modules that print JSON. */
struct json_t;
/* {"start","end"[,"text"],"input_start","input_end"} for a span of doc. */
struct json_t *cred__json_span(const cred_doc *doc, cred_span s, bool with_text);
/* score/report.c: an outlet's reputation entry (key, factuality, types,
 * bias, origin), as in `score --json` and `sources lookup --json`. */
struct cred_outlet;
/* score/report.c: the verdict as a JSON tree (flags: CRED_JSON_BRIEF). */
struct json_t *cred__verdict_json(const struct cred_verdict *v, unsigned flags);
struct json_t *cred__outlet_json(const struct cred_outlet *o);
/* The whole document as a JSON object (tokens included when asked). */
struct json_t *cred__doc_json(const cred_doc *doc, bool tokens);
/* The same object written compactly to f element by element (flat memory);
 * false on a write error. */
bool cred__doc_json_stream(const cred_doc *doc, bool tokens, FILE *f);
/* article.c: an article (cred_extract) as a JSON object (docs/html.md);
 * with_doc adds the whole cleaned document as "document". */
struct json_t *cred__article_json(const cred_article *a, bool with_doc);

#endif /* CREDENCE_INTERNAL_H */
