/*
 * clean.c - the text pipeline (cred_clean): chooses the ingest (decode.c for
 * text, the HTML module's cred__html_decode for a page: the article's text
 * with its origins), runs fix.c, then does the structural steps itself:
 *
 *   whitespace   tabs and Unicode space separators (no-break space, thin
 *                space...) become plain spaces; zero-width spaces, word
 *                joiners, stray BOMs and soft hyphens are removed.  No-break
 *                spaces are *not* kept: in scraped news they are almost
 *                always layout residue (the seed's "new¬†“partner-like"),
 *                and downstream matching (quotes, cue words, n-grams) should
 *                not have to know two kinds of space.  C1 controls the
 *                repair step left are removed.
 *   lines        each line trimmed and its space runs collapsed;
 *   chrome       each line checked against data/text/chrome.tsv (chrome.c);
 *   paragraphs   at blank lines, and at a single newline after a long line
 *                (> 120 bytes) that ends a sentence: text exported one
 *                paragraph per line has no blank lines, while hard-wrapped
 *                text has short lines.  Lines of one paragraph are joined
 *                with a space.  The first surviving line is the title unless
 *                opts.no_title.
 *   segmentation sentences (segment.c, quote state carried across
 *                paragraphs) and tokens (unless opts.no_tokens).
 *   repetition   repeat.c marks sentences that repeat an earlier one; they
 *                are dropped unless opts.keep_repeats, by compacting the
 *                kept sentences and tokens (drop_sentences), not by
 *                segmenting again.
 *
 * Every step writes a cred__tbuf (two buffers used in turn), so each byte of
 * the final text still knows which input bytes it came from (internal.h).
 */
#include "internal.h"
#include "chrome.h"
#include "repeat.h"

#include <stdlib.h>
#include <utf8proc.h>

typedef struct doc_impl {
    cred_doc pub; /* must be first */
    cred__tbuf text;
    CRED__VEC(cred_paragraph) paras;
    CRED__VEC(cred_sentence) sents;
    cred__tokvec toks;
    cred__edits ed;
    cred_edit *edits;
    char *input;
} doc_impl;

void cred_clean_opts_init(cred_clean_opts *o) { memset(o, 0, sizeof *o); }

const char *cred_edit_kind_name(cred_edit_kind k)
{
    static const char *const names[CRED_EDIT__COUNT] = {
        "bom",     "decode",    "control",    "newline", "entity",
        "mojibake", "normalize", "whitespace", "chrome",  "repeat"};
    return (unsigned)k < CRED_EDIT__COUNT ? names[k] : "unknown";
}

/* ---- whitespace ------------------------------------------------------------ */

/* Exact per-byte flags: 0x80 in each byte of v that is zero. */
static inline uint64_t zero_bytes(uint64_t v)
{
    const uint64_t lo7 = 0x7F7F7F7F7F7F7F7Full;
    return ~(((v & lo7) + lo7) | v | lo7);
}

/* Length of the prefix of s[0..n) that normalize_line can copy as is: ASCII
 * other than tab, where a space is followed by neither a space nor a tab nor
 * the end.  Eight bytes at a time (this loop was 10% of bench/clean.sh). */
static size_t plain_ascii(const unsigned char *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    size_t i = 0;
    for (; i + 9 <= n; i += 8) {
        uint64_t v, next;
        memcpy(&v, s + i, 8);
        memcpy(&next, s + i + 1, 8); /* the same bytes shifted by one */
        uint64_t bad = (v & high) | zero_bytes(v ^ (ones * '\t'));
        /* a space whose next byte is a space or a tab */
        uint64_t sp = zero_bytes(v ^ (ones * ' '));
        uint64_t nsp = zero_bytes(next ^ (ones * ' ')) | zero_bytes(next ^ (ones * '\t'));
        bad |= sp & nsp;
        if (bad)
            return i + (size_t)(__builtin_ctzll(bad) >> 3);
    }
    for (; i < n; i++) {
        if (s[i] >= 0x80 || s[i] == '\t' ||
            (s[i] == ' ' && (i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t')))
            return i;
    }
    return n;
}

/* Normalizes one line, in[from, to) (no newlines, no U+2028/U+2029: the
 * line splitter handles those), into out (reset first): tabs and Unicode
 * space separators become spaces, zero-width characters and soft hyphens go,
 * runs of spaces collapse to one, and the ends are trimmed.  A kept space
 * takes its origin from the first whitespace character of its run. */
static void normalize_line(const cred__tbuf *in, size_t from, size_t to, cred__tbuf *out,
                           cred__edits *ed)
{
    const unsigned char *s = (const unsigned char *)in->p;
    size_t i = from;
    bool pending = false;
    size_t sp = 0; /* where the pending space came from */
    out->n = 0;
    if (!cred__tbuf_reserve(out, to - from))
        return;
    while (i < to) {
        unsigned char c = s[i];
        if (c == ' ' || c == '\t') {
            if (!pending && !(out->n && out->p[out->n - 1] == ' '))
                pending = true, sp = i;
            i++;
            continue;
        }
        size_t len = 1;
        if (c >= 0x80) {
            int32_t cp;
            len = cred__utf8_decode(s + i, to - i, &cp);
            if (!len) { /* cannot happen after decode.c; skip the byte */
                i++;
                continue;
            }
            const char *repl = NULL, *rule = NULL, *why = NULL;
            if (cp >= 0x80 && cp < 0xA0) {
                /* a C1 control the repair step did not turn into text */
                cred__edits_add(ed, CRED_EDIT_CONTROL, cred__tbuf_origin(in, i, i + len), "", 0,
                                "control", "control characters removed");
                i += len;
                continue;
            } else if (cp == 0x200B || cp == 0x2060 || cp == 0xFEFF || cp == 0x180E) {
                repl = "", rule = "zero-width", why = "zero-width character removed";
            } else if (cp == 0xAD) {
                repl = "", rule = "soft-hyphen", why = "soft hyphen removed";
            } else if (cp == 0x85 || utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS) {
                repl = " ", rule = cp == 0xA0 ? "no-break-space" : "space",
                why = "Unicode space made a plain space";
            }
            if (repl) {
                cred__edits_add(ed, CRED_EDIT_WHITESPACE, cred__tbuf_origin(in, i, i + len),
                                repl, strlen(repl), rule, why);
                if (*repl && !pending && !(out->n && out->p[out->n - 1] == ' '))
                    pending = true, sp = i;
                i += len;
                continue;
            }
        } else {
            /* ASCII up to a tab, a run of spaces, or a space ending the
             * line: ordinary text is copied a line at a time. */
            len = plain_ascii(s + i, to - i);
            if (!len)
                len = 1;
        }
        if (pending && out->n) {
            size_t e = sp + 1;
            while (e < to && ((unsigned char)s[e] & 0xC0) == 0x80)
                e++;
            cred__tbuf_replace(out, in, sp, e, " ", 1);
        }
        pending = false;
        cred__tbuf_copy(out, in, i, i + len);
        i += len;
    }
    /* A plain space copied with its word can end the line when only
     * non-ASCII spaces follow it ("ARG] \u00a0": PolNeAR huff-post). */
    while (out->n && out->p[out->n - 1] == ' ')
        out->n--;
    if (out->p)
        out->p[out->n] = 0;
}

/* ---- lines, chrome, paragraphs --------------------------------------------- */

typedef struct para_builder {
    cred__tbuf *out;
    CRED__VEC(cred_span) paras;
    bool in_para;     /* a paragraph is open */
    size_t para_start;
    bool prev_breaks; /* the previous line ends a paragraph even without a blank */
    bool want_title;
    bool has_title;
    bool oom;
} para_builder;

static void para_close(para_builder *pb)
{
    if (!pb->in_para)
        return;
    if (!CRED__VEC_PUSH(pb->paras, ((cred_span){pb->para_start, pb->out->n})))
        pb->oom = true;
    pb->in_para = false;
}

/* Appends one line (already collapsed: no double spaces, no edge spaces). */
static void para_line(para_builder *pb, const cred__tbuf *line, size_t from, size_t to,
                      const cred__tbuf *src_for_sep, size_t sep_at)
{
    cred__tbuf *o = pb->out;
    if (pb->in_para && !pb->prev_breaks && !pb->want_title) {
        /* Continue the paragraph: join lines with a space from the newline. */
        cred__tbuf_put(o, " ", 1, cred__tbuf_os(src_for_sep, sep_at), cred__tbuf_oe(src_for_sep, sep_at));
    } else {
        para_close(pb);
        if (o->n) {
            uint32_t a = cred__tbuf_oe(o, o->n - 1), b = cred__tbuf_os(line, from);
            cred__tbuf_put(o, "\n\n", 2, a, b < a ? a : b);
        }
        pb->in_para = true;
        pb->para_start = o->n;
    }
    cred__tbuf_copy(o, line, from, to);
    size_t len = to - from;
    unsigned char last = (unsigned char)line->p[to - 1];
    pb->prev_breaks = len > 120 && (last == '.' || last == '!' || last == '?' ||
                                    (len >= 3 && !memcmp(line->p + to - 3, "\xE2\x80\x9D", 3)) ||
                                    last == '"');
    if (pb->want_title) {
        pb->want_title = false;
        pb->has_title = true;
        pb->prev_breaks = true;
    }
}

/* Collapses spaces of in[from, to) into out (trimmed, single spaces). */
static void collapse(cred__tbuf *out, const cred__tbuf *in, size_t from, size_t to)
{
    out->n = 0;
    size_t i = from;
    while (i < to) {
        while (i < to && in->p[i] == ' ')
            i++;
        size_t j = i;
        while (j < to && in->p[j] != ' ')
            j++;
        if (j > i) {
            if (out->n)
                cred__tbuf_copy(out, in, i - 1, i); /* one of the spaces */
            cred__tbuf_copy(out, in, i, j);
        }
        i = j;
    }
}

/* Finds the end of the line starting at i: a '\n', U+2028 (line separator)
 * or U+2029 (paragraph separator).  Sets *next to where the next line starts
 * and *para when the separator also ends the paragraph. */
static size_t line_end(const cred__tbuf *in, size_t i, size_t *next, bool *para)
{
    const char *p = in->p, *end = in->p + in->n;
    const char *nl = memchr(p + i, '\n', in->n - i);
    const char *stop = nl ? nl : end;
    *para = false;
    /* U+2028/2029 are E2 80 A8/A9: look for E2 only within this line. */
    for (const char *q = memchr(p + i, 0xE2, (size_t)(stop - (p + i))); q && q + 2 < stop;
         q = memchr(q + 1, 0xE2, (size_t)(stop - q - 1))) {
        if ((unsigned char)q[1] == 0x80 && ((unsigned char)q[2] == 0xA8 || (unsigned char)q[2] == 0xA9)) {
            *para = (unsigned char)q[2] == 0xA9;
            *next = (size_t)(q - p) + 3;
            return (size_t)(q - p);
        }
    }
    *next = nl ? (size_t)(nl - p) + 1 : in->n + 1;
    return (size_t)(stop - p);
}

static void build_paragraphs(const cred_ctx *ctx, const cred__tbuf *in, bool want_title,
                             bool keep_chrome, para_builder *pb, cred__edits *ed)
{
    cred__tbuf ws = {0}, line = {0}, kept = {0};
    cred__chrome_hits hits = {0};
    pb->want_title = want_title;
    cred__tbuf_reserve(pb->out, in->n + 64);
    size_t i = 0, n = in->n;
    while (i <= n && !pb->oom) {
        size_t next;
        bool para_sep;
        size_t e = i < n ? line_end(in, i, &next, &para_sep) : n;
        if (i >= n) {
            next = n + 1;
            para_sep = false;
        }
        normalize_line(in, i, e, &line, ed);
        if (line.oom || ws.oom) {
            pb->oom = true;
            break;
        }
        if (!line.n) {
            para_close(pb); /* blank line */
        } else {
            bool whole;
            if (!cred__chrome_scan(ctx, line.p, line.n, &hits, &whole)) {
                pb->oom = true;
                break;
            }
            for (size_t h = 0; h < hits.n; h++) {
                const cred__chrome_hit *hit = &hits.v[h];
                cred__edits_add(ed, CRED_EDIT_CHROME,
                                cred__tbuf_origin(&line, hit->start, hit->end), "", 0,
                                hit->rule, hit->reason);
            }
            const cred__tbuf *src = &line;
            if (keep_chrome || !hits.n) {
                /* keep the line as it is */
            } else if (whole) {
                src = NULL;
                para_close(pb);
            } else {
                /* Cut the inline hits out, then collapse the spaces left. */
                ws.n = 0;
                size_t at = 0;
                for (size_t h = 0; h < hits.n; h++) {
                    cred__tbuf_copy(&ws, &line, at, hits.v[h].start);
                    at = hits.v[h].end;
                }
                cred__tbuf_copy(&ws, &line, at, line.n);
                collapse(&kept, &ws, 0, ws.n);
                src = kept.n ? &kept : NULL;
            }
            if (src)
                para_line(pb, src, 0, src->n, in, i > 0 ? i - 1 : 0);
        }
        if (para_sep)
            para_close(pb);
        i = next;
    }
    para_close(pb);
    if (line.oom || kept.oom || ws.oom || pb->out->oom)
        pb->oom = true;
    cred__tbuf_free(&ws);
    cred__tbuf_free(&line);
    cred__tbuf_free(&kept);
    free(hits.v);
}

/* ---- assembly ---------------------------------------------------------------- */

static bool segment_all(const cred_ctx *ctx, doc_impl *d, const cred_span *paras, size_t np,
                        bool has_title, bool tokens)
{
    const char *t = d->text.p;
    bool quote_open = false;
    cred__spanvec sv = {0};
    bool ok = true;
    for (size_t p = 0; p < np && ok; p++) {
        bool is_title = has_title && p == 0;
        bool q = false;
        sv.n = 0;
        ok = cred__segment_sentences(ctx, t + paras[p].start, paras[p].end - paras[p].start,
                                     is_title ? &q : &quote_open, &sv);
        size_t first = d->sents.n;
        for (size_t k = 0; k < sv.n && ok; k++) {
            cred_span s = {paras[p].start + sv.v[k].start, paras[p].start + sv.v[k].end};
            cred_sentence se = {s, is_title ? SIZE_MAX : d->paras.n, d->toks.n, 0};
            if (tokens)
                ok = cred__tokenize(t + s.start, s.end - s.start, s.start, &d->toks);
            se.n_tokens = d->toks.n - se.first_token;
            ok = ok && CRED__VEC_PUSH(d->sents, se);
        }
        if (is_title) {
            d->pub.has_title = 1;
            d->pub.title = paras[p];
            d->pub.title_first_sentence = first;
            d->pub.title_n_sentences = d->sents.n - first;
        } else if (ok) {
            cred_paragraph pa = {paras[p], first, d->sents.n - first};
            ok = CRED__VEC_PUSH(d->paras, pa);
        }
    }
    free(sv.v);
    return ok;
}

static int edit_cmp(const void *a, const void *b)
{
    const cred_edit *x = a, *y = b;
    if (x->input.start != y->input.start)
        return x->input.start < y->input.start ? -1 : 1;
    if (x->input.end != y->input.end)
        return x->input.end < y->input.end ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

static bool finish_edits(doc_impl *d)
{
    size_t n = d->ed.e.n;
    d->edits = calloc(n ? n : 1, sizeof *d->edits);
    if (!d->edits)
        return false;
    const cred__tbuf *t = &d->text;
    for (size_t i = 0; i < n; i++) {
        const cred__edit *e = &d->ed.e.v[i];
        cred_edit *o = &d->edits[i];
        o->kind = e->kind;
        o->input = e->input;
        o->original.p = d->input + e->input.start;
        o->original.n = e->input.end - e->input.start;
        o->replacement.p = e->replacement;
        o->replacement.n = e->replacement_n;
        o->rule = e->rule;
        o->detail = e->detail;
    }
    qsort(d->edits, n, sizeof *d->edits, edit_cmp);
    /* Offset in the cleaned text: the first byte whose origin is at or
     * after the edit's start (origins are non-decreasing). */
    for (size_t i = 0; i < n; i++)
        d->edits[i].offset = cred__tbuf_find(t, (uint32_t)d->edits[i].input.start);
    return true;
}

/*
 * Rebuilds the text without the sentences marked in `dropped`, into `o`.
 * Sentences and tokens are not segmented again: the kept ones are compacted
 * in place (write index <= read index) and shifted to their new offsets.
 * Between two kept sentences the original gap is copied; where dropped ones
 * stood between them, one space.  A paragraph left with no sentence goes.
 */
static bool drop_sentences(doc_impl *d, const bool *dropped, cred__tbuf *o)
{
    const cred__tbuf *t = &d->text;
    size_t ws = 0, wt = 0, wp = 0;
    size_t np = d->paras.n;
    o->n = 0;
    for (size_t u = d->pub.has_title ? 0 : 1; u <= np; u++) {
        bool title = u == 0; /* unit 0 is the title, unit k paragraph k-1 */
        size_t fs = title ? d->pub.title_first_sentence : d->paras.v[u - 1].first_sentence;
        size_t ns = title ? d->pub.title_n_sentences : d->paras.v[u - 1].n_sentences;
        size_t first_kept = SIZE_MAX;
        for (size_t k = fs; k < fs + ns && first_kept == SIZE_MAX; k++)
            if (!dropped[k])
                first_kept = k;
        if (first_kept == SIZE_MAX)
            continue;
        if (o->n)
            cred__tbuf_put(o, "\n\n", 2, cred__tbuf_oe(o, o->n - 1), cred__tbuf_os(t, d->sents.v[first_kept].span.start));
        size_t pstart = o->n, new_first = ws, prev_end = 0;
        bool have_prev = false, gap_dropped = false;
        for (size_t k = fs; k < fs + ns; k++) {
            if (dropped[k]) {
                gap_dropped = true;
                continue;
            }
            cred_sentence s = d->sents.v[k];
            if (have_prev) {
                if (!gap_dropped)
                    cred__tbuf_copy(o, t, prev_end, s.span.start);
                else if (s.span.start > 0)
                    cred__tbuf_replace(o, t, s.span.start - 1, s.span.start, " ", 1);
            }
            gap_dropped = false;
            size_t at = o->n;
            cred__tbuf_copy(o, t, s.span.start, s.span.end);
            for (size_t i = 0; i < s.n_tokens; i++) {
                cred_token tk = d->toks.v[s.first_token + i];
                tk.span.start = tk.span.start - s.span.start + at;
                tk.span.end = tk.span.end - s.span.start + at;
                d->toks.v[wt + i] = tk;
            }
            s.first_token = wt;
            wt += s.n_tokens;
            prev_end = s.span.end;
            s.span = (cred_span){at, o->n};
            s.paragraph = title ? SIZE_MAX : wp;
            d->sents.v[ws++] = s;
            have_prev = true;
        }
        if (title) {
            d->pub.title = (cred_span){pstart, o->n};
            d->pub.title_first_sentence = new_first;
            d->pub.title_n_sentences = ws - new_first;
        } else {
            d->paras.v[wp++] = (cred_paragraph){{pstart, o->n}, new_first, ws - new_first};
        }
    }
    d->sents.n = ws;
    d->toks.n = wt;
    d->paras.n = wp;
    return !o->oom;
}

/*
 * The ingest stage: the input's bytes -> UTF-8 text with origins, before the
 * steps.  HTML (forced, or detected under CRED_FORMAT_AUTO) goes to the HTML
 * module, which returns the article's text and fills `meta`; anything else,
 * and a page the HTML module rejects as not HTML after all (binary, absurd
 * nesting) unless `meta` asks for HTML, is decoded as text (decode.c).  The
 * HTML module never calls back into the pipeline: the choice is made here.
 */
/* The HTML ingest keeps what the page's text nodes hold, and a page may
 * hold control characters (a CR of CR LF line ends, a form feed from
 * "&#12;", an ESC): the text path's decoder removes them (decode.c), so the
 * page's text gets the same treatment here - CR, FF and VT become a space,
 * other C0 controls and DEL are removed, each as an edit (issue 13: D18, the
 * fuzz_clean_html finding).  Returns false on out-of-memory. */
static bool html_controls(cred__tbuf *t, cred__tbuf *tmp, cred__edits *ed)
{
    size_t i = 0;
    while (i < t->n) {
        unsigned char c = (unsigned char)t->p[i];
        if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)
            break;
        i++;
    }
    if (i == t->n)
        return true;
    tmp->n = 0;
    size_t run = 0;
    for (i = 0; i < t->n; i++) {
        unsigned char c = (unsigned char)t->p[i];
        if (!((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F))
            continue;
        cred__tbuf_copy(tmp, t, run, i);
        cred_span o = cred__tbuf_origin(t, i, i + 1);
        if (c == '\r' || c == '\f' || c == '\v') {
            cred__edits_add(ed, CRED_EDIT_WHITESPACE, o, " ", 1, "space",
                            "line-end or page-break character made a space");
            cred__tbuf_put(tmp, " ", 1, (uint32_t)o.start, (uint32_t)o.end);
        } else {
            cred__edits_add(ed, CRED_EDIT_CONTROL, o, "", 0, "control",
                            "control characters removed");
        }
        run = i + 1;
    }
    cred__tbuf_copy(tmp, t, run, t->n);
    if (tmp->oom)
        return false;
    cred__tbuf_move(t, tmp);
    return true;
}

static cred_status ingest(const cred_ctx *ctx, const char *in, size_t n,
                          const cred_clean_opts *opts, struct cred__html_meta *meta,
                          cred__tbuf *out, cred__edits *ed, cred_error *err)
{
    cred_status hs = CRED_EFORMAT;
    if (meta || opts->format == CRED_FORMAT_HTML ||
        (opts->format == CRED_FORMAT_AUTO && cred_looks_like_html(in, n)))
        hs = cred__html_decode(ctx, in, n, out, ed, meta, err);
    if (hs && (meta || hs == CRED_ENOMEM))
        return hs;
    if (hs) {
        out->n = 0; /* not HTML after all: whatever it wrote goes */
        cred__decode(in, n, out, ed);
    } else {
        cred__tbuf tmp = {0};
        bool ok = html_controls(out, &tmp, ed);
        cred__tbuf_free(&tmp);
        if (!ok)
            return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    return CRED_OK;
}

cred_status cred_clean(const cred_ctx *ctx, const char *in, size_t n,
                       const cred_clean_opts *opts, cred_doc **out, cred_error *err)
{
    return cred__clean_ex(ctx, in, n, opts, NULL, out, err);
}

cred_status cred__clean_ex(const cred_ctx *ctx, const char *in, size_t n,
                           const cred_clean_opts *opts, struct cred__html_meta *meta,
                           cred_doc **out, cred_error *err)
{
    cred_clean_opts defaults;
    if (!opts) {
        cred_clean_opts_init(&defaults);
        opts = &defaults;
    }
    *out = NULL;
    size_t limit = opts->max_input && opts->max_input < CRED_MAX_INPUT ? opts->max_input
                                                                        : CRED_MAX_INPUT;
    if (n > limit)
        return cred__err(err, CRED_ETOOBIG, "input is %zu bytes, over the limit of %zu bytes",
                         n, limit);
    if (!in && n)
        return cred__err(err, CRED_EINVAL, "NULL input");
    doc_impl *d = calloc(1, sizeof *d);
    if (!d || !(d->input = malloc(n + 1))) {
        free(d);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    if (n)
        memcpy(d->input, in, n);
    d->input[n] = 0;

    /* Two buffers used in turn: each step writes into the one the step
     * before last wrote, keeping its (already touched) memory. On a 100 MB
     * input fresh buffers cost more in page faults than the copying. */
    cred__tbuf a = {0}, b = {0};
    cred_status hs = ingest(ctx, d->input, n, opts, meta, &a, &d->ed, err);
    if (hs) {
        cred_doc_free(&d->pub);
        return hs;
    }
    cred__fix(ctx, &a, 0, &b, &d->ed);
    a.n = 0;

    para_builder pb = {.out = &a};
    build_paragraphs(ctx, &b, !opts->no_title, opts->keep_chrome, &pb, &d->ed);
    b.n = 0;
    bool ok = !pb.oom && !a.oom && !d->ed.oom;

    /* Segment, find repeats, and if anything goes, rebuild without it. */
    cred__tbuf_move(&d->text, &a);
    ok = ok && segment_all(ctx, d, pb.paras.v, pb.paras.n, pb.has_title, !opts->no_tokens);
    bool *dropped = ok ? calloc(d->sents.n + 1, sizeof *dropped) : NULL;
    size_t ndropped = 0;
    ok = ok && dropped &&
         cred__repeats(d->sents.v, d->sents.n, d->pub.has_title ? d->pub.title_n_sentences : 0,
                       d->paras.v, d->paras.n, &d->ed, &d->text, dropped, &ndropped);
    if (ok && ndropped && !opts->keep_repeats) {
        ok = drop_sentences(d, dropped, &b);
        if (ok)
            cred__tbuf_move(&d->text, &b);
    }
    free(dropped);
    free(pb.paras.v);
    cred__tbuf_free(&b);
    if (ok && !d->text.n) { /* empty document: still a NUL-terminated "" (issue 13: D7) */
        if (!d->text.p)
            cred__tbuf_put(&d->text, "", 0, 0, 0);
        ok = cred__tbuf_reserve(&d->text, 1);
        if (ok)
            d->text.p[0] = 0;
    }
    ok = ok && !d->ed.oom && finish_edits(d);
    if (!ok) {
        cred_doc_free(&d->pub);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    d->pub.text = d->text.p;
    d->pub.text_len = d->text.n;
    d->pub.paragraphs = d->paras.v;
    d->pub.n_paragraphs = d->paras.n;
    d->pub.sentences = d->sents.v;
    d->pub.n_sentences = d->sents.n;
    d->pub.tokens = d->toks.v;
    d->pub.n_tokens = d->toks.n;
    d->pub.edits = d->edits;
    d->pub.n_edits = d->ed.e.n;
    d->pub.input = d->input;
    d->pub.input_len = n;
    *out = &d->pub;
    return CRED_OK;
}

void cred_doc_free(cred_doc *doc)
{
    if (!doc)
        return;
    doc_impl *d = (doc_impl *)doc;
    cred__tbuf_free(&d->text);
    free(d->paras.v);
    free(d->sents.v);
    free(d->toks.v);
    cred__edits_free(&d->ed);
    free(d->edits);
    free(d->input);
    free(d);
}

cred_span cred_doc_input_span(const cred_doc *doc, cred_span s)
{
    const doc_impl *d = (const doc_impl *)doc;
    const cred__tbuf *t = &d->text;
    if (s.end > t->n)
        s.end = t->n;
    if (s.start >= s.end) {
        size_t at = s.start < t->n ? cred__tbuf_os(t, s.start) : doc->input_len;
        return (cred_span){at, at};
    }
    return cred__tbuf_origin(t, s.start, s.end);
}

cred_str cred_doc_slice(const cred_doc *doc, cred_span s)
{
    if (s.end > doc->text_len)
        s.end = doc->text_len;
    if (s.start > s.end)
        s.start = s.end;
    return (cred_str){doc->text + s.start, s.end - s.start};
}
