/*
 * fix.c - step 2 of the pipeline: HTML character references, mojibake, NFC.
 *
 * What it does (ftfy's method, re-implemented; docs/fix.md):
 *  - Splits the text into lines (ftfy's "segments") and fixes each line on
 *    its own, so one bad line cannot make a good one worse and the cost stays
 *    linear in the input.
 *  - Per line, runs ftfy's loop until nothing changes: decode HTML character
 *    references (unless CRED_FIX_NO_ENTITIES, or the line has a '<'), repair
 *    the encoding, turn leftover C1 controls into their Windows-1252
 *    characters, the optional CRED_FIX_* fixes, remove stray control
 *    characters, NFC.
 *  - Encoding repair: only when the line is "bad" (data/fix/badness.txt, a
 *    PCRE2 regex of unlikely character sequences).  Then, for each code page
 *    in ftfy's order (Latin-1, sloppy Windows-1252/1251/1250/1253/1254/1257,
 *    ISO-8859-2, MacRoman, CP437), if the whole line can be encoded in it,
 *    encode it and try to decode the bytes as UTF-8 (CESU-8 surrogate pairs
 *    and Java's C0 80 accepted); the first success wins and the loop runs
 *    again (double mojibake).  Before decoding, spaces that stood for byte
 *    A0 are restored ("Ã la" -> "à la"; ftfy's restore_byte_a0) and, for the
 *    sloppy code pages, sequences that lost bytes to U+FFFD become one U+FFFD
 *    (replace_lossy_sequences).  If no code page fits the whole line, runs
 *    that look like UTF-8 mojibake are fixed on their own
 *    (decode_inconsistent_utf8: "Ecuadorâ€™s" inside good text).  Last,
 *    Latin-1 text holding C1 controls is read as Windows-1252.
 *  - Our additions (each cites its case): MacRoman pairs "¬†"/"√©" inside
 *    good text (macroman_pairs), mojibake that was NFKC-folded later
 *    ("GÃ1⁄4len", unfold_compat), no "†" from "â€" + space (altered_at),
 *    and ANSI colour codes removed (ftfy's remove_terminal_escapes).
 *  - Every repaired run is one cred_edit (kind mojibake/entity/normalize/
 *    control) whose input range covers exactly the characters it replaced:
 *    each code point carries the range of input code points it came from
 *    through every step (encode -> bytes -> decode keeps per-byte origins).
 *
 * What it does not: guess encodings of text that is not mojibake of UTF-8
 * (Latin-1 vs MacRoman mix-ups, ftfy's known failures), fix line breaks
 * (clean.c owns whitespace), or decode '<' tags.  Differences from ftfy:
 * the '<' rule applies per line (ftfy turns entities off for the rest of the
 * text); ﬅ becomes "st" (NFKC) where ftfy gives "ſt".
 *
 * Why built this way: precision over recall.  A fix is applied only when the
 * line looks bad *and* the repair decodes cleanly, which is what keeps
 * legitimate "Ã" in Portuguese or "¬" in logic notation intact (ftfy's
 * negative cases, tests/cases/fix/negative.json).  Code-page tables come from
 * glibc iconv at context creation (no typed tables); Unicode data (NFC, NFKC,
 * case, categories) from utf8proc; named entities from libxml2.  A line that
 * no step could change (see inert()) is copied after one byte scan, and one
 * whose only change is straightening quotes is done in place; the test
 * fast_paths_match_full_loop checks both against the full loop.
 */
#include "internal.h"
#include "fix_hooks.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <iconv.h>
#include <libxml/HTMLparser.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <utf8proc.h>

/* ---- code pages -------------------------------------------------------- */

enum {
    E_LATIN1,
    E_1252,
    E_1251,
    E_1250,
    E_1253,
    E_1254,
    E_1257,
    E_8859_2,
    E_MACROMAN,
    E_CP437,
    NENC
};

static const struct {
    const char *iconv_name;
    bool sloppy;   /* undefined bytes as Latin-1, byte 1A <-> U+FFFD */
    bool clue;     /* a "Latin-1-like" page used for the UTF-8 clue sets */
} encs[NENC] = {
    {"ISO-8859-1", false, true},   {"WINDOWS-1252", true, true},
    {"WINDOWS-1251", true, true},  {"WINDOWS-1250", true, true},
    {"WINDOWS-1253", true, true},  {"WINDOWS-1254", true, true},
    {"WINDOWS-1257", true, true},  {"ISO-8859-2", false, false},
    {"MACINTOSH", false, false},   {"IBM437", false, false},
};

/* ---- rules (what an edit says) ------------------------------------------ */

enum {
    R_NONE = 0,
    R_ENTITY,
    R_NFC,
    R_LIG,
    R_WIDTH,
    R_QUOTES,
    R_C1,
    R_L1W,
    R_CONTROL,
    R_UNFOLD,            /* trial only: never left in the text */
    R_ANSI,
    R_ENC = 16,          /* + encoding: one layer */
    R_ENC2 = 16 + NENC   /* + encoding: two or more layers */
};

static const char *const enc_rule[NENC] = {
    "utf-8/latin-1",      "utf-8/windows-1252", "utf-8/windows-1251", "utf-8/windows-1250",
    "utf-8/windows-1253", "utf-8/windows-1254", "utf-8/windows-1257", "utf-8/iso-8859-2",
    "utf-8/macroman",     "utf-8/cp437"};
static const char *const enc_rule2[NENC] = {
    "double:utf-8/latin-1",      "double:utf-8/windows-1252", "double:utf-8/windows-1251",
    "double:utf-8/windows-1250", "double:utf-8/windows-1253", "double:utf-8/windows-1254",
    "double:utf-8/windows-1257", "double:utf-8/iso-8859-2",   "double:utf-8/macroman",
    "double:utf-8/cp437"};

static bool is_enc_rule(unsigned r) { return r >= R_ENC && r < R_ENC2 + NENC; }

static int rule_priority(unsigned r)
{
    if (is_enc_rule(r) || r == R_C1 || r == R_L1W)
        return 4;
    if (r == R_ENTITY)
        return 3;
    if (r == R_CONTROL)
        return 2;
    return r ? 1 : 0;
}

static void rule_info(unsigned r, cred_edit_kind *kind, const char **name, const char **detail)
{
    *kind = CRED_EDIT_NORMALIZE;
    if (r >= R_ENC2) {
        *kind = CRED_EDIT_MOJIBAKE;
        *name = enc_rule2[r - R_ENC2];
        *detail = "UTF-8 that was decoded with a single-byte code page more than once, re-decoded";
        return;
    }
    if (r >= R_ENC) {
        *kind = CRED_EDIT_MOJIBAKE;
        *name = enc_rule[r - R_ENC];
        *detail = "UTF-8 that was decoded with a single-byte code page, re-decoded";
        return;
    }
    switch (r) {
    case R_ENTITY:
        *kind = CRED_EDIT_ENTITY, *name = "entity", *detail = "HTML character reference decoded";
        break;
    case R_LIG:
        *name = "ligature", *detail = "Latin ligature taken apart";
        break;
    case R_WIDTH:
        *name = "width", *detail = "fullwidth/halfwidth form made standard width";
        break;
    case R_QUOTES:
        *name = "uncurl-quotes", *detail = "curly quotation mark made straight";
        break;
    case R_C1:
        *kind = CRED_EDIT_MOJIBAKE, *name = "c1-windows-1252",
        *detail = "C1 control character read as the Windows-1252 character it stands for";
        break;
    case R_L1W:
        *kind = CRED_EDIT_MOJIBAKE, *name = "windows-1252/latin-1",
        *detail = "Windows-1252 text that was decoded as Latin-1, re-decoded";
        break;
    case R_CONTROL:
        *kind = CRED_EDIT_CONTROL, *name = "control", *detail = "control character removed";
        break;
    case R_ANSI:
        *kind = CRED_EDIT_CONTROL, *name = "terminal-escape",
        *detail = "ANSI terminal escape sequence removed";
        break;
    default:
        *name = "nfc", *detail = "Unicode NFC normalization";
        break;
    }
}

/* ---- the context's data ------------------------------------------------- */

/* Bits of the UTF-8 clue table (decode_inconsistent_utf8). */
enum { CL_F2 = 1, CL_F3 = 2, CL_F4 = 4, CL_CONT = 8, CL_STRICT = 16 };
#define CLUE_MAX 0x2200

typedef struct encpair {
    int32_t cp;
    uint8_t b;
} encpair;

typedef struct entity5 {
    char name[32];
    int32_t cp[2];
    int ncp;
} entity5;

struct cred__fixdata {
    int32_t dec[NENC][256]; /* byte -> code point (-1: undefined, strict pages) */
    encpair enc[NENC][130]; /* code point -> byte for >= 0x80 (and FFFD), sorted */
    size_t nenc[NENC];
    uint8_t clue[CLUE_MAX];
    pcre2_code *bad_re;
    int32_t *lig;           /* sorted */
    size_t nlig;
    entity5 *ent;           /* sorted by name */
    size_t nent;
};

static int pair_cmp(const void *a, const void *b)
{
    const encpair *x = a, *y = b;
    return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static int cp_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

static int ent_cmp(const void *a, const void *b)
{
    return strcmp(((const entity5 *)a)->name, ((const entity5 *)b)->name);
}

static cred_status load_tables(struct cred__fixdata *fd, cred_error *err)
{
    for (int e = 0; e < NENC; e++) {
        iconv_t cd = iconv_open("UTF-32LE", encs[e].iconv_name);
        if (cd == (iconv_t)-1)
            return cred__err(err, CRED_EDATA, "fix: iconv cannot convert from %s",
                             encs[e].iconv_name);
        for (int b = 0; b < 256; b++) {
            int32_t cp = -1;
            if (b < 0x80) {
                cp = b;
            } else {
                char in = (char)b, *ip = &in;
                unsigned char out[8];
                char *op = (char *)out;
                size_t il = 1, ol = sizeof out;
                iconv(cd, NULL, NULL, NULL, NULL);
                if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == sizeof out - 4)
                    cp = (int32_t)(out[0] | out[1] << 8 | out[2] << 16 | (uint32_t)out[3] << 24);
            }
            if (cp < 0 && encs[e].sloppy)
                cp = b; /* sloppy: an undefined byte is its Latin-1 character */
            fd->dec[e][b] = cp;
        }
        iconv_close(cd);
        if (encs[e].sloppy)
            fd->dec[e][0x1A] = 0xFFFD;
    }
    /* glibc's MACINTOSH is Apple's old table; Apple's current one (and
     * Python's, which ftfy's cases were made with) has U+2206 INCREMENT at
     * C6 and the Apple logo U+F8FF at F0 ("∆°" must stay: negative case). */
    fd->dec[E_MACROMAN][0xC6] = 0x2206;
    fd->dec[E_MACROMAN][0xF0] = 0xF8FF;

    for (int e = 0; e < NENC; e++) {
        size_t k = 0;
        for (int b = 0x80; b < 256; b++)
            if (fd->dec[e][b] >= 0x80)
                fd->enc[e][k++] = (encpair){fd->dec[e][b], (uint8_t)b};
        if (encs[e].sloppy)
            fd->enc[e][k++] = (encpair){0xFFFD, 0x1A};
        qsort(fd->enc[e], k, sizeof(encpair), pair_cmp);
        fd->nenc[e] = k;
    }

    /* Characters that bytes C2-DF / E0-EF / F0,F3 / 80-BF decode to in the
     * Latin-1-like pages: what UTF-8 looks like after a wrong decoding. */
    for (int e = 0; e < NENC; e++) {
        if (!encs[e].clue)
            continue;
        for (int b = 0x80; b < 256; b++) {
            int32_t cp = fd->dec[e][b]; /* sloppy extras are Latin-1: nothing new */
            if (cp < 0 || cp >= CLUE_MAX)
                continue;
            uint8_t bit = b < 0xC0 ? CL_CONT : b < 0xC2 ? 0 : b < 0xE0 ? CL_F2 : b < 0xF0 ? CL_F3
                          : (b == 0xF0 || b == 0xF3) ? CL_F4 : 0;
            fd->clue[cp] |= bit;
            if (bit == CL_CONT)
                fd->clue[cp] |= CL_STRICT;
        }
    }
    fd->clue[0x20] |= CL_CONT; /* a space that was U+00A0 */
    /* Not "strict" continuation characters: the ones that also stand for
     * themselves next to mojibake (spaces, dashes, quotes, bullet,
     * ellipsis), so "Ecuadorâ€™s ‘purely…" is still split at the quote. */
    static const int32_t loose[] = {0x2013, 0x2014, 0x2015, 0x2018, 0x2019, 0x201A,
                                    0x201C, 0x201D, 0x201E, 0x2022, 0x2026};
    for (size_t i = 0; i < sizeof loose / sizeof *loose; i++)
        fd->clue[loose[i]] &= (uint8_t)~CL_STRICT;
    return CRED_OK;
}

static cred_status load_badness(cred_ctx *ctx, struct cred__fixdata *fd, cred_error *err)
{
    static const char file[] = "fix/badness.txt";
    cred_str text;
    cred_status st = cred__ctx_data(ctx, file, &text, err);
    if (st)
        return st;
    struct cls {
        cred_str name, body;
    };
    CRED__VEC(struct cls) classes = {0};
    cred__buf re = {0};
    cred__lines it;
    cred_str line;
    cred__lines_init(&it, text);
    size_t nrules = 0;
    st = CRED_OK;
    while (!st && cred__lines_next(&it, &line)) {
        cred_str f[3];
        size_t k = cred__split_tabs(line, f, 3);
        if (k == 3 && f[0].n == 5 && !memcmp(f[0].p, "class", 5)) {
            if (!CRED__VEC_PUSH(classes, ((struct cls){f[1], f[2]})))
                st = cred__err(err, CRED_ENOMEM, "out of memory");
            continue;
        }
        if (k != 2 || f[0].n != 4 || memcmp(f[0].p, "rule", 4) || !f[1].n) {
            st = cred__err(err, CRED_EDATA, "%s:%zu: expected 'class<TAB>NAME<TAB>BODY' or "
                           "'rule<TAB>PATTERN'", file, it.line);
            break;
        }
        if (nrules++)
            cred__buf_putc(&re, '|');
        cred__buf_puts(&re, "(?:");
        const char *p = f[1].p, *end = f[1].p + f[1].n;
        while (p < end) {
            if (*p == '\\' && p + 1 < end) { /* an escape: \x{a0} is not a class */
                const char *q = p + 2;
                if (p[1] == 'x' && q < end && *q == '{') {
                    const char *c = memchr(q, '}', (size_t)(end - q));
                    q = c ? c + 1 : end;
                }
                cred__buf_put(&re, p, (size_t)(q - p));
                p = q;
            } else if (*p == '{') {
                const char *q = memchr(p, '}', (size_t)(end - p));
                size_t i = 0;
                for (; q && i < classes.n; i++)
                    if (classes.v[i].name.n == (size_t)(q - p - 1) &&
                        !memcmp(classes.v[i].name.p, p + 1, classes.v[i].name.n))
                        break;
                if (!q || i == classes.n) {
                    st = cred__err(err, CRED_EDATA, "%s:%zu: unknown class at column %zu", file,
                                   it.line, (size_t)(p - line.p) + 1);
                    break;
                }
                cred__buf_put(&re, classes.v[i].body.p, classes.v[i].body.n);
                p = q + 1;
            } else {
                cred__buf_putc(&re, *p++);
            }
        }
        cred__buf_putc(&re, ')');
    }
    free(classes.v);
    if (!st && !nrules)
        st = cred__err(err, CRED_EDATA, "%s: no rules", file);
    if (!st && re.oom)
        st = cred__err(err, CRED_ENOMEM, "out of memory");
    if (!st) {
        int ec;
        PCRE2_SIZE off;
        fd->bad_re = pcre2_compile((PCRE2_SPTR)re.p, re.n, PCRE2_UTF | PCRE2_UCP, &ec, &off, NULL);
        if (!fd->bad_re) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(ec, msg, sizeof msg);
            st = cred__err(err, CRED_EDATA, "%s: bad pattern at offset %zu of the joined rules: %s",
                           file, (size_t)off, (const char *)msg);
        } else {
            if (cred__jit_enabled())
                pcre2_jit_compile(fd->bad_re, PCRE2_JIT_COMPLETE); /* else interpreted */
        }
    }
    cred__buf_free(&re);
    return st;
}

static cred_status load_ligatures(cred_ctx *ctx, struct cred__fixdata *fd, cred_error *err)
{
    static const char file[] = "fix/ligatures.txt";
    cred_str text, line;
    cred_status st = cred__ctx_data(ctx, file, &text, err);
    if (st)
        return st;
    cred__lines it;
    cred__lines_init(&it, text);
    CRED__VEC(int32_t) v = {0};
    while (cred__lines_next(&it, &line)) {
        while (line.n && (line.p[line.n - 1] == ' ' || line.p[line.n - 1] == '\t'))
            line.n--;
        int32_t cp;
        size_t len = line.n ? cred__utf8_decode((const unsigned char *)line.p, line.n, &cp) : 0;
        if (!len || len != line.n) {
            free(v.v);
            return cred__err(err, CRED_EDATA, "%s:%zu: expected one character", file, it.line);
        }
        if (!CRED__VEC_PUSH(v, cp)) {
            free(v.v);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
    }
    qsort(v.v, v.n, sizeof *v.v, cp_cmp);
    fd->lig = v.v;
    fd->nlig = v.n;
    return CRED_OK;
}

static cred_status load_entities(cred_ctx *ctx, struct cred__fixdata *fd, cred_error *err)
{
    static const char file[] = "fix/entities.tsv";
    cred_str text, line;
    cred_status st = cred__ctx_data(ctx, file, &text, err);
    if (st)
        return st;
    cred__lines it;
    cred__lines_init(&it, text);
    CRED__VEC(entity5) v = {0};
    while (cred__lines_next(&it, &line)) {
        cred_str f[2];
        entity5 en = {{0}, {0, 0}, 0};
        bool ok = cred__split_tabs(line, f, 2) == 2 && f[0].n && f[0].n < sizeof en.name;
        for (size_t i = 0; ok && i < f[0].n; i++)
            ok = (f[0].p[i] >= 'a' && f[0].p[i] <= 'z') || (f[0].p[i] >= 'A' && f[0].p[i] <= 'Z') ||
                 (f[0].p[i] >= '0' && f[0].p[i] <= '9');
        const char *p = f[1].p, *end = ok ? f[1].p + f[1].n : p;
        while (ok && p < end && en.ncp < 2) {
            while (p < end && *p == ' ')
                p++;
            if (p + 2 >= end || p[0] != 'U' || p[1] != '+') {
                ok = false;
                break;
            }
            p += 2;
            long cp = 0;
            int nd = 0;
            for (; p < end && nd < 7; p++, nd++) {
                int d = (*p >= '0' && *p <= '9') ? *p - '0' : (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10
                        : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10 : -1;
                if (d < 0)
                    break;
                cp = cp * 16 + d;
            }
            ok = nd >= 4 && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp < 0xE000);
            if (ok)
                en.cp[en.ncp++] = (int32_t)cp;
            while (p < end && *p == ' ')
                p++;
        }
        ok = ok && en.ncp && p == end;
        if (!ok) {
            free(v.v);
            return cred__err(err, CRED_EDATA, "%s:%zu: expected NAME<TAB>U+XXXX[ U+XXXX]", file,
                             it.line);
        }
        memcpy(en.name, f[0].p, f[0].n);
        if (!CRED__VEC_PUSH(v, en)) {
            free(v.v);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
    }
    qsort(v.v, v.n, sizeof *v.v, ent_cmp);
    fd->ent = v.v;
    fd->nent = v.n;
    return CRED_OK;
}

void cred__fix_free(struct cred__fixdata *f)
{
    if (!f)
        return;
    pcre2_code_free(f->bad_re);
    free(f->lig);
    free(f->ent);
    free(f);
}

cred_status cred__fix_load(cred_ctx *ctx, cred_error *err)
{
    ctx->fix = NULL;
    struct cred__fixdata *fd = calloc(1, sizeof *fd);
    if (!fd)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    cred_status st = load_tables(fd, err);
    if (!st)
        st = load_badness(ctx, fd, err);
    if (!st)
        st = load_ligatures(ctx, fd, err);
    if (!st)
        st = load_entities(ctx, fd, err);
    if (st) {
        cred__fix_free(fd);
        return st;
    }
    ctx->fix = fd;
    return CRED_OK;
}

/* ---- text as code points with origins ----------------------------------- */

/* One code point of the line being fixed.  [a, b) is the range of the
 * line's *input* code points it came from; `rule` is 0 while the character
 * is the unchanged input character a (then b == a + 1). */
typedef struct fc {
    int32_t cp;
    uint32_t a, b;
    uint8_t rule, layers;
} fc;
typedef CRED__VEC(fc) fcvec;

/* One byte of an encoded line; `src` is the fc it encodes, or NONE. */
typedef struct fb {
    uint8_t c, layers;
    uint32_t a, b, src;
} fb;
typedef CRED__VEC(fb) fbvec;
#define NONE UINT32_MAX

typedef struct del {
    uint32_t a, b;
    uint8_t rule;
} del;

typedef struct fixer {
    const struct cred__fixdata *fd;
    unsigned flags;
    bool entities;
    pcre2_match_data *md;
    cred__buf u8;
    CRED__VEC(del) dels;
    struct {
        fcvec o, o2, sub; /* scratch per recursion depth, reused across lines */
    } sc[6];
    fbvec b, tmp;
    int max_steps; /* fix_encoding rounds; fewer on very long lines */
    bool oom;
} fixer;

static void push(fixer *fx, fcvec *v, fc c)
{
    if (!CRED__VEC_PUSH(*v, c))
        fx->oom = true;
}

/* Appends cp as the replacement of src[from, to) by a step with `rule`. */
static void put_new(fixer *fx, fcvec *o, int32_t cp, const fc *src, size_t from, size_t to,
                    unsigned rule)
{
    if (to - from == 1 && src[from].cp == cp) {
        push(fx, o, src[from]);
        return;
    }
    fc c = {cp, src[from].a, src[from].b, 0, 0};
    unsigned best = rule;
    for (size_t i = from; i < to; i++) {
        if (src[i].a < c.a)
            c.a = src[i].a;
        if (src[i].b > c.b)
            c.b = src[i].b;
        if (src[i].layers > c.layers)
            c.layers = src[i].layers;
        if (rule_priority(src[i].rule) > rule_priority(best))
            best = src[i].rule;
    }
    c.rule = (uint8_t)best;
    push(fx, o, c);
}

static void swap_in(fcvec *t, fcvec *o)
{
    fcvec tmp = *t;
    *t = *o;
    *o = tmp;
    o->n = 0;
}

/* ’ ‘ “ ” – — … • U+00A0: no badness rule can match text made of these and
 * ASCII (data/fix/badness.txt says why). */
static bool harmless(int32_t cp)
{
    return cp < 0x80 || cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D ||
           cp == 0x2013 || cp == 0x2014 || cp == 0x2026 || cp == 0x2022 || cp == 0xA0;
}

/* Characters that can make a line bad next to ASCII alone (data/fix/badness.txt:
 * C1 controls, "Ã " and "Â ", "œ" before a non-letter). */
static bool lone_trigger(int32_t cp)
{
    return (cp >= 0x80 && cp < 0xA0) || cp == 0xC2 || cp == 0xC3 || cp == 0x152 || cp == 0x153;
}

/* A necessary condition for a badness match: a lone trigger, or a character
 * other than harmless() ones next to another non-ASCII character.  Every
 * rule needs one of these, so ordinary accented text ("réforme décidée")
 * skips the regex. */
static bool may_be_bad(const fc *t, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int32_t cp = t[i].cp;
        if (cp < 0x80)
            continue;
        if (lone_trigger(cp))
            return true;
        if (!harmless(cp) && ((i > 0 && t[i - 1].cp >= 0x80) || (i + 1 < n && t[i + 1].cp >= 0x80)))
            return true;
    }
    return false;
}

static bool is_bad(fixer *fx, const fc *t, size_t n)
{
    if (!may_be_bad(t, n))
        return false;
    size_t i;
    fx->u8.n = 0;
    for (i = 0; i < n; i++)
        cred__buf_put_utf8(&fx->u8, t[i].cp);
    /* PCRE2's JIT reads the subject in aligned blocks: keep the bytes after
     * the end defined (quiet under valgrind, no effect on the match). */
    if (!cred__buf_reserve(&fx->u8, 32) || fx->u8.oom)
        return false;
    memset(fx->u8.p + fx->u8.n, 0, 32);
    return pcre2_match(fx->fd->bad_re, (PCRE2_SPTR)fx->u8.p, fx->u8.n, 0, PCRE2_NO_UTF_CHECK,
                       fx->md, NULL) >= 0;
}

static int enc_byte(const struct cred__fixdata *fd, int e, int32_t cp)
{
    if (cp < 0x80)
        return (cp == 0x1A && encs[e].sloppy) ? -1 : (int)cp;
    size_t lo = 0, hi = fd->nenc[e];
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fd->enc[e][mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < fd->nenc[e] && fd->enc[e][lo].cp == cp ? fd->enc[e][lo].b : -1;
}

static bool possible(const struct cred__fixdata *fd, int e, const fc *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (enc_byte(fd, e, t[i].cp) < 0)
            return false;
    return true;
}

/* ---- byte-level transcoders (ftfy's restore_byte_a0, replace_lossy) ----- */

static bool cont(uint8_t c) { return c >= 0x80 && c <= 0xBF; }
/* continuation bytes other than 85 and A0 (those two are plausible spaces) */
static bool cont_na0(uint8_t c) { return cont(c) && c != 0x85 && c != 0xA0; }

/* UTF-8 that would be valid if a space were byte A0 (ftfy's ALTERED_UTF8_RE).
 * Returns the match length at i or 0. */
static size_t altered_at(const fb *c, size_t n, size_t i)
{
    uint8_t c0 = c[i].c;
    uint8_t c1 = i + 1 < n ? c[i + 1].c : 0, c2 = i + 2 < n ? c[i + 2].c : 0,
            c3 = i + 3 < n ? c[i + 3].c : 0;
    if ((c0 == 0xC2 || c0 == 0xC3 || c0 == 0xC5 || c0 == 0xCE || c0 == 0xD0 || c0 == 0xD9) &&
        c1 == ' ')
        return 2;
    if ((c0 == 0xE2 || c0 == 0xE3) && c1 == ' ' && cont_na0(c2))
        return 3;
    /* Not E2 80 + space: in news that is far more often "â€" of a ” whose
     * 9D byte was lost (decode.c drops C1 controls) than a † (E2 80 A0) whose
     * A0 became a space (case "Lost byte of a closing quote is not a dagger",
     * tests/cases/fix/synthetic.json).  Deviation from ftfy. */
    if (c0 >= 0xE0 && c0 <= 0xE3 && cont_na0(c1) && c2 == ' ' && !(c0 == 0xE2 && c1 == 0x80))
        return 3;
    if (c0 == 0xF0 && ((c1 == ' ' && cont(c2) && cont(c3)) || (cont(c1) && c2 == ' ' && cont(c3)) ||
                       (cont(c1) && cont(c2) && c3 == ' ')))
        return 4;
    return 0;
}

static bool altered_search(const fbvec *b)
{
    for (size_t i = 0; i < b->n; i++)
        if (b->v[i].c >= 0xC2 && altered_at(b->v, b->n, i))
            return true;
    return false;
}

static bool bytes_eq(const fb *c, size_t n, size_t i, const char *s)
{
    size_t k = strlen(s);
    if (i + k > n)
        return false;
    for (size_t j = 0; j < k; j++)
        if (c[i + j].c != (uint8_t)s[j])
            return false;
    return true;
}

static void restore_byte_a0(fixer *fx, fbvec *b, fbvec *tmp)
{
    /* "Ã la" is "à la": keep the space and add the A0 (not Portuguese "às",
     * "àquele"...; case 'Portuguese às' in tests/cases/fix/synthetic.json). */
    tmp->n = 0;
    for (size_t i = 0; i < b->n; i++) {
        fb x = b->v[i];
        bool ok = CRED__VEC_PUSH(*tmp, x);
        if (x.c == 0xC3 && i + 1 < b->n && b->v[i + 1].c == ' ' &&
            !(bytes_eq(b->v, b->n, i + 2, " ") || bytes_eq(b->v, b->n, i + 2, "quele") ||
              bytes_eq(b->v, b->n, i + 2, "quela") || bytes_eq(b->v, b->n, i + 2, "quilo") ||
              bytes_eq(b->v, b->n, i + 2, "s "))) {
            fb a0 = x;
            a0.c = 0xA0;
            a0.src = NONE;
            ok = ok && CRED__VEC_PUSH(*tmp, a0) && CRED__VEC_PUSH(*tmp, b->v[i + 1]);
            i++;
        }
        if (!ok)
            fx->oom = true;
    }
    fbvec t = *b;
    *b = *tmp;
    *tmp = t;
    for (size_t i = 0; i < b->n;) {
        size_t len = b->v[i].c >= 0xC2 ? altered_at(b->v, b->n, i) : 0;
        if (!len) {
            i++;
            continue;
        }
        for (size_t j = i; j < i + len; j++)
            if (b->v[j].c == ' ') {
                b->v[j].c = 0xA0;
                b->v[j].src = NONE;
            }
        i += len;
    }
}

static bool sub_or_q(uint8_t c) { return c == 0x1A || c == '?'; }
static bool sub_or_c(uint8_t c) { return c == 0x1A || cont(c); }

/* UTF-8 sequences that lost bytes to U+FFFD (byte 1A in a sloppy page). */
static size_t lossy_at(const fb *v, size_t n, size_t i)
{
    uint8_t c[6] = {0};
    for (size_t k = 0; k < 6 && i + k < n; k++)
        c[k] = v[i + k].c;
    if (c[0] >= 0xC2 && c[0] <= 0xDF && c[1] == 0x1A)
        return 2;
    if ((c[0] == 0xC2 || c[0] == 0xC3) && c[1] == '?')
        return 2;
    if (c[0] == 0xED && c[1] >= 0xA0 && c[1] <= 0xAF && c[3] == 0xED && c[4] >= 0xB0 &&
        c[4] <= 0xBF &&
        ((sub_or_q(c[2]) && (sub_or_q(c[5]) || cont(c[5]))) ||
         ((sub_or_q(c[2]) || cont(c[2])) && sub_or_q(c[5]))))
        return 6;
    if (c[0] >= 0xE0 && c[0] <= 0xEF &&
        ((sub_or_q(c[1]) && sub_or_c(c[2])) || (sub_or_c(c[1]) && sub_or_q(c[2]))))
        return 3;
    if (c[0] >= 0xF0 && c[0] <= 0xF4 &&
        ((sub_or_q(c[1]) && sub_or_c(c[2]) && sub_or_c(c[3])) ||
         (sub_or_c(c[1]) && sub_or_q(c[2]) && sub_or_c(c[3])) ||
         (sub_or_c(c[1]) && sub_or_c(c[2]) && sub_or_q(c[3]))))
        return 4;
    return c[0] == 0x1A ? 1 : 0;
}

static void replace_lossy(fixer *fx, fbvec *b, fbvec *tmp)
{
    tmp->n = 0;
    for (size_t i = 0; i < b->n;) {
        size_t len = lossy_at(b->v, b->n, i);
        if (!len) {
            if (!CRED__VEC_PUSH(*tmp, b->v[i]))
                fx->oom = true;
            i++;
            continue;
        }
        fb r = b->v[i];
        r.src = NONE;
        for (size_t j = i; j < i + len; j++) {
            r.b = b->v[j].b > r.b ? b->v[j].b : r.b;
            r.layers = b->v[j].layers > r.layers ? b->v[j].layers : r.layers;
        }
        static const uint8_t fffd[3] = {0xEF, 0xBF, 0xBD};
        for (int k = 0; k < 3; k++) {
            r.c = fffd[k];
            if (!CRED__VEC_PUSH(*tmp, r))
                fx->oom = true;
        }
        i += len;
    }
    fbvec t = *b;
    *b = *tmp;
    *tmp = t;
}

/* Decodes the bytes as UTF-8 (with CESU-8 pairs and C0 80 when `variants`)
 * into o; false if they are not.  New characters get rule R_ENC + e. */
static bool decode_bytes(fixer *fx, const fbvec *b, bool variants, int e, const fc *src,
                         fcvec *o)
{
    const fb *v = b->v;
    size_t n = b->n;
    unsigned char s[4];
    o->n = 0;
    for (size_t i = 0; i < n;) {
        int32_t cp = -1;
        size_t len = 0;
        if (variants && v[i].c == 0xC0 && i + 1 < n && v[i + 1].c == 0x80) {
            cp = 0, len = 2;
        } else if (variants && v[i].c == 0xED && i + 5 < n && v[i + 1].c >= 0xA0 &&
                   v[i + 1].c <= 0xAF && cont(v[i + 2].c) && v[i + 3].c == 0xED &&
                   v[i + 4].c >= 0xB0 && v[i + 4].c <= 0xBF && cont(v[i + 5].c)) {
            int32_t hi = 0xD000 | (v[i + 1].c & 0x3F) << 6 | (v[i + 2].c & 0x3F);
            int32_t lo = 0xD000 | (v[i + 4].c & 0x3F) << 6 | (v[i + 5].c & 0x3F);
            cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
            len = 6;
        } else {
            size_t k = 0;
            for (; k < 4 && i + k < n; k++)
                s[k] = v[i + k].c;
            len = cred__utf8_decode(s, k, &cp);
            if (!len)
                return false;
        }
        if (len == 1 && v[i].src != NONE && src[v[i].src].cp == cp) {
            push(fx, o, src[v[i].src]);
        } else {
            fc c = {cp, v[i].a, v[i].b, 0, 0};
            for (size_t j = i; j < i + len; j++) {
                if (v[j].a < c.a)
                    c.a = v[j].a;
                if (v[j].b > c.b)
                    c.b = v[j].b;
                if (v[j].layers > c.layers)
                    c.layers = v[j].layers;
            }
            c.layers = c.layers < 200 ? c.layers + 1 : c.layers;
            c.rule = (uint8_t)(c.layers >= 2 ? R_ENC2 + e : R_ENC + e);
            push(fx, o, c);
        }
        i += len;
    }
    return true;
}

/* ---- ftfy's fix_encoding ------------------------------------------------ */

static bool fix_encoding(fixer *fx, fcvec *t, int depth);

static uint8_t clue(const struct cred__fixdata *fd, int32_t cp)
{
    return cp >= 0 && cp < CLUE_MAX ? fd->clue[cp] : 0;
}

/* Length of a run of UTF-8-looking mojibake at i (ftfy's UTF8_DETECTOR_RE). */
static size_t detector_at(const struct cred__fixdata *fd, const fc *t, size_t n, size_t i)
{
    size_t p = i;
    for (;;) {
        uint8_t c0 = p < n ? clue(fd, t[p].cp) : 0;
        bool c1 = p + 1 < n && (clue(fd, t[p + 1].cp) & CL_CONT);
        bool c2 = c1 && p + 2 < n && (clue(fd, t[p + 2].cp) & CL_CONT);
        bool c3 = c2 && p + 3 < n && (clue(fd, t[p + 3].cp) & CL_CONT);
        if ((c0 & CL_F2) && c1)
            p += 2;
        else if ((c0 & CL_F3) && c2)
            p += 3;
        else if ((c0 & CL_F4) && c3)
            p += 4;
        else
            break;
    }
    return p - i;
}

static bool decode_inconsistent(fixer *fx, fcvec *t, int depth)
{
    const struct cred__fixdata *fd = fx->fd;
    size_t n = t->n;
    bool any = false;
    for (size_t i = 0; i < n; i++)
        if ((i == 0 || !(clue(fd, t->v[i - 1].cp) & CL_STRICT)) && detector_at(fd, t->v, n, i)) {
            any = true;
            break;
        }
    if (!any)
        return false;
    fcvec *o = &fx->sc[depth].o2, *sub = &fx->sc[depth].sub;
    o->n = sub->n = 0;
    bool changed = false;
    for (size_t i = 0; i < n && !fx->oom;) {
        size_t len = (i == 0 || !(clue(fd, t->v[i - 1].cp) & CL_STRICT))
                         ? detector_at(fd, t->v, n, i)
                         : 0;
        if (!len) {
            push(fx, o, t->v[i++]);
            continue;
        }
        if (len < n && is_bad(fx, t->v + i, len)) {
            sub->n = 0;
            for (size_t j = i; j < i + len; j++)
                push(fx, sub, t->v[j]);
            if (fix_encoding(fx, sub, depth + 1))
                changed = true;
            for (size_t j = 0; j < sub->n; j++)
                push(fx, o, sub->v[j]);
        } else {
            for (size_t j = i; j < i + len; j++)
                push(fx, o, t->v[j]);
        }
        i += len;
    }
    if (changed && !fx->oom)
        swap_in(t, o);
    return changed && !fx->oom;
}

static bool fix_c1(fixer *fx, fcvec *t)
{
    bool any = false;
    for (size_t i = 0; i < t->n && !any; i++)
        any = t->v[i].cp >= 0x80 && t->v[i].cp < 0xA0 &&
              fx->fd->dec[E_1252][t->v[i].cp] != t->v[i].cp;
    if (!any)
        return false;
    for (size_t i = 0; i < t->n; i++) {
        fc *c = &t->v[i];
        if (c->cp >= 0x80 && c->cp < 0xA0 && fx->fd->dec[E_1252][c->cp] != c->cp) {
            c->cp = fx->fd->dec[E_1252][c->cp];
            if (rule_priority(c->rule) < rule_priority(R_C1))
                c->rule = R_C1;
        }
    }
    return true;
}

/* MacRoman mojibake of U+00A0-U+00FF inside otherwise good text: "¬†" (a
 * no-break space) and "√©" (é) between correct curly quotes, which no
 * whole-line re-decoding can fix (the seed article's "new¬†“partner-like";
 * case "MacRoman no-break space next to good quotes" in
 * tests/cases/fix/in-the-wild.json).  Not in ftfy.  A pair is fixed only
 * when it is bad on its own, so "√π" (math) and "¬´" (kaomoji) stay. */
static bool macroman_pairs(fixer *fx, fcvec *t, int depth)
{
    const struct cred__fixdata *fd = fx->fd;
    fcvec *o = &fx->sc[depth].o;
    o->n = 0;
    bool changed = false;
    for (size_t i = 0; i < t->n;) {
        const fc *c = &t->v[i];
        int b = (c->cp == 0xAC || c->cp == 0x221A) && i + 1 < t->n
                    ? enc_byte(fd, E_MACROMAN, t->v[i + 1].cp)
                    : -1;
        int32_t cp = ((c->cp == 0xAC ? 0xC2 : 0xC3) & 0x1F) << 6 | (b & 0x3F);
        if (b < 0x80 || b > 0xBF || cp < 0xA0 || !is_bad(fx, t->v + i, 2)) {
            push(fx, o, t->v[i++]);
            continue;
        }
        const fc *d = &t->v[i + 1];
        uint8_t layers = (uint8_t)((c->layers > d->layers ? c->layers : d->layers) + 1);
        fc r = {cp, c->a, d->b, (uint8_t)(layers >= 2 ? R_ENC2 + E_MACROMAN : R_ENC + E_MACROMAN),
                layers};
        push(fx, o, r);
        changed = true;
        i += 2;
    }
    if (changed && !fx->oom)
        swap_in(t, o);
    return changed && !fx->oom;
}

static bool one_step(fixer *fx, fcvec *t, int depth)
{
    const struct cred__fixdata *fd = fx->fd;
    if (!t->n || !is_bad(fx, t->v, t->n))
        return false;
    bool poss[NENC];
    fbvec *b = &fx->b, *tmp = &fx->tmp;
    fcvec *o = &fx->sc[depth].o;
    o->n = 0;
    bool done = false;
    for (int e = 0; e < NENC && !done && !fx->oom; e++) {
        poss[e] = possible(fd, e, t->v, t->n);
        if (!poss[e])
            continue;
        b->n = 0;
        bool variants = false;
        for (size_t i = 0; i < t->n; i++) {
            const fc *c = &t->v[i];
            fb x = {(uint8_t)enc_byte(fd, e, c->cp), c->layers, c->a, c->b, (uint32_t)i};
            if (!CRED__VEC_PUSH(*b, x))
                fx->oom = true;
        }
        if (e != E_MACROMAN && altered_search(b))
            restore_byte_a0(fx, b, tmp);
        if (encs[e].sloppy)
            replace_lossy(fx, b, tmp);
        for (size_t i = 0; i < b->n; i++)
            variants = variants || b->v[i].c == 0xED || b->v[i].c == 0xC0;
        if (!fx->oom && decode_bytes(fx, b, variants, e, t->v, o)) {
            swap_in(t, o);
            done = true;
        }
    }
    if (done || fx->oom)
        return done;
    if (depth < 4 && decode_inconsistent(fx, t, depth))
        return true;
    if (macroman_pairs(fx, t, depth))
        return true;
    if (poss[E_LATIN1]) {
        if (poss[E_1252])
            return false; /* in both Latin-1 and Windows-1252: probably right */
        /* Latin-1 with C1 controls: Windows-1252 that was read as Latin-1
         * (strictly: a byte Windows-1252 leaves undefined stops it). */
        bool ok = true, changed = false;
        for (size_t i = 0; i < t->n && ok; i++) {
            int32_t cp = t->v[i].cp;
            if (cp >= 0x80 && cp < 0xA0)
                ok = fd->dec[E_1252][cp] != cp;
        }
        for (size_t i = 0; ok && i < t->n; i++) {
            fc *c = &t->v[i];
            if (c->cp >= 0x80 && c->cp < 0xA0) {
                c->cp = fd->dec[E_1252][c->cp];
                c->rule = R_L1W;
                changed = true;
            }
        }
        if (changed)
            return true;
    }
    return fix_c1(fx, t);
}

static bool fix_encoding(fixer *fx, fcvec *t, int depth)
{
    bool changed = false;
    for (int k = 0; k < fx->max_steps && !fx->oom && one_step(fx, t, depth); k++)
        changed = true;
    return changed;
}

/* ---- entities ----------------------------------------------------------- */

static bool is_alnum(int32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Named reference `name` (NUL-terminated) -> code points; 0 if unknown. */
static int named_entity(const struct cred__fixdata *fd, const char *name, int32_t out[2])
{
    const htmlEntityDesc *d = htmlEntityLookup((const xmlChar *)name);
    if (d) {
        out[0] = (int32_t)d->value;
        return 1;
    }
    size_t lo = 0, hi = fd->nent;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(fd->ent[mid].name, name);
        if (!c) {
            out[0] = fd->ent[mid].cp[0];
            out[1] = fd->ent[mid].cp[1];
            return fd->ent[mid].ncp;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

/* Python's html.unescape for a numeric reference body ("#8217", "#x2019"):
 * returns the number of code points (0: drop it), or -1 to keep the text. */
static int numeric_entity(const fc *t, size_t from, size_t to, int32_t *out)
{
    bool hex = t[from].cp == 'x' || t[from].cp == 'X';
    size_t i = from + hex;
    if (i >= to)
        return -1;
    uint64_t v = 0;
    for (; i < to; i++) {
        int32_t c = t[i].cp;
        int d = (c >= '0' && c <= '9') ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        if (v <= 0x10FFFF)
            v = v * (hex ? 16 : 10) + (unsigned)d;
    }
    if (v == 0) {
        *out = 0xFFFD;
        return 1;
    }
    if (v == 0x0D) {
        *out = '\n'; /* a CR: the pipeline's newlines are LF */
        return 1;
    }
    if (v == 0x0C) {
        *out = ' '; /* a form feed is HTML white space, not text (issue 13 D18) */
        return 1;
    }
    if (v >= 0x80 && v <= 0x9F) {
        *out = cred__cp1252((unsigned char)v); /* the Windows-1252 reading */
        if (*out >= 0x80 && *out < 0xA0)
            return 0;
        return 1;
    }
    if ((v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF) {
        *out = 0xFFFD;
        return 1;
    }
    if ((v >= 1 && v <= 8) || v == 0x0B || (v >= 0x0E && v <= 0x1F) || v == 0x7F ||
        (v >= 0xFDD0 && v <= 0xFDEF) || (v & 0xFFFE) == 0xFFFE)
        return 0;
    *out = (int32_t)v;
    return 1;
}

static void add_del(fixer *fx, const fc *src, size_t from, size_t to, unsigned rule)
{
    del d = {src[from].a, src[to - 1].b, (uint8_t)rule};
    if (!CRED__VEC_PUSH(fx->dels, d))
        fx->oom = true;
}

static bool unescape(fixer *fx, fcvec *t)
{
    size_t n = t->n;
    bool any = false;
    for (size_t i = 0; i < n && !any; i++)
        any = t->v[i].cp == '&';
    if (!any)
        return false;
    fcvec *o = &fx->sc[0].o;
    o->n = 0;
    bool changed = false;
    for (size_t i = 0; i < n;) {
        const fc *v = t->v;
        if (v[i].cp != '&') {
            push(fx, o, v[i++]);
            continue;
        }
        size_t j = i + 1;
        bool num = j < n && v[j].cp == '#';
        j += num;
        size_t s = j;
        while (j < n && j - s < 25 && is_alnum(v[j].cp))
            j++;
        int k = -1;
        int32_t cps[2] = {0, 0};
        if (j > s && j - s <= 24 && j < n && v[j].cp == ';') {
            if (num) {
                k = numeric_entity(v, s, j, cps);
            } else {
                char name[32];
                size_t len = j - s;
                bool upper = true, lower_ok = false;
                for (size_t q = 0; q < len; q++) {
                    name[q] = (char)v[s + q].cp;
                    upper = upper && !(name[q] >= 'a' && name[q] <= 'z');
                    lower_ok = lower_ok || (name[q] >= 'A' && name[q] <= 'Z');
                }
                name[len] = 0;
                k = named_entity(fx->fd, name, cps);
                if (!k && upper && lower_ok) {
                    /* &EACUTE; -> É: an all-caps copy of a lower-case name */
                    for (size_t q = 0; q < len; q++)
                        if (name[q] >= 'A' && name[q] <= 'Z')
                            name[q] = (char)(name[q] - 'A' + 'a');
                    k = named_entity(fx->fd, name, cps);
                    for (int q = 0; q < k; q++)
                        cps[q] = utf8proc_toupper(cps[q]);
                }
                if (!k)
                    k = -1;
            }
        }
        if (k < 0) {
            push(fx, o, v[i++]);
            continue;
        }
        if (k == 0)
            add_del(fx, v, i, j + 1, R_ENTITY);
        for (int q = 0; q < k; q++)
            put_new(fx, o, cps[q], v, i, j + 1, R_ENTITY);
        changed = true;
        i = j + 1;
    }
    if (changed && !fx->oom)
        swap_in(t, o);
    return changed && !fx->oom;
}

/* ---- the small fixes ------------------------------------------------------ */

/* Compatibility decomposition of one code point (NFKC); count or 0. */
static int nfkc1(int32_t cp, int32_t *out, int max)
{
    utf8proc_int32_t buf[8];
    utf8proc_ssize_t k = utf8proc_decompose_char(cp, buf, 8, UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT, NULL);
    if (k <= 0 || k > 8)
        return 0;
    k = utf8proc_normalize_utf32(buf, k, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (k <= 0 || k > max)
        return 0;
    for (utf8proc_ssize_t i = 0; i < k; i++)
        out[i] = buf[i];
    return (int)k;
}

static bool in_lig(const struct cred__fixdata *fd, int32_t cp)
{
    return fd->nlig && bsearch(&cp, fd->lig, fd->nlig, sizeof *fd->lig, cp_cmp);
}

static bool is_width(int32_t cp) { return cp == 0x3000 || (cp >= 0xFF01 && cp < 0xFFF0); }

static bool small_fixes(fixer *fx, fcvec *t)
{
    unsigned f = fx->flags;
    bool any = false;
    for (size_t i = 0; i < t->n && !any; i++) {
        int32_t c = t->v[i].cp;
        any = ((f & CRED_FIX_LIGATURES) && in_lig(fx->fd, c)) ||
              ((f & CRED_FIX_WIDTH) && is_width(c)) ||
              ((f & CRED_FIX_UNCURL_QUOTES) && (c == 0x2BC || (c >= 0x2018 && c <= 0x201F)));
    }
    if (!any)
        return false;
    fcvec *o = &fx->sc[0].o;
    o->n = 0;
    bool changed = false;
    for (size_t i = 0; i < t->n; i++) {
        int32_t c = t->v[i].cp, r[8];
        int k = 0;
        unsigned rule = 0;
        if ((f & CRED_FIX_LIGATURES) && in_lig(fx->fd, c))
            k = nfkc1(c, r, 8), rule = R_LIG;
        else if ((f & CRED_FIX_WIDTH) && is_width(c))
            k = nfkc1(c, r, 8), rule = R_WIDTH;
        else if ((f & CRED_FIX_UNCURL_QUOTES) && (c == 0x2BC || (c >= 0x2018 && c <= 0x201B)))
            r[0] = '\'', k = 1, rule = R_QUOTES;
        else if ((f & CRED_FIX_UNCURL_QUOTES) && c >= 0x201C && c <= 0x201F)
            r[0] = '"', k = 1, rule = R_QUOTES;
        if (k == 1 && r[0] == c)
            k = 0;
        if (!k) {
            push(fx, o, t->v[i]);
            continue;
        }
        for (int q = 0; q < k; q++)
            put_new(fx, o, r[q], t->v, i, i + 1, rule);
        changed = true;
    }
    /* uncurl after ligatures: "ŉ" -> "ʼn" -> "'n" (Afrikaans case) */
    if (changed && !fx->oom) {
        swap_in(t, o);
        if (f & CRED_FIX_UNCURL_QUOTES)
            for (size_t i = 0; i < t->n; i++)
                if (t->v[i].cp == 0x2BC) {
                    t->v[i].cp = '\'';
                    if (!t->v[i].rule)
                        t->v[i].rule = R_QUOTES;
                }
    }
    return changed && !fx->oom;
}

static bool is_removed_control(int32_t c)
{
    return (c >= 0 && c <= 8) || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F ||
           (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC);
}

/* ftfy's remove_terminal_escapes: ESC [ digits-and-semicolons letter (colour
 * codes pasted from a terminal). */
static bool remove_ansi(fixer *fx, fcvec *t)
{
    size_t k = 0;
    bool changed = false;
    for (size_t i = 0; i < t->n;) {
        size_t j = i + 2;
        if (t->v[i].cp == 0x1B && i + 1 < t->n && t->v[i + 1].cp == '[') {
            while (j < t->n && ((t->v[j].cp >= '0' && t->v[j].cp <= '9') || t->v[j].cp == ';'))
                j++;
            if (j < t->n && ((t->v[j].cp >= 'a' && t->v[j].cp <= 'z') ||
                             (t->v[j].cp >= 'A' && t->v[j].cp <= 'Z'))) {
                add_del(fx, t->v, i, j + 1, R_ANSI);
                changed = true;
                i = j + 1;
                continue;
            }
        }
        t->v[k++] = t->v[i++];
    }
    t->n = k;
    return changed;
}

static bool remove_controls(fixer *fx, fcvec *t)
{
    size_t k = 0;
    bool changed = false;
    for (size_t i = 0; i < t->n; i++) {
        if (is_removed_control(t->v[i].cp)) {
            add_del(fx, t->v, i, i + 1, R_CONTROL);
            changed = true;
        } else {
            t->v[k++] = t->v[i];
        }
    }
    t->n = k;
    return changed;
}

/* Could NFC change text around this (non-ASCII) code point? */
static bool nfc_relevant(int32_t cp)
{
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    if (p->combining_class || (p->decomp_type == 0 && p->decomp_seqindex != UINT16_MAX) ||
        p->category == UTF8PROC_CATEGORY_MN || p->category == UTF8PROC_CATEGORY_MC ||
        p->category == UTF8PROC_CATEGORY_ME)
        return true;
    return cp >= 0x1100 && cp <= 0x11FF; /* Hangul jamo compose algorithmically */
}

/* NFC, chunk by chunk: a chunk is an ASCII character and the non-ASCII ones
 * after it (nothing composes with a preceding ASCII character or across it
 * backwards), so origins stay precise and clean text costs one scan. */
static bool nfc(fixer *fx, fcvec *t)
{
    size_t n = t->n;
    bool any = false;
    for (size_t i = 0; i < n && !any; i++)
        any = t->v[i].cp >= 0x300 && nfc_relevant(t->v[i].cp);
    if (!any)
        return false;
    fcvec *o = &fx->sc[0].o;
    o->n = 0;
    bool changed = false;
    cred__buf u = {0};
    for (size_t i = 0; i < n && !fx->oom;) {
        size_t j = i + 1;
        while (j < n && t->v[j].cp >= 0x80)
            j++;
        bool rel = false;
        for (size_t q = i; q < j && !rel; q++)
            rel = t->v[q].cp >= 0x300 && nfc_relevant(t->v[q].cp);
        if (!rel) {
            for (size_t q = i; q < j; q++)
                push(fx, o, t->v[q]);
            i = j;
            continue;
        }
        u.n = 0;
        for (size_t q = i; q < j; q++)
            cred__buf_put_utf8(&u, t->v[q].cp);
        utf8proc_uint8_t *r = NULL;
        utf8proc_ssize_t rn = u.oom ? -1 : utf8proc_map((const utf8proc_uint8_t *)u.p,
                                                         (utf8proc_ssize_t)u.n, &r,
                                                         UTF8PROC_STABLE | UTF8PROC_COMPOSE);
        int32_t nc[64];
        size_t nn = 0;
        bool ok = rn >= 0;
        for (utf8proc_ssize_t p = 0; ok && p < rn;) {
            int32_t cp;
            size_t l = cred__utf8_decode(r + p, (size_t)(rn - p), &cp);
            if (!l || nn == 64) {
                ok = false;
                break;
            }
            nc[nn++] = cp;
            p += (utf8proc_ssize_t)l;
        }
        free(r);
        size_t on = j - i;
        bool same = ok && nn == on;
        for (size_t q = 0; same && q < on; q++)
            same = nc[q] == t->v[i + q].cp;
        if (!ok || same || !nn) {
            for (size_t q = i; q < j; q++)
                push(fx, o, t->v[q]);
            i = j;
            continue;
        }
        size_t pre = 0, suf = 0;
        while (pre < nn && pre < on && nc[pre] == t->v[i + pre].cp)
            pre++;
        while (suf < nn - pre && suf < on - pre && nc[nn - 1 - suf] == t->v[j - 1 - suf].cp)
            suf++;
        for (size_t q = 0; q < pre; q++)
            push(fx, o, t->v[i + q]);
        for (size_t q = pre; q < nn - suf; q++)
            put_new(fx, o, nc[q], t->v, i + pre, j - suf, R_NFC);
        for (size_t q = on - suf; q < on; q++)
            push(fx, o, t->v[i + q]);
        changed = true;
        i = j;
    }
    cred__buf_free(&u);
    if (changed && !fx->oom)
        swap_in(t, o);
    return changed && !fx->oom;
}

/* Mojibake that was NFKC-normalized afterwards: "GÃ¼len" became "GÃ1⁄4len"
 * (¼ -> 1⁄4) and "Ségolène" "SÃ©golÃ ̈ne" (¨ -> space + U+0308), as in
 * scraped FakeNewsNet texts (case "NFKC-folded mojibake" in
 * tests/cases/fix/in-the-wild.json).  After Ã or Â, fold such sequences back
 * and try the encoding repair on that copy; keep it only if every folded
 * character was consumed by a repair.  Not in ftfy. */
static const struct {
    int32_t seq[3];
    int n;
    int32_t cp;
} unfolds[] = {
    {{'1', 0x2044, '4'}, 3, 0xBC}, {{'1', 0x2044, '2'}, 3, 0xBD}, {{'3', 0x2044, '4'}, 3, 0xBE},
    {{' ', 0x308, 0}, 2, 0xA8},    {{' ', 0x304, 0}, 2, 0xAF},    {{' ', 0x301, 0}, 2, 0xB4},
    {{' ', 0x327, 0}, 2, 0xB8},
};

static int unfold_at(const fcvec *t, size_t i)
{
    for (size_t u = 0; u < sizeof unfolds / sizeof *unfolds; u++) {
        int k = 0;
        while (k < unfolds[u].n && i + (size_t)k < t->n && t->v[i + k].cp == unfolds[u].seq[k])
            k++;
        if (k == unfolds[u].n)
            return (int)u;
    }
    return -1;
}

static bool unfold_compat(fixer *fx, fcvec *t)
{
    bool any = false;
    for (size_t i = 0; i + 2 < t->n && !any; i++)
        any = (t->v[i].cp == 0xC3 || t->v[i].cp == 0xC2) && unfold_at(t, i + 1) >= 0;
    if (!any)
        return false;
    fcvec c = {0};
    for (size_t i = 0; i < t->n;) {
        int u = i > 0 && (t->v[i - 1].cp == 0xC3 || t->v[i - 1].cp == 0xC2) ? unfold_at(t, i) : -1;
        if (u < 0) {
            push(fx, &c, t->v[i++]);
            continue;
        }
        put_new(fx, &c, unfolds[u].cp, t->v, i, i + (size_t)unfolds[u].n, R_UNFOLD);
        i += (size_t)unfolds[u].n;
    }
    bool ok = !fx->oom && fix_encoding(fx, &c, 0);
    for (size_t i = 0; ok && i < c.n; i++)
        ok = c.v[i].rule != R_UNFOLD;
    if (ok)
        swap_in(t, &c);
    free(c.v);
    return ok;
}

/* ---- one line ------------------------------------------------------------ */

static void fix_line(fixer *fx, fcvec *t)
{
    bool ents = fx->entities;
    for (size_t i = 0; i < t->n && ents; i++)
        if (t->v[i].cp == '<')
            ents = false; /* looks like HTML markup: leave references alone */
    /* ftfy loops until nothing changes; a line of hundreds of kilobytes
     * (hostile or binary input) gets fewer rounds so time stays linear. */
    bool huge = t->n > 65536;
    fx->max_steps = huge ? 4 : 16;
    for (int iter = 0; iter < (huge ? 2 : 8) && !fx->oom; iter++) {
        bool changed = false;
        if (ents)
            changed |= unescape(fx, t);
        changed |= unfold_compat(fx, t);
        changed |= fix_encoding(fx, t, 0);
        changed |= fix_c1(fx, t);
        if (fx->flags & CRED_FIX_FTFY)
            changed |= small_fixes(fx, t);
        changed |= remove_ansi(fx, t);
        changed |= remove_controls(fx, t);
        changed |= nfc(fx, t);
        if (!changed)
            break;
    }
}

/* Writes the fixed line: unchanged characters copied with their origins,
 * each run of changed ones as one replacement and one edit. */
static void emit_line(fixer *fx, const cred__tbuf *in, size_t base, const uint32_t *boff,
                      const fcvec *t, cred__tbuf *out, cred__edits *ed)
{
    size_t i = 0, n = t->n;
    uint32_t pos = 0; /* next input code point not yet written */
    cred__buf r = {0};
    while (i < n) {
        const fc *c = &t->v[i];
        if (!c->rule && c->b == c->a + 1 && c->a >= pos) {
            size_t j = i + 1;
            while (j < n && !t->v[j].rule && t->v[j].a == t->v[j - 1].b && t->v[j].b == t->v[j].a + 1)
                j++;
            cred__tbuf_copy(out, in, base + boff[c->a], base + boff[t->v[j - 1].b]);
            pos = t->v[j - 1].b;
            i = j;
            continue;
        }
        uint32_t a = c->a < pos ? pos : c->a, b = c->b;
        unsigned rule = c->rule;
        r.n = 0;
        size_t j = i;
        while (j < n) {
            const fc *d = &t->v[j];
            bool changed = d->rule || d->b != d->a + 1 || d->a < b;
            if (j > i && (!changed || d->a > b))
                break;
            cred__buf_put_utf8(&r, d->cp);
            if (d->b > b)
                b = d->b;
            if (rule_priority(d->rule) > rule_priority(rule))
                rule = d->rule;
            j++;
        }
        if (b <= a) { /* nothing of the input left to replace: insert */
            uint32_t at = pos ? cred__tbuf_oe(in, base + boff[pos] - 1) : cred__tbuf_os(in, base);
            cred__tbuf_put(out, r.p ? r.p : "", r.n, at, at);
        } else {
            cred_edit_kind kind;
            const char *name, *detail;
            rule_info(rule ? rule : R_NFC, &kind, &name, &detail);
            size_t from = base + boff[a], to = base + boff[b];
            cred__tbuf_replace(out, in, from, to, r.p ? r.p : "", r.n);
            cred__edits_add(ed, kind, cred__tbuf_origin(in, from, to), r.p ? r.p : "", r.n, name,
                            detail);
            pos = b;
        }
        i = j;
    }
    for (size_t k = 0; k < fx->dels.n; k++) {
        const del *d = &fx->dels.v[k];
        cred_edit_kind kind;
        const char *name, *detail;
        rule_info(d->rule, &kind, &name, &detail);
        if (d->b > d->a)
            cred__edits_add(ed, kind, cred__tbuf_origin(in, base + boff[d->a], base + boff[d->b]),
                            "", 0, name, detail);
    }
    if (r.oom)
        fx->oom = true;
    cred__buf_free(&r);
}

/* Lines up to this many bytes are fixed as one piece (ftfy: 1M characters). */
#define MAX_SEGMENT ((size_t)1 << 20)

/* True if fixing cannot change the line: ASCII (no '&' when entities are on,
 * no controls) plus characters no badness rule can start from. */
/* Eight bytes of printable ASCII other than '&' (tab and LF excepted too). */
static bool word_plain(const unsigned char *s)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t x, amp;
    memcpy(&x, s, 8);
    amp = x ^ (ones * '&');
    return !(x & high) && !((amp - ones) & ~amp & high) && !((x - ones * 0x20) & ~x & high) &&
           !((x + ones) & high);
}

enum { NOT_INERT, INERT, INERT_BUT_QUOTES };

/* INERT if no step can change the line: no '&' (when references are decoded),
 * no controls, nothing that may_be_bad() would send to the badness regex,
 * nothing NFC or the CRED_FIX_* options would change.  INERT_BUT_QUOTES: the
 * same, except for ‘ ’ “ ” that CRED_FIX_UNCURL_QUOTES straightens. */
static int inert(const struct cred__fixdata *fd, const unsigned char *s, size_t n,
                 unsigned flags, bool entities)
{
    int r = INERT;
    bool prev_high = false; /* the previous character is not ASCII */
    for (size_t i = 0; i < n;) {
        if (i + 8 <= n && word_plain(s + i)) {
            i += 8;
            prev_high = false;
            continue;
        }
        unsigned char c = s[i];
        if (c < 0x80) {
            if ((c == '&' && entities) || (c < 0x20 && c != '\t' && c != '\n') || c == 0x7F)
                return NOT_INERT;
            i++;
            prev_high = false;
            continue;
        }
        int32_t cp;
        size_t len = cred__utf8_decode(s + i, n - i, &cp);
        if (!len || lone_trigger(cp) || is_removed_control(cp))
            return NOT_INERT;
        if (!harmless(cp) && (prev_high || (i + len < n && s[i + len] >= 0x80)))
            return NOT_INERT;
        if (cp >= 0x300 && nfc_relevant(cp))
            return NOT_INERT;
        if (((flags & CRED_FIX_LIGATURES) && in_lig(fd, cp)) ||
            ((flags & CRED_FIX_WIDTH) && is_width(cp)) ||
            ((flags & CRED_FIX_UNCURL_QUOTES) && (cp == 0x2BC || (cp >= 0x2018 && cp <= 0x201F))))
            r = cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D ? INERT_BUT_QUOTES
                                                                               : NOT_INERT;
        if (r == NOT_INERT)
            return r;
        prev_high = true;
        i += len;
    }
    return r;
}

/* Straightens the curly quotes of an INERT_BUT_QUOTES line [from, to). */
static void uncurl_line(const cred__tbuf *in, size_t from, size_t to, cred__tbuf *out,
                        cred__edits *ed)
{
    const unsigned char *s = (const unsigned char *)in->p;
    size_t copied = from;
    for (size_t i = from; i + 2 < to; i++) {
        if (s[i] != 0xE2 || s[i + 1] != 0x80 ||
            !(s[i + 2] == 0x98 || s[i + 2] == 0x99 || s[i + 2] == 0x9C || s[i + 2] == 0x9D))
            continue;
        const char *q = s[i + 2] < 0x9C ? "'" : "\"";
        cred__tbuf_copy(out, in, copied, i);
        cred__tbuf_replace(out, in, i, i + 3, q, 1);
        cred_edit_kind kind;
        const char *name, *detail;
        rule_info(R_QUOTES, &kind, &name, &detail);
        cred__edits_add(ed, kind, cred__tbuf_origin(in, i, i + 3), q, 1, name, detail);
        copied = i + 3;
        i += 2;
    }
    cred__tbuf_copy(out, in, copied, to);
}

void cred__fix(const cred_ctx *ctx, const cred__tbuf *in, unsigned flags, cred__tbuf *out,
               cred__edits *ed)
{
    const struct cred__fixdata *fd = ctx ? ctx->fix : NULL;
    if (!fd || !in->n) {
        cred__tbuf_copy(out, in, 0, in->n);
        return;
    }
    fixer fx;
    memset(&fx, 0, sizeof fx);
    fx.fd = fd;
    fx.flags = flags;
    fx.entities = !(flags & CRED_FIX_NO_ENTITIES);
    fx.md = pcre2_match_data_create_from_pattern(fd->bad_re, NULL);
    if (!fx.md) {
        out->oom = true;
        return;
    }
    cred__tbuf_reserve(out, in->n);
    const unsigned char *s = (const unsigned char *)in->p;
    size_t n = in->n, pos = 0, copied = 0;
    fcvec t = {0};
    CRED__VEC(uint32_t) boff = {0};
    while (pos < n && !fx.oom) {
        const unsigned char *nl = memchr(s + pos, '\n', n - pos);
        size_t e = nl ? (size_t)(nl - s) + 1 : n;
        if (e - pos > MAX_SEGMENT) {
            e = pos + MAX_SEGMENT;
            while (e > pos + 1 && (s[e] & 0xC0) == 0x80)
                e--;
        }
        int kind = flags & CRED__FIX_SLOW ? NOT_INERT
                                          : inert(fd, s + pos, e - pos, flags, fx.entities);
        if (kind == INERT) {
            pos = e;
            continue;
        }
        if (kind == INERT_BUT_QUOTES) {
            cred__tbuf_copy(out, in, copied, pos);
            uncurl_line(in, pos, e, out, ed);
            copied = pos = e;
            continue;
        }
        /* the slow path: the line as code points with their origins */
        t.n = boff.n = 0;
        for (size_t i = pos; i < e;) {
            int32_t cp;
            size_t len = cred__utf8_decode(s + i, e - i, &cp);
            if (!len)
                cp = 0xFFFD, len = 1; /* cannot happen after decode.c */
            fc c = {cp, (uint32_t)t.n, (uint32_t)t.n + 1, 0, 0};
            if (!CRED__VEC_PUSH(t, c) || !CRED__VEC_PUSH(boff, (uint32_t)(i - pos)))
                fx.oom = true;
            i += len;
        }
        if (!CRED__VEC_PUSH(boff, (uint32_t)(e - pos)))
            fx.oom = true;
        fx.dels.n = 0;
        fix_line(&fx, &t);
        bool same = !fx.dels.n;
        for (size_t i = 0; same && i < t.n; i++)
            same = !t.v[i].rule && t.v[i].a == i && t.v[i].b == i + 1;
        same = same && t.n == boff.n - 1;
        if (!same && !fx.oom) {
            cred__tbuf_copy(out, in, copied, pos);
            emit_line(&fx, in, pos, boff.v, &t, out, ed);
            copied = e;
        }
        pos = e;
    }
    cred__tbuf_copy(out, in, copied, n);
    if (fx.oom || fx.u8.oom)
        out->oom = true;
    free(t.v);
    free(boff.v);
    free(fx.dels.v);
    for (size_t i = 0; i < sizeof fx.sc / sizeof *fx.sc; i++) {
        free(fx.sc[i].o.v);
        free(fx.sc[i].o2.v);
        free(fx.sc[i].sub.v);
    }
    free(fx.b.v);
    free(fx.tmp.v);
    cred__buf_free(&fx.u8);
    pcre2_match_data_free(fx.md);
}

/* ---- public ---------------------------------------------------------------- */

/* Valid UTF-8 without CR goes to cred__fix as it is (C1 controls included:
 * they are clues, "\x93quoted\x94"); anything else through decode.c first. */
static bool plain_utf8(const char *in, size_t n)
{
    const unsigned char *s = (const unsigned char *)in;
    for (size_t i = 0; i < n;) {
        if (s[i] < 0x80) {
            if (s[i] == '\r')
                return false;
            i++;
            continue;
        }
        int32_t cp;
        size_t len = cred__utf8_decode(s + i, n - i, &cp);
        if (!len)
            return false;
        i += len;
    }
    return true;
}

/* cred_fix_text works through the input in pieces of about this size, cut
 * after a newline (lines are fixed independently anyway), so its memory stays
 * bounded and its buffers stay in cache. */
#define FIX_CHUNK ((size_t)1 << 20)

cred_status cred_fix_text(const cred_ctx *ctx, const char *in, size_t n, unsigned flags,
                          char **out, size_t *out_n, cred_error *err)
{
    if (n > CRED_MAX_INPUT)
        return cred__err(err, CRED_ETOOBIG, "input of %zu bytes is over the limit", n);
    if (!in && n)
        return cred__err(err, CRED_EINVAL, "NULL input");
    cred__tbuf a = {0}, b = {0};
    cred__buf r = {0};
    bool plain = n && plain_utf8(in, n);
    size_t pos = plain && n >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3) ? 3 : 0;
    cred__buf_reserve(&r, n);
    while (pos < n && !a.oom && !b.oom && !r.oom) {
        size_t e = pos + FIX_CHUNK;
        if (e >= n) {
            e = n;
        } else {
            size_t look = n - e < 4 * FIX_CHUNK ? n - e : 4 * FIX_CHUNK;
            const char *nl = memchr(in + e, '\n', look);
            if (nl) {
                e = (size_t)(nl - in) + 1;
            } else { /* no newline near: cut before a UTF-8 lead byte */
                for (int k = 0; k < 3 && ((unsigned char)in[e] & 0xC0) == 0x80; k++)
                    e--;
            }
        }
        cred__tbuf_clear(&a);
        cred__tbuf_clear(&b);
        cred__edits ed = {0};
        if (plain)
            cred__tbuf_put_ident(&a, in + pos, e - pos, (uint32_t)pos);
        else
            cred__decode(in + pos, e - pos, &a, &ed);
        cred__fix(ctx, &a, flags, &b, &ed);
        cred__edits_free(&ed);
        cred__buf_put(&r, b.p ? b.p : "", b.n);
        pos = e;
    }
    bool oom = a.oom || b.oom;
    cred__tbuf_free(&a);
    cred__tbuf_free(&b);
    if (oom) {
        cred__buf_free(&r);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    *out = cred__buf_take(&r, out_n);
    return *out ? CRED_OK : cred__err(err, CRED_ENOMEM, "out of memory");
}

/* The featurizer's shortcut for text the pipeline already repaired
 * (cred_model_predict_doc): it must give exactly cred_fix_text(ctx, in, n,
 * flags), so it only answers when that is certain, i.e. when cred_fix_text
 * would take its fast paths on every line.  cred_fix_text copies plain UTF-8
 * (no '\r', no invalid byte) without decoding; a leading BOM would be dropped,
 * so it is refused.  Then cred__fix cuts the text into segments that are
 * pieces of its '\n'-terminated lines (chunk and MAX_SEGMENT cuts only split
 * a line further, never before a continuation byte), and copies an INERT
 * segment or straightens the quotes of an INERT_BUT_QUOTES one byte for byte.
 * inert() can only get more permissive on a piece of a line (its two
 * context checks, the previous and the next character being non-ASCII, stop
 * at the segment's ends), so a whole line that is not NOT_INERT has no
 * segment that is.  The result is then the input with ‘ ’ (E2 80 98/99) made
 * ' and “ ” (E2 80 9C/9D) made ", which is what this writes to `out`.
 * Returns false (out untouched) when any line could take the slow path. */
bool cred__fix_fast_only(const cred_ctx *ctx, const char *in, size_t n, unsigned flags,
                         cred__buf *out)
{
    const struct cred__fixdata *fd = ctx ? ctx->fix : NULL;
    if (!fd || !n || (flags & ~(unsigned)CRED_FIX_UNCURL_QUOTES) || !plain_utf8(in, n) ||
        (n >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3)))
        return false;
    const unsigned char *s = (const unsigned char *)in;
    for (size_t pos = 0; pos < n;) {
        const unsigned char *nl = memchr(s + pos, '\n', n - pos);
        size_t e = nl ? (size_t)(nl - s) + 1 : n;
        if (inert(fd, s + pos, e - pos, flags, true) == NOT_INERT)
            return false;
        pos = e;
    }
    size_t copied = 0;
    for (size_t i = 0; (flags & CRED_FIX_UNCURL_QUOTES) && i + 2 < n; i++) {
        if (s[i] != 0xE2 || s[i + 1] != 0x80 ||
            !(s[i + 2] == 0x98 || s[i + 2] == 0x99 || s[i + 2] == 0x9C || s[i + 2] == 0x9D))
            continue;
        cred__buf_put(out, in + copied, i - copied);
        cred__buf_putc(out, s[i + 2] < 0x9C ? '\'' : '"');
        copied = i + 3;
        i += 2;
    }
    cred__buf_put(out, in + copied, n - copied);
    return true; /* out->oom, if set, is the caller's to report */
}
