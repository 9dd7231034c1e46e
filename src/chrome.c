/*
 * chrome.c - page-chrome rules: view counters, login prompts, share bars,
 * image credits, "read more" links, bare URLs...
 *
 * The rules are data (data/text/chrome.tsv, documented in
 * docs/data-files.md): a name, a scope (`line` or `inline`), a PCRE2 pattern
 * and a reason.  PCRE2 is used rather than POSIX regex because the patterns
 * need Unicode properties, lazy quantifiers and look-behind, and PCRE2's JIT
 * keeps the per-line cost low on 100 MB inputs.
 *
 * Line rules are compiled anchored at both ends, so they can only remove a
 * line that is nothing but chrome; they never cut text out of a sentence.
 * Inline rules remove matches inside a line (URLs, pic.twitter.com links).
 *
 * Compiled patterns are shared, read-only, by all threads; each call makes
 * its own match data, as PCRE2 requires.
 */
#include "internal.h"
#include "chrome.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct rule {
    char *name, *reason;
    bool inline_scope;
    pcre2_code *re;
} rule;

struct cred__chrome {
    rule *rules;
    size_t n;
    uint32_t max_ovector;
};

void cred__chrome_free(struct cred__chrome *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->rules[i].name);
        free(c->rules[i].reason);
        pcre2_code_free(c->rules[i].re);
    }
    free(c->rules);
    free(c);
}

cred_status cred__chrome_load(cred_ctx *ctx, cred_error *err)
{
    static const char file[] = "text/chrome.tsv";
    cred_str text;
    cred_status st = cred__ctx_data(ctx, file, &text, err);
    if (st)
        return st;
    struct cred__chrome *c = calloc(1, sizeof *c);
    if (!c)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    ctx->chrome = c;
    size_t cap = 0;
    cred__lines it;
    cred_str line;
    cred__lines_init(&it, text);
    while (cred__lines_next(&it, &line)) {
        cred_str f[4];
        if (cred__split_tabs(line, f, 4) != 4 || !f[0].n || !f[2].n)
            return cred__err(err, CRED_EDATA,
                             "%s:%zu: expected 4 tab-separated fields: name, scope, pattern, reason",
                             file, it.line);
        bool inl;
        if (f[1].n == 4 && !memcmp(f[1].p, "line", 4))
            inl = false;
        else if (f[1].n == 6 && !memcmp(f[1].p, "inline", 6))
            inl = true;
        else
            return cred__err(err, CRED_EDATA, "%s:%zu: scope must be 'line' or 'inline', not '%.*s'",
                             file, it.line, (int)f[1].n, f[1].p);
        if (c->n == cap && !cred__vec_grow((void **)&c->rules, &cap, c->n, sizeof *c->rules))
            return cred__err(err, CRED_ENOMEM, "out of memory");
        rule *r = &c->rules[c->n];
        memset(r, 0, sizeof *r);
        r->inline_scope = inl;
        r->name = cred__str_dup(f[0]);
        r->reason = cred__str_dup(f[3]);
        if (!r->name || !r->reason)
            return cred__err(err, CRED_ENOMEM, "out of memory");
        c->n++;
        /* Line rules: wrap as ^(?:...)$ so a rule can only take whole lines. */
        cred__buf pat = {0};
        if (!inl)
            cred__buf_puts(&pat, "^(?:");
        cred__buf_put(&pat, f[2].p, f[2].n);
        if (!inl)
            cred__buf_puts(&pat, ")$");
        if (pat.oom)
            return cred__err(err, CRED_ENOMEM, "out of memory");
        int ec;
        PCRE2_SIZE eo;
        /* (?i) written after ^(?: applies to the group only, as intended. */
        r->re = pcre2_compile((PCRE2_SPTR)pat.p, pat.n, PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK,
                              &ec, &eo, NULL);
        cred__buf_free(&pat);
        if (!r->re) {
            PCRE2_UCHAR msg[200];
            pcre2_get_error_message(ec, msg, sizeof msg);
            size_t col = eo - (inl ? 0 : 4) + 1;
            return cred__err(err, CRED_EDATA, "%s:%zu: rule %s: bad pattern at column %zu: %s",
                             file, it.line, r->name, col, (char *)msg);
        }
        if (cred__jit_enabled())
            pcre2_jit_compile(r->re, PCRE2_JIT_COMPLETE); /* else interpreted */
    }
    return CRED_OK;
}

/* Match steps one rule may take on one line (pcre2_set_match_limit). */
#define CRED__CHROME_MATCH_LIMIT 100000

bool cred__chrome_scan(const cred_ctx *ctx, const char *line, size_t n,
                       cred__chrome_hits *hits, bool *whole)
{
    const struct cred__chrome *c = ctx->chrome;
    *whole = false;
    hits->n = 0;
    if (!c || !n)
        return true;
    pcre2_match_data *md = pcre2_match_data_create(4, NULL);
    /* A bound on every rule's work per line (issue 13, D3: a rule that
     * backtracks badly on a hostile line costs a bounded time, and the line
     * counts as no match).  A chrome line that really matches needs a few
     * hundred steps. */
    pcre2_match_context *mcx = pcre2_match_context_create(NULL);
    if (!md || !mcx) {
        pcre2_match_data_free(md);
        pcre2_match_context_free(mcx);
        return false;
    }
    pcre2_set_match_limit(mcx, CRED__CHROME_MATCH_LIMIT);
    bool ok = true;
    /* Whole-line rules first: one hit is enough. */
    for (size_t i = 0; i < c->n && !*whole; i++) {
        const rule *r = &c->rules[i];
        if (r->inline_scope)
            continue;
        if (pcre2_match(r->re, (PCRE2_SPTR)line, n, 0, PCRE2_NO_UTF_CHECK, md, mcx) >= 0) {
            *whole = true;
            ok = CRED__VEC_PUSH(*hits, ((cred__chrome_hit){0, n, r->name, r->reason}));
        }
    }
    for (size_t i = 0; i < c->n && ok && !*whole; i++) {
        const rule *r = &c->rules[i];
        if (!r->inline_scope)
            continue;
        size_t off = 0;
        while (off <= n &&
               pcre2_match(r->re, (PCRE2_SPTR)line, n, off, PCRE2_NO_UTF_CHECK, md, mcx) >= 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t s = ov[0], e = ov[1];
            if (e == s) { /* empty match: step one character on */
                off = e + 1;
                while (off < n && ((unsigned char)line[off] & 0xC0) == 0x80)
                    off++;
                continue;
            }
            if (!(ok = CRED__VEC_PUSH(*hits, ((cred__chrome_hit){s, e, r->name, r->reason}))))
                break;
            off = e;
        }
    }
    pcre2_match_data_free(md);
    pcre2_match_context_free(mcx);
    if (!ok || *whole || hits->n < 2)
        return ok;
    /* Sort inline hits by start and drop overlaps (earliest, then longest wins). */
    for (size_t i = 1; i < hits->n; i++) {
        cred__chrome_hit h = hits->v[i];
        size_t j = i;
        while (j > 0 && (hits->v[j - 1].start > h.start ||
                         (hits->v[j - 1].start == h.start && hits->v[j - 1].end < h.end))) {
            hits->v[j] = hits->v[j - 1];
            j--;
        }
        hits->v[j] = h;
    }
    size_t k = 0;
    for (size_t i = 0; i < hits->n; i++)
        if (k == 0 || hits->v[i].start >= hits->v[k - 1].end)
            hits->v[k++] = hits->v[i];
    hits->n = k;
    return true;
}
