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
 * CRED__REPEAT_MIN_WORDS words are ignored.  A hash table of key hashes
 * (64-bit FNV-1a, computed on the fly; a hit is verified by comparing the two
 * keys character by character) makes this linear with no key copies.
 */
#include "repeat.h"

#include <assert.h>
#include <stdlib.h>

typedef struct key {
    uint64_t h;
    size_t len;  /* normalized length; 0 marks an empty slot */
    size_t sent; /* sentence index */
} key;

typedef struct table {
    key *slots;
    size_t cap, n;
} table;

/* Byte classes for the key: lower-cased letter/digit (or a UTF-8 byte, kept
 * as is), 0 for a separator, 1 for an apostrophe (ignored inside words). */
static unsigned char keych(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return (unsigned char)(c + 32);
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
        return c;
    return c == '\'' ? 1 : 0;
}

/* Iterates over the normalized key of text[s, e): words lower-cased,
 * separated by one space, punctuation dropped.  Returns the next byte or -1. */
typedef struct keyit {
    const unsigned char *p, *e;
    bool in_word, started, space_due;
} keyit;

static int key_next(keyit *it)
{
    while (it->p < it->e) {
        unsigned char k = keych(*it->p);
        if (k > 1) {
            if (!it->in_word && it->started && !it->space_due) {
                it->space_due = true;
                return ' ';
            }
            it->space_due = false;
            it->in_word = it->started = true;
            it->p++;
            return k;
        }
        if (k == 0)
            it->in_word = false;
        it->p++;
    }
    return -1;
}

static keyit key_start(const char *text, cred_span s)
{
    keyit it = {(const unsigned char *)text + s.start, (const unsigned char *)text + s.end,
                false, false, false};
    return it;
}

static bool keys_equal(const char *text, cred_span a, cred_span b)
{
    keyit x = key_start(text, a), y = key_start(text, b);
    for (;;) {
        int c = key_next(&x), d = key_next(&y);
        if (c != d)
            return false;
        if (c < 0)
            return true;
    }
}

/* FNV-1a of the key (the same bytes key_next yields, in a tight loop);
 * also counts words and the key's length. */
static uint64_t key_hash(const char *text, cred_span s, size_t *words, size_t *len)
{
    uint64_t h = 1469598103934665603ull;
    const unsigned char *p = (const unsigned char *)text + s.start,
                        *e = (const unsigned char *)text + s.end;
    size_t w = 0, n = 0;
    bool in_word = false;
    for (; p < e; p++) {
        unsigned char k = keych(*p);
        if (k > 1) {
            if (!in_word) {
                if (w) {
                    h = (h ^ ' ') * 1099511628211ull;
                    n++;
                }
                w++;
                in_word = true;
            }
            h = (h ^ k) * 1099511628211ull;
            n++;
        } else if (k == 0) {
            in_word = false;
        }
    }
    *words = w;
    *len = n;
    return h;
}

/* Looks k up; on a match stores the earlier sentence in *found, otherwise
 * inserts k and stores SIZE_MAX.  False on allocation failure. */
static bool lookup_insert(table *tb, const char *text, const cred_sentence *sents, key k,
                          size_t *found)
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
        /* Equal 64-bit hash and length: with a million sentences the odds
         * of a false match are ~1e-8, so keys are compared only in debug
         * builds (comparing every hit doubled the cost on repetitive text). */
        if (o->h == k.h && o->len == k.len) {
            assert(keys_equal(text, sents[o->sent].span, sents[k.sent].span));
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
        size_t words, len;
        uint64_t h = key_hash(t->p, sents[i].span, &words, &len);
        if (words < CRED__REPEAT_MIN_WORDS)
            continue;
        size_t found;
        ok = lookup_insert(&tb, t->p, sents, (key){h, len, i}, &found);
        if (found != SIZE_MAX)
            dropped[i] = true;
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
    if (!ok) {
        free(out.v);
        return false;
    }
    *drops = out.v;
    *ndrops = out.n;
    return true;
}
