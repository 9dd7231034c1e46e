/*
 * decode.c - step 1 of the pipeline: any bytes -> valid UTF-8.
 *
 * What it does:
 *  - keeps valid UTF-8 as it is and drops a leading byte-order mark;
 *  - decodes each byte that does not start a valid UTF-8 sequence as
 *    Windows-1252 (the five bytes 1252 leaves undefined, 81 8D 8F 90 9D, as
 *    Latin-1, i.e. C1 controls, which are then removed).  Runs of such bytes
 *    are reported as one CRED_EDIT_DECODE edit;
 *  - removes NUL, the other C0 controls except tab and newline, and DEL,
 *    reported per run (CRED_EDIT_CONTROL).  C1 controls written as UTF-8 are
 *    left for the repair step (they are usually Windows-1252 punctuation);
 *    the clean pipeline removes any that remain after it;
 *  - turns CR LF and lone CR into LF (CRED_EDIT_NEWLINE, not reported per
 *    line: one edit per run of identical fixes would drown real repairs, so a
 *    single summary edit is recorded for the first one).
 *
 * What it does not: guess other legacy encodings (Shift-JIS, KOI8...).
 * Mixed input - mostly UTF-8 with a few Windows-1252 bytes, as scraped pages
 * often are - is the case that matters for news, and per-byte fallback keeps
 * the valid parts intact.  Mojibake (valid UTF-8 that encodes the wrong
 * characters) is fix.c's job.
 *
 * The Windows-1252 upper half is taken from glibc's iconv at first use
 * rather than typed in as a table.
 */
#include "internal.h"

#include <iconv.h>
#include <pthread.h>

static int32_t cp1252[128]; /* 0x80..0xFF -> code point */
static pthread_once_t cp1252_once = PTHREAD_ONCE_INIT;

static void cp1252_init(void)
{
    iconv_t cd = iconv_open("UTF-32LE", "WINDOWS-1252");
    for (int b = 0x80; b < 0x100; b++) {
        int32_t cp = b; /* Latin-1 fallback */
        if (cd != (iconv_t)-1) {
            char in = (char)b, *ip = &in;
            unsigned char out[4];
            char *op = (char *)out;
            size_t il = 1, ol = 4;
            iconv(cd, NULL, NULL, NULL, NULL);
            if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 && ol == 0)
                cp = (int32_t)(out[0] | out[1] << 8 | out[2] << 16 | (uint32_t)out[3] << 24);
        }
        cp1252[b - 0x80] = cp;
    }
    if (cd != (iconv_t)-1)
        iconv_close(cd);
}

/* Code point of byte b (>= 0x80) in Windows-1252 with the Latin-1 fallback. */
int32_t cred__cp1252(unsigned char b)
{
    pthread_once(&cp1252_once, cp1252_init);
    return b < 0x80 ? b : cp1252[b - 0x80];
}

/* Removed here: C0 controls but tab and newline, and DEL.  C1 controls
 * (U+0080-U+009F) written as valid UTF-8 are kept for fix.c, which reads
 * them as the Windows-1252 characters they almost always were ("\u0093hello
 * \u0094" is “hello”; "â€\u009d" is ”); clean.c removes whatever C1 is
 * left after the repair. */
static bool is_control(int32_t cp)
{
    return (cp < 0x20 && cp != '\t' && cp != '\n') || cp == 0x7F;
}

void cred__decode(const char *in, size_t n, cred__tbuf *out, cred__edits *ed)
{
    const unsigned char *s = (const unsigned char *)in;
    size_t i = 0;
    bool newline_reported = false;
    cred__tbuf_reserve(out, n + n / 2);
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        cred__edits_add(ed, CRED_EDIT_BOM, (cred_span){0, 3}, "", 0, "bom",
                        "UTF-8 byte-order mark dropped");
        i = 3;
    }
    while (i < n) {
        /* Fast path: a run of printable ASCII. */
        size_t j = i;
        while (j < n && s[j] >= 0x20 && s[j] < 0x7F)
            j++;
        if (j > i) {
            cred__tbuf_put_ident(out, (const char *)s + i, j - i, (uint32_t)i);
            i = j;
            continue;
        }
        if (s[i] == '\r') {
            size_t len = (i + 1 < n && s[i + 1] == '\n') ? 2 : 1;
            cred__tbuf_put(out, "\n", 1, (uint32_t)i, (uint32_t)(i + len));
            if (!newline_reported) {
                cred__edits_add(ed, CRED_EDIT_NEWLINE, (cred_span){i, i + len}, "\n", 1,
                                len == 2 ? "crlf" : "cr",
                                "carriage returns made line feeds (first shown)");
                newline_reported = true;
            }
            i += len;
            continue;
        }
        int32_t cp;
        size_t len = cred__utf8_decode(s + i, n - i, &cp);
        if (len) {
            if (is_control(cp)) {
                size_t k = i + len;
                int32_t c2;
                size_t l2;
                while (k < n && s[k] != '\r' && (l2 = cred__utf8_decode(s + k, n - k, &c2)) &&
                       is_control(c2))
                    k += l2;
                cred__edits_add(ed, CRED_EDIT_CONTROL, (cred_span){i, k}, "", 0, "control",
                                "control characters removed");
                i = k;
            } else {
                cred__tbuf_put_ident(out, (const char *)s + i, len, (uint32_t)i);
                i += len;
            }
            continue;
        }
        /* A run of bytes that are not valid UTF-8: decode each as 1252. */
        size_t start = i, before = out->n;
        while (i < n && !cred__utf8_decode(s + i, n - i, &cp)) {
            int32_t c = cred__cp1252(s[i]);
            if (!is_control(c) && !(c >= 0x80 && c < 0xA0)) {
                char u[4];
                cred__tbuf_put(out, u, cred__utf8_encode(c, u), (uint32_t)i, (uint32_t)i + 1);
            }
            i++;
        }
        cred__edits_add(ed, CRED_EDIT_DECODE, (cred_span){start, i}, out->p + before,
                        out->n - before, "windows-1252",
                        "bytes that are not UTF-8 decoded as Windows-1252");
    }
}
