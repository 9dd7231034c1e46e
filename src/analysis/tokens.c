/*
 * tokens.c - the analysis token stream: words, numbers and punctuation of
 * the title and every paragraph ("blocks"), with lower-case forms.
 *
 * What it does: a word is a run of word characters (letters, digits and
 * combining marks: cred__is_word_cp, docs/text-pipeline.md), with an apostrophe (' or ’), hyphen or period kept inside it when a
 * letter follows ("don't", "partner-like", "U.S.").  A period directly
 * after a known title abbreviation ("Sen.", "Dr.") stays with the word.
 * Numbers keep their inner ',' and '.' ("1,000", "3.5").  Every other
 * non-space character is one punctuation token.  A possessive 's / ’s stays
 * in the word but is left out of its lower-case form (T_POSS), so
 * "Trump’s" looks up as "trump".
 * What it does not: use doc->tokens (the segmenter's tokens are for n-gram
 * features and keep no punctuation we need) or split sentences.
 * Why: quote marks, commas and colons carry the attribution patterns.
 */
#include "an.h"

#include <stdlib.h>
#include <utf8proc.h>

/* A word character: the one definition of the library (cred__is_word_cp,
 * docs/text-pipeline.md "What a word is"). */
static inline bool is_alnum_cp(int32_t cp) { return cred__is_word_cp(cp); }

static bool is_upper_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static bool is_lower_cp(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

static bool is_digit_cp(int32_t cp) { return cp >= '0' && cp <= '9'; }

static size_t dec(const char *p, size_t n, size_t i, int32_t *cp)
{
    size_t l = cred__utf8_decode((const unsigned char *)p + i, n - i, cp);
    if (!l) {
        *cp = 0xFFFD;
        l = 1;
    }
    return l;
}

bool an_is(const an_work *w, size_t i, const char *s)
{
    if (i >= w->t.n)
        return false;
    size_t n = strlen(s);
    return w->t.v[i].lon == n && memcmp(an_low(w, i), s, n) == 0;
}

unsigned an_role(const an_work *w, size_t i)
{
    if (i >= w->t.n || !(w->t.v[i].f & T_WORD))
        return 0;
    const an_entry *e = an_lex_get(&w->A->words, an_low(w, i), w->t.v[i].lon);
    return e ? e->flags : 0;
}

/* Phrase of tokens [i, i+k) joined by single spaces; words only. */
static bool phrase(const an_work *w, size_t i, int k, bool keep_case, char *buf, size_t cap,
                   size_t *n)
{
    size_t m = 0;
    if (i + (size_t)k > w->t.n)
        return false;
    size_t blk = w->t.v[i].block;
    for (int j = 0; j < k; j++) {
        const an_tok *t = &w->t.v[i + (size_t)j];
        if (t->block != blk)
            return false;
        const char *p = keep_case ? w->doc->text + t->s : an_low(w, i + (size_t)j);
        size_t l = keep_case ? t->ne - t->s : t->lon;
        if (j) {
            /* tokens must be adjacent words or punctuation glued to them */
            if (m + 1 > cap)
                return false;
            buf[m++] = ' ';
        }
        if (m + l > cap)
            return false;
        memcpy(buf + m, p, l);
        m += l;
    }
    *n = m;
    return true;
}

const an_entry *an_lookup(const an_work *w, const an_lex *l, size_t i, int k)
{
    char buf[256];
    size_t n;
    bool keep = (l == &w->A->gaz || l == &w->A->titles);
    if (!phrase(w, i, k, keep, buf, sizeof buf, &n))
        return NULL;
    return an_lex_get(l, buf, n);
}

const an_entry *an_match(const an_work *w, const an_lex *l, size_t i, int *k)
{
    *k = 0;
    if (i >= w->t.n)
        return NULL;
    bool keep = (l == &w->A->gaz || l == &w->A->titles);
    const an_tok *t0 = &w->t.v[i];
    const char *fw = keep ? w->doc->text + t0->s : an_low(w, i);
    size_t fn = keep ? t0->ne - t0->s : t0->lon;
    if (!an_lex_starts(l, fw, fn))
        goto wild;
    for (int j = l->maxwords; j >= 1; j--) {
        const an_entry *e = an_lookup(w, l, i, j);
        if (e) {
            *k = j;
            return e;
        }
    }
wild:
    if (l->wild) {
        /* patterns with '*': try each (wildcard lists are short) */
        for (size_t y = 0; y < l->wilds.n; y++) {
            const an_entry *e = &l->e.v[l->wilds.v[y]];
            const char *p = e->key;
            size_t j = i;
            bool ok = true;
            while (*p && ok) {
                const char *sp = strchr(p, ' ');
                size_t wl = sp ? (size_t)(sp - p) : strlen(p);
                if (j >= w->t.n || w->t.v[j].block != w->t.v[i].block || !(w->t.v[j].f & T_WORD))
                    ok = false;
                else if (!(wl == 1 && *p == '*') &&
                         !(w->t.v[j].lon == wl && memcmp(an_low(w, j), p, wl) == 0))
                    ok = false;
                j++;
                p += wl;
                if (*p == ' ')
                    p++;
            }
            if (ok) {
                *k = (int)(j - i);
                return e;
            }
        }
    }
    *k = 0;
    return NULL;
}

static void put_lower(an_work *w, const char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)p[i];
        if (c < 0x80) {
            cred__buf_putc(&w->low, (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
            i++;
            continue;
        }
        int32_t cp;
        size_t l = dec(p, n, i, &cp);
        int32_t lc = utf8proc_tolower(cp);
        if (lc == 0x2019) /* ’ -> ' so lexicons need one apostrophe form */
            lc = '\'';
        cred__buf_put_utf8(&w->low, lc);
        i += l;
    }
}

static bool is_quote_cp(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x201F ||
           cp == 0xAB || cp == 0xBB;
}
static bool is_squote_cp(int32_t cp)
{
    return cp == '\'' || cp == 0x2018 || cp == 0x2019 || cp == 0x201A || cp == 0x201B;
}

/* "it's", "that's", "he's" ...: contractions of "is", not possessives
 * (data/lang/en/is-contractions.txt; ASCII case folded). */
static bool not_possessive(const an_work *w, const char *p, size_t n)
{
    char low[32];
    if (n >= sizeof low)
        return false;
    for (size_t j = 0; j < n; j++)
        low[j] = (char)(p[j] >= 'A' && p[j] <= 'Z' ? p[j] + 32 : p[j]);
    return an_lex_get(&w->A->en[AN_EN_IS_CONTR], low, n) != NULL;
}

bool an_in_list(const an_work *w, int which, size_t i)
{
    if (i >= w->t.n)
        return false;
    return an_lex_get(&w->A->en[which], an_low(w, i), w->t.v[i].lon) != NULL;
}

/* Tokenizes text[s, e) as block b. */
static bool tokenize_block(an_work *w, size_t b, size_t s, size_t e)
{
    const char *p = w->doc->text;
    size_t i = s;
    bool sstart = true;
    while (i < e) {
        int32_t cp;
        size_t l = dec(p, e, i, &cp);
        if (cp == ' ' || cp == '\n' || cp == '\t') {
            i += l;
            continue;
        }
        an_tok t = {0};
        t.s = i;
        t.block = b;
        t.dq = -1;
        t.sent = SIZE_MAX;
        if (is_alnum_cp(cp)) {
            bool digit = is_digit_cp(cp);
            size_t j = i + l;
            size_t letters = 0, uppers = 0, lowers = 0;
            if (!digit) {
                letters = 1;
                uppers = is_upper_cp(cp);
                lowers = is_lower_cp(cp);
            }
            t.f = digit ? T_NUM : T_WORD;
            if (is_upper_cp(cp))
                t.f |= T_CAP;
            while (j < e) {
                int32_t c2;
                size_t l2 = dec(p, e, j, &c2);
                if (is_alnum_cp(c2)) {
                    if (!is_digit_cp(c2)) {
                        letters++;
                        uppers += is_upper_cp(c2);
                        lowers += is_lower_cp(c2);
                    }
                    j += l2;
                    continue;
                }
                /* inner joiners: ' ’ - . , (',' and '.' only between digits,
                 * '.' also in initialisms such as U.S.) */
                int32_t c3 = 0;
                if (j + l2 < e)
                    dec(p, e, j + l2, &c3);
                bool next_alnum = j + l2 < e && is_alnum_cp(c3);
                if ((c2 == '\'' || c2 == 0x2019 || c2 == '-' || c2 == 0x2010) && next_alnum) {
                    j += l2;
                    continue;
                }
                if ((c2 == ',' || c2 == '.') && digit && next_alnum && is_digit_cp(c3)) {
                    j += l2;
                    continue;
                }
                if (c2 == '.' && !digit && j - t.s <= 2 && uppers == letters) {
                    /* initialism: U.S. / U.N. (single capitals and dots) */
                    size_t k = j;
                    while (k + 1 < e && p[k] == '.' && p[k + 1] >= 'A' && p[k + 1] <= 'Z' &&
                           (k + 2 >= e || p[k + 2] == '.'))
                        k += 2;
                    if (k > j && k < e && p[k] == '.') {
                        j = k + 1;
                        letters = uppers = 2;
                    }
                }
                break;
            }
            t.e = j;
            if (!digit && letters >= 2 && uppers == letters)
                t.f |= T_UPPER;
            (void)lowers;
            /* possessive 's / ’s */
            size_t lowlen = j - t.s;
            if (!digit && j - t.s > 2 &&
                ((p[j - 2] == '\'' && p[j - 1] == 's') ||
                 (j - t.s > 4 && (unsigned char)p[j - 4] == 0xE2 && (unsigned char)p[j - 3] == 0x80 &&
                  (unsigned char)p[j - 2] == 0x99 && p[j - 1] == 's'))) {
                /* keep "it's", "that's", "he's" whole: those are not possessives */
                size_t stem = p[j - 2] == '\'' ? j - 2 : j - 4;
                bool pron = not_possessive(w, p + t.s, stem - t.s);
                if (!pron) {
                    t.f |= T_POSS;
                    lowlen = stem - t.s;
                }
            }
            t.ne = t.s + lowlen;
            t.lo = w->low.n;
            put_lower(w, p + t.s, lowlen);
            t.lon = w->low.n - t.lo;
            /* "Sen." "Dr." "Gov.": keep the period when the titles list has it,
             * or data/lang/en/period-abbreviations.txt ("Jr.", "Inc.") */
            if (t.e < e && p[t.e] == '.' && (t.f & T_CAP) && !(t.f & T_POSS)) {
                char tmp[32];
                size_t n = t.e - t.s;
                if (n + 1 < sizeof tmp) {
                    memcpy(tmp, p + t.s, n);
                    tmp[n] = '.';
                    if (an_lex_get(&w->A->titles, tmp, n + 1) ||
                        /* an initial: "Vann R. Newkirk" */
                        (n == 1 && t.e + 2 < e && p[t.e + 1] == ' ' && p[t.e + 2] >= 'A' &&
                         p[t.e + 2] <= 'Z') ||
                        an_lex_get(&w->A->en[AN_EN_ABBR_PERIOD], tmp, n)) {
                        t.e++;
                        t.ne = t.e;
                        put_lower(w, ".", 1);
                        t.lon++;
                    }
                }
            }
            /* a sentence starts after . ! ? : ; only with a capital or a
             * digit ("(D-Mo.) said" goes on: tests/unit/test_analysis.c) */
            if (sstart && (t.s == s || (t.f & (T_CAP | T_NUM))))
                t.f |= T_SSTART;
            sstart = false;
            i = t.e;
        } else {
            t.f = T_PUNCT;
            t.cp = cp;
            t.e = t.ne = i + l;
            if ((cp == '\'' || cp == '`') && t.e < e && (p[t.e] == '\'' || p[t.e] == '`')) {
                /* '' and `` stand for a double quotation mark in some wire
                 * copy (New York Times archives, LIAR) */
                t.e = t.ne = t.e + 1;
                t.cp = '"';
                t.f |= T_QMARK;
            } else if (is_quote_cp(cp))
                t.f |= T_QMARK;
            else if (is_squote_cp(cp))
                t.f |= T_SQMARK;
            t.lo = w->low.n;
            put_lower(w, p + i, l);
            t.lon = w->low.n - t.lo;
            if (cp == '.' || cp == '!' || cp == '?' || cp == ':' || cp == ';')
                sstart = true;
            i = t.e;
        }
        if (!CRED__VEC_PUSH(w->t, t))
            return false;
    }
    return !w->low.oom;
}

bool an_tokens(an_work *w)
{
    const cred_doc *d = w->doc;
    if (d->has_title) {
        an_block b = {d->title, 0, 0, true};
        if (!CRED__VEC_PUSH(w->blocks, b))
            return false;
    }
    for (size_t i = 0; i < d->n_paragraphs; i++) {
        an_block b = {d->paragraphs[i].span, 0, 0, false};
        if (!CRED__VEC_PUSH(w->blocks, b))
            return false;
    }
    for (size_t b = 0; b < w->blocks.n; b++) {
        w->blocks.v[b].t0 = w->t.n;
        if (!tokenize_block(w, b, w->blocks.v[b].span.start, w->blocks.v[b].span.end))
            return false;
        w->blocks.v[b].t1 = w->t.n;
    }
    /* sentence of each token (both lists are in text order) */
    size_t s = 0;
    for (size_t i = 0; i < w->t.n; i++) {
        an_tok *t = &w->t.v[i];
        while (s < d->n_sentences && d->sentences[s].span.end <= t->s)
            s++;
        if (s < d->n_sentences && d->sentences[s].span.start <= t->s)
            t->sent = s;
        /* the segmenter's sentence starts are sentence starts too */
        if (t->sent != SIZE_MAX && (i == 0 || w->t.v[i - 1].sent != t->sent) && (t->f & T_WORD))
            t->f |= T_SSTART;
    }
    /* sentence runs (a sentence without a segmenter sentence: its block) */
    for (size_t i = 0; i < w->t.n;) {
        size_t j = i + 1;
        while (j < w->t.n && w->t.v[j].block == w->t.v[i].block && w->t.v[j].sent == w->t.v[i].sent)
            j++;
        for (size_t k = i; k < j; k++) {
            w->t.v[k].sa = i;
            w->t.v[k].sb = j;
        }
        i = j;
    }
    return true;
}
