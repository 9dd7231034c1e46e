/*
 * credence/analysis.h - what a fact-checker looks at first: quotes and who
 * said them, named and anonymous sources, entities, the class of every
 * sentence (quote, attributed, claim, opinion, hedge, other), headline
 * clickbait signals, and document-level measures.
 *
 * cred_analyze() reads a cleaned cred_doc (credence/text.h) and returns a
 * cred_analysis.  Every finding is a span of the cleaned text (byte offsets,
 * half-open) and carries the evidence that fired; map a span back to the
 * input with cred_doc_input_span().  The analysis borrows nothing from the
 * document except offsets: it stays valid after the document is freed, but
 * its spans only make sense against that document's text.
 *
 * The rules (cue verbs, anonymous-source patterns, titles, gazetteers,
 * lexicons, clickbait openers and weights) are data files under
 * data/analysis/, documented with the method and the JSON schema in
 * docs/analysis.md.
 */
#ifndef CREDENCE_ANALYSIS_H
#define CREDENCE_ANALYSIS_H

#include "core.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A piece of evidence: a span of the cleaned text and what it shows.
 * `kind` is a static lower-case name, stable across versions, e.g.
 * "loaded", "subjective", "intensifier", "second-person", "question",
 * "exclamation", "sarcasm", "hedge", "number", "date", "event-verb",
 * "named-actor", "comparison", "causal", "cue", "quote", "anonymous";
 * the list is in docs/analysis.md. */
typedef struct cred_evidence {
    cred_span span;
    const char *kind;
} cred_evidence;

/* ---- quotes ------------------------------------------------------------- */

typedef enum cred_quote_kind {
    CRED_QUOTE_DIRECT = 0,  /* words inside quotation marks */
    CRED_QUOTE_INDIRECT     /* attributed words without quotation marks:
                               reported speech ("X said that ..."), a
                               "NAME: words" transcript or headline line */
} cred_quote_kind;

/* Stable lower-case name: "direct" or "indirect". */
CRED_API const char *cred_quote_kind_name(cred_quote_kind k);

#define CRED_NO_SOURCE ((size_t)-1)

/*
 * One quotation.  For a direct quote `content` runs from the opening
 * quotation mark to the closing one, both included (a quote continued over
 * several paragraphs, or a run of quoted paragraphs after one introduction,
 * is one quote whose content spans them).  For an indirect quote it is the
 * reported clause, with a leading "that" when present, or the words after
 * "NAME:" in a transcript or headline line.
 * `speaker` is the mention in the text that says who spoke ("the Kremlin",
 * "he"); `source` indexes cred_analysis.sources: the canonical speaker after
 * pronoun resolution and canonicalization, CRED_NO_SOURCE when unknown or
 * unresolved.  `pattern` names the rule that attributed it (docs/analysis.md):
 * "cue-after" ("..., X said"), "cue-inverted" ("..., said X"),
 * "cue-before" ("X said, ..."), "intro" (an introduction ending in ',' or
 * ':' before the quote, possibly in the previous paragraph), "according-to",
 * "colon", "dash" ("..." -- X), "reported" (indirect), or "none".  A
 * quote joined with the next ones of the same speaker keeps the first
 * one's pattern.
 */
typedef struct cred_quote {
    cred_quote_kind kind;
    cred_span content;
    int has_speaker;         /* speaker is valid */
    cred_span speaker;
    int has_cue;             /* cue is valid */
    cred_span cue;           /* "said", "according to", "told reporters" */
    int pronoun;             /* the speaker mention is a pronoun */
    int unresolved;          /* a pronoun that could not be resolved */
    size_t source;           /* index into sources or CRED_NO_SOURCE */
    const char *pattern;     /* static rule name, see above */
} cred_quote;

/* ---- sources and entities ---------------------------------------------- */

typedef enum cred_entity_type {
    CRED_ENT_PERSON = 0,
    CRED_ENT_ORG,            /* organizations, institutions, outlets, agencies */
    CRED_ENT_PLACE,
    CRED_ENT_UNKNOWN         /* a capitalized name the rules cannot type */
} cred_entity_type;

/* Stable lower-case name: "person", "organization", "place", "unknown". */
CRED_API const char *cred_entity_type_name(cred_entity_type t);

/*
 * An entity: every mention of one canonical name.  `name` is the canonical
 * form (the longest name the document uses for it: "Donald Trump" for
 * "Trump"; "the president" joins it only when the text says "President
 * Trump").  `outlet` is set when the gazetteer knows it as a news outlet or
 * wire service, `agency` for a government body or institution.
 */
typedef struct cred_entity {
    const char *name;        /* NUL-terminated, owned by the analysis */
    cred_entity_type type;
    int outlet, agency;
    size_t count;            /* number of mentions */
    const cred_span *mentions; /* `count` spans in text order */
} cred_entity;

/*
 * A named source: a canonical speaker that at least one quote is
 * attributed to (or a named outlet/agency cited with "according to",
 * "reports" ...).  `entity` indexes cred_analysis.entities when the speaker
 * is also a recognised entity, else CRED_NO_SOURCE.  Anonymous speakers
 * ("a senior official") are sources too, with `anonymous` set; they are not
 * counted as named sources.
 */
typedef struct cred_source {
    const char *name;        /* canonical; NUL-terminated, owned */
    cred_entity_type type;
    int anonymous;
    int named;               /* a proper name (an entity), not a description
                                such as "the campaign" */
    size_t n_quotes;         /* quotes attributed to it */
    cred_span first;         /* first mention as a speaker */
    size_t entity;           /* index into entities or CRED_NO_SOURCE */
} cred_source;

/* Anonymous sourcing found in the text ("sources say", "a senior official
 * said", "reportedly", "it is rumored"); `pattern` is the data-file entry. */
typedef struct cred_anon {
    cred_span span;
    const char *pattern;     /* owned by the context */
} cred_anon;

/* ---- sentences ----------------------------------------------------------- */

typedef enum cred_sentence_class {
    CRED_SENT_QUOTE = 0,   /* inside a direct quote */
    CRED_SENT_ATTRIBUTED,  /* reported speech */
    CRED_SENT_CLAIM,       /* check-worthy factual statement */
    CRED_SENT_OPINION,     /* evaluative, loaded, addressed to the reader */
    CRED_SENT_HEDGE,       /* hedged or speculative */
    CRED_SENT_OTHER,
    CRED_SENT__COUNT
} cred_sentence_class;

/* Stable lower-case name: "quote", "attributed", "claim", ... */
CRED_API const char *cred_sentence_class_name(cred_sentence_class c);

/* The class of doc->sentences[i] (same index), with the evidence that
 * decided it (and any other evidence found in the sentence). */
typedef struct cred_sentence_info {
    cred_span span;
    cred_sentence_class cls;
    int title;                       /* a headline sentence */
    double opinion_score;            /* weighted opinion evidence, >= 0 */
    double claim_score;              /* weighted claim evidence, >= 0 */
    const cred_evidence *evidence;
    size_t n_evidence;
} cred_sentence_info;

/* ---- headline ------------------------------------------------------------ */

/* One clickbait signal that fired: `name` is the data file's signal name
 * ("curiosity-gap", "second-person", "listicle", "question", "all-caps",
 * "bracket-tag", "exclamation", "superlative", ...), `weight` its weight. */
typedef struct cred_headline_signal {
    const char *name;        /* owned by the context */
    double weight;
    cred_span span;
} cred_headline_signal;

typedef struct cred_headline {
    int present;             /* the document has a title */
    cred_span span;
    double clickbait;        /* in [0,1]: 1 - prod(1 - weight) over signals */
    int is_clickbait;        /* clickbait >= the data file's threshold */
    const cred_headline_signal *signals;
    size_t n_signals;
} cred_headline;

/* ---- document measures --------------------------------------------------- */

typedef struct cred_measures {
    size_t n_sentences;                  /* body sentences (title excluded) */
    double class_share[CRED_SENT__COUNT]; /* share of body sentences per class */
    double quoted_share;     /* share of body bytes inside direct quotes */
    double attributed_share; /* ... inside direct or indirect quote content */
    size_t named_sources;    /* distinct non-anonymous sources */
    size_t anonymous_sources;/* anonymous-source findings (cred_anon) */
    size_t n_words;
    double flesch;           /* Flesch reading ease (higher is easier) */
    double exclamation_rate; /* '!' per body sentence */
    double caps_rate;        /* ALL-CAPS words (>= 2 letters) per word */
    double loaded_rate;      /* loaded/subjective lexicon hits per word */
} cred_measures;

/* ---- the analysis -------------------------------------------------------- */

typedef struct cred_analysis {
    const cred_quote *quotes;    /* in text order of content start */
    size_t n_quotes;
    const cred_source *sources;
    size_t n_sources;
    const cred_anon *anonymous;
    size_t n_anonymous;
    const cred_entity *entities; /* by first mention */
    size_t n_entities;
    const cred_sentence_info *sentences; /* one per doc->sentences */
    size_t n_sentences;
    const cred_evidence *terms;  /* every lexicon hit ("loaded", "subjective",
                                    "intensifier", "hedge"), text order */
    size_t n_terms;
    cred_headline headline;
    cred_measures measures;
} cred_analysis;

typedef struct cred_analyze_opts {
    int no_headline;   /* do not treat the title as a headline */
    void *reserved[8];  /* room to grow without an ABI break (docs/api.md):
                            zeroed by cred_analyze_opts_init, never touched by callers */
} cred_analyze_opts;

/* Fills `o` with the defaults (all zero). */
CRED_API void cred_analyze_opts_init(cred_analyze_opts *o);

/*
 * Analyzes a cleaned document.  `opts` may be NULL.  Returns CRED_OK and a
 * new analysis in *out, or CRED_ENOMEM.  Thread-safe for a shared ctx.
 */
CRED_API cred_status cred_analyze(const cred_ctx *ctx, const cred_doc *doc,
                                  const cred_analyze_opts *opts, cred_analysis **out,
                                  cred_error *err);

/* Frees an analysis.  NULL is allowed. */
CRED_API void cred_analysis_free(cred_analysis *a);

/*
 * Writes the analysis as JSON (schema: docs/analysis.md, "schema_version"
 * 1) into a newly allocated NUL-terminated string: the cleaned text, the
 * headline, quotes, sources, anonymous sourcing, entities, sentences and
 * measures; every span has start/end (cleaned text) and input_start/
 * input_end (input bytes).  `pretty` indents it.
 */
CRED_API cred_status cred_analysis_to_json(const cred_doc *doc, const cred_analysis *a,
                                           int pretty, char **out, cred_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CREDENCE_ANALYSIS_H */
