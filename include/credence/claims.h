/*
 * credence/claims.h - a knowledge base of claims fact-checkers have already
 * checked, and the search that answers "has this been checked already?".
 *
 * A claims DB is one SQLite file (schema in docs/claims.md): every claim with
 * its fact-check's title, normalized verdict (and the source's raw label),
 * fact-checker, URL, date, language and speaker, indexed by FTS5 (porter
 * stemmer).  A search ranks candidates by BM25 over claim and title, then
 * re-ranks them with a small logistic model (data/claims/rerank.tsv) whose
 * output is a calibrated probability that the candidate states the same
 * claim; candidates below the threshold are not reported.
 *
 * Threads: a cred_claims handle may be shared by threads for searching; the
 * searches on one handle are serialized by a lock inside it (open one handle
 * per thread for parallel searches).  Writing (cred_claims_begin ..
 * cred_claims_commit) needs a handle opened with CRED_CLAIMS_WRITE and one
 * thread.
 */
#ifndef CREDENCE_CLAIMS_H
#define CREDENCE_CLAIMS_H

#include "credence/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The schema version this library reads and writes (PRAGMA user_version of
 * the DB).  A DB of another version is refused with CRED_EFORMAT. */
#define CRED_CLAIMS_SCHEMA 1

/* The normalized verdict of a fact-check. */
typedef enum cred_claim_verdict {
    CRED_CLAIM_UNRATED = 0,   /* no verdict, or one that is not on the scale */
    CRED_CLAIM_FALSE,         /* false, pants on fire, fake */
    CRED_CLAIM_MOSTLY_FALSE,  /* mostly false, barely true, misleading */
    CRED_CLAIM_MIXED,         /* half true, mixture */
    CRED_CLAIM_MOSTLY_TRUE,
    CRED_CLAIM_TRUE,
    CRED_CLAIM__COUNT
} cred_claim_verdict;

/* "unrated", "false", "mostly-false", "mixed", "mostly-true", "true". */
CRED_API const char *cred_claim_verdict_name(cred_claim_verdict v);

/* Normalizes a fact-checker's raw label ("pants-fire", "Mostly False",
 * "Mixture", "barely-true") with the table of data/claims/verdicts.tsv
 * (case, '-' and '_' ignored); an unknown label is CRED_CLAIM_UNRATED. */
CRED_API cred_claim_verdict cred_claim_verdict_parse(const char *raw, size_t n);

/* One fact-checked claim.  Strings are NUL-terminated UTF-8; any may be
 * NULL (empty) except id and claim.  In results they are owned by the
 * result; given to cred_claims_put they are borrowed. */
typedef struct cred_claim {
    const char *id;            /* unique in the DB; re-adding it updates */
    const char *claim;         /* the claim as the fact-check states it */
    const char *title;         /* the fact-check's headline */
    cred_claim_verdict verdict;
    const char *verdict_raw;   /* the source's own label ("pants-fire") */
    const char *fact_checker;  /* "Snopes", "PolitiFact", ... */
    const char *url;           /* the fact-check's page */
    const char *date;          /* as published (not parsed) */
    const char *language;      /* BCP 47 code ("en") */
    const char *speaker;       /* who made the claim */
    const char *context;       /* where it was made ("a TV ad") */
} cred_claim;

/* An open claims DB.  Opaque. */
typedef struct cred_claims cred_claims;

enum {
    CRED_CLAIMS_READ = 0,      /* read only; the file must be a claims DB */
    CRED_CLAIMS_WRITE = 1u << 0 /* read-write; creates the file if missing */
};

/* Opens the claims DB at `path`.  Errors (CRED_EFORMAT unless said): a file
 * that is not SQLite or not a claims DB ("PATH: not a credence claims DB"),
 * a DB of another schema version ("PATH: claims DB schema version N, this
 * credence reads 1"), a missing file when reading (CRED_EIO).  `data_dir`
 * (may be NULL) overrides the built-in data/claims/ files, as for
 * cred_ctx_new.  On success *out must be closed with cred_claims_close. */
CRED_API cred_status cred_claims_open(const char *path, unsigned flags, const char *data_dir,
                                      cred_claims **out, cred_error *err);
/* Closes the DB (rolling back an open transaction).  NULL is allowed. */
CRED_API void cred_claims_close(cred_claims *db);

/* The default DB: `path` when not NULL, else $CREDENCE_CLAIMS when set,
 * else claims.db in the first of <exe>/../share/credence/, the running
 * executable's directory (the build tree: build/claims.db, written by
 * `make claims-db`), PREFIX/share/credence/ - never the working directory.
 * Writes the path into out[0..cap) and returns CRED_OK, or CRED_EIO when
 * no file exists (the message lists where it looked). */
CRED_API cred_status cred_claims_find(const char *path, char *out, size_t cap,
                                      cred_error *err);

/* ---- building ------------------------------------------------------------ */

/* The input formats (docs/claims.md). */
typedef enum cred_claims_format {
    CRED_CLAIMS_CLEF = 0,     /* CheckThat! verified_claims.docs.tsv */
    CRED_CLAIMS_SNOPES,       /* CheckThat! 2022 Snopes collection TSV */
    CRED_CLAIMS_LIAR,         /* LIAR train/valid/test.tsv (PolitiFact) */
    CRED_CLAIMS_JSONL,        /* one JSON object per line (docs/claims.md) */
    CRED_CLAIMS_CLAIMREVIEW   /* schema.org ClaimReview JSON-LD */
} cred_claims_format;

/* "clef", "snopes", "liar", "jsonl", "claimreview" -> *out; CRED_EINVAL
 * for another name. */
CRED_API cred_status cred_claims_format_parse(const char *name, cred_claims_format *out,
                                              cred_error *err);

/* A write transaction: everything put between begin and commit is stored
 * together or not at all (an interrupted build leaves the DB as it was). */
CRED_API cred_status cred_claims_begin(cred_claims *db, cred_error *err);
CRED_API cred_status cred_claims_commit(cred_claims *db, cred_error *err);
CRED_API void cred_claims_rollback(cred_claims *db);

/* Adds one claim, or replaces the claim with the same id.  Needs id and
 * claim (CRED_EINVAL otherwise).  Text is stored as valid UTF-8 (invalid
 * bytes, C0/C1 controls and U+FEFF removed). */
CRED_API cred_status cred_claims_put(cred_claims *db, const cred_claim *c, cred_error *err);

/* Reads the claims of one file in format `f` from buf[0..n) and puts each
 * (inside the caller's transaction, or its own when there is none).  A
 * byte-order mark and CRLF line ends are accepted.  `name` is used in
 * messages: a malformed record fails with CRED_EFORMAT "NAME:LINE: ...".
 * *n_put (may be NULL) gets the number of claims put. */
CRED_API cred_status cred_claims_import(cred_claims *db, cred_claims_format f, const char *name,
                                        const char *buf, size_t n, size_t *n_put,
                                        cred_error *err);

/* ---- searching ----------------------------------------------------------- */

/* Number of re-ranker features (data/claims/rerank.tsv, docs/claims.md). */
#define CRED_CLAIMS_NFEAT 12

typedef struct cred_claims_search_opts {
    size_t top;          /* at most this many matches; 0: 5 */
    double min_prob;     /* report matches with probability >= this; < 0
                            (the default): the DB's threshold from
                            data/claims/rerank.tsv */
    int plain_bm25;      /* the baseline: BM25 order, no re-ranking, no
                            threshold; prob is 0 */
    const char *language; /* only claims in this language, or NULL */
    size_t candidates;   /* BM25 candidates re-ranked; 0: 30 */
    void *reserved[4];   /* zeroed by cred_claims_search_opts_init */
} cred_claims_search_opts;

CRED_API void cred_claims_search_opts_init(cred_claims_search_opts *o);

/* One match.  `features` are the re-ranker's inputs (for refitting it:
 * bench/claims-fit.py). */
typedef struct cred_claim_match {
    cred_claim claim;   /* owned by the result */
    double prob;        /* calibrated probability that it is the same claim */
    double bm25;        /* FTS5 BM25 over claim + title (higher: better) */
    double features[CRED_CLAIMS_NFEAT];
} cred_claim_match;

typedef struct cred_claim_matches {
    cred_claim_match *v; /* best first */
    size_t n;
} cred_claim_matches;

/* Searches the DB for claims that `text` (a sentence, a post, a tweet)
 * states.  The text is cleaned first: URLs, pic.twitter.com links and a
 * tweet's "— Name (@handle) Month D, YYYY" signature are removed,
 * hashtags split into words.  The FTS5 query is built from the words alone
 * (each quoted): no user text is ever FTS5 syntax.  Empty text gives no
 * matches.  *out is freed with cred_claim_matches_free. */
CRED_API cred_status cred_claims_search(const cred_claims *db, const char *text, size_t n,
                                        const cred_claims_search_opts *o,
                                        cred_claim_matches **out, cred_error *err);
CRED_API void cred_claim_matches_free(cred_claim_matches *m);

/* The DB's default match threshold (data/claims/rerank.tsv `threshold`). */
CRED_API double cred_claims_threshold(const cred_claims *db);

/* ---- statistics ---------------------------------------------------------- */

typedef struct cred_claims_stats {
    long long n_claims;
    long long by_verdict[CRED_CLAIM__COUNT];
    long long n_fact_checkers; /* distinct fact_checker values */
    long long n_languages;     /* distinct language values */
    int schema;                /* CRED_CLAIMS_SCHEMA */
} cred_claims_stats;

CRED_API cred_status cred_claims_stats_get(const cred_claims *db, cred_claims_stats *st,
                                           cred_error *err);

#ifdef __cplusplus
}
#endif

#endif /* CREDENCE_CLAIMS_H */
