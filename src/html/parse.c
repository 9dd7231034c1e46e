/*
 * parse.c - HTML pages: bytes -> charset -> UTF-8 -> parse tree, and the map
 * from the tree's text back to byte offsets of the original page.
 *
 * What it does:
 *  - sniffs whether bytes are HTML (cred_looks_like_html) or binary data;
 *  - picks the charset as a browser does, in order: byte-order mark,
 *    <meta charset>, <meta http-equiv=content-type content="...charset=">
 *    (both in the first 4 KiB), else UTF-8.  UTF-8 (and the labels browsers
 *    treat as Windows-1252: latin1, iso-8859-1, ascii) go through the text
 *    pipeline's decoder (src/decode.c): valid UTF-8 kept, other bytes decoded
 *    per byte as Windows-1252.  That makes the common lie "declared
 *    iso-8859-1, actually UTF-8" harmless (test: hostile wrong-charset).
 *    Other legacy charsets (windows-1251, shift_jis, gbk...) are converted
 *    with glibc iconv, one character at a time so each output character keeps
 *    its input range; a byte iconv rejects falls back to Windows-1252;
 *  - parses with libgumbo;
 *  - cred__page_text: gumbo gives each text node its decoded text and its raw
 *    source slice; walking both side by side maps every output character to
 *    its source bytes (a character reference maps to the whole "&...;").
 *
 * Why gumbo: it is a complete HTML5 parser (the WHATWG tree-construction
 * algorithm, so tag soup is repaired the way browsers repair it), it is in
 * Debian, and - unlike libxml2's HTML parser, which follows HTML4 rules and
 * gives only line numbers - it records the byte offset of every node and
 * keeps a pointer to each node's original text, which is what the pipeline's
 * per-byte origins need.  Its tree construction is iterative, so deep
 * nesting does not overflow the stack while parsing; gumbo's destructor and
 * some of its scope checks are not, so parse.c refuses pages nested deeper
 * than CRED__MAX_DEPTH (measured before parsing, see depth_guard).
 *
 * What it does not: run scripts, apply CSS (display:none in a style
 * attribute is seen by extract.c, stylesheets are not), or guess a charset
 * the page does not declare beyond the UTF-8/Windows-1252 rule.
 */
#include "page.h"

#include <ctype.h>
#include <strings.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>

/* Nesting beyond this is refused before parsing (hostile-deep-nesting tests):
 * gumbo frees its tree recursively and checks scopes by scanning the stack of
 * open elements, so depth costs stack and quadratic time.  Real pages stay
 * under a few hundred. */
#define CRED__MAX_DEPTH 20000
/* More attributes than this on one tag is refused too (see depth_guard). */
#define CRED__MAX_ATTRS 2000
#define CRED__STR2(x) #x
#define CRED__STR(x) CRED__STR2(x)

/* ---- sniffing ---------------------------------------------------------------- */

static bool ieq_prefix(const char *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (n < k)
        return false;
    for (size_t i = 0; i < k; i++)
        if (tolower((unsigned char)p[i]) != lit[i])
            return false;
    return true;
}

int cred_looks_like_html(const char *in, size_t n)
{
    static const char *const tags[] = {"<!doctype html", "<html", "<head", "<body",  "<meta",
                                       "<title",         "<div",  "<p>",   "<p ",    "<article",
                                       "<script",        "<link", "<!--",  "<table", "<h1"};
    size_t i = 0;
    if (n >= 3 && !memcmp(in, "\xEF\xBB\xBF", 3))
        i = 3;
    while (i < n && isspace((unsigned char)in[i]))
        i++;
    if (i >= n || in[i] != '<')
        return 0;
    /* Starts with a tag: count known tags in the first 4 KiB. */
    size_t lim = n - i < 4096 ? n : i + 4096;
    for (size_t k = 0; k < sizeof tags / sizeof *tags; k++)
        if (ieq_prefix(in + i, lim - i, tags[k]))
            return 1;
    int seen = 0;
    for (size_t j = i; j < lim && seen < 3; j++)
        if (in[j] == '<')
            for (size_t k = 0; k < sizeof tags / sizeof *tags; k++)
                if (ieq_prefix(in + j, lim - j, tags[k])) {
                    seen++;
                    break;
                }
    return seen >= 3;
}

/* Binary data: NUL bytes or many C0 controls in the first 8 KiB.  Returns the
 * offset of the first NUL/control that decided it, or SIZE_MAX. */
static size_t binary_at(const unsigned char *s, size_t n)
{
    size_t lim = n < 8192 ? n : 8192, bad = 0, first = SIZE_MAX;
    if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return SIZE_MAX; /* UTF-16 has NULs by design */
    for (size_t i = 0; i < lim; i++) {
        if (s[i] < 0x20 && s[i] != '\n' && s[i] != '\r' && s[i] != '\t' && s[i] != '\f') {
            if (first == SIZE_MAX)
                first = i;
            bad++;
        }
    }
    /* One stray control is common in scraped pages; a tenth of a percent of
     * the bytes being controls is not text. */
    return bad > 1 + lim / 1000 ? first : SIZE_MAX;
}

/* ---- charset ----------------------------------------------------------------- */

/* Reads the charset name after "charset" at p (skipping spaces, '=', quotes). */
static bool charset_value(const char *p, const char *end, char *name, size_t cap)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    if (p >= end || *p != '=')
        return false;
    p++;
    while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '\t'))
        p++;
    size_t k = 0;
    while (p < end && k + 1 < cap &&
           (isalnum((unsigned char)*p) || *p == '-' || *p == '_' || *p == ':' || *p == '.'))
        name[k++] = (char)tolower((unsigned char)*p++);
    name[k] = 0;
    return k > 0;
}

/* The WHATWG prescan, simplified: every <meta ...> in the first 4 KiB that
 * has "charset=" (as an attribute or inside content=). */
static const char *sniff_meta(const char *s, size_t n, char *name, size_t cap)
{
    size_t lim = n < 4096 ? n : 4096;
    const char *end = s + lim;
    for (const char *p = s; p + 5 < end; p++) {
        if (p[0] == '<' && p[1] == '!' && p + 3 < end && p[2] == '-' && p[3] == '-') {
            const char *c = p + 4;
            while (c + 2 < end && !(c[0] == '-' && c[1] == '-' && c[2] == '>'))
                c++;
            p = c;
            continue;
        }
        if (*p != '<' || !ieq_prefix(p, (size_t)(end - p), "<meta"))
            continue;
        const char *gt = memchr(p, '>', (size_t)(end - p));
        const char *te = gt ? gt : end;
        bool http_equiv = false;
        for (const char *q = p; q + 10 < te; q++)
            if (ieq_prefix(q, (size_t)(te - q), "http-equiv"))
                http_equiv = true;
        for (const char *q = p + 5; q + 7 <= te; q++)
            if (ieq_prefix(q, (size_t)(te - q), "charset") && charset_value(q + 7, te, name, cap))
                return http_equiv ? "http-equiv" : "meta";
        p = te - 1;
    }
    return NULL;
}

/* Labels browsers decode as Windows-1252 or UTF-8, which decode.c handles. */
static bool is_1252_or_utf8(const char *name)
{
    static const char *const names[] = {
        "utf-8", "utf8", "unicode-1-1-utf-8", "windows-1252", "cp1252", "iso-8859-1",
        "iso8859-1", "latin1", "l1", "us-ascii", "ascii", "iso_8859-1", "x-cp1252",
        "utf-16", "utf-16le", "utf-16be", /* a <meta> cannot really say UTF-16 */
        "ansi_x3.4-1968", "iso-ir-100", "cp819", "ibm819"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcmp(name, names[i]))
            return true;
    return false;
}

static bool valid_utf8_with_multibyte(const unsigned char *s, size_t n)
{
    size_t i = 0;
    bool multi = false;
    int32_t cp;
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        size_t l = cred__utf8_decode(s + i, n - i, &cp);
        if (!l)
            return false;
        multi = true;
        i += l;
    }
    return multi;
}

/* Appends one decoded code point with origin [a, b): CR/LF and controls as
 * decode.c treats them. */
static void put_cp(cred__tbuf *t, int32_t cp, uint32_t a, uint32_t b)
{
    if (cp == '\r')
        cp = '\n';
    if ((cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
        return;
    char u[4];
    cred__tbuf_put(t, u, cred__utf8_encode(cp, u), a, b);
}

/* Legacy charset via iconv, one character at a time. */
static bool decode_iconv(const char *in, size_t n, const char *charset, size_t skip,
                         cred__tbuf *out, cred__edits *ed)
{
    iconv_t cd = iconv_open("UTF-32LE", charset);
    if (cd == (iconv_t)-1)
        return false;
    cred__tbuf_reserve(out, n + n / 2);
    size_t i = skip;
    size_t bad_start = SIZE_MAX;
    bool prev_cr = false;
    while (i < n && !out->oom) {
        /* ASCII is the same in every charset iconv is asked for here except
         * UTF-16 and some CJK shift states; take the fast path only for
         * charsets without them. */
        unsigned char out4[4];
        char *ip = (char *)in + i, *op = (char *)out4;
        size_t il = n - i, ol = 4;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        size_t used = (size_t)(ip - (in + i));
        if (ol == 0 && used > 0) {
            int32_t cp = (int32_t)(out4[0] | out4[1] << 8 | out4[2] << 16 |
                                   (uint32_t)out4[3] << 24);
            if (bad_start != SIZE_MAX) {
                cred__edits_add(ed, CRED_EDIT_DECODE, (cred_span){bad_start, i}, "", 0,
                                "windows-1252", "bytes invalid in the declared charset");
                bad_start = SIZE_MAX;
            }
            if (cp == '\n' && prev_cr && out->n) { /* CR LF: one newline */
                cred__tbuf_set_last_end(out, (uint32_t)(i + used));
            } else {
                put_cp(out, cp, (uint32_t)i, (uint32_t)(i + used));
            }
            prev_cr = cp == '\r';
            i += used;
            continue;
        }
        if (r == (size_t)-1 && errno == E2BIG && used == 0) {
            /* cannot happen with 4 bytes of room for one UTF-32 character */
            break;
        }
        if (used > 0 && ol == 4) { /* consumed a shift sequence only */
            i += used;
            continue;
        }
        /* EILSEQ / EINVAL: one byte as Windows-1252. */
        if (bad_start == SIZE_MAX)
            bad_start = i;
        prev_cr = false;
        put_cp(out, cred__cp1252((unsigned char)in[i]), (uint32_t)i, (uint32_t)i + 1);
        iconv(cd, NULL, NULL, NULL, NULL);
        i++;
    }
    if (bad_start != SIZE_MAX)
        cred__edits_add(ed, CRED_EDIT_DECODE, (cred_span){bad_start, i}, "", 0,
                        "windows-1252", "bytes invalid in the declared charset");
    iconv_close(cd);
    if (!out->p)
        cred__tbuf_put(out, "", 0, 0, 0);
    return true;
}

/* ---- nesting guard --------------------------------------------------------- */

static bool void_or_self_ending(const char *p, size_t k)
{
    static const char *const tags[] = {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup",
        "tr", "td", "th", "tbody", "thead", "tfoot", "rb", "rt", "rp", "colgroup",
        "caption", "keygen", "basefont", "bgsound", "frame", "image", "html", "head", "body"};
    for (size_t i = 0; i < sizeof tags / sizeof *tags; i++)
        if (strlen(tags[i]) == k && !strncasecmp(p, tags[i], k))
            return true;
    return false;
}

/* Attributes in the tag text t[0..n) (names counted outside quotes). */
static size_t count_attrs(const char *t, size_t n)
{
    size_t k = 0;
    char q = 0;
    bool in_name = false;
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (q) {
            if (c == q)
                q = 0;
            continue;
        }
        if (c == '"' || c == '\'') {
            q = c;
            in_name = false;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '=' || c == '/') {
            in_name = false;
        } else if (!in_name) {
            in_name = true;
            k++;
        }
    }
    return k;
}

/* Approximate depth of element nesting (start tags minus end tags of elements
 * that are not void and not implicitly closed); the offset where it first
 * exceeds CRED__MAX_DEPTH, or SIZE_MAX.  Also refuses a tag with more than
 * CRED__MAX_ATTRS attributes: gumbo looks for duplicates by a linear scan,
 * so 200,000 attributes took minutes (hostile-attributes test).
 * *why is set to the reason. */
static size_t depth_guard(const char *s, size_t n, const char **why)
{
    long depth = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] != '<')
            continue;
        size_t j = i + 1;
        bool end_tag = false;
        if (s[j] == '!') { /* comment or doctype */
            if (j + 2 < n && s[j + 1] == '-' && s[j + 2] == '-') {
                const char *e = NULL;
                for (size_t k = j + 3; k + 2 < n; k++)
                    if (s[k] == '-' && s[k + 1] == '-' && s[k + 2] == '>') {
                        e = s + k;
                        break;
                    }
                if (!e)
                    return SIZE_MAX;
                i = (size_t)(e - s) + 2;
            }
            continue;
        }
        if (s[j] == '/') {
            end_tag = true;
            j++;
        }
        size_t k = j;
        while (k < n && (isalnum((unsigned char)s[k]) || s[k] == '-'))
            k++;
        if (k == j || !isalpha((unsigned char)s[j]))
            continue;
        size_t name_len = k - j;
        bool raw = !end_tag && ((name_len == 6 && !strncasecmp(s + j, "script", 6)) ||
                                (name_len == 5 && !strncasecmp(s + j, "style", 5)) ||
                                (name_len == 8 && !strncasecmp(s + j, "textarea", 8)));
        const char *gt = memchr(s + k, '>', n - k);
        if (!gt)
            break;
        bool self_close = gt > s + k && gt[-1] == '/';
        if (gt - (s + k) > 8 * CRED__MAX_ATTRS && count_attrs(s + k, (size_t)(gt - (s + k))) >
                                                       CRED__MAX_ATTRS) {
            *why = "a tag has more than " CRED__STR(CRED__MAX_ATTRS) " attributes";
            return i;
        }
        if (raw) { /* skip to the matching end tag */
            const char *p = gt + 1;
            const char *e = NULL;
            while ((p = memchr(p, '<', (size_t)(s + n - p))) != NULL) {
                if (p + 1 + name_len < s + n && p[1] == '/' &&
                    !strncasecmp(p + 2, s + j, name_len)) {
                    e = p;
                    break;
                }
                p++;
            }
            if (!e)
                break;
            i = (size_t)(e - s);
            continue;
        }
        i = (size_t)(gt - s);
        if (self_close || void_or_self_ending(s + j, name_len))
            continue;
        depth += end_tag ? -1 : 1;
        if (depth < 0)
            depth = 0;
        if (depth > CRED__MAX_DEPTH) {
            *why = "elements nested more than " CRED__STR(CRED__MAX_DEPTH) " deep";
            return j;
        }
    }
    return SIZE_MAX;
}

/* ---- prefilter ----------------------------------------------------------------- */

/* Offset of the next `lit` (case-insensitive) at or after `from`, or n.
 * `cache` remembers the last answer so that a page of 30,000 unclosed
 * <svg> does not rescan its tail 30,000 times (hostile test). */
static size_t next_lit(const char *s, size_t n, size_t from, const char *lit, size_t *cache)
{
    if (*cache != SIZE_MAX && *cache >= from)
        return *cache;
    size_t l = strlen(lit), at = n;
    for (const char *p = s + from; (p = memchr(p, lit[0], (size_t)(s + n - p))) != NULL; p++)
        if ((size_t)(s + n - p) >= l && ieq_prefix(p, (size_t)(s + n - p), lit)) {
            at = (size_t)(p - s);
            break;
        }
    *cache = at;
    return at;
}

/* Length of the raw-text element starting at s[i] == '<' when it is one the
 * extractor never reads: <script> (except JSON-LD, which meta.c reads),
 * <style>, <svg>, or a comment.  0 otherwise. */
static size_t skippable(const char *s, size_t n, size_t i, size_t cache[4])
{
    static const struct {
        const char *open, *close;
    } kinds[] = {{"<script", "</script"}, {"<style", "</style"}, {"<svg", "</svg"}};
    if (i + 4 <= n && !memcmp(s + i, "<!--", 4)) {
        size_t e = next_lit(s, n, i + 4, "-->", &cache[3]);
        return e < n ? e + 3 - i : 0;
    }
    for (size_t t = 0; t < sizeof kinds / sizeof *kinds; t++) {
        size_t ol = strlen(kinds[t].open);
        if (i + ol + 1 > n || !ieq_prefix(s + i, n - i, kinds[t].open))
            continue;
        char c = s[i + ol];
        if (!(c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '/' || c == '\f'))
            continue;
        const char *gt = memchr(s + i, '>', n - i);
        if (!gt)
            return 0;
        if (t == 0) { /* keep JSON-LD */
            for (const char *q = s + i; q + 7 <= gt; q++)
                if (ieq_prefix(q, (size_t)(gt - q), "ld+json"))
                    return 0;
        }
        size_t e = next_lit(s, n, (size_t)(gt + 1 - s), kinds[t].close, &cache[t]);
        if (e >= n)
            return 0; /* unclosed: let the parser deal with it */
        const char *end = memchr(s + e, '>', n - e);
        return end ? (size_t)(end + 1 - (s + i)) : 0;
    }
    return 0;
}

/* Drops scripts, styles, inline SVG and comments before parsing: on news
 * pages they are more than half of the bytes (measured on the extraction
 * benchmark: 28% scripts, 26% styles, 4% SVG, 2% comments) and gumbo reads
 * them character by character.  Origins are kept, so offsets still point
 * into the page. */
static void prefilter(cred__tbuf *src)
{
    const char *s = src->p;
    size_t n = src->n, i = 0, from = 0;
    size_t cache[4] = {SIZE_MAX, SIZE_MAX, SIZE_MAX, SIZE_MAX};
    cred__tbuf out = {0};
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        size_t k = skippable(s, n, i, cache);
        if (!k) {
            i++;
            continue;
        }
        if (!out.p && !cred__tbuf_reserve(&out, n))
            return;
        cred__tbuf_copy(&out, src, from, i);
        i += k;
        from = i;
    }
    if (!out.p)
        return; /* nothing dropped */
    cred__tbuf_copy(&out, src, from, n);
    if (out.oom) {
        cred__tbuf_free(&out);
        return;
    }
    cred__tbuf_move(src, &out);
}

/* ---- parse ------------------------------------------------------------------- */

uint32_t cred__page_origin(const cred__page *pg, size_t off)
{
    if (!pg->src.n)
        return 0;
    if (off >= pg->src.n)
        return cred__tbuf_oe(&pg->src, pg->src.n - 1);
    return cred__tbuf_os(&pg->src, off);
}

cred_status cred__page_parse(const char *in, size_t n, cred__page *pg, cred_error *err)
{
    memset(pg, 0, sizeof *pg);
    const unsigned char *s = (const unsigned char *)in;
    size_t bin = binary_at(s, n);
    if (bin != SIZE_MAX)
        return cred__err(err, CRED_EFORMAT,
                         "byte %zu: binary data (control byte 0x%02x), not an HTML page", bin,
                         s[bin]);
    cred__edits *tmp = &pg->ed; /* page-wide; meta.c keeps those inside the article */
    char name[40] = "";
    const char *source = NULL;
    size_t skip = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        source = "bom";
        memcpy(name, "utf-8", 6);
    } else if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        source = "bom", skip = 2;
        memcpy(name, "utf-16le", 9);
    } else if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        source = "bom", skip = 2;
        memcpy(name, "utf-16be", 9);
    } else if ((source = sniff_meta(in, n, name, sizeof name)) == NULL) {
        source = "default";
        memcpy(name, "utf-8", 6);
    }
    bool done = false;
    if (strcmp(source, "bom") && !is_1252_or_utf8(name)) {
        /* A legacy charset.  A page that is valid UTF-8 with non-ASCII
         * characters is UTF-8 whatever it says (hostile wrong-charset test). */
        if (valid_utf8_with_multibyte(s, n)) {
            snprintf(pg->charset, sizeof pg->charset, "utf-8");
            pg->charset_source = "override";
        } else if (decode_iconv(in, n, name, skip, &pg->src, tmp)) {
            snprintf(pg->charset, sizeof pg->charset, "%s", name);
            pg->charset_source = source;
            done = true;
        } else {
            snprintf(pg->charset, sizeof pg->charset, "utf-8");
            pg->charset_source = "default"; /* unknown label */
        }
    } else if (!strcmp(source, "bom") && skip) {
        done = decode_iconv(in, n, name, skip, &pg->src, tmp);
        snprintf(pg->charset, sizeof pg->charset, "%s", name);
        pg->charset_source = source;
    } else {
        bool utf8_label = !strncmp(name, "utf", 3) || !strcmp(source, "default");
        snprintf(pg->charset, sizeof pg->charset, "%s", utf8_label ? "utf-8" : "windows-1252");
        pg->charset_source = source;
    }
    if (!done)
        cred__decode(in, n, &pg->src, tmp);
    if (!pg->src.p)
        cred__tbuf_put(&pg->src, "", 0, 0, 0);
    if (pg->src.oom || !cred__tbuf_reserve(&pg->src, 1)) {
        cred__page_free(pg);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    prefilter(&pg->src);
    if (!cred__tbuf_reserve(&pg->src, 1)) {
        cred__page_free(pg);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    pg->src.p[pg->src.n] = 0;
    const char *why = "";
    size_t deep = depth_guard(pg->src.p, pg->src.n, &why);
    if (deep != SIZE_MAX) {
        size_t at = cred__page_origin(pg, deep);
        cred__page_free(pg);
        return cred__err(err, CRED_EFORMAT, "byte %zu: %s; refusing the page", at, why);
    }
    GumboOptions opt = kGumboDefaultOptions;
    opt.max_errors = 0; /* errors are not used; do not collect them */
    pg->g = gumbo_parse_with_options(&opt, pg->src.p, pg->src.n);
    if (!pg->g) {
        cred__page_free(pg);
        return cred__err(err, CRED_ENOMEM, "out of memory while parsing");
    }
    return CRED_OK;
}

void cred__page_free(cred__page *pg)
{
    if (pg->g)
        gumbo_destroy_output(&kGumboDefaultOptions, pg->g);
    pg->g = NULL;
    cred__tbuf_free(&pg->src);
    cred__edits_free(&pg->ed);
}

/* ---- text mapping ------------------------------------------------------------ */

/* Length of the character reference at raw[0] == '&' as the tokenizer reads
 * it: "&#123;", "&#x1F;", "&name;" or a legacy "&amp" without ';'. */
static size_t ref_len(const char *raw, size_t rn)
{
    size_t k = 1;
    if (k < rn && raw[k] == '#') {
        k++;
        if (k < rn && (raw[k] == 'x' || raw[k] == 'X'))
            k++;
        while (k < rn && isxdigit((unsigned char)raw[k]))
            k++;
    } else {
        while (k < rn && k < 40 && isalnum((unsigned char)raw[k]))
            k++;
    }
    if (k < rn && raw[k] == ';')
        k++;
    return k;
}

static size_t cp_len(const char *p, size_t n)
{
    int32_t cp;
    size_t l = cred__utf8_decode((const unsigned char *)p, n, &cp);
    return l ? l : 1;
}

static void put_char(cred__tbuf *out, const char *p, size_t l, uint32_t a, uint32_t b,
                     bool keep_newlines)
{
    if (l == 1 && (p[0] == '\n' || p[0] == '\t' || p[0] == '\r' || p[0] == '\f') &&
        !(keep_newlines && p[0] == '\n'))
        cred__tbuf_put(out, " ", 1, a, b);
    else
        cred__tbuf_put(out, p, l, a, b);
}

void cred__page_text(const cred__page *pg, const char *dec, size_t dn, const char *raw,
                     size_t rn, bool keep_newlines, cred__tbuf *out, cred__edits *ed)
{
    const char *base = pg->src.p;
    if (!raw || raw < base || raw + rn > base + pg->src.n) { /* no usable source slice */
        uint32_t a = 0, b = 0;
        if (raw >= base && raw <= base + pg->src.n)
            a = b = cred__page_origin(pg, (size_t)(raw - base));
        for (size_t j = 0; j < dn;) {
            size_t l = cp_len(dec + j, dn - j);
            put_char(out, dec + j, l, a, b, keep_newlines);
            j += l;
        }
        return;
    }
    size_t off = (size_t)(raw - base);
    size_t i = 0, j = 0;
    while (j < dn && !out->oom) {
        if (i >= rn) { /* raw exhausted: the rest maps to the end of the slice */
            uint32_t e = cred__page_origin(pg, off + rn);
            size_t l = cp_len(dec + j, dn - j);
            put_char(out, dec + j, l, e, e, keep_newlines);
            j += l;
            continue;
        }
        char rc = raw[i];
        if (rc == dec[j] && rc != '&') {
            size_t l = cp_len(dec + j, dn - j);
            if (i + l <= rn && !memcmp(raw + i, dec + j, l)) {
                put_char(out, dec + j, l, cred__tbuf_os(&pg->src, off + i), cred__tbuf_oe(&pg->src, off + i + l - 1),
                         keep_newlines);
                i += l, j += l;
                continue;
            }
        }
        if (rc == '&') {
            size_t rl = ref_len(raw + i, rn - i);
            if (dec[j] == '&' && (rl == 1 || (j + rl <= dn && !memcmp(dec + j, raw + i, rl)))) {
                /* a literal ampersand (not a reference) */
                put_char(out, "&", 1, cred__tbuf_os(&pg->src, off + i), cred__tbuf_oe(&pg->src, off + i), keep_newlines);
                i++, j++;
                continue;
            }
            /* The reference's decoded text: one or two code points; pick the
             * length after which raw and decoded text line up again. */
            size_t l1 = cp_len(dec + j, dn - j), take = l1;
            if (j + l1 < dn && i + rl < rn && dec[j + l1] != raw[i + rl]) {
                size_t l2 = cp_len(dec + j + l1, dn - j - l1);
                if (j + l1 + l2 <= dn && (j + l1 + l2 == dn || dec[j + l1 + l2] == raw[i + rl]))
                    take = l1 + l2;
            }
            uint32_t a = cred__tbuf_os(&pg->src, off + i), b = cred__tbuf_oe(&pg->src, off + i + rl - 1);
            cred__tbuf_put(out, dec + j, take, a, b);
            if (ed)
                cred__edits_add(ed, CRED_EDIT_ENTITY, (cred_span){a, b}, dec + j, take,
                                "html-entity", "character reference decoded");
            i += rl, j += take;
            continue;
        }
        if (rc == '\n' || rc == ' ' || rc == '\t' || rc == '\f') {
            /* whitespace the tree builder dropped (leading newline of <pre>) */
            i++;
            continue;
        }
        /* Anything else (U+FFFD for NUL, ...): map the decoded character to
         * the current raw character and move both on. */
        size_t l = cp_len(dec + j, dn - j), rl = cp_len(raw + i, rn - i);
        put_char(out, dec + j, l, cred__tbuf_os(&pg->src, off + i), cred__tbuf_oe(&pg->src, off + i + rl - 1),
                 keep_newlines);
        i += rl, j += l;
    }
}
