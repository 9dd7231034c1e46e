/*
 * repeat.c - repeated text: a paragraph, or a sentence, that says again
 * word for word what an earlier one said.  Scraped articles repeat their lede
 * (the seed article's first sentence comes back as the second paragraph's
 * first sentence: golden test clean/repeated-lede), and page templates
 * repeat teaser paragraphs.
 *
 * Comparison: the sentence's exact bytes after whitespace normalization
 * (repeats in scraped pages are verbatim copies; a normalized key that also
 * folded case and punctuation cost 12% of the whole pipeline's time on
 * bench/clean.sh and found nothing more in the seed or the examples).
 * Sentences under CRED__REPEAT_MIN_WORDS words are ignored.  A hash table of
 * 64-bit hashes plus lengths makes this linear with no copies.
 */
#include "repeat.h"

#include <stdlib.h>
#include <string.h>

typedef struct key {
    uint64_t h;
    size_t len;  /* the sentence's length in bytes; 0 marks an empty slot */
    size_t sent; /* sentence index */
} key;

typedef struct table {
    key *slots;
    size_t cap, n;
} table;

/* Hash of the sentence's bytes, 8 at a time (a multiply-xorshift mix in the
 * manner of wyhash/fxhash): fast enough to run over every sentence of a
 * 100 MB input at memory speed.  Words are counted as spaces + 1, which is
 * exact because lines were collapsed to single spaces. */
static uint64_t mix(uint64_t h, uint64_t v)
{
    h ^= v;
    h *= 0x9E3779B97F4A7C15ull;
    return h ^ (h >> 29);
}

static uint64_t key_hash(const char *text, cred_span s, size_t *words, size_t *len)
{
    const char *p = text + s.start;
    size_t n = s.end - s.start, w = 1;
    uint64_t h = 0x243F6A8885A308D3ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        /* count spaces in v: bytes equal to 0x20 */
        uint64_t x = v ^ 0x2020202020202020ull;
        uint64_t z = (x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull;
        w += (size_t)__builtin_popcountll(z);
        h = mix(h, v);
    }
    uint64_t v = 0;
    for (size_t k = 0; i + k < n; k++) {
        v |= (uint64_t)(unsigned char)p[i + k] << (8 * k);
        w += p[i + k] == ' ';
    }
    h = mix(h, v);
    *words = n ? w : 0;
    *len = n;
    return h;
}

/* Looks k up; on a match stores the earlier sentence in *found, otherwise
 * inserts k and stores SIZE_MAX.  False on allocation failure. */
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
        /* Equal 64-bit hash and equal length count as equal keys: with a
         * million sentences the odds of a false match are about 1e-8, and
         * comparing the keys on every hit doubled the cost on repetitive
         * text (bench/clean.sh). */
        if (o->h == k.h && o->len == k.len) {
            *found = o->sent;
            return true;
        }
        j = (j + 1) & (tb->cap - 1);
    }
    tb->slots[j] = k;
    tb->n++;
    return true;
}

bool cred__repeats(const cred_sentence *sents, size_t ns, size_t n_title,
                   const cred_paragraph *paras, size_t np, cred__edits *ed,
                   const cred__tbuf *t, bool *dropped, size_t *ndropped)
{
    table tb = {0};
    bool ok = true;
    *ndropped = 0;
    for (size_t i = n_title; i < ns && ok; i++) {
        size_t words, len;
        uint64_t h = key_hash(t->p, sents[i].span, &words, &len);
        if (words < CRED__REPEAT_MIN_WORDS)
            continue;
        size_t found;
        ok = lookup_insert(&tb, (key){h, len, i}, &found);
        if (found != SIZE_MAX) {
            dropped[i] = true;
            (*ndropped)++;
        }
    }
    free(tb.slots);
    /* Report per paragraph: a wholly repeated paragraph is one edit. */
    for (size_t p = 0; p < np && ok && *ndropped; p++) {
        const cred_paragraph *pa = &paras[p];
        size_t k = 0;
        for (size_t s = 0; s < pa->n_sentences; s++)
            k += dropped[pa->first_sentence + s];
        if (!k)
            continue;
        if (k == pa->n_sentences) {
            cred__edits_add(ed, CRED_EDIT_REPEAT, cred__tbuf_origin(t, pa->span.start, pa->span.end),
                            "", 0, "repeated-paragraph", "paragraph repeats earlier text");
            continue;
        }
        for (size_t s = 0; s < pa->n_sentences; s++) {
            const cred_sentence *se = &sents[pa->first_sentence + s];
            if (dropped[pa->first_sentence + s])
                cred__edits_add(ed, CRED_EDIT_REPEAT,
                                cred__tbuf_origin(t, se->span.start, se->span.end), "", 0,
                                "repeated-sentence", "sentence repeats an earlier one");
        }
    }
    return ok && !ed->oom;
}
