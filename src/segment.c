/*
 * segment.c - sentence boundaries and word tokens inside one paragraph.
 *
 * What it does
 *   cred__segment_sentences() splits one paragraph (clean.c hands it text
 *   without newlines, words separated by single spaces) into sentence spans;
 *   cred__tokenize() splits a sentence into word, number, URL and
 *   punctuation tokens.  Both are single left-to-right passes: every lookup
 *   behind or ahead of a candidate boundary is capped at a few dozen bytes,
 *   so hostile input (a 10 MB line without spaces, 100k periods) costs linear
 *   time, and nothing is allocated per character.
 *
 * What it does not
 *   No statistics or trained model, no language other than English rules
 *   (CJK full stops split, nothing more), no nesting depth for quotations
 *   (one flag), and no sentence that spans paragraphs: clean.c calls us per
 *   paragraph, and a quotation left open carries over only as state.
 *
 * Why it is built this way
 *   A rule splitter in the manner of pySBD / Pragmatic Segmenter and the
 *   Stanford/spaCy rules, with Punkt's orthographic idea reduced to a word
 *   list: a candidate is a run of . ? ! ... followed by optional closing
 *   quotes/brackets and then a space.  Whether it ends the sentence depends
 *   on the word before it (title, abbreviation, initial, list number, plain
 *   word) and on the word after it (lower case, number, a usual sentence
 *   starter).  The word lists are data files (data/segment/ *.txt, see
 *   docs/segment.md) loaded into one hash table in the context.  Each rule
 *   below names the case in tests/cases/segment/sentences.tsv that needs it.
 *
 *   The quotation flag follows double quotes (curly, and straight ones by
 *   their position or, when the position says nothing, by the flag).  It
 *   never stops a split: a paragraph that opens a quote without closing it
 *   (the convention for quotations running over several paragraphs) still
 *   splits normally, and the next paragraph starts inside the quotation
 *   (case "quote-span-*").  Single quotes are not tracked: ’ is far more
 *   often an apostrophe.
 */
#include "internal.h"

#include <stdlib.h>
#include <utf8proc.h>

/* ---- word lists ---------------------------------------------------------- */

enum {
    W_TITLE = 1,   /* titles.txt: never ends a sentence */
    W_ABBR = 2,    /* abbreviations.txt: ends one only before a starter */
    W_NUMABBR = 4, /* numeric-abbreviations.txt: before a number, a title */
    W_STARTER = 8, /* starters.txt */
    W_VERB = 16    /* speech-verbs.txt */
};

#define WORD_MAX 63 /* longest list entry; lookups never look further */

typedef struct seg_entry {
    const char *p; /* into the data file (lives as long as the context) */
    uint32_t n;
    uint32_t cls;
} seg_entry;

struct cred__segdata {
    seg_entry *tab; /* open addressing, linear probing */
    size_t mask;    /* capacity - 1 (a power of two) */
};

static const struct {
    const char *file;
    unsigned cls;
    bool period; /* entries are written with their final period */
} seg_files[] = {
    {"segment/titles.txt", W_TITLE, true},
    {"segment/abbreviations.txt", W_ABBR, true},
    {"segment/numeric-abbreviations.txt", W_NUMABBR, true},
    {"segment/starters.txt", W_STARTER, false},
    {"segment/speech-verbs.txt", W_VERB, false},
};
#define N_SEG_FILES (sizeof seg_files / sizeof seg_files[0])

static uint32_t word_hash(const char *p, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

static unsigned word_class(const struct cred__segdata *sd, const char *p, size_t n)
{
    if (!sd || !n || n > WORD_MAX)
        return 0;
    for (size_t i = word_hash(p, n) & sd->mask;; i = (i + 1) & sd->mask) {
        const seg_entry *e = &sd->tab[i];
        if (!e->p)
            return 0;
        if (e->n == n && !memcmp(e->p, p, n))
            return e->cls;
    }
}

static void word_add(struct cred__segdata *sd, const char *p, size_t n, unsigned cls)
{
    size_t i = word_hash(p, n) & sd->mask;
    for (;; i = (i + 1) & sd->mask) {
        seg_entry *e = &sd->tab[i];
        if (!e->p) {
            e->p = p, e->n = (uint32_t)n, e->cls = cls;
            return;
        }
        if (e->n == n && !memcmp(e->p, p, n)) {
            e->cls |= cls;
            return;
        }
    }
}

cred_status cred__segment_load(cred_ctx *ctx, cred_error *err)
{
    cred_str text[N_SEG_FILES];
    size_t total = 0;
    ctx->seg = NULL;
    for (size_t f = 0; f < N_SEG_FILES; f++) {
        cred_status st = cred__ctx_data(ctx, seg_files[f].file, &text[f], err);
        if (st)
            return st;
        cred__lines it;
        cred_str line;
        cred__lines_init(&it, text[f]);
        while (cred__lines_next(&it, &line))
            total++;
    }
    struct cred__segdata *sd = calloc(1, sizeof *sd);
    size_t cap = 64;
    while (cap < 2 * total)
        cap *= 2;
    if (!sd || !(sd->tab = calloc(cap, sizeof *sd->tab))) {
        free(sd);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    sd->mask = cap - 1;
    for (size_t f = 0; f < N_SEG_FILES; f++) {
        cred__lines it;
        cred_str line;
        cred__lines_init(&it, text[f]);
        while (cred__lines_next(&it, &line)) {
            const char *p = line.p;
            size_t n = line.n;
            while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
                n--;
            while (n && (*p == ' ' || *p == '\t'))
                p++, n--;
            const char *why = NULL;
            for (size_t i = 0; i < n && !why; i++)
                if (p[i] == ' ' || p[i] == '\t')
                    why = "one word per line expected";
            if (!why && seg_files[f].period) {
                if (n < 2 || p[n - 1] != '.')
                    why = "an abbreviation is written with its final period";
                else
                    n--;
            }
            if (!why && n > WORD_MAX)
                why = "entry longer than 63 bytes";
            if (why) {
                cred__segment_free(sd);
                return cred__err(err, CRED_EDATA, "%s:%zu: %s", seg_files[f].file, it.line,
                                 why);
            }
            word_add(sd, p, n, seg_files[f].cls);
        }
    }
    ctx->seg = sd;
    return CRED_OK;
}

void cred__segment_free(struct cred__segdata *s)
{
    if (!s)
        return;
    free(s->tab);
    free(s);
}

/* ---- characters ------------------------------------------------------------ */

enum { C_OTHER = 0, C_UPPER, C_LOWER, C_DIGIT, C_LETTER, C_MARK, C_NUM, C_SPACE };

/* Class of code point cp, from utf8proc's general category.  The word
 * classes (C_UPPER .. C_NUM, everything but C_OTHER and C_SPACE) are exactly
 * the word characters of cred__is_word_cp (docs/text-pipeline.md, "What a
 * word is"); they refine it into letter case, digits and marks. */
static int cp_class(int32_t cp)
{
    if (!cred__is_word_cp(cp)) {
        utf8proc_category_t c = utf8proc_category(cp);
        return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
                       c == UTF8PROC_CATEGORY_ZP
                   ? C_SPACE
                   : C_OTHER;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LT:
        return C_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return C_LOWER;
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_NUM;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return C_SPACE;
    default:
        return C_OTHER;
    }
}

/* Classes of the ASCII bytes (0x80 and up: C_OTHER, decode first). */
#define R4(x) x, x, x, x
#define R8(x) R4(x), R4(x)
#define R16(x) R8(x), R8(x)
static const unsigned char ascii_tab[128] = {
    /* 0x00 */ R8(C_OTHER), C_OTHER, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_SPACE, C_OTHER, C_OTHER,
    /* 0x10 */ R16(C_OTHER),
    /* 0x20 */ C_SPACE, R8(C_OTHER), R4(C_OTHER), C_OTHER, C_OTHER, C_OTHER,
    /* 0x30 */ R8(C_DIGIT), C_DIGIT, C_DIGIT, R4(C_OTHER), C_OTHER, C_OTHER,
    /* 0x40 */ C_OTHER, R8(C_UPPER), R4(C_UPPER), C_UPPER, C_UPPER, C_UPPER,
    /* 0x50 */ R8(C_UPPER), C_UPPER, C_UPPER, C_UPPER, R4(C_OTHER), C_OTHER,
    /* 0x60 */ C_OTHER, R8(C_LOWER), R4(C_LOWER), C_LOWER, C_LOWER, C_LOWER,
    /* 0x70 */ R8(C_LOWER), C_LOWER, C_LOWER, C_LOWER, R4(C_OTHER), C_OTHER,
};

static inline int ascii_class(unsigned char c)
{
    return c < 0x80 ? ascii_tab[c] : C_OTHER;
}

/* Class and length of the character at s[i] (i < n).  Invalid UTF-8 (which
 * clean.c never produces) counts as one C_OTHER byte. */
static inline int char_at(const unsigned char *s, size_t i, size_t n, size_t *len)
{
    if (s[i] < 0x80) {
        *len = 1;
        return ascii_tab[s[i]];
    }
    int32_t cp;
    size_t k = cred__utf8_decode(s + i, n - i, &cp);
    if (!k) {
        *len = 1;
        return C_OTHER;
    }
    *len = k;
    return cp_class(cp);
}

static bool is_alnum_class(int c)
{
    return c == C_UPPER || c == C_LOWER || c == C_DIGIT || c == C_LETTER || c == C_NUM;
}

/* 3-byte UTF-8 sequences the splitter knows, as E2 80 xx. */
#define U_LDQUO 0x9C /* “ */
#define U_RDQUO 0x9D /* ” */
#define U_LSQUO 0x98 /* ‘ */
#define U_RSQUO 0x99 /* ’ */
#define U_HELLIP 0xA6 /* … */
#define U_NDASH 0x93
#define U_MDASH 0x94
#define U_RSAQUO 0xBA /* › */

static bool e280(const unsigned char *s, size_t i, size_t n, unsigned char third)
{
    return i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 && s[i + 2] == third;
}

/* A CJK/full-width sentence end (。！？), which needs no space after it. */
static bool hard_stop(const unsigned char *s, size_t i, size_t n)
{
    return i + 2 < n && ((s[i] == 0xE3 && s[i + 1] == 0x80 && s[i + 2] == 0x82) ||
                         (s[i] == 0xEF && s[i + 1] == 0xBC && (s[i + 2] == 0x81 || s[i + 2] == 0x9F)));
}

/* Length of an opening quote or bracket at s[i], or 0. */
static size_t opener_len(const unsigned char *s, size_t i, size_t n)
{
    unsigned char c = s[i];
    if (c == '"' || c == '\'' || c == '(' || c == '[' || c == '{')
        return 1;
    if (e280(s, i, n, U_LDQUO) || e280(s, i, n, U_LSQUO))
        return 3;
    if (i + 1 < n && c == 0xC2 && s[i + 1] == 0xAB) /* « */
        return 2;
    return 0;
}

/* Bytes that can matter to the splitter; everything else is skipped fast. */
static const unsigned char special[256] = {
    ['.'] = 1, ['?'] = 1, ['!'] = 1, ['"'] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1,
};

/* Does a straight double quote at s[i] open a quotation?  By position when
 * the position tells ("say \"x" opens, "x\" said" closes), else by the
 * current state (case "quote-straight-*"). */
static bool straight_opens(const unsigned char *s, size_t i, size_t n, bool open)
{
    bool space_before = i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' || s[i - 1] == '[' ||
                        s[i - 1] == '-' ||
                        (i >= 3 && s[i - 3] == 0xE2 && s[i - 2] == 0x80 &&
                         (s[i - 1] == U_MDASH || s[i - 1] == U_NDASH));
    bool space_after = i + 1 >= n || s[i + 1] == ' ' ||
                       (s[i + 1] < 0x80 && memchr(",.;:!?)]}", s[i + 1], 9));
    if (space_before && !space_after)
        return true;
    if (!space_before && space_after)
        return false;
    return !open;
}

/* ---- sentence splitting ------------------------------------------------------ */

/* What the word before a single period is. */
enum { P_WORD, P_TITLE, P_AMBIG, P_INITIAL, P_LIST };

/* True if t[0..n) looks like "U.S", "a.m", "Ph.D": ASCII letter groups of
 * 1-3 joined by periods (at least one period). */
static bool dotted_shape(const unsigned char *t, size_t n)
{
    size_t run = 0, dots = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i] == '.') {
            if (!run)
                return false;
            dots++, run = 0;
        } else if (ascii_class(t[i]) == C_UPPER || ascii_class(t[i]) == C_LOWER) {
            if (++run > 3)
                return false;
        } else {
            return false;
        }
    }
    return dots && run;
}

/* Classifies the word that ends at the period s[dot]: the bytes back to the
 * previous space (at most WORD_MAX + a few), without leading opening quotes
 * or brackets and without anything up to a dash or slash inside it.
 * `sent_start` is where the current sentence begins (for list numbers);
 * `next_digit` whether a number follows (for "No. 5"). */
static int classify_before(const struct cred__segdata *sd, const unsigned char *s, size_t dot,
                           size_t sent_start, bool next_digit)
{
    size_t b = dot;
    while (b > 0 && s[b - 1] != ' ' && dot - b <= WORD_MAX + 8)
        b--;
    if (b > 0 && s[b - 1] != ' ')
        return P_WORD; /* a very long "word": not an abbreviation */
    size_t word_start = b;
    for (size_t i = b; i < dot; i++) { /* "—Gen.", "and/or Mr." */
        if (s[i] == '/' || s[i] == '-')
            b = i + 1;
        else if (i + 2 < dot && s[i] == 0xE2 && s[i + 1] == 0x80 &&
                 (s[i + 2] == U_MDASH || s[i + 2] == U_NDASH))
            b = i + 3;
    }
    size_t k;
    while (b < dot && (k = opener_len(s, b, dot)) > 0)
        b += k;
    const unsigned char *t = s + b;
    size_t n = dot - b;
    if (!n)
        return P_WORD;
    for (size_t i = 0; i < n; i++)
        if (t[i] >= 0x80)
            return P_WORD;
    unsigned cls = word_class(sd, (const char *)t, n);
    if (cls & W_TITLE)
        return P_TITLE; /* "title-mr" */
    if ((cls & W_NUMABBR) && next_digit)
        return P_TITLE; /* "num-abbr-no" */
    /* "1. The first item": a list number opening the sentence ("list-*"). */
    if (word_start == sent_start && b == word_start) {
        bool digits = n <= 3;
        for (size_t i = 0; i < n && digits; i++)
            digits = ascii_class(t[i]) == C_DIGIT;
        if (digits || (n == 1 && ascii_class(t[0]) != C_OTHER))
            return P_LIST;
    }
    if (cls & W_ABBR)
        return P_AMBIG; /* "abbr-us-*" */
    if (n == 1 && (ascii_class(t[0]) == C_UPPER || ascii_class(t[0]) == C_LOWER))
        return P_INITIAL; /* "initial-*" */
    if (dotted_shape(t, n))
        return P_AMBIG; /* "abbr-shape-*" */
    return P_WORD;
}

/* The word after a candidate boundary. */
typedef struct next_word {
    size_t at;      /* first byte after opening quotes/brackets */
    bool opener;    /* an opening quote came first (brackets are skipped too) */
    int cls;        /* C_* of its first character */
    size_t len;     /* bytes of the word (letters, digits, apostrophes) */
    bool initial;   /* a single letter followed by '.' ("J. A. Smith") */
} next_word;

static void read_next(const unsigned char *s, size_t n, size_t i, next_word *w)
{
    while (i < n && s[i] == ' ')
        i++;
    w->opener = false;
    size_t k;
    for (int guard = 0; i < n && guard < 4 && (k = opener_len(s, i, n)) > 0; guard++) {
        /* only quotes count: "BEDFORD, N.H. (AP) —" is a dateline ("abbr-dateline") */
        w->opener |= s[i] != '(' && s[i] != '[' && s[i] != '{';
        i += k;
    }
    w->at = i;
    w->len = 0;
    w->initial = false;
    if (i >= n) {
        w->cls = C_OTHER;
        return;
    }
    size_t cl;
    w->cls = char_at(s, i, n, &cl);
    size_t j = i;
    while (j < n && j - i <= WORD_MAX) {
        int c = char_at(s, j, n, &cl);
        if (is_alnum_class(c) || c == C_MARK || s[j] == '\'' || e280(s, j, n, U_RSQUO))
            j += cl;
        else
            break;
    }
    w->len = j - i;
    w->initial = w->len == 1 && j < n && s[j] == '.';
}

/* "“Why?” Trump asked.": after a quotation closed with ? or !, at most three
 * words containing a verb of saying, then , . ! ? or the end of the
 * paragraph ("quote-attr-*").  After a '.' a capitalized word is taken as a
 * new sentence: "“No way.” She agreed." is two ("quote-attr-period"). */
static bool attribution(const struct cred__segdata *sd, const unsigned char *s, size_t n,
                        size_t i)
{
    bool verb = false;
    for (int words = 0; words < 3; words++) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            return verb;
        size_t b = i;
        while (i < n && s[i] != ' ' && i - b <= WORD_MAX)
            i++;
        if (i < n && s[i] != ' ')
            return false;
        size_t e = i;
        unsigned char last = s[e - 1];
        bool stop = last == ',' || last == '.' || last == '!' || last == '?' || last == ';' ||
                    last == ':';
        if (stop)
            e--;
        unsigned cls = word_class(sd, (const char *)s + b, e - b);
        if (cls & W_VERB)
            verb = true;
        if (stop && !(last == '.' && (cls & W_TITLE)))
            return verb;
    }
    return verb && i >= n;
}

/* "for years.Trump never", "who paid?This is": scraped text that lost the
 * space or line break after a sentence (thousands of cases in ISOT's fake
 * news).  Two lower-case ASCII letters before the stop, a capital and another
 * letter (or "I ") after the closers, and no / @ : . = in the word before, so
 * "example.com/News.Html" and "jane.doe@Example" stay whole ("glued-*"). */
static bool glued(const unsigned char *s, size_t n, size_t t0, size_t k)
{
    if (t0 < 2 || k + 1 >= n || ascii_class(s[t0 - 1]) != C_LOWER ||
        ascii_class(s[t0 - 2]) != C_LOWER || ascii_class(s[k]) != C_UPPER)
        return false;
    int c1 = ascii_class(s[k + 1]);
    if (c1 != C_LOWER && c1 != C_UPPER && !(s[k] == 'I' && s[k + 1] == ' '))
        return false;
    for (size_t b = t0; b > 0 && s[b - 1] != ' ' && t0 - b < WORD_MAX; b--) {
        unsigned char c = s[b - 1];
        if (c == '/' || c == '@' || c == ':' || c == '.' || c == '=')
            return false;
    }
    return true;
}

/*
 * The splitter.  `i` walks the paragraph; at a run of . ? ! … it collects the
 * run and any closing quotes/brackets after it, then decides.
 */
bool cred__segment_sentences(const cred_ctx *ctx, const char *text, size_t n,
                             bool *quote_open, cred__spanvec *out)
{
    const struct cred__segdata *sd = ctx ? ctx->seg : NULL;
    const unsigned char *s = (const unsigned char *)text;
    bool q = quote_open && *quote_open;
    size_t start = 0, first_out = out->n;
    while (start < n && s[start] == ' ')
        start++;
    bool alnum = false; /* the current sentence has a letter or digit */
    size_t i = start;
    while (i < n) {
        unsigned char c = s[i];
        if (!special[c]) {
            if (!alnum) {
                size_t cl;
                alnum = c < 0x80 ? is_alnum_class(ascii_class(c))
                                 : (c >= 0xC0 && is_alnum_class(char_at(s, i, n, &cl)));
            }
            i++;
            continue;
        }
        if (c == '"') {
            q = straight_opens(s, i, n, q);
            i++;
            continue;
        }
        if (e280(s, i, n, U_LDQUO)) {
            q = true;
            i += 3;
            continue;
        }
        if (e280(s, i, n, U_RDQUO)) {
            q = false;
            i += 3;
            continue;
        }
        bool is_term = c == '.' || c == '?' || c == '!' || e280(s, i, n, U_HELLIP) ||
                       hard_stop(s, i, n);
        if (!is_term) {
            i++;
            continue;
        }
        /* The run of terminators: "?!", "...", "…", ". . ." (case "ellipsis-*"). */
        size_t t0 = i, j = i;
        unsigned dots = 0, qe = 0, ell = 0, hard = 0, spaced = 0;
        for (;;) {
            if (j < n && s[j] == '.')
                dots++, j++;
            else if (j < n && (s[j] == '?' || s[j] == '!'))
                qe++, j++;
            else if (e280(s, j, n, U_HELLIP))
                ell++, j += 3;
            else if (hard_stop(s, j, n))
                hard++, j += 3;
            else if (j + 1 < n && s[j] == ' ' && s[j + 1] == '.' && s[j - 1] == '.' &&
                     (spaced || (j + 3 < n && s[j + 2] == ' ' && s[j + 3] == '.')))
                spaced++, dots++, j += 2; /* ". . ." */
            else
                break;
        }
        /* Closing quotes and brackets: "minimized.” Next", "said.' Then",
         * "engineer.) at" (cases "quote-end-*", "paren-*"). */
        size_t k = j;
        bool quoted = false;
        for (;;) {
            if (!q && k + 1 < n && s[k] == '"' && is_alnum_class(ascii_class(s[k + 1]))) {
                /* glued on both sides and no quotation open: 'done."We agree,"'
                 * opens the next sentence ("quote-nospace-straight"); with
                 * one open, 'it "over."Then' closes it ("quote-closer-straight") */
                break;
            } else if (k < n && s[k] == '"') {
                q = false, quoted = true, k++;
            } else if (k < n && (s[k] == '\'' || s[k] == ')' || s[k] == ']' || s[k] == '}')) {
                quoted |= s[k] == '\'';
                k++;
            } else if (e280(s, k, n, U_RDQUO)) {
                q = false, quoted = true, k += 3;
            } else if (e280(s, k, n, U_RSQUO) || e280(s, k, n, U_RSAQUO)) {
                quoted = true, k += 3;
            } else if (k + 1 < n && s[k] == 0xC2 && s[k + 1] == 0xBB) { /* » */
                quoted = true, k += 2;
            } else {
                break;
            }
        }
        i = k;
        if (k >= n)
            break; /* the paragraph's end ends the sentence anyway */
        bool boundary_here = s[k] == ' ';
        if (!boundary_here && hard)
            boundary_here = true; /* 。 needs no space ("cjk-stop") */
        else if (!boundary_here && (e280(s, k, n, U_LDQUO) ||
                                    (s[k] == '"' && k + 1 < n && ascii_class(s[k + 1]) == C_UPPER)))
            boundary_here = true; /* "said.“Next" without its space ("quote-nospace*") */
        else if (!boundary_here && glued(s, n, t0, k))
            boundary_here = true; /* "for years.Trump never": a lost line break */
        if (!boundary_here || !alnum)
            continue; /* "3.5", "example.com", "U.S.-led"; or nothing to end yet */

        next_word w;
        read_next(s, n, k, &w);
        if (w.at >= n)
            continue;
        bool split;
        if (w.cls == C_LOWER) {
            /* "“Why?” she asked.", "Well... maybe.", "the U.S. is" */
            split = false;
        } else if (qe || hard || ell || dots > 1) {
            split = true; /* "What?! No.", "that.... She", "Well... Maybe" */
        } else {
            switch (classify_before(sd, s, t0, start, w.cls == C_DIGIT)) {
            case P_TITLE:
            case P_LIST:
                split = false;
                break;
            case P_AMBIG:
            case P_INITIAL:
                /* "in the U.S. The next" splits, "the U.S. Senate", "Jan. 20",
                 * "George W. Bush" and "J. A. Smith" do not. */
                split = !w.initial && w.cls != C_DIGIT &&
                        ((word_class(sd, (const char *)s + w.at, w.len) & W_STARTER) ||
                         ((w.opener || quoted) && w.cls == C_UPPER));
                /* a closing quote after it ends the sentence: "in the U.S.”
                 * Officials" splits ("abbr-quote-close") */
                break;
            default:
                split = true;
            }
        }
        if (split && qe && quoted && !w.opener && attribution(sd, s, n, w.at))
            split = false; /* "“Why?” Trump asked."; not after '.' ("quote-attr-period") */
        if (!split)
            continue;
        if (!CRED__VEC_PUSH(*out, ((cred_span){start, k})))
            return false;
        start = k;
        while (start < n && s[start] == ' ')
            start++;
        i = start;
        alnum = false;
    }
    size_t end = n;
    while (end > start && s[end - 1] == ' ')
        end--;
    if (end > start) {
        if (!alnum && out->n > first_out)
            out->v[out->n - 1].end = end; /* "Hello. :)" - trailing marks join */
        else if (!CRED__VEC_PUSH(*out, ((cred_span){start, end})))
            return false;
    }
    if (quote_open)
        *quote_open = q;
    return true;
}

/* ---- tokens -------------------------------------------------------------------- */

/* Top-level domains accepted for bare domains ("example.com", "t.co/x").
 * Common English words that are also TLDs (in, it, me, us, be, no, am) are
 * left out on purpose: "the end.it was" is a missing space, not a site.
 * A fixed table because cred__tokenize has no context (docs/segment.md). */
static bool known_tld(const unsigned char *p, size_t n)
{
    static const char *const tlds[] = {
        "com", "net", "org", "gov", "edu", "mil", "int", "info", "biz", "io", "co",
        "uk", "ca", "au", "de", "fr", "ru", "cn", "jp", "eu", "tv", "ly", "gl", "nl",
        "ch", "es", "se", "ie", "nz", "za", "br", "mx", "news", "org.uk", "ws", "fm"};
    for (size_t i = 0; i < sizeof tlds / sizeof tlds[0]; i++)
        if (strlen(tlds[i]) == n && !memcmp(tlds[i], p, n))
            return true;
    return false;
}

static bool host_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-';
}

/* Length of a domain name at p[0..n) (labels of letters, digits, hyphens
 * joined by periods, at least two labels); `last` gets the final label. */
static size_t domain_len(const unsigned char *p, size_t n, size_t *last)
{
    size_t i = 0, labels = 0, lab_start = 0;
    for (;;) {
        size_t b = i;
        while (i < n && host_char(p[i]))
            i++;
        if (i == b)
            return 0;
        labels++;
        lab_start = b;
        if (i + 1 < n && p[i] == '.' && host_char(p[i + 1]))
            i++;
        else
            break;
    }
    if (labels < 2)
        return 0;
    *last = lab_start;
    return i;
}

static bool ci_prefix(const unsigned char *p, size_t n, const char *pre)
{
    size_t k = strlen(pre);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++) {
        unsigned char c = p[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)pre[i])
            return false;
    }
    return true;
}

/* Is p[0..n) (a space-free chunk with outer punctuation trimmed) a URL,
 * e-mail address, @handle or bare domain?  Returns the URL's length from p
 * (an @handle may be followed by more text), or 0. */
static size_t url_core(const unsigned char *p, size_t n)
{
    if (ci_prefix(p, n, "http://") || ci_prefix(p, n, "https://") || ci_prefix(p, n, "ftp://"))
        return n > 8 ? n : 0;
    if (ci_prefix(p, n, "www.") && n > 5 && host_char(p[4]))
        return n;
    if (p[0] == '@') { /* "@realDonaldTrump" */
        size_t i = 1;
        while (i < n && (host_char(p[i]) || p[i] == '_') && p[i] != '-')
            i++;
        return i > 1 ? i : 0;
    }
    const unsigned char *at = memchr(p, '@', n);
    if (at) { /* "jane.doe@example.com" */
        size_t local = (size_t)(at - p), last;
        for (size_t i = 0; i < local; i++)
            if (!host_char(p[i]) && !memchr("._%+", p[i], 4))
                return 0;
        size_t d = domain_len(at + 1, n - local - 1, &last);
        if (!local || d != n - local - 1)
            return 0;
        for (size_t i = last; i < d; i++)
            if (ascii_class(at[1 + i]) != C_LOWER && ascii_class(at[1 + i]) != C_UPPER)
                return 0;
        return d - last >= 2 ? n : 0;
    }
    size_t last, d = domain_len(p, n, &last); /* "example.com", "t.co/abc" */
    if (!d || (d < n && p[d] != '/' && p[d] != ':'))
        return 0;
    return known_tld(p + last, d - last) ? n : 0;
}

static bool push_tok(cred__tokvec *out, size_t base, size_t a, size_t b, unsigned flags)
{
    return CRED__VEC_PUSH(*out, ((cred_token){{base + a, base + b}, flags}));
}

static bool connector(const unsigned char *s, size_t i, size_t n, size_t *len)
{
    if (s[i] == '\'' || s[i] == '-') {
        *len = 1;
        return true;
    }
    if (e280(s, i, n, U_RSQUO) || e280(s, i, n, 0x90) || e280(s, i, n, 0x91)) {
        *len = 3; /* ’ ‐ ‑ */
        return true;
    }
    return false;
}

static size_t url_at(const unsigned char *s, size_t n, size_t chunk_start, size_t i,
                     size_t *chunk_end);

/* Words, numbers, URLs and punctuation of s[0, b), in one pass.  A URL is
 * looked for only where a word ends at '.', '@' or ':' with more text glued
 * after it, or at an '@', and at most once per space-free chunk
 * (`url_done`), so a 10 MB "a.a.a.a..." costs linear time. */
static bool tokenize_run(const unsigned char *s, size_t b, size_t base, cred__tokvec *out)
{
    size_t i = 0, chunk = 0, url_done = 0;
    while (i < b) {
        size_t len;
        int c = char_at(s, i, b, &len);
        if (c == C_SPACE) {
            i += len;
            chunk = i;
            continue;
        }
        if (s[i] == '@' && i >= url_done) { /* "@city_news", "@x.org" */
            size_t u = url_at(s, b, chunk, i, &url_done);
            if (u) {
                if (!push_tok(out, base, i, i + u, CRED_TOK_URL))
                    return false;
                i += u;
                continue;
            }
        }
        if (c == C_OTHER || c == C_MARK || c == C_NUM) {
            if (!push_tok(out, base, i, i + len, c == C_NUM ? CRED_TOK_NUMBER : CRED_TOK_PUNCT))
                return false;
            i += len;
            continue;
        }
        size_t st = i;
        unsigned flags = 0;
        size_t letters = 0, uppers = 0;
        int first = c;
        if (c == C_DIGIT) {
            /* "1,800", "3.5": separators only between digits ("number-*"). */
            while (i < b) {
                c = char_at(s, i, b, &len);
                if (c == C_DIGIT) {
                    i += len;
                } else if ((s[i] == ',' || s[i] == '.') && i + 1 < b &&
                           ascii_class(s[i + 1]) == C_DIGIT) {
                    i++;
                } else {
                    break;
                }
            }
            flags = CRED_TOK_NUMBER;
            if (i >= b || !is_alnum_class(char_at(s, i, b, &len)))
                goto emit; /* else "3rd", "10am", "1990s": a word */
        }
        /* A word: letters, marks, digits; ' ’ - inside between letters or digits
         * ("don’t", "business-like", "Al-Assad’s"); "U.S."-style dotted
         * letters ("token-abbrev"). */
        flags = CRED_TOK_WORD;
        bool dotted_ok = true; /* every part so far is one ASCII letter */
        size_t part = 0, dots = 0;
        while (i < b) {
            if ((unsigned char)(s[i] - 'a') < 26) { /* fast path: a-z run */
                size_t j = i + 1;
                while (j < b && (unsigned char)(s[j] - 'a') < 26)
                    j++;
                letters += j - i;
                part += j - i;
                if (part > 1)
                    dotted_ok = false;
                i = j;
                continue;
            }
            c = char_at(s, i, b, &len);
            if (c == C_UPPER || c == C_LOWER || c == C_LETTER) {
                letters++;
                uppers += c == C_UPPER;
                if (len > 1 || ++part > 1)
                    dotted_ok = false;
                i += len;
            } else if (c == C_DIGIT || c == C_MARK || c == C_NUM) {
                dotted_ok = false;
                i += len;
            } else if (s[i] == '.' && dotted_ok && part == 1) {
                /* "U.S" + "." : take the period if another single letter and
                 * period follow, or if this closes a dotted run ("U.S."). */
                bool more = i + 2 < b && (ascii_class(s[i + 1]) == C_UPPER ||
                                          ascii_class(s[i + 1]) == C_LOWER) &&
                            s[i + 2] == '.';
                if (more) {
                    dots++, part = 0, i++;
                } else if (dots) {
                    i++; /* the final period of "U.S." */
                    break;
                } else {
                    break;
                }
            } else {
                size_t cl;
                if (i > st && connector(s, i, b, &cl) && i + cl < b &&
                    is_alnum_class(char_at(s, i + cl, b, &len))) {
                    dotted_ok = false;
                    i += cl;
                } else {
                    break;
                }
            }
        }
        if (first == C_UPPER)
            flags |= CRED_TOK_CAP;
        if (letters >= 2 && uppers == letters)
            flags |= CRED_TOK_UPPER;
    emit:
        if (i + 1 < b && st >= url_done && (s[i] == '.' || s[i] == '@' || s[i] == ':') &&
            s[i + 1] != ' ') { /* "example.com", "jane.doe@x.org", "https://" */
            size_t u = url_at(s, b, chunk, st, &url_done);
            if (u) {
                i = st + u;
                flags = CRED_TOK_URL;
            }
        }
        if (!push_tok(out, base, st, i, flags))
            return false;
    }
    return true;
}

/* If a URL starts at s[i]: the chunk around i (up to the spaces) with the
 * quotes, brackets and punctuation around it trimmed ("(see
 * https://x.org/a).") must start at i and pass url_core.  Returns the URL's
 * length or 0.  *chunk_end gets the end of the chunk, so the caller checks a
 * chunk at most once. */
static size_t url_at(const unsigned char *s, size_t n, size_t chunk_start, size_t i,
                     size_t *chunk_end)
{
    const unsigned char *sp = memchr(s + i, ' ', n - i);
    size_t e = sp ? (size_t)(sp - s) : n;
    *chunk_end = e;
    size_t a = chunk_start, z = e, k;
    while (a < z && (k = opener_len(s, a, z)) > 0 && s[a] != '\'')
        a += k;
    if (a != i)
        return 0;
    bool paren = memchr(s + a, '(', z - a) != NULL;
    while (z > a) {
        unsigned char c = s[z - 1];
        if (c < 0x80 && memchr(".,;:!?\"')]}>", c, 12)) {
            if (c == ')' && paren)
                break; /* "wiki/Foo_(bar)" */
            z--;
        } else if (z - a >= 3 && (e280(s, z - 3, z, U_RDQUO) || e280(s, z - 3, z, U_RSQUO))) {
            z -= 3;
        } else {
            break;
        }
    }
    return a < z ? url_core(s + a, z - a) : 0;
}

bool cred__tokenize(const char *text, size_t n, size_t base, cred__tokvec *out)
{
    return tokenize_run((const unsigned char *)text, n, base, out);
}
