/*
 * an.h - internals shared by the analysis modules (src/analysis/).
 *
 * The analysis works on its own token stream rather than doc->tokens: it
 * needs punctuation as separate tokens (quotation marks, commas, colons),
 * lower-case forms for lexicon look-ups and capitalization flags, and it
 * must not depend on the sentence splitter being right (quotes are found
 * per paragraph, "blocks" below).  Sentence indices are attached to tokens
 * only for the sentence classes and for the end of reported speech.
 *
 * Pipeline (analyze.c):
 *   tokens.c     blocks (title + paragraphs) -> tokens
 *   entities.c   entity mentions, canonical grouping
 *   quotes.c     direct quotes (mark pairing), attribution, reported speech
 *   speakers.c   speaker phrases, pronoun resolution, sources, anonymity
 *   sentences.c  lexicon evidence and one class per sentence
 *   headline.c   clickbait signals
 *   measures.c   document measures
 *   json.c       the JSON writer
 */
#ifndef CRED_AN_H
#define CRED_AN_H

#include "internal.h"

/* ---- lexicons (load.c) ---------------------------------------------------- */

typedef struct an_entry {
    char *key;        /* lower-case phrase (case kept for case-sensitive lexicons) */
    size_t keyn;
    const char *kind; /* interned: points into the context's kind table */
    char *aux;        /* canonical name / role / flags, owned, may be NULL */
    double weight;
    unsigned flags;
    int nwords;
} an_entry;

typedef struct an_lex {
    CRED__VEC(an_entry) e;
    size_t *slot;     /* open addressing: entry index + 1, 0 = empty */
    size_t nslot;
    int maxwords;
    bool wild;        /* some key has a '*' word */
    size_t *first;    /* open addressing over first words: entry index + 1 */
    size_t nfirst;
    CRED__VEC(size_t) wilds; /* entries with a '*' word */
} an_lex;

/* Could a key of l start with the word w[0..n)?  (A fast pre-check.) */
bool an_lex_starts(const an_lex *l, const char *w, size_t n);

/* cue roles (cues.tsv) */
enum { CUE_DIRECT = 1, CUE_REPORTED = 2, CUE_INVERT = 4, CUE_OBJECT = 8, CUE_NOUN = 16, CUE_PART = 32 };
/* word roles (words.tsv) */
enum {
    WR_FUNCTION = 1, WR_STOP = 2, WR_AUX = 4, WR_PRONOUN = 8, WR_ORG = 16, WR_PLACE = 32,
    WR_NOSOURCE = 64,  /* never the head of a source ("website", "video", "cat") */
    WR_RELATIVE = 128, /* a relative pronoun standing for the phrase before it ("who") */
    WR_PERSONNOUN = 256 /* "the singer": a description of a person seen before */
};
/* gazetteer types */
enum { GZ_COUNTRY = 1, GZ_CAPITAL, GZ_CITY, GZ_REGION, GZ_AGENCY, GZ_ORG, GZ_OUTLET, GZ_DEMONYM, GZ_PLATFORM };

/* The closed English word lists of data/lang/en/ (docs/data-files.md): a
 * second language gets the same files under data/lang/<code>/. */
enum {
    AN_EN_QUESTION,     /* question-openers.txt */
    AN_EN_FIRST_PERSON, /* first-person.txt */
    AN_EN_DEMONSTR,     /* demonstratives.txt */
    AN_EN_PERIOD_NOUN,  /* period-nouns.txt */
    AN_EN_AUX,          /* auxiliaries.txt */
    AN_EN_ADVERBIAL,    /* trailing-adverbials.txt */
    AN_EN_IS_CONTR,     /* is-contractions.txt */
    AN_EN_ABBR_PERIOD,  /* period-abbreviations.txt (case kept) */
    AN_EN__COUNT
};

#define AN_MAX_SIGNALS 32
struct cred__analysis {
    an_lex cues, anon, titles, gaz, lex, words;
    an_lex cb_open, cb_phrase, cb_list, cb_super, cb_slang;
    an_lex en[AN_EN__COUNT];
    const char *sig_name[AN_MAX_SIGNALS];
    double sig_weight[AN_MAX_SIGNALS];
    size_t n_sig;
    double cb_threshold;
    CRED__VEC(char *) strs; /* interned kind names */
};

const an_entry *an_lex_get(const an_lex *l, const char *key, size_t n);
double an_signal_weight(const struct cred__analysis *A, const char *name, const char **interned);

/* ---- tokens (tokens.c) ------------------------------------------------------ */

enum {
    T_WORD = 1u << 0,
    T_NUM = 1u << 1,
    T_PUNCT = 1u << 2,
    T_CAP = 1u << 3,    /* first letter upper case */
    T_UPPER = 1u << 4,  /* all letters upper case, >= 2 letters */
    T_SSTART = 1u << 5, /* first word of a sentence or block */
    T_QMARK = 1u << 6,  /* a double quotation mark */
    T_SQMARK = 1u << 7, /* a single quotation mark */
    T_POSS = 1u << 8    /* word ends in 's / ’s (possessive), lo excludes it */
};

typedef struct an_tok {
    size_t s, e;        /* bytes in doc->text */
    size_t ne;          /* end of the name part (before a possessive 's) */
    unsigned f;
    int32_t cp;         /* punctuation: its code point */
    size_t lo, lon;     /* lower-case form: work->low.p + lo */
    size_t block;
    size_t sent;        /* index into doc->sentences or SIZE_MAX */
    size_t sa, sb;      /* token range of its sentence, clipped to the block */
    int dq;             /* index of the direct quote whose content holds it, -1 */
    int used;           /* a cue that attributed a quote */
    int ent;            /* entity mention starting here: index+1, 0 none */
} an_tok;

typedef struct an_block {
    cred_span span;
    size_t t0, t1;      /* token range */
    bool title;
} an_block;

typedef struct an_mention {
    cred_span span;
    size_t t0, t1;       /* tokens */
    size_t entity;       /* index into work entities */
} an_mention;

typedef struct an_ent {
    char *name;
    cred_entity_type type;
    int outlet, agency;
    int platform;        /* a social platform: where words are posted, not who says them */
    char *role;          /* title role established ("president"), owned */
    CRED__VEC(cred_span) m;
    size_t first;        /* byte offset of first mention */
} an_ent;

typedef struct an_quote {
    cred_quote q;
    size_t t0, t1;       /* content tokens [t0, t1) */
    bool closed, attributed, embedded;
    size_t block0, block1;
    size_t spk_t0, spk_t1; /* speaker tokens, when has_speaker */
} an_quote;

/* Longest reported-speech content, in tokens: past this the sentence
 * splitter has failed (or the input is hostile) and the clause is cut. */
#define AN_MAX_CONTENT 160

typedef struct an_work {
    const cred_ctx *ctx;
    const struct cred__analysis *A;
    const cred_doc *doc;
    CRED__VEC(an_block) blocks;
    CRED__VEC(an_tok) t;
    cred__buf low;
    CRED__VEC(an_ent) ents;
    CRED__VEC(an_mention) ments;
    CRED__VEC(an_quote) quotes;
    CRED__VEC(cred_source) sources;
    CRED__VEC(char *) names;      /* owned source names */
    CRED__VEC(cred_anon) anon;
    CRED__VEC(cred_evidence) terms;
    CRED__VEC(cred_span) scare;   /* short unattributed quotes (tone evidence) */
    CRED__VEC(cred_sentence_info) sents;
    CRED__VEC(cred_evidence) ev;  /* all sentence evidence; sents point into it */
    CRED__VEC(size_t) ev_first;   /* per sentence: first index into ev */
    CRED__VEC(cred_headline_signal) sig;
    cred_headline headline;
    cred_measures measures;
    bool no_headline;
    bool oom;
} an_work;

static inline const char *an_low(const an_work *w, size_t i) { return w->low.p + w->t.v[i].lo; }
/* Is token i a word of the language list `which` (AN_EN_*)? (Its lower-case form.) */
bool an_in_list(const an_work *w, int which, size_t i);
/* Is token i the word `s` (lower case)? */
bool an_is(const an_work *w, size_t i, const char *s);
/* Lexicon look-up of the phrase made by tokens [i, i+k) (lower case). */
const an_entry *an_lookup(const an_work *w, const an_lex *l, size_t i, int k);
/* Longest match of l at token i (within its block); *k gets its length. */
const an_entry *an_match(const an_work *w, const an_lex *l, size_t i, int *k);
/* Word role flags of token i (words.tsv). */
unsigned an_role(const an_work *w, size_t i);

bool an_tokens(an_work *w);
bool an_entities(an_work *w);
bool an_quotes(an_work *w);
bool an_speakers(an_work *w);
bool an_sentences(an_work *w);
bool an_headline(an_work *w);
void an_measures(an_work *w);

/* speakers.c helpers used by quotes.c */
/* Speaker phrase ending right before token `end` (exclusive), walking back
 * within the block; returns false when there is none. */
bool an_np_back(const an_work *w, size_t end, size_t lo, size_t *s0, size_t *s1);
/* Speaker phrase starting at token `i`, walking forward. */
bool an_np_fwd(const an_work *w, size_t i, size_t hi, size_t *s0, size_t *s1);
/* Cue at token i: its roles and token length (0 when not a cue). */
unsigned an_cue(const an_work *w, size_t i, int *k);

#endif
