/*
 * load.c - the analysis data files (data/analysis/) into lexicons.
 *
 * What it does: reads cues, anonymous-source patterns, titles, gazetteer,
 * sentence lexicon, closed-class words and clickbait rules once per context
 * into small hash tables keyed by the phrase (lower case, words joined by one
 * space; the gazetteer keeps case because "US"/"us" and "WHO"/"who" differ).
 * What it does not: stem, or accept regular expressions; a phrase is a
 * sequence of words and '*' stands for exactly one word.
 * Why: every list is data a reviewer can read and extend (docs/analysis.md),
 * and look-ups are O(phrase length), so the per-document cost stays linear.
 */
#include "an.h"

#include <stdio.h>
#include <stdlib.h>

static size_t hash(const char *p, size_t n)
{
    size_t h = 1469598103934665603ull & SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ull & SIZE_MAX;
    }
    return h;
}

static void lex_free(an_lex *l)
{
    for (size_t i = 0; i < l->e.n; i++) {
        free(l->e.v[i].key);
        free(l->e.v[i].aux);
    }
    free(l->e.v);
    free(l->slot);
    free(l->first);
    free(l->wilds.v);
    memset(l, 0, sizeof *l);
}

const an_entry *an_lex_get(const an_lex *l, const char *key, size_t n)
{
    if (!l->nslot)
        return NULL;
    size_t m = l->nslot - 1;
    for (size_t h = hash(key, n) & m;; h = (h + 1) & m) {
        size_t k = l->slot[h];
        if (!k)
            return NULL;
        const an_entry *e = &l->e.v[k - 1];
        if (e->keyn == n && memcmp(e->key, key, n) == 0)
            return e;
    }
}

static size_t first_len(const an_entry *e)
{
    const char *sp = memchr(e->key, ' ', e->keyn);
    return sp ? (size_t)(sp - e->key) : e->keyn;
}

bool an_lex_starts(const an_lex *l, const char *w, size_t n)
{
    if (!l->nfirst)
        return false;
    size_t m = l->nfirst - 1;
    for (size_t h = hash(w, n) & m;; h = (h + 1) & m) {
        size_t k = l->first[h];
        if (!k)
            return false;
        const an_entry *e = &l->e.v[k - 1];
        if (first_len(e) == n && memcmp(e->key, w, n) == 0)
            return true;
    }
}

static bool lex_index(an_lex *l)
{
    /* first words (wildcard entries are tried separately) */
    size_t nf = 16;
    while (nf < l->e.n * 2 + 2)
        nf *= 2;
    free(l->first);
    l->first = calloc(nf, sizeof *l->first);
    if (!l->first)
        return false;
    l->nfirst = nf;
    l->wilds.n = 0;
    for (size_t i = 0; i < l->e.n; i++) {
        const an_entry *e = &l->e.v[i];
        if (memchr(e->key, '*', e->keyn) && !CRED__VEC_PUSH(l->wilds, i))
            return false;
        size_t fl = first_len(e);
        size_t h = hash(e->key, fl) & (nf - 1);
        bool dup = false;
        while (l->first[h]) {
            const an_entry *o = &l->e.v[l->first[h] - 1];
            if (first_len(o) == fl && memcmp(o->key, e->key, fl) == 0) {
                dup = true;
                break;
            }
            h = (h + 1) & (nf - 1);
        }
        if (!dup)
            l->first[h] = i + 1;
    }
    size_t ns = 16;
    while (ns < l->e.n * 2 + 2)
        ns *= 2;
    free(l->slot);
    l->slot = calloc(ns, sizeof *l->slot);
    if (!l->slot)
        return false;
    l->nslot = ns;
    for (size_t i = 0; i < l->e.n; i++) {
        an_entry *e = &l->e.v[i];
        size_t h = hash(e->key, e->keyn) & (ns - 1);
        while (l->slot[h]) {
            const an_entry *o = &l->e.v[l->slot[h] - 1];
            if (o->keyn == e->keyn && memcmp(o->key, e->key, e->keyn) == 0)
                break; /* duplicate key: the first entry wins */
            h = (h + 1) & (ns - 1);
        }
        if (!l->slot[h])
            l->slot[h] = i + 1;
    }
    return true;
}

/* Normalizes a phrase: trims, single spaces, lower case (ASCII) unless
 * keep_case.  Non-ASCII letters are lowered by the tokenizer the same way
 * (utf8proc), so data files should write them in lower case. */
static char *norm_phrase(cred_str s, bool keep_case, size_t *n, int *nwords)
{
    cred__buf b = {0};
    bool space = false;
    *nwords = 0;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c == ' ') {
            space = b.n > 0;
            continue;
        }
        if (space) {
            cred__buf_putc(&b, ' ');
            space = false;
        }
        if (b.n == 0 || b.p[b.n - 1] == ' ')
            (*nwords)++;
        if (!keep_case && c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        cred__buf_putc(&b, c);
    }
    if (!b.n) {
        cred__buf_free(&b);
        return NULL;
    }
    return cred__buf_take(&b, n);
}

static const char *intern(struct cred__analysis *A, cred_str s)
{
    for (size_t i = 0; i < A->strs.n; i++)
        if (strlen(A->strs.v[i]) == s.n && memcmp(A->strs.v[i], s.p, s.n) == 0)
            return A->strs.v[i];
    char *p = cred__strndup(s.p, s.n);
    if (!p || !CRED__VEC_PUSH(A->strs, p)) {
        free(p);
        return NULL;
    }
    return p;
}

static bool lex_add(an_lex *l, cred_str key, bool keep_case, const char *kind,
                    cred_str aux, double weight, unsigned flags)
{
    an_entry e = {0};
    e.key = norm_phrase(key, keep_case, &e.keyn, &e.nwords);
    if (!e.key)
        return true;
    e.kind = kind;
    e.weight = weight;
    e.flags = flags;
    if (aux.n && !(e.aux = cred__strndup(aux.p, aux.n))) {
        free(e.key);
        return false;
    }
    if (strchr(e.key, '*'))
        l->wild = true;
    if (e.nwords > l->maxwords)
        l->maxwords = e.nwords;
    if (!CRED__VEC_PUSH(l->e, e)) {
        free(e.key);
        free(e.aux);
        return false;
    }
    return true;
}

static bool streq(cred_str s, const char *z) { return s.n == strlen(z) && memcmp(s.p, z, s.n) == 0; }

static cred_status bad(cred_error *err, const char *file, size_t line, const char *why)
{
    return cred__err(err, CRED_EDATA, "analysis/%s:%zu: %s", file, line, why);
}

static cred_status oom(cred_error *err) { return cred__err(err, CRED_ENOMEM, "out of memory"); }

static cred_status load_file(cred_ctx *ctx, struct cred__analysis *A, const char *file,
                             cred_error *err)
{
    char name[128];
    snprintf(name, sizeof name, "analysis/%s", file);
    cred_str text;
    cred_status st = cred__ctx_data(ctx, name, &text, err);
    if (st)
        return st;
    cred__lines it;
    cred__lines_init(&it, text);
    cred_str line;
    const cred_str none = {"", 0};
    while (cred__lines_next(&it, &line)) {
        cred_str f[4] = {{0}};
        size_t nf = cred__split_tabs(line, f, 4);
        bool ok = true;
        if (strcmp(file, "cues.tsv") == 0) {
            if (nf < 2)
                return bad(err, file, it.line, "expected: form TAB roles");
            unsigned fl = 0;
            for (size_t i = 0; i < f[1].n; i++) {
                switch (f[1].p[i]) {
                case 'd': fl |= CUE_DIRECT; break;
                case 'r': fl |= CUE_REPORTED; break;
                case 'i': fl |= CUE_INVERT; break;
                case 'o': fl |= CUE_OBJECT; break;
                case 'n': fl |= CUE_NOUN; break;
                case 'p': fl |= CUE_PART; break;
                default: return bad(err, file, it.line, "roles are letters d, r, i, o, n, p");
                }
            }
            ok = lex_add(&A->cues, f[0], false, NULL, none, 1, fl);
        } else if (strcmp(file, "anonymous.tsv") == 0) {
            if (nf < 2 || !(streq(f[1], "yes") || streq(f[1], "no")))
                return bad(err, file, it.line, "expected: pattern TAB yes|no");
            ok = lex_add(&A->anon, f[0], false, NULL, none, 1, streq(f[1], "yes"));
        } else if (strcmp(file, "titles.tsv") == 0) {
            if (nf < 2)
                return bad(err, file, it.line, "expected: title TAB role");
            ok = lex_add(&A->titles, f[0], true, NULL, f[1], 1, 0);
        } else if (strcmp(file, "gazetteer.tsv") == 0) {
            static const char *const types[] = {"country", "capital", "city", "region", "agency",
                                                "org", "outlet", "demonym", "platform"};
            unsigned ty = 0;
            for (unsigned i = 0; nf >= 2 && i < sizeof types / sizeof *types; i++)
                if (streq(f[1], types[i]))
                    ty = i + 1;
            if (!ty)
                return bad(err, file, it.line,
                           "expected: name TAB country|capital|city|region|agency|org|outlet|demonym|platform [TAB canonical]");
            ok = lex_add(&A->gaz, f[0], true, NULL, nf > 2 ? f[2] : none, 1, ty);
        } else if (strcmp(file, "lexicon.tsv") == 0) {
            static const char *const kinds[] = {"loaded", "subjective", "intensifier", "sarcasm", "hedge",
                                                "second", "event", "causal", "comparison", "time", "number"};
            double wt;
            bool known = false;
            for (size_t i = 0; nf >= 2 && i < sizeof kinds / sizeof *kinds; i++)
                known |= streq(f[1], kinds[i]);
            if (nf < 3 || !known || !cred__str_double(f[2], &wt) || wt < 0 || wt > 10)
                return bad(err, file, it.line, "expected: phrase TAB kind TAB weight (0..10)");
            const char *k = intern(A, f[1]);
            ok = k && lex_add(&A->lex, f[0], false, k, none, wt, 0);
        } else if (strcmp(file, "words.tsv") == 0) {
            unsigned r = nf < 2 ? 0
                         : streq(f[1], "function") ? WR_FUNCTION
                         : streq(f[1], "stop")     ? WR_STOP
                         : streq(f[1], "aux")      ? WR_AUX
                         : streq(f[1], "pronoun")  ? WR_PRONOUN
                         : streq(f[1], "org")      ? WR_ORG
                         : streq(f[1], "place")    ? WR_PLACE
                         : streq(f[1], "nonsource") ? WR_NOSOURCE
                         : streq(f[1], "relative") ? WR_RELATIVE
                         : streq(f[1], "personnoun") ? WR_PERSONNOUN
                                                   : 0;
            if (!r)
                return bad(err, file, it.line,
                           "expected: word TAB function|stop|aux|pronoun|org|place|nonsource|relative|personnoun");
            /* one entry per word with all its roles */
            size_t n;
            int nw;
            char *k = norm_phrase(f[0], false, &n, &nw);
            if (!k)
                continue;
            an_entry *e = (an_entry *)an_lex_get(&A->words, k, n);
            if (!e) {
                /* linear search: the index is built at the end */
                for (size_t i = 0; i < A->words.e.n; i++)
                    if (A->words.e.v[i].keyn == n && memcmp(A->words.e.v[i].key, k, n) == 0)
                        e = &A->words.e.v[i];
            }
            if (e)
                e->flags |= r;
            else
                ok = lex_add(&A->words, f[0], false, NULL, none, 1, r);
            free(k);
        } else if (strcmp(file, "clickbait.tsv") == 0) {
            if (streq(f[0], "signal")) {
                double wt;
                if (nf < 3 || !cred__str_double(f[2], &wt) || wt < 0 || wt >= 1)
                    return bad(err, file, it.line, "expected: signal TAB name TAB weight in [0,1)");
                if (A->n_sig == AN_MAX_SIGNALS)
                    return bad(err, file, it.line, "too many signals");
                const char *k = intern(A, f[1]);
                if (!k)
                    return oom(err);
                A->sig_name[A->n_sig] = k;
                A->sig_weight[A->n_sig++] = wt;
            } else if (streq(f[0], "threshold")) {
                if (nf < 2 || !cred__str_double(f[1], &A->cb_threshold) || A->cb_threshold < 0 ||
                    A->cb_threshold > 1)
                    return bad(err, file, it.line, "expected: threshold TAB value in [0,1]");
            } else {
                an_lex *l = streq(f[0], "opener")        ? &A->cb_open
                            : streq(f[0], "phrase")      ? &A->cb_phrase
                            : streq(f[0], "listnoun")    ? &A->cb_list
                            : streq(f[0], "superlative") ? &A->cb_super
                            : streq(f[0], "slang")       ? &A->cb_slang
                                                         : NULL;
                if (!l || nf < 2)
                    return bad(err, file, it.line,
                               "expected: signal|threshold|opener|phrase|listnoun|superlative|slang");
                ok = lex_add(l, f[1], false, NULL, none, 1, 0);
            }
        }
        if (!ok)
            return oom(err);
    }
    return CRED_OK;
}

/* data/lang/en/: one word (or phrase) a line, no fields. */
static const struct {
    const char *file;
    bool keep_case;
} lang_files[AN_EN__COUNT] = {
    [AN_EN_QUESTION] = {"lang/en/question-openers.txt", false},
    [AN_EN_FIRST_PERSON] = {"lang/en/first-person.txt", false},
    [AN_EN_DEMONSTR] = {"lang/en/demonstratives.txt", false},
    [AN_EN_PERIOD_NOUN] = {"lang/en/period-nouns.txt", false},
    [AN_EN_AUX] = {"lang/en/auxiliaries.txt", false},
    [AN_EN_ADVERBIAL] = {"lang/en/trailing-adverbials.txt", false},
    [AN_EN_IS_CONTR] = {"lang/en/is-contractions.txt", false},
    [AN_EN_ABBR_PERIOD] = {"lang/en/period-abbreviations.txt", true},
};

static cred_status load_lang(cred_ctx *ctx, struct cred__analysis *A, cred_error *err)
{
    for (size_t k = 0; k < AN_EN__COUNT; k++) {
        cred_str text;
        cred_status st = cred__ctx_data(ctx, lang_files[k].file, &text, err);
        if (st)
            return st;
        cred__lines it;
        cred__lines_init(&it, text);
        cred_str line;
        while (cred__lines_next(&it, &line)) {
            cred_str f[1];
            if (cred__split_tabs(line, f, 1) != 1 || !f[0].n)
                return cred__err(err, CRED_EDATA, "%s:%zu: expected: one word a line",
                                 lang_files[k].file, it.line);
            if (!lex_add(&A->en[k], f[0], lang_files[k].keep_case, NULL, (cred_str){"", 0}, 1, 0))
                return oom(err);
        }
    }
    return CRED_OK;
}

static void analysis_free(struct cred__analysis *A)
{
    if (!A)
        return;
    for (size_t k = 0; k < AN_EN__COUNT; k++)
        lex_free(&A->en[k]);
    an_lex *ls[] = {&A->cues, &A->anon, &A->titles, &A->gaz, &A->lex, &A->words,
                    &A->cb_open, &A->cb_phrase, &A->cb_list, &A->cb_super, &A->cb_slang};
    for (size_t i = 0; i < sizeof ls / sizeof *ls; i++)
        lex_free(ls[i]);
    for (size_t i = 0; i < A->strs.n; i++)
        free(A->strs.v[i]);
    free(A->strs.v);
    free(A);
}

void cred__analysis_free(struct cred__analysis *A) { analysis_free(A); }

cred_status cred__analysis_load(cred_ctx *ctx, cred_error *err)
{
    struct cred__analysis *A = calloc(1, sizeof *A);
    if (!A)
        return oom(err);
    A->cb_threshold = 0.5;
    static const char *const files[] = {"cues.tsv", "anonymous.tsv", "titles.tsv", "gazetteer.tsv",
                                        "lexicon.tsv", "words.tsv", "clickbait.tsv"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        cred_status st = load_file(ctx, A, files[i], err);
        if (st) {
            analysis_free(A);
            return st;
        }
    }
    cred_status lst = load_lang(ctx, A, err);
    if (lst) {
        analysis_free(A);
        return lst;
    }
    for (size_t k = 0; k < AN_EN__COUNT; k++)
        if (!lex_index(&A->en[k])) {
            analysis_free(A);
            return oom(err);
        }
    an_lex *ls[] = {&A->cues, &A->anon, &A->titles, &A->gaz, &A->lex, &A->words,
                    &A->cb_open, &A->cb_phrase, &A->cb_list, &A->cb_super, &A->cb_slang};
    for (size_t i = 0; i < sizeof ls / sizeof *ls; i++)
        if (!lex_index(ls[i])) {
            analysis_free(A);
            return oom(err);
        }
    ctx->analysis = A;
    return CRED_OK;
}

double an_signal_weight(const struct cred__analysis *A, const char *name, const char **interned)
{
    for (size_t i = 0; i < A->n_sig; i++)
        if (strcmp(A->sig_name[i], name) == 0) {
            *interned = A->sig_name[i];
            return A->sig_weight[i];
        }
    *interned = NULL;
    return 0;
}
