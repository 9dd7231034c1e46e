/*
 * credence/core.h - strings, errors, limits and the shared context.
 *
 * Every other part of the public API takes a `cred_ctx`: the immutable set of
 * resources (word lists, patterns, abbreviation tables, models) loaded once at
 * start-up.  A context is never modified after cred_ctx_new() returns, so one
 * context may be shared by any number of threads.  The library keeps no global
 * mutable state.
 *
 * Conventions
 *  - A string is a pointer and a byte length (`cred_str`); text is UTF-8.
 *  - Functions that can fail return a `cred_status` and fill a `cred_error`
 *    (which may be NULL when the caller does not want the message).
 *  - Objects returned to the caller are freed with the matching *_free().
 */
#ifndef CREDENCE_CORE_H
#define CREDENCE_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Version of these headers.  The library the program runs with may be newer:
 * cred_version() and cred_version_number() give the run-time one.  What a
 * version number promises (ABI, so-version): docs/api.md.
 */
#define CRED_VERSION_MAJOR 0
#define CRED_VERSION_MINOR 2
#define CRED_VERSION_PATCH 0
#define CRED_VERSION "0.2.0" /* "MAJOR.MINOR.PATCH" of the three above */
/* One number that orders versions: MAJOR * 1000000 + MINOR * 1000 + PATCH. */
#define CRED_VERSION_NUMBER                                                        \
    (CRED_VERSION_MAJOR * 1000000 + CRED_VERSION_MINOR * 1000 + CRED_VERSION_PATCH)

/*
 * CRED_API marks every function of the public API.  The library is built with
 * -fvisibility=hidden, so only what carries it is exported from
 * libcredence.so (tests/t_symbols.sh checks the list); internal functions
 * (cred__*, an_*) stay inside.
 */
#ifndef CRED_API
#if defined(__GNUC__) || defined(__clang__)
#define CRED_API __attribute__((visibility("default")))
#else
#define CRED_API
#endif
#endif

/* The run-time library's version: "MAJOR.MINOR.PATCH" (static string) and
 * CRED_VERSION_NUMBER as the library was built.  A program compiled against
 * older headers can check that the library is at least what it needs. */
CRED_API const char *cred_version(void);
CRED_API int cred_version_number(void);

/* A borrowed byte string: `p` need not be NUL-terminated. */
typedef struct cred_str {
    const char *p;
    size_t n;
} cred_str;

/* Status codes. The CLI maps them to exit codes (docs/cli.md). */
typedef enum cred_status {
    CRED_OK = 0,
    CRED_EINVAL = 1,  /* bad argument or option value */
    CRED_ENOMEM = 2,  /* allocation failed */
    CRED_ETOOBIG = 3, /* input over a documented limit */
    CRED_EIO = 4,     /* file could not be read or written */
    CRED_EFORMAT = 5, /* malformed input (file, record, model) */
    CRED_EDATA = 6    /* a data file (patterns, lists) is malformed */
} cred_status;

/* Error details: a one-line message that already names the file and the
 * position where that is known ("chrome.tsv:12: bad regex at column 4: ..."). */
typedef struct cred_error {
    cred_status code;
    char msg[512];
} cred_error;

/* Largest input one document may have, in bytes (256 MiB).  Offsets inside
 * the library are 32-bit, so this must stay below 4 GiB.  Callers may lower it
 * per call (cred_clean_opts.max_input). */
#define CRED_MAX_INPUT ((size_t)256 << 20)

/* Returns a static, human-readable name for a status ("input too large"). */
CRED_API const char *cred_status_str(cred_status s);

/* Flags of the JSON writers that take them (cred_doc_to_json_flags,
 * cred_doc_write_json, cred_article_to_json_flags, cred_verdict_to_json_flags,
 * cred_result_to_json). */
enum {
    CRED_JSON_PRETTY = 1u << 0, /* indented by 2 spaces; default: one line */
    CRED_JSON_TOKENS = 1u << 1, /* documents: the word tokens as well ("tokens") */
    CRED_JSON_DOC = 1u << 2,    /* articles: the whole cleaned document ("document") */
    CRED_JSON_BRIEF = 1u << 3   /* verdicts: no "analysis", "text" or signal
                                   "evidence" (what `score --brief` prints) */
};

/* The resource context.  Opaque. */
typedef struct cred_ctx cred_ctx;

/*
 * Creates a context.  `data_dir` is a directory holding credence's data files
 * (the layout of the repository's data/ folder) that override the built-in
 * copies; NULL uses only the copies compiled into the library, which is what
 * almost every caller wants.  A data file that is present but malformed is an
 * error (CRED_EDATA) naming the file and line.  Returns NULL on failure.
 */
CRED_API cred_ctx *cred_ctx_new(const char *data_dir, cred_error *err);

/* Frees a context.  NULL is allowed. */
CRED_API void cred_ctx_free(cred_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif /* CREDENCE_CORE_H */
