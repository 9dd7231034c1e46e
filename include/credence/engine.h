/*
 * credence/engine.h - one request path for every front end.
 *
 * A `cred_engine` owns what scoring needs - the context (cred_ctx), the
 * article model, the outlet tables (built-in and an optional user table)
 * and the score configuration - and runs one request end to end:
 *
 *   sniff (text or HTML, or the format given) -> extract (HTML) or clean
 *   -> analyze -> score
 *
 * The CLI's `credence score`, and every front end after it (an HTTP
 * service, a binding, batch workers), is a thin layer over these calls, so
 * the same input gives the same verdict, and the same JSON, from all of
 * them.  docs/api.md ("The engine") has the walk-through.
 *
 * Threads: an engine is immutable after cred_engine_new() returns and may
 * be shared by any number of threads; each result belongs to the thread
 * that made it.  The model is found from the given paths, $CREDENCE_MODEL,
 * then the program's install location - never the working directory.
 */
#ifndef CREDENCE_ENGINE_H
#define CREDENCE_ENGINE_H

#include "core.h"
#include "text.h"
#include "html.h"
#include "score.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the engine ------------------------------------------------------------ */

typedef struct cred_engine cred_engine;

typedef struct cred_engine_opts {
    const char *data_dir;    /* data files overriding the built-in copies
                                (cred_ctx_new), or NULL */
    const char *model_path;  /* the article model file, or NULL to search:
                                $CREDENCE_MODEL, then score-article.model in
                                data_dir/models, program_dir/../share/credence/models,
                                program_dir/../data/models and
                                PREFIX/share/credence/models (PREFIX: the
                                library's install prefix).  A given file
                                ($CREDENCE_MODEL included) that cannot be read
                                is an error; none found is a warning
                                (cred_engine_warnings) */
    const char *program_dir; /* the directory of the running executable (the
                                CLI passes the directory of /proc/self/exe),
                                or NULL: not searched */
    int no_model;            /* no article model, no search, no warning */
    const char *sources_path;/* a user outlet table (docs/sources.md) searched
                                before the built-in ones, or NULL; it must exist */
    const char *const *config_paths; /* files in the config format
                                (docs/score.md), applied in order */
    size_t n_config_paths;
    const char *const *settings; /* "NAME=VALUE" overrides (signal weight,
                                "intercept" or a param), after the files */
    size_t n_settings;
    const char *claims_path; /* a claims DB (credence/claims.h, docs/claims.md) for
                                the KNOWN_*_CLAIM signals, "default" for the
                                default DB (cred_claims_find), or NULL: none.
                                A DB asked for that cannot be opened is an error */
    void *reserved[7];       /* room to grow without an ABI break (docs/api.md) */
} cred_engine_opts;

/* Fills `o` with the defaults (all zero: built-in data, model searched
 * without a program directory, built-in outlet table and config). */
CRED_API void cred_engine_opts_init(cred_engine_opts *o);

/*
 * Creates an engine.  Failures (NULL, err filled): CRED_EINVAL for a
 * malformed setting ("--set"-style NAME=VALUE or an unknown name);
 * CRED_EIO for a model, config or sources file that cannot be read;
 * CRED_EFORMAT / CRED_EDATA for a malformed one (the message names file and
 * line); CRED_ENOMEM.  opts NULL means the defaults.
 */
CRED_API cred_engine *cred_engine_new(const cred_engine_opts *opts, cred_error *err);
CRED_API void cred_engine_free(cred_engine *e);

/* Things the caller should tell its user, collected while the engine was
 * made: one line each ("no article model found (looked in ...); MODEL_*
 * signals are off").  *n gets the count; the strings belong to the engine. */
CRED_API const char *const *cred_engine_warnings(const cred_engine *e, size_t *n);

/* The parts, for callers that need them (borrowed, live as long as e). */
CRED_API const cred_ctx *cred_engine_ctx(const cred_engine *e);
/* The article model, or NULL when none is used. */
CRED_API const struct cred_model *cred_engine_model(const cred_engine *e);
/* The path the model was loaded from, or NULL. */
CRED_API const char *cred_engine_model_path(const cred_engine *e);

/*
 * The reproducibility stamp as a JSON object (newly allocated, one line):
 * {"version": "0.2.0", "model": "<16 hex digits>" or null, "config": "<hex>",
 * "outlets": "<hex>"} - the library version and FNV-1a 64-bit hashes of the
 * model file's bytes, of the effective score configuration
 * (cred_score_config_to_tsv) and of the outlet tables (built-in, then user;
 * cred_outlets_to_tsv).  Every result JSON carries it as "stamp".
 */
CRED_API cred_status cred_engine_stamp_json(const cred_engine *e, char **out, cred_error *err);

/* ---- one request ------------------------------------------------------------- */

typedef struct cred_request {
    const char *data;    /* the input bytes (text or an HTML page) ... */
    size_t n;
    const char *path;    /* ... or, when data is NULL, a file the engine reads
                            (within max_input); the results name it ("file") */
    cred_str url;        /* the article's URL, or {NULL, 0}; for HTML pages
                            the page's canonical/og:url stands in when absent */
    cred_str title;      /* a headline given apart from the text, or {NULL, 0}:
                            the input is then "title, blank line, text" */
    cred_format format;  /* CRED_FORMAT_AUTO (default): HTML is sniffed */
    int no_title;        /* the text's first line is not a headline
                            (ignored when `title` is given) */
    size_t max_input;    /* 0: CRED_MAX_INPUT */
    cred_str fields;     /* a JSON object whose members are echoed in the
                            result's JSON (a JSONL line's "id", "label", ...),
                            or {NULL, 0} */
    size_t line;         /* the input line (JSONL), 0 when none */
    void *reserved[8];   /* room to grow without an ABI break */
} cred_request;

CRED_API void cred_request_init(cred_request *r);

/* The outcome of one request: a verdict, or (from the batch calls) an error
 * for that item.  It refers to its engine, which must outlive it. */
typedef struct cred_result cred_result;

/*
 * Runs one request end to end.  On success *out holds the result (free with
 * cred_result_free).  Failures: CRED_EIO (request.path unreadable),
 * CRED_ETOOBIG, CRED_EINVAL (e.g. a malformed `fields`), CRED_ENOMEM.
 */
CRED_API cred_status cred_engine_run(const cred_engine *e, const cred_request *req,
                                     cred_result **out, cred_error *err);
CRED_API void cred_result_free(cred_result *r);

/* The verdict, or NULL when the result is an error. */
CRED_API const cred_verdict *cred_result_verdict(const cred_result *r);
/* The HTML page the document was extracted from, or NULL (text input). */
CRED_API const cred_article *cred_result_article(const cred_result *r);
/* The error message of a failed batch item ("line 3: ..."), or NULL. */
CRED_API const char *cred_result_error(const cred_result *r);
/* The item's input line (JSONL; 0 when none) and its file (or NULL). */
CRED_API size_t cred_result_line(const cred_result *r);
CRED_API const char *cred_result_file(const cred_result *r);

/*
 * The result as JSON (docs/score.md), newly allocated, without a final
 * newline.  Keys: "line" and "id" (a JSONL item), "file" (a file item), the
 * echoed input fields, then the verdict's fields (or "error"), then "stamp".
 * flags: CRED_JSON_PRETTY, CRED_JSON_BRIEF (core.h).
 */
CRED_API cred_status cred_result_to_json(const cred_result *r, unsigned flags, char **out,
                                         cred_error *err);

/*
 * The result as one row of a table (no newline): sep ',' gives CSV (RFC
 * 4180 quoting), '\t' gives TSV (tabs and newlines in values become
 * spaces).  The columns are those of cred_result_row_header().
 */
CRED_API cred_status cred_result_to_row(const cred_result *r, char sep, char **out,
                                        cred_error *err);
/* The header row for `sep` (static string, no newline): line, file, id,
 * input_label, score, raw_score, band, label, genre, outlet,
 * model_p_unreliable, signals, fields, error, version, model, config,
 * outlets (docs/score.md, "Batch"). */
CRED_API const char *cred_result_row_header(char sep);

/* ---- batches ----------------------------------------------------------------- */

/* Called once per item, in input order, on the calling thread; the result
 * is freed after the call.  Return nonzero to stop the batch. */
typedef int (*cred_result_fn)(void *user, size_t index, const cred_result *r);

/*
 * Runs n requests over `threads` threads (0: the number of CPUs) and hands
 * each result to `fn` in input order.  An item that fails gives a result
 * whose cred_result_error() says why; the batch goes on.  The output does
 * not depend on `threads`.  Returns CRED_OK, or CRED_ENOMEM / CRED_EINVAL
 * (fn stopped the batch).  *n_failed (may be NULL) gets the failed items.
 */
CRED_API cred_status cred_engine_batch(const cred_engine *e, const cred_request *reqs, size_t n,
                                       unsigned threads, cred_result_fn fn, void *user,
                                       size_t *n_failed, cred_error *err);

/*
 * The JSONL protocol: data[0..n) holds one JSON object per line,
 * {"text", "title"?, "url"?, ...} (a UTF-8 byte order mark at the start is
 * skipped).  Blank lines are neither scored nor handed to fn; every other
 * line gives one result, in input order, whose JSON starts with "line" and
 * "id" and echoes the line's other fields (not "text", "title", "url").  A
 * line that is not such an object gives an error result.  `base` is the
 * request every line starts from (format, no_title, max_input); NULL: the
 * defaults.  Otherwise as cred_engine_batch.
 */
CRED_API cred_status cred_engine_jsonl(const cred_engine *e, const char *data, size_t n,
                                       const cred_request *base, unsigned threads,
                                       cred_result_fn fn, void *user, size_t *n_failed,
                                       cred_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CREDENCE_ENGINE_H */
