/*
 * fuzz/fuzz_common.h - what every libFuzzer target of credence shares: one
 * context per process, and the invariant checks (docs/security.md, "What is
 * fuzzed").
 *
 * What it does: a target gets bytes, calls a public entry (include/credence/
 * *.h only: the fuzzers are callers like any other) and then checks what the
 * headers promise, not only that nothing crashed:
 *  - a document's text is NUL-terminated, valid UTF-8, holds no control
 *    character but newline (tabs become spaces in step 3 of
 *    docs/text-pipeline.md, NUL/C0/DEL/C1 controls are removed), and every
 *    span (title, paragraphs, sentences, tokens, edits) is inside the text or
 *    the input and starts and ends on a character boundary;
 *  - a verdict's score is finite and in [0,100], its band and label
 *    non-empty, its signals' values finite, its evidence spans in range;
 *  - every JSON writer's output parses; the HTML report holds no `<script`;
 *    the terminal report without colour holds no ESC byte.
 * A broken invariant prints one line on stderr and aborts, which libFuzzer
 * records as a crash with the input that caused it.
 *
 * Why a header of static functions: each target is one translation unit
 * linked on its own with -fsanitize=fuzzer; no extra object to build.
 */
#ifndef CRED_FUZZ_COMMON_H
#define CRED_FUZZ_COMMON_H

#include <credence.h>

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __GNUC__
__attribute__((format(printf, 1, 2), noreturn))
#endif
static inline void fz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz invariant broken: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

/* The shared context, made once per process (as a server would). */
static inline const cred_ctx *fz_ctx(void)
{
    static cred_ctx *ctx;
    if (!ctx) {
        cred_error err;
        ctx = cred_ctx_new(NULL, &err);
        if (!ctx)
            fz_fail("cred_ctx_new: %s", err.msg);
    }
    return ctx;
}

/* Length of the UTF-8 sequence at p[0..n), or 0 when it is not valid
 * (overlong forms, surrogates and code points over U+10FFFF are invalid);
 * *cp gets the code point. */
static inline size_t fz_utf8_char(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, v = c & 0x1F, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, v = c & 0x0F, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, v = c & 0x07, min = 0x10000;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* Flags for fz_check_text. */
enum {
    FZ_ALLOW_TAB = 1u << 0,   /* a tab may remain (strings that are not the document text) */
    FZ_ALLOW_CTRL = 1u << 1,  /* only UTF-8 validity is promised */
    FZ_ALLOW_NUL = 1u << 2    /* the string may hold NUL bytes (length-counted) */
};

static inline void fz_check_text(const char *what, const char *s, size_t n, unsigned flags)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = fz_utf8_char(p + i, n - i, &cp);
        if (!k)
            fz_fail("%s: invalid UTF-8 at byte %zu (0x%02x)", what, i, p[i]);
        if (!(flags & FZ_ALLOW_CTRL)) {
            int ctl = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F);
            if (cp == '\n' || (cp == '\t' && (flags & FZ_ALLOW_TAB)) ||
                (cp == 0 && (flags & FZ_ALLOW_NUL)))
                ctl = 0;
            if (ctl)
                fz_fail("%s: control character U+%04X at byte %zu", what, (unsigned)cp, i);
        } else if (cp == 0 && !(flags & FZ_ALLOW_NUL)) {
            fz_fail("%s: NUL byte at %zu", what, i);
        }
        i += k;
    }
}

/* A byte offset on a character boundary of text[0..n]. */
static inline int fz_boundary(const char *text, size_t n, size_t off)
{
    return off == n || (off < n && ((unsigned char)text[off] & 0xC0) != 0x80);
}

static inline void fz_check_span(const char *what, size_t i, cred_span s, const char *text, size_t n)
{
    if (s.start > s.end || s.end > n)
        fz_fail("%s[%zu]: span [%zu,%zu) outside the text (%zu bytes)", what, i, s.start, s.end,
                n);
    if (text && (!fz_boundary(text, n, s.start) || !fz_boundary(text, n, s.end)))
        fz_fail("%s[%zu]: span [%zu,%zu) cuts a UTF-8 character", what, i, s.start, s.end);
}

/* Everything text.h promises about a cleaned document. */
static inline void fz_check_doc(const cred_doc *d)
{
    if (!d)
        fz_fail("document is NULL");
    if (!d->text)
        fz_fail("document text is NULL");
    /* issue 13 D7 (fixed in src/clean.c): even an empty text ends in NUL */
    if (d->text[d->text_len] != '\0')
        fz_fail("document text (%zu bytes) is not NUL-terminated", d->text_len);
    if (memchr(d->text, 0, d->text_len))
        fz_fail("document text holds a NUL byte");
    fz_check_text("document text", d->text, d->text_len, 0);
    const char *t = d->text;
    size_t n = d->text_len;
    if (d->has_title) {
        fz_check_span("title", 0, d->title, t, n);
        if (d->title_first_sentence + d->title_n_sentences > d->n_sentences)
            fz_fail("title sentences past the sentence array");
    }
    for (size_t i = 0; i < d->n_paragraphs; i++) {
        const cred_paragraph *p = &d->paragraphs[i];
        fz_check_span("paragraph", i, p->span, t, n);
        if (p->first_sentence + p->n_sentences > d->n_sentences)
            fz_fail("paragraph[%zu]: sentences past the sentence array", i);
    }
    for (size_t i = 0; i < d->n_sentences; i++) {
        const cred_sentence *s = &d->sentences[i];
        fz_check_span("sentence", i, s->span, t, n);
        if (s->paragraph != SIZE_MAX && s->paragraph >= d->n_paragraphs)
            fz_fail("sentence[%zu]: paragraph %zu of %zu", i, s->paragraph, d->n_paragraphs);
        if (s->first_token + s->n_tokens > d->n_tokens)
            fz_fail("sentence[%zu]: tokens past the token array", i);
        cred_span in = cred_doc_input_span(d, s->span);
        fz_check_span("sentence input span", i, in, NULL, d->input_len);
    }
    for (size_t i = 0; i < d->n_tokens; i++) {
        fz_check_span("token", i, d->tokens[i].span, t, n);
        if (d->tokens[i].span.start == d->tokens[i].span.end)
            fz_fail("token[%zu] is empty", i);
    }
    for (size_t i = 0; i < d->n_edits; i++) {
        const cred_edit *e = &d->edits[i];
        if ((unsigned)e->kind >= CRED_EDIT__COUNT)
            fz_fail("edit[%zu]: kind %d", i, (int)e->kind);
        fz_check_span("edit input", i, e->input, NULL, d->input_len);
        if (e->offset > n)
            fz_fail("edit[%zu]: offset %zu past the text (%zu)", i, e->offset, n);
        if (e->original.n && (e->original.p < d->input ||
                              e->original.p + e->original.n > d->input + d->input_len))
            fz_fail("edit[%zu]: original outside the input copy", i);
        if (!cred_edit_kind_name(e->kind))
            fz_fail("edit[%zu]: no kind name", i);
    }
    cred_span all = cred_doc_input_span(d, (cred_span){0, n});
    fz_check_span("whole-text input span", 0, all, NULL, d->input_len);
}

/* A JSON writer's output: parses, NUL-terminated, valid UTF-8. */
static inline void fz_check_json(const char *what, const char *s)
{
    if (!s)
        fz_fail("%s: NULL JSON", what);
    json_error_t je;
    json_t *j = json_loads(s, JSON_ALLOW_NUL, &je);
    if (!j)
        fz_fail("%s: output is not JSON (line %d column %d: %s)", what, je.line, je.column,
                je.text);
    json_decref(j);
}

static inline int fz_has_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++) {
        size_t j = 0;
        while (j < k && (s[i + j] | 0x20) == (needle[j] | 0x20))
            j++;
        if (j == k)
            return 1;
    }
    return 0;
}

/* Everything score.h promises about a verdict, and its three reports. */
static inline void fz_check_verdict(const cred_verdict *v)
{
    if (!(isfinite(v->score) && v->score >= 0 && v->score <= 100))
        fz_fail("verdict score %g outside [0,100]", v->score);
    if (!(isfinite(v->raw_score) && v->raw_score >= 0 && v->raw_score <= 100))
        fz_fail("verdict raw score %g outside [0,100]", v->raw_score);
    if (isnan(v->logit))
        fz_fail("verdict logit is NaN");
    if (!v->band || !*v->band)
        fz_fail("verdict band empty");
    if (!v->label || !*v->label)
        fz_fail("verdict label empty");
    if (!v->genre || !*v->genre)
        fz_fail("verdict genre empty");
    if (v->has_model && !(v->model_unreliable >= 0 && v->model_unreliable <= 1))
        fz_fail("model probability %g outside [0,1]", v->model_unreliable);
    const cred_doc *d = v->doc;
    for (size_t i = 0; i < v->n_signals; i++) {
        const cred_signal *s = &v->signals[i];
        if (!s->name || !*s->name || !s->reason || !s->group)
            fz_fail("signal[%zu]: missing name, reason or group", i);
        if (!(s->value > 0 && s->value <= 1))
            fz_fail("signal %s: value %g outside (0,1]", s->name, s->value);
        if (!isfinite(s->contribution) || isnan(s->points))
            fz_fail("signal %s: contribution %g, points %g", s->name, s->contribution,
                    s->points);
        for (size_t k = 0; k < s->n_evidence; k++) {
            fz_check_span("evidence text", k, s->evidence[k].text, d->text, d->text_len);
            fz_check_span("evidence input", k, s->evidence[k].input, NULL, d->input_len);
        }
    }
    char *out = NULL;
    size_t n = 0;
    cred_error err;
    if (cred_verdict_to_json(v, 0, &out, &err) == CRED_OK) {
        fz_check_json("verdict JSON", out);
        free(out);
    }
    out = NULL;
    if (cred_verdict_to_html(v, &out, &n, &err) == CRED_OK) {
        if (fz_has_ci(out, n, "<script"))
            fz_fail("HTML report holds <script");
        fz_check_text("HTML report", out, n, FZ_ALLOW_TAB);
        free(out);
    }
    out = NULL;
    if (cred_verdict_to_text(v, 0, &out, &err) == CRED_OK) {
        if (strchr(out, 0x1b))
            fz_fail("terminal report without colour holds ESC");
        free(out);
    }
}

#endif /* CRED_FUZZ_COMMON_H */
