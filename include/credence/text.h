/*
 * credence/text.h - the text pipeline: bytes in, a clean structured document out.
 *
 * cred_clean() runs, in order:
 *   1. decoding     valid UTF-8 kept (a BOM dropped); bytes that are not valid
 *                   UTF-8 decoded as Windows-1252 (Latin-1 for its 5 undefined
 *                   bytes); NUL and C0 controls other than tab/newline removed;
 *                   CR LF and lone CR become LF.
 *   2. repair       HTML entities decoded, mojibake undone (ftfy's method:
 *                   see cred_fix_text), Unicode NFC, whitespace normalized.
 *   3. chrome       page furniture removed by the rules in
 *                   data/text/chrome.tsv.
 *   4. structure    title (first non-empty line, unless no_title), paragraphs
 *                   at blank lines.
 *   5. segmentation sentences and word tokens.
 *   6. repetition   a sentence (or a whole paragraph) repeating an earlier one
 *                   dropped; the kept sentences and tokens are shifted, not
 *                   segmented again.
 * Every change of steps 1-3 and 6 is recorded as a cred_edit.
 * docs/text-pipeline.md describes each step and its reasons.
 *
 * The cleaned text is laid out as: title, "\n\n", paragraph, "\n\n", ...
 * (no trailing newline).  All spans are byte offsets into that text,
 * half-open [start, end).  cred_doc_input_span() maps a span back to byte
 * offsets in the original input.
 */
#ifndef CREDENCE_TEXT_H
#define CREDENCE_TEXT_H

#include "core.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A half-open byte range [start, end). */
typedef struct cred_span {
    size_t start, end;
} cred_span;

/* What kind of change an edit records. */
typedef enum cred_edit_kind {
    CRED_EDIT_BOM = 0,     /* byte-order mark dropped */
    CRED_EDIT_DECODE,      /* invalid UTF-8 bytes decoded as Windows-1252/Latin-1 */
    CRED_EDIT_CONTROL,     /* control character removed */
    CRED_EDIT_NEWLINE,     /* CR LF / CR made LF */
    CRED_EDIT_ENTITY,      /* HTML character reference decoded */
    CRED_EDIT_MOJIBAKE,    /* mis-decoded UTF-8 repaired */
    CRED_EDIT_NORMALIZE,   /* Unicode NFC or compatibility repair */
    CRED_EDIT_WHITESPACE,  /* unusual whitespace made a plain space, zero-width removed */
    CRED_EDIT_CHROME,      /* page chrome removed */
    CRED_EDIT_REPEAT,      /* repeated paragraph or sentence removed */
    CRED_EDIT__COUNT
} cred_edit_kind;

/* Stable lower-case name of an edit kind ("mojibake"), as used in JSON. */
CRED_API const char *cred_edit_kind_name(cred_edit_kind k);

/*
 * One repair or removal.  `input` is the affected range of the original
 * input; `original` points into cred_doc.input (so it may hold invalid UTF-8
 * for CRED_EDIT_DECODE).  `replacement` is what now stands in the cleaned
 * text at `offset` (empty for removals).  `rule` names the rule that fired
 * (e.g. "view-counter", "windows-1252/utf-8") and `detail` says why in words.
 */
typedef struct cred_edit {
    cred_edit_kind kind;
    cred_span input;
    cred_str original;
    cred_str replacement;
    size_t offset;
    const char *rule;
    const char *detail;
} cred_edit;

/* Flags on a token. */
enum {
    CRED_TOK_WORD = 1u << 0,   /* letters (possibly with digits, ' and -) */
    CRED_TOK_NUMBER = 1u << 1, /* digits, with , . inside */
    CRED_TOK_PUNCT = 1u << 2,  /* one punctuation or symbol character */
    CRED_TOK_UPPER = 1u << 3,  /* word whose letters are all upper case (>= 2) */
    CRED_TOK_CAP = 1u << 4,    /* word starting with an upper-case letter */
    CRED_TOK_URL = 1u << 5     /* URL, e-mail or @handle */
};

typedef struct cred_token {
    cred_span span;
    unsigned flags;
} cred_token;

typedef struct cred_sentence {
    cred_span span;
    size_t paragraph;         /* index into cred_doc.paragraphs; SIZE_MAX: title */
    size_t first_token, n_tokens;
} cred_sentence;

typedef struct cred_paragraph {
    cred_span span;
    size_t first_sentence, n_sentences;
} cred_paragraph;

/* The cleaned document.  All arrays are owned by the document. */
typedef struct cred_doc {
    const char *text; /* cleaned text, NUL-terminated, valid UTF-8 */
    size_t text_len;

    int has_title;
    cred_span title;                 /* valid when has_title */
    size_t title_first_sentence, title_n_sentences;

    const cred_paragraph *paragraphs;
    size_t n_paragraphs;
    const cred_sentence *sentences;  /* title sentences first, then body */
    size_t n_sentences;
    const cred_token *tokens;
    size_t n_tokens;
    const cred_edit *edits;          /* in input order */
    size_t n_edits;

    const char *input;               /* a copy of the input bytes */
    size_t input_len;
} cred_doc;

/* Input formats.  CRED_FORMAT_AUTO sniffs HTML from the content. */
typedef enum cred_format {
    CRED_FORMAT_AUTO = 0,
    CRED_FORMAT_TEXT,
    CRED_FORMAT_HTML
} cred_format;

typedef struct cred_clean_opts {
    int no_title;        /* do not take the first line as the title */
    int keep_chrome;     /* report chrome but do not remove it */
    int keep_repeats;    /* report repetition but do not remove it */
    size_t max_input;    /* 0: CRED_MAX_INPUT; larger values are clamped */
    int no_tokens;       /* skip word tokens (doc->n_tokens = 0): for callers
                            that need only text, paragraphs and sentences */
    cred_format format;  /* CRED_FORMAT_TEXT unless HTML support is built */
    void *reserved[8];  /* room to grow without an ABI break (docs/api.md):
                            zeroed by cred_clean_opts_init, never touched by callers */
} cred_clean_opts;

/* Fills `o` with the defaults (all zero: title on, chrome and repeats removed). */
CRED_API void cred_clean_opts_init(cred_clean_opts *o);

/*
 * Cleans `n` bytes at `in` into a new document stored in *out.  Any byte
 * sequence is accepted; the only failures are CRED_ETOOBIG (n over the limit)
 * and CRED_ENOMEM.  The input is copied: the caller may free it afterwards.
 */
CRED_API cred_status cred_clean(const cred_ctx *ctx, const char *in, size_t n,
                                const cred_clean_opts *opts, cred_doc **out,
                                cred_error *err);

/* Frees a document.  NULL is allowed. */
CRED_API void cred_doc_free(cred_doc *doc);

/* Maps a span of the cleaned text to the input bytes it came from. */
CRED_API cred_span cred_doc_input_span(const cred_doc *doc, cred_span clean);

/* Returns the bytes of `s` in the cleaned text. */
CRED_API cred_str cred_doc_slice(const cred_doc *doc, cred_span s);

/*
 * The repair step on its own, with ftfy's behaviour: repairs mojibake in a
 * UTF-8 string and returns a newly allocated NUL-terminated UTF-8 string in
 * *out (length in *out_n).  `flags` selects ftfy's optional fixes; 0 gives
 * what cred_clean uses (encoding repair, entities, NFC; quotes kept curly).
 * Invalid UTF-8 in `in` is decoded as by step 1 first.
 */
enum {
    CRED_FIX_UNCURL_QUOTES = 1u << 0, /* ‘’“” -> ' and " (ftfy's default) */
    CRED_FIX_LIGATURES = 1u << 1,     /* ﬁ -> fi */
    CRED_FIX_WIDTH = 1u << 2,         /* fullwidth letters/digits -> ASCII */
    CRED_FIX_NO_ENTITIES = 1u << 3,   /* leave &amp; etc. alone */
    CRED_FIX_FTFY = CRED_FIX_UNCURL_QUOTES | CRED_FIX_LIGATURES | CRED_FIX_WIDTH
};
CRED_API cred_status cred_fix_text(const cred_ctx *ctx, const char *in, size_t n,
                                   unsigned flags, char **out, size_t *out_n,
                                   cred_error *err);

/* Writes the document as JSON (schema: docs/clean-json.md) into a newly
 * allocated NUL-terminated string.  `pretty` indents it. */
CRED_API cred_status cred_doc_to_json(const cred_doc *doc, int pretty, char **out,
                                      cred_error *err);
/* The same with CRED_JSON_* flags (CRED_JSON_PRETTY, CRED_JSON_TOKENS). */
CRED_API cred_status cred_doc_to_json_flags(const cred_doc *doc, unsigned flags, char **out,
                                            cred_error *err);
/* Writes the same JSON to `f` (no newline after it).  Without CRED_JSON_PRETTY
 * it is written element by element, so memory stays flat however large the
 * document is.  CRED_EIO when writing fails, CRED_ENOMEM. */
CRED_API cred_status cred_doc_write_json(const cred_doc *doc, unsigned flags, FILE *f,
                                         cred_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CREDENCE_TEXT_H */
