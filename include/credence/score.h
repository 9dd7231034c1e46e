/*
 * credence/score.h - the verdict: outlet reputation, named signals, and a
 * calibrated 0-100 reliability score with its evidence.
 *
 * Three parts, in the order a caller uses them:
 *
 *  1. Outlet reputation (cred_outlets).  A URL is reduced to an outlet key
 *     (host without scheme, "www.", port, trailing dot, lower-cased; plus a
 *     path when a table entry has one, e.g. "newyorker.com/humor").  The
 *     context carries the built-in table: our hand-written list
 *     (data/score/builtin-sources.tsv, ~360 well-known outlets) merged with
 *     the OpenSources import (data/score/opensources-sources.tsv), ours
 *     winning; a caller may search a local table first, e.g. one imported
 *     from the MBFC and OpenSources lists (docs/sources.md).  An outlet in no table is *unknown*: no reputation is
 *     invented for it.
 *
 *  2. Signals.  Each check emits a named signal (CLICKBAIT_HEADLINE,
 *     REPEATED_TEXT, SOURCE_SATIRE, ...) with a strength, a short reason and
 *     evidence spans.  The score is a logistic layer over the signal
 *     strengths: logit = intercept + sum(weight_i * value_i), score =
 *     100 * sigmoid(logit).  Weights, bands and labels come from
 *     data/score/config.tsv and the fitted data/score/weights.tsv
 *     (docs/score.md); a cred_score_config overlays other files and
 *     per-call overrides.
 *
 *  3. Outputs: the verdict as JSON (docs/score.md) and as a standalone HTML
 *     report.
 */
#ifndef CREDENCE_SCORE_H
#define CREDENCE_SCORE_H

#include "core.h"
#include "text.h"
#include "analysis.h"

struct cred_model; /* credence/learn.h */

#ifdef __cplusplus
extern "C" {
#endif

/* ---- outlet reputation ------------------------------------------------ */

/* Factual reporting of an outlet (MBFC's scale). */
typedef enum cred_fact {
    CRED_FACT_UNKNOWN = 0,
    CRED_FACT_HIGH,
    CRED_FACT_MIXED,
    CRED_FACT_LOW
} cred_fact;

/* Outlet types (OpenSources' vocabulary plus our own wire/broadcaster). */
enum {
    CRED_SRC_RELIABLE = 1u << 0,
    CRED_SRC_WIRE = 1u << 1,        /* news agency (ours) */
    CRED_SRC_BROADCASTER = 1u << 2, /* public broadcaster (ours) */
    CRED_SRC_SATIRE = 1u << 3,
    CRED_SRC_FAKE = 1u << 4,
    CRED_SRC_CONSPIRACY = 1u << 5,
    CRED_SRC_JUNKSCI = 1u << 6,
    CRED_SRC_CLICKBAIT = 1u << 7,
    CRED_SRC_UNRELIABLE = 1u << 8,
    CRED_SRC_BIAS = 1u << 9,
    CRED_SRC_HATE = 1u << 10,
    CRED_SRC_POLITICAL = 1u << 11,
    CRED_SRC_RUMOR = 1u << 12,
    CRED_SRC_STATE = 1u << 13,
    CRED_SRC__COUNT = 14
};

/* "high" / "mixed" / "low" / "unknown". */
CRED_API const char *cred_fact_name(cred_fact f);
/* Name of one type bit ("satire"), NULL for an unknown bit. */
CRED_API const char *cred_src_type_name(unsigned bit);
/* Parses a type label as the public lists spell it, dirty forms included
 * ("fake ", "Conspiracy", "unrealiable", "fake news", "satirical").  Returns
 * the bit, or 0 when the label is empty or not a type we know. */
CRED_API unsigned cred_src_type_parse(cred_str label);

/* One outlet.  Strings are owned by the table. */
typedef struct cred_outlet {
    const char *key;    /* normalized "host[/path]" */
    cred_fact fact;
    unsigned types;     /* CRED_SRC_* bits */
    const char *bias;   /* "left", "center", "extreme-right", ... or "" */
    const char *origin; /* where it came from: "builtin", "mbfc", "opensources", ... */
} cred_outlet;

/* A reputation table.  Not thread-safe while being filled; read-only use
 * (lookups) may be shared. */
typedef struct cred_outlets cred_outlets;

CRED_API cred_outlets *cred_outlets_new(void);
CRED_API void cred_outlets_free(cred_outlets *t);
CRED_API size_t cred_outlets_count(const cred_outlets *t);
/* The i-th entry in key order. */
CRED_API const cred_outlet *cred_outlets_at(const cred_outlets *t, size_t i);

/*
 * Adds the entries of a table in credence's own TSV format (docs/sources.md)
 * held in data[0..n).  `name` names the file in error messages.  Entries
 * whose key is already present are merged (types united, a known factuality
 * or bias replaces an unknown one, the later known one wins).
 */
CRED_API cred_status cred_outlets_load(cred_outlets *t, const char *data, size_t n,
                                       const char *name, cred_error *err);

/*
 * Imports one of the public lists: `format` is "mbfc" (the Baly et al.
 * corpus.tsv), "opensources" (sources.json or sources.csv; which one is
 * sniffed from the content) .  Dirty labels are normalized, repeated keys
 * merged, entries with no usable label skipped.  On success *added (if not
 * NULL) holds the number of entries read.
 */
CRED_API cred_status cred_outlets_import(cred_outlets *t, const char *format, const char *data,
                                         size_t n, const char *name, size_t *added,
                                         cred_error *err);

/* Writes the table in credence's TSV format (newly allocated, NUL-terminated). */
CRED_API cred_status cred_outlets_to_tsv(const cred_outlets *t, char **out, size_t *n,
                                         cred_error *err);

/*
 * Reduces a URL (or a bare domain) to the outlet key: "HTTPS://WWW.BBC.co.uk.:443/news/x?y"
 * -> "bbc.co.uk/news/x".  The query and fragment are dropped, the path kept
 * (lookups match its leading segments).  IDNs are kept as written.  Returns
 * CRED_EINVAL when there is no host.  The result (NUL-terminated) is
 * truncated to cap - 1 bytes.
 */
CRED_API cred_status cred_url_outlet(cred_str url, char *out, size_t cap, cred_error *err);

/*
 * Finds the outlet of `url` in `t`: the longest entry whose key is the
 * outlet's host followed by leading path segments of the outlet's path, then
 * the host, then its parent domains ("uk.reuters.com" -> "reuters.com").
 * NULL when unknown.
 */
CRED_API const cred_outlet *cred_outlets_find(const cred_outlets *t, cred_str url);

/* The outlet as the JSON object the verdict's "source" holds (key,
 * factuality, types, bias, origin; docs/score.md), newly allocated. */
CRED_API cred_status cred_outlet_to_json(const cred_outlet *o, int pretty, char **out,
                                         cred_error *err);

/* The context's built-in table: data/score/builtin-sources.tsv plus the
 * OpenSources entries it does not cover (data/score/opensources-sources.tsv). */
CRED_API const cred_outlets *cred_ctx_outlets(const cred_ctx *ctx);

/* ---- score configuration ---------------------------------------------- */

/* Weights, bands, labels and thresholds (docs/score.md). */
typedef struct cred_score_config cred_score_config;

/* The built-in configuration (data/score/config.tsv, then weights.tsv). */
CRED_API cred_score_config *cred_score_config_new(const cred_ctx *ctx, cred_error *err);
CRED_API void cred_score_config_free(cred_score_config *c);
/* Overlays a file in the config format: each line replaces the setting of the
 * same name. */
CRED_API cred_status cred_score_config_load(cred_score_config *c, const char *data, size_t n,
                                            const char *name, cred_error *err);
/* The effective configuration in the config format (every intercept,
 * signal, param, band, label, marker and word line; newly allocated,
 * NUL-terminated): what a verdict was computed with.  Two configurations
 * that score alike give the same text, whatever files made them. */
CRED_API cred_status cred_score_config_to_tsv(const cred_score_config *c, char **out, size_t *n,
                                              cred_error *err);
/* Sets one signal weight (or "intercept", or a param by its name);
 * CRED_EINVAL for an unknown name. */
CRED_API cred_status cred_score_config_set(cred_score_config *c, const char *name, double value,
                                           cred_error *err);

/* The signal table (data/score/signals.tsv, docs/score.md "Signals"): every
 * signal the score knows, in feature-vector order.  Strings are owned by
 * the config (or static) and live as long as it. */
typedef struct cred_signal_info {
    const char *name;        /* "CLICKBAIT_HEADLINE" */
    const char *group;       /* "headline", ... (as cred_signal.group) */
    double weight;           /* the configured weight (logit units) */
    const char *description; /* one line for a reader */
    const char *tests;       /* the tests that cover it, ';'-separated
                                FILE:NAME, the first asserting that it fires */
    void *reserved[4];       /* room to grow (docs/api.md): set to NULL */
} cred_signal_info;

/* The number of signals (the same for every config). */
CRED_API size_t cred_score_config_signal_count(const cred_score_config *c);
/* Fills *out with signal i (0 .. count-1); CRED_EINVAL when out of range. */
CRED_API cred_status cred_score_config_signal(const cred_score_config *c, size_t i,
                                              cred_signal_info *out, cred_error *err);

/* ---- the verdict -------------------------------------------------------- */

/* A piece of evidence.  `text` is a span of the cleaned text; for text the
 * pipeline removed (chrome, repeats) it is empty, placed where the text was,
 * and `removed` holds the removed bytes (pointing into the input copy). */
typedef struct cred_sig_evidence {
    cred_span text;
    cred_span input;
    cred_str removed; /* empty unless the evidence was removed text */
} cred_sig_evidence;

typedef struct cred_signal {
    const char *name;   /* "CLICKBAIT_HEADLINE" */
    double value;       /* strength of the evidence, 0..1 */
    double weight;      /* configured weight (logit units) */
    double contribution;/* weight * value */
    double points;      /* score minus the score without this signal */
    const char *reason; /* one line for a reader */
    const cred_sig_evidence *evidence;
    size_t n_evidence;
    const char *group;  /* what kind of evidence: "outlet", "claims",
                           "headline", "sourcing", "style", "content",
                           "genre", "model" or "scrape" (docs/score.md) */
} cred_signal;

typedef struct cred_score_opts {
    cred_str url;                    /* the article's URL, or {NULL, 0} */
    const cred_outlets *sources;     /* a local table searched before the
                                        built-in one, or NULL */
    const cred_score_config *config; /* NULL: built-in */
    const struct cred_model *model;  /* article model for MODEL_* signals, or
                                        NULL (no model signal) */
    int no_analysis;                 /* skip the analysis (text signals only) */
    const struct cred_article *page; /* the HTML page the document was extracted
                                        from (credence/html.h), or NULL: its
                                        byline, date and links give the
                                        BYLINE_PERSON, PUBLISHED_DATE,
                                        CORRECTION_NOTE and LINKS_OUT signals */
    const struct cred_claims *claims; /* a claims DB (credence/claims.h) for the
                                         KNOWN_FALSE_CLAIM / KNOWN_TRUE_CLAIM
                                         signals, or NULL (they stay off) */
    void *reserved[6];  /* room to grow without an ABI break (docs/api.md):
                            zeroed by cred_score_opts_init, never touched by callers */
} cred_score_opts;

typedef struct cred_verdict {
    double score;       /* 0..100, higher = more trustworthy */
    double logit;
    const char *band;   /* "reliable", "generally-reliable", "mixed",
                           "unreliable", "very-unreliable", or "unrated"
                           (not enough evidence: see `unrated`) */
    const char *label;  /* for a reader: "unreliable" or, for opinion and
                           satire, e.g. "opinion piece: unreliable as news" */
    const char *genre;  /* "news", "opinion" or "satire" */
    const cred_signal *signals; /* sorted by |points|, largest first */
    size_t n_signals;           /* only signals that fired (value > 0) */
    const char *outlet;         /* outlet key of opts.url, or NULL */
    const cred_outlet *source;  /* its table entry, NULL when unknown */
    const cred_doc *doc;        /* the document scored (borrowed) */
    const cred_analysis *analysis; /* owned by the verdict; NULL if skipped */
    int has_model;              /* the model ran */
    double model_unreliable;    /* its probability that the article is
                                   unreliable (classes fake/false/unreliable) */
    const char *model_class;    /* its predicted class (owned by the model) */

    /* The rating rules (docs/score.md, "Rating rules"). */
    double raw_score;           /* the logistic layer's score, before the rules */
    const char *const *unrated; /* why the band is "unrated": n_unrated reasons
                                   (0 when the article is rated) */
    size_t n_unrated;
    const char *const *settle;  /* what would settle an unrated verdict */
    size_t n_settle;
    const char *rule;           /* the rule that moved the score away from
                                   raw_score (held at mixed, satire cap), or NULL */
    const char *conviction;     /* the strong evidence that lets the band be
                                   unreliable or worse, or NULL */
    double english;             /* share of the words that are English function
                                   words (language check) */
} cred_verdict;

CRED_API void cred_score_opts_init(cred_score_opts *o);

/* Scores a cleaned document.  `doc` must outlive the verdict. */
CRED_API cred_status cred_score(const cred_ctx *ctx, const cred_doc *doc,
                                const cred_score_opts *opts, cred_verdict **out,
                                cred_error *err);
CRED_API void cred_verdict_free(cred_verdict *v);

/* The verdict as JSON (schema: docs/score.md), newly allocated. */
CRED_API cred_status cred_verdict_to_json(const cred_verdict *v, int pretty, char **out,
                                          cred_error *err);
/* The same with flags: CRED_JSON_PRETTY, and CRED_JSON_BRIEF (no
 * "analysis", "text" or signal "evidence": the batch-friendly form). */
CRED_API cred_status cred_verdict_to_json_flags(const cred_verdict *v, unsigned flags, char **out,
                                                cred_error *err);
/* A terminal report (verdict, signals by effect, quotes by speaker, strongest
 * opinion and claim sentences); `color` adds ANSI colours.  Newly allocated. */
CRED_API cred_status cred_verdict_to_text(const cred_verdict *v, int color, char **out,
                                          cred_error *err);
/* A standalone HTML report (no external assets), newly allocated. */
CRED_API cred_status cred_verdict_to_html(const cred_verdict *v, char **out, size_t *n,
                                          cred_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CREDENCE_SCORE_H */
