/*
 * repeat.c - repeated text: a paragraph, or a sentence, that says again
 * word for word what an earlier one said.  Scraped articles repeat their lede
 * (the seed article's first sentence comes back as the second paragraph's
 * first sentence: golden test clean/repeated-lede), and page templates
 * repeat teaser paragraphs.
 *
 * Comparison key: the sentence's words, lower-cased (ASCII only: case
 * folding of other scripts is not needed to spot verbatim repeats), joined by
 * single spaces, punctuation dropped.  Sentences under
 * CRED__REPEAT_MIN_WORDS words are ignored.  A hash table of keys (64-bit
 * FNV-1a, verified by comparing the keys themselves) makes this linear.
 */
#include "repeat.h"

#include <stdlib.h>

typedef struct key {
    size_t off, len; /* in the key arena */
    uint64_t h;
    size_t sent;
} key;

typedef struct table {
    key *slots;
    size_t cap, n;
    cred__buf arena;
} table;

static size_t make_key(const cred__tbuf *t, const cred_sentence *s, cred__buf *arena,
                       size_t *words)
{
    (void)t;
    size_t start = arena->n;
    *words = 0;
    bool in_word = false;
    for (size_t i = s->span.start; i < s->span.end; i++) {
        unsigned char c = (unsigned char)t->p[i];
        bool wordch = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c >= 0x80;
        if (wordch) {
            if (!in_word) {
                if (arena->n > start)
                    cred__buf_putc(arena, ' ');
                (*words)++;
                in_word = true;
            }
            cred__buf_putc(arena, (char)((c >= 'A' && c <= 'Z') ? c + 32 : c));
        } else if (c != '\'' ) {
            in_word = false;
        }
    }
    return arena->n - start;
}

static uint64_t fnv(const char *p, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull;
    }
    return h;
}

/* Returns the index of an equal earlier key, or SIZE_MAX after inserting. */
static bool lookup_insert(table *tb, key k, size_t *found)
{
    *found = SIZE_MAX;
    if ((tb->n + 1) * 2 > tb->cap) {
        size_t nc = tb->cap ? tb->cap * 2 : 64;
        key *ns = calloc(nc, sizeof *ns);
        if (!ns)
            return false;
        for (size_t i = 0; i < tb->cap; i++) {
            if (!tb->slots[i].len)
                continue;
            size_t j = tb->slots[i].h & (nc - 1);
            while (ns[j].len)
                j = (j + 1) & (nc - 1);
            ns[j] = tb->slots[i];
        }
        free(tb->slots);
        tb->slots = ns;
        tb->cap = nc;
    }
    size_t j = k.h & (tb->cap - 1);
    while (tb->slots[j].len) {
        const key *o = &tb->slots[j];
        if (o->h == k.h && o->len == k.len &&
            !memcmp(tb->arena.p + o->off, tb->arena.p + k.off, k.len)) {
            *found = o->sent;
            return true;
        }
        j = (j + 1) & (tb->cap - 1);
    }
    tb->slots[j] = k;
    tb->n++;
    return true;
}

bool cred__repeats(const char *text, const cred_sentence *sents, size_t ns, size_t n_title,
                   const cred_paragraph *paras, size_t np, cred__edits *ed,
                   const cred__tbuf *t, cred_span **drops, size_t *ndrops)
{
    (void)text;
    table tb = {0};
    CRED__VEC(cred_span) out = {0};
    bool *dropped = calloc(ns ? ns : 1, sizeof *dropped);
    bool ok = dropped != NULL;
    for (size_t i = n_title; i < ns && ok; i++) {
        size_t words, off = tb.arena.n;
        size_t len = make_key(t, &sents[i], &tb.arena, &words);
        if (tb.arena.oom) {
            ok = false;
            break;
        }
        if (words < CRED__REPEAT_MIN_WORDS) {
            tb.arena.n = off;
            continue;
        }
        size_t found;
        ok = lookup_insert(&tb, (key){off, len, fnv(tb.arena.p + off, len), i}, &found);
        if (found != SIZE_MAX) {
            dropped[i] = true;
            tb.arena.n = off;
        }
    }
    /* Report per paragraph: a wholly repeated paragraph is one edit. */
    for (size_t p = 0; p < np && ok; p++) {
        const cred_paragraph *pa = &paras[p];
        size_t k = 0;
        for (size_t s = 0; s < pa->n_sentences; s++)
            k += dropped[pa->first_sentence + s];
        if (!k)
            continue;
        if (k == pa->n_sentences) {
            cred__edits_add(ed, CRED_EDIT_REPEAT, cred__tbuf_origin(t, pa->span.start, pa->span.end),
                            "", 0, "repeated-paragraph", "paragraph repeats earlier text");
            ok = CRED__VEC_PUSH(out, pa->span);
            continue;
        }
        for (size_t s = 0; s < pa->n_sentences && ok; s++) {
            const cred_sentence *se = &sents[pa->first_sentence + s];
            if (!dropped[pa->first_sentence + s])
                continue;
            cred__edits_add(ed, CRED_EDIT_REPEAT, cred__tbuf_origin(t, se->span.start, se->span.end),
                            "", 0, "repeated-sentence", "sentence repeats an earlier one");
            ok = CRED__VEC_PUSH(out, se->span);
        }
    }
    free(dropped);
    free(tb.slots);
    cred__buf_free(&tb.arena);
    if (!ok) {
        free(out.v);
        return false;
    }
    *drops = out.v;
    *ndrops = out.n;
    return true;
}
