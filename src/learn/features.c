/*
 * features.c - text -> hashed n-gram feature ids, and the --strip-leaks rules.
 *
 * What it does: (1) repairs the text with the pipeline's repair step
 * (cred_fix_text: decoding, entities, mojibake, NFC) - but only when the text
 * needs it, i.e. holds a byte >= 0x80 or an '&'; (2) with strip_leaks,
 * applies the rules of data/learn/leaks.tsv (PCRE2 substitutions, in file
 * order); (3) tokenizes and lower-cases; (4) hashes word unigrams, bigrams
 * and optional character n-grams of words into 2^bits ids.
 *
 * What it does not: no sentence segmentation, chrome or repetition removal
 * (cred_clean's structural steps), no stemming, no stop words.  Those steps
 * cost ~5x the time of everything here (cred_clean runs at ~4.5 MB/s on this
 * machine) and the throughput goal of `credence predict` is >= 35 MB/s; the
 * linear model learns per-token weights, so stop words need no list.
 *
 * Tokens (docs/learn.md, "Features"): a word is a run of word characters
 * (cred__is_word_cp: Unicode categories L*, M*, N*; docs/text-pipeline.md), with ' (and ’ ‘, made ')
 * . and - kept inside it when a letter or digit follows ("couldn't", "U.S",
 * "well-known"); '!' and '?' are tokens of their own (clickbait headlines
 * and fake-news titles use them: fixture clickbait/clickbait_data), and so
 * are : " $ % ( , ; - unless no_punct (--no-punct), which drops them all, so
 * that a corpus whose texts lost their commas (FakeNewsAMT's legit half)
 * cannot teach "comma = fake" and bigrams join across them; every
 * other character separates tokens.  Words are lower-cased (ASCII by table,
 * other letters with utf8proc).
 *
 * Hashing: FNV-1a of the lower-cased bytes; a bigram combines its two word
 * hashes, a character n-gram hashes "<word>" windows with another seed; all
 * go through a murmur3 finalizer, then keep the low `bits` bits (+1, so 0
 * is never an id).  Collisions are rare at the default 2^24 and harmless.
 */
#include "learn/learn_int.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <math.h>
#include <stdlib.h>
#include <utf8proc.h>

/* ---- leak rules ------------------------------------------------------------- */

typedef struct leak_rule {
    pcre2_code *re;
    char *repl;
    size_t repl_n;
} leak_rule;

struct cred__learndata {
    CRED__VEC(leak_rule) rules;
    char **stop;   /* data/learn/stopwords.txt, sorted (cred__learn_is_stopword) */
    size_t n_stop;
};

void cred__learn_free(struct cred__learndata *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->rules.n; i++) {
        pcre2_code_free(d->rules.v[i].re);
        free(d->rules.v[i].repl);
    }
    free(d->rules.v);
    for (size_t i = 0; i < d->n_stop; i++)
        free(d->stop[i]);
    free(d->stop);
    free(d);
}

static int cmp_cstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* data/learn/stopwords.txt: one lower-case word a line, # comments. */
static cred_status load_stopwords(cred_ctx *ctx, struct cred__learndata *d, cred_error *err)
{
    cred_str text;
    cred_status st = cred__ctx_data(ctx, "learn/stopwords.txt", &text, err);
    if (st)
        return st;
    cred__lines it;
    cred__lines_init(&it, text);
    cred_str line;
    size_t cap = 0;
    while (cred__lines_next(&it, &line)) {
        while (line.n && (line.p[line.n - 1] == ' ' || line.p[line.n - 1] == '\r'))
            line.n--;
        if (!line.n)
            continue;
        if (line.n > 31)
            return cred__err(err, CRED_EDATA, "learn/stopwords.txt:%zu: word longer than 31 bytes",
                             it.line);
        if (d->n_stop == cap) {
            cap = cap ? 2 * cap : 64;
            char **v = realloc(d->stop, cap * sizeof *v);
            if (!v)
                return cred__err(err, CRED_ENOMEM, "out of memory");
            d->stop = v;
        }
        if (!(d->stop[d->n_stop] = strndup(line.p, line.n)))
            return cred__err(err, CRED_ENOMEM, "out of memory");
        d->n_stop++;
    }
    if (d->n_stop)
        qsort(d->stop, d->n_stop, sizeof *d->stop, cmp_cstr);
    return CRED_OK;
}

bool cred__learn_is_stopword(const cred_ctx *ctx, const char *w, size_t n)
{
    const struct cred__learndata *d = ctx->learn;
    char low[32];
    if (!d || !n || n >= sizeof low)
        return false;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)(w[i] >= 'A' && w[i] <= 'Z' ? w[i] + 32 : w[i]);
    low[n] = 0;
    const char *key = low;
    return bsearch(&key, d->stop, d->n_stop, sizeof *d->stop, cmp_cstr) != NULL;
}

/* data/learn/leaks.tsv: name TAB replacement TAB pattern; replacement "-" = "". */
cred_status cred__learn_load(cred_ctx *ctx, cred_error *err)
{
    cred_str text;
    cred_status st = cred__ctx_data(ctx, "learn/leaks.tsv", &text, err);
    if (st)
        return st;
    struct cred__learndata *d = calloc(1, sizeof *d);
    if (!d)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    cred__lines it;
    cred__lines_init(&it, text);
    cred_str line;
    while (cred__lines_next(&it, &line)) {
        cred_str f[3];
        if (cred__split_tabs(line, f, 3) != 3 || !f[0].n || !f[2].n) {
            cred__learn_free(d);
            return cred__err(err, CRED_EDATA,
                             "learn/leaks.tsv:%zu: expected name TAB replacement TAB pattern",
                             it.line);
        }
        int ec;
        PCRE2_SIZE eo;
        pcre2_code *re = pcre2_compile((PCRE2_SPTR)f[2].p, f[2].n, PCRE2_UTF, &ec, &eo, NULL);
        if (!re) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(ec, msg, sizeof msg);
            cred__learn_free(d);
            return cred__err(err, CRED_EDATA, "learn/leaks.tsv:%zu: bad regex at column %zu: %s",
                             it.line, (size_t)eo + 1, (char *)msg);
        }
        if (cred__jit_enabled())
            pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* optional speed-up */
        bool empty = f[1].n == 1 && f[1].p[0] == '-';
        leak_rule r = {re, malloc(f[1].n + 1), empty ? 0 : f[1].n};
        if (!r.repl || !CRED__VEC_PUSH(d->rules, r)) {
            pcre2_code_free(re);
            free(r.repl);
            cred__learn_free(d);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
        memcpy(r.repl, f[1].p, f[1].n);
        r.repl[r.repl_n] = 0;
    }
    if ((st = load_stopwords(ctx, d, err))) {
        cred__learn_free(d);
        return st;
    }
    ctx->learn = d;
    return CRED_OK;
}

/* Applies every rule; in/out may not alias.  Result in out (NUL-terminated). */
static cred_status strip(const cred_ctx *ctx, const char *in, size_t n, cred__buf *out,
                         cred_error *err)
{
    const struct cred__learndata *d = ctx->learn;
    cred__buf a = {0};
    cred__buf_put(&a, in, n);
    cred__buf_putc(&a, 0);
    a.n--;
    pcre2_match_data *md = NULL;
    cred_status st = CRED_OK;
    for (size_t i = 0; d && i < d->rules.n && !st; i++) {
        const leak_rule *r = &d->rules.v[i];
        if (!md && !(md = pcre2_match_data_create(32, NULL))) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            break;
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            PCRE2_SIZE cap = a.n + 64 + (attempt ? a.n * 2 + 4096 : a.n / 4);
            out->n = 0;
            if (!cred__buf_reserve(out, cap + 1)) {
                st = cred__err(err, CRED_ENOMEM, "out of memory");
                break;
            }
            PCRE2_SIZE olen = cap;
            int rc = pcre2_substitute(r->re, (PCRE2_SPTR)(a.p ? a.p : ""), a.n, 0,
                                      PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
                                      md, NULL, (PCRE2_SPTR)r->repl, r->repl_n,
                                      (PCRE2_UCHAR *)out->p, &olen);
            if (rc == PCRE2_ERROR_NOMEMORY && attempt == 0) {
                if (!cred__buf_reserve(out, olen + 1)) {
                    st = cred__err(err, CRED_ENOMEM, "out of memory");
                    break;
                }
                continue;
            }
            if (rc < 0) {
                /* e.g. a match limit: leave the text as it is for this rule */
                break;
            }
            if (rc > 0) {
                out->n = olen;
                cred__buf tmp = a;
                a = *out;
                *out = tmp;
            }
            break;
        }
    }
    pcre2_match_data_free(md);
    if (st) {
        cred__buf_free(&a);
        return st;
    }
    cred__buf tmp = *out;
    *out = a;
    cred__buf_free(&tmp);
    if (out->oom)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    return CRED_OK;
}

cred_status cred_strip_leaks(const cred_ctx *ctx, const char *text, size_t n, char **out,
                             size_t *out_n, cred_error *err)
{
    cred__buf b = {0};
    cred_status st = strip(ctx, text, n, &b, err);
    if (st)
        return st;
    *out = cred__buf_take(&b, out_n);
    if (!*out) {
        *out = calloc(1, 1);
        *out_n = 0;
        if (!*out)
            return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    return CRED_OK;
}

/* ---- tokenizer ----------------------------------------------------------------- */

void cred__feat_defaults(cred_feat_opts *fo)
{
    if (!fo->hash_bits)
        fo->hash_bits = 24;
    if (!fo->word_ngrams)
        fo->word_ngrams = 2;
}

static inline uint32_t fmix(uint32_t h)
{
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

static inline uint32_t fnv(const unsigned char *p, size_t n, uint32_t h)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

static const unsigned char lower_tab[128] = {
#define L(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + 32 : (c))
#define R8(b) L(b), L(b + 1), L(b + 2), L(b + 3), L(b + 4), L(b + 5), L(b + 6), L(b + 7)
    R8(0), R8(8), R8(16), R8(24), R8(32), R8(40), R8(48), R8(56),
    R8(64), R8(72), R8(80), R8(88), R8(96), R8(104), R8(112), R8(120)
#undef R8
#undef L
};

static inline int aclass(unsigned char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    if (c == '!' || c == '?' || c == ':' || c == '"' || c == '$' || c == '%' || c == '(' ||
        c == ',' || c == ';')
        return 2;
    return 0;
}

/* Is the code point at s[i] (non-ASCII) a word character? Sets *len.
 * Curly single quotes report 'q' (an apostrophe). */
static int uclass(const unsigned char *s, size_t n, size_t i, size_t *len, int32_t *cpo)
{
    int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
        *len = 1;
        return 0;
    }
    *len = (size_t)k;
    *cpo = cp;
    if (cp == 0x2019 || cp == 0x2018)
        return 'q';
    return cred__is_word_cp(cp) ? 1 : 0; /* docs/text-pipeline.md, "What a word is" */
}

/* Is position i the start of a word character? */
static inline bool word_at(const unsigned char *s, size_t n, size_t i)
{
    if (i >= n)
        return false;
    if (s[i] < 0x80)
        return aclass(s[i]) == 1;
    size_t len;
    int32_t cp;
    return uclass(s, n, i, &len, &cp) == 1;
}

typedef struct tok_sink {
    const cred_feat_opts *fo;
    uint32_t mask;
    cred__u32vec *ids;
    cred__occvec *occ;
    uint32_t prev;      /* previous token hash */
    uint32_t prev_start;
    bool have_prev;
    bool oom;
    uint32_t title_end; /* words before this offset are title words (fo->title) */
} tok_sink;

static inline void emit(tok_sink *k, uint32_t h, uint32_t s, uint32_t e, uint8_t kind)
{
    uint32_t id = (fmix(h) & k->mask) + 1;
    if (!CRED__VEC_PUSH(*k->ids, id))
        k->oom = true;
    if (k->occ && !CRED__VEC_PUSH(*k->occ, ((cred__featocc){id, s, e, kind})))
        k->oom = true;
}

static void token(tok_sink *k, const unsigned char *t, size_t tn, uint32_t s, uint32_t e,
                  bool word, const unsigned char *orig)
{
    uint32_t h = fnv(t, tn, 2166136261u);
    emit(k, h, s, e, 0);
    if (e <= k->title_end) /* the same word again, marked as a title word */
        emit(k, h ^ 0x7ea1f00du, s, e, 4);
    if (word && k->fo->cased && orig) {
        /* the word as written, when it has an upper-case ASCII letter */
        bool up = false;
        for (uint32_t q = s; q < e && !up; q++)
            up = orig[q] >= 'A' && orig[q] <= 'Z';
        if (up)
            emit(k, fnv(orig + s, e - s, 0x2545F491u), s, e, 3);
    }
    if (k->fo->word_ngrams >= 2 && k->have_prev)
        emit(k, k->prev * 0x9E3779B1u ^ (h + 0x7f4a7c15u), k->prev_start, e, 1);
    k->prev = h;
    k->prev_start = s;
    k->have_prev = true;
    if (word && k->fo->char_min > 0 && k->fo->char_max >= k->fo->char_min) {
        /* "<word>" windows of char_min..char_max code points */
        unsigned char w[132];
        uint8_t cps[132];
        size_t wn = 0, nc = 0;
        if (tn > 128)
            return;
        w[wn++] = '<';
        memcpy(w + wn, t, tn);
        wn += tn;
        w[wn++] = '>';
        for (size_t i = 0; i < wn; i++)
            if ((w[i] & 0xC0) != 0x80)
                cps[nc++] = (uint8_t)i;
        for (size_t a = 0; a < nc; a++)
            for (int len = k->fo->char_min; len <= k->fo->char_max; len++) {
                size_t b = a + (size_t)len;
                if (b > nc)
                    break;
                if (len == 1 && (w[cps[a]] == '<' || w[cps[a]] == '>'))
                    continue;
                size_t from = cps[a], to = b < nc ? cps[b] : wn;
                emit(k, fnv(w + from, to - from, 0x811C9DC5u ^ 0x5bd1e995u), s, e, 2);
            }
    }
}

/* Tokenizes s[0..n) into the sink (lower-casing into tb). */
static void tokenize(const unsigned char *s, size_t n, tok_sink *k, cred__buf *tb)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            int cl = aclass(c);
            if (cl == 0) {
                i++;
                continue;
            }
            if (cl == 2) {
                if (!k->fo->no_punct) /* else dropped: bigrams join across it */
                    token(k, &c, 1, (uint32_t)i, (uint32_t)i + 1, false, s);
                i++;
                continue;
            }
        } else {
            size_t len;
            int32_t cp = 0;
            if (uclass(s, n, i, &len, &cp) != 1) {
                i += len;
                continue;
            }
        }
        /* a word starts at i */
        size_t start = i;
        tb->n = 0;
        while (i < n) {
            c = s[i];
            if (c < 0x80) {
                if (aclass(c) == 1) {
                    size_t j = i + 1;
                    while (j < n && s[j] < 0x80 && aclass(s[j]) == 1)
                        j++;
                    cred__buf_reserve(tb, j - i);
                    if (tb->oom)
                        break;
                    for (size_t q = i; q < j; q++)
                        tb->p[tb->n++] = (char)lower_tab[s[q]];
                    i = j;
                    continue;
                }
                if ((c == '\'' || c == '-' || c == '.') && word_at(s, n, i + 1)) {
                    cred__buf_putc(tb, (char)c);
                    i++;
                    continue;
                }
                break;
            }
            size_t len;
            int32_t cp = 0;
            int u = uclass(s, n, i, &len, &cp);
            if (u == 'q' && word_at(s, n, i + len)) {
                cred__buf_putc(tb, '\'');
                i += len;
                continue;
            }
            if (u != 1)
                break;
            cred__buf_put_utf8(tb, utf8proc_tolower(cp));
            i += len;
        }
        if (tb->oom) {
            k->oom = true;
            return;
        }
        token(k, (const unsigned char *)tb->p, tb->n, (uint32_t)start, (uint32_t)i, true, s);
    }
}

/* Does the text need the repair step? */
static bool needs_fix(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)p[i] >= 0x80 || p[i] == '&')
            return true;
    return false;
}

/* `cleaned`: the text is a cred_doc's (cred_model_predict_doc), so the
 * repair usually has nothing left to do but straighten quotes; when
 * cred__fix_fast_only can tell that for certain, its result (identical to
 * cred_fix_text's) is used instead of running the repair step again. */
static cred_status featurize(const cred_ctx *ctx, const cred_feat_opts *fo, const char *text,
                             size_t n, bool cleaned, cred__buf *norm, cred__u32vec *ids,
                             cred__occvec *occ, cred_error *err)
{
    norm->n = 0;
    if (n > CRED_MAX_INPUT)
        return cred__err(err, CRED_ETOOBIG, "document of %zu bytes is over the limit", n);
    bool fix = needs_fix(text, n);
    if (fix && cleaned && cred__fix_fast_only(ctx, text, n, CRED_FIX_UNCURL_QUOTES, norm)) {
        fix = false; /* norm holds cred_fix_text's result */
    } else if (fix) {
        char *fx;
        size_t fn;
        cred_status st = cred_fix_text(ctx, text, n, CRED_FIX_UNCURL_QUOTES, &fx, &fn, err);
        if (st)
            return st;
        cred__buf_put(norm, fx, fn);
        free(fx);
    } else {
        cred__buf_put(norm, text, n);
    }
    if (fo->strip_leaks) {
        cred__buf out = {0};
        cred_status st = strip(ctx, norm->p ? norm->p : "", norm->n, &out, err);
        if (st)
            return st;
        cred__buf_free(norm);
        *norm = out;
    }
    if (norm->oom)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    if (norm->n > UINT32_MAX - 1)
        return cred__err(err, CRED_ETOOBIG, "document too large");
    tok_sink k = {fo, (uint32_t)(((uint64_t)1 << fo->hash_bits) - 1), ids, occ, 0, 0, false,
                  false, 0};
    if (fo->title && norm->p) { /* the title is what precedes the first blank line */
        const char *bl = strstr(norm->p, "\n\n");
        if (bl)
            k.title_end = (uint32_t)(bl - norm->p);
    }
    cred__buf tb = {0};
    tokenize((const unsigned char *)(norm->p ? norm->p : ""), norm->n, &k, &tb);
    cred__buf_free(&tb);
    if (k.oom)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    return CRED_OK;
}

cred_status cred__featurize(const cred_ctx *ctx, const cred_feat_opts *fo, const char *text,
                            size_t n, cred__buf *norm, cred__u32vec *ids, cred__occvec *occ,
                            cred_error *err)
{
    return featurize(ctx, fo, text, n, false, norm, ids, occ, err);
}

cred_status cred__featurize_clean(const cred_ctx *ctx, const cred_feat_opts *fo, const char *text,
                                  size_t n, cred__buf *norm, cred__u32vec *ids, cred__occvec *occ,
                                  cred_error *err)
{
    return featurize(ctx, fo, text, n, true, norm, ids, occ, err);
}

/* Lower-cased tokens of norm[s..e) joined by spaces (for explanations). */
char *cred__span_tokens(const char *norm, size_t s, size_t e)
{
    cred__buf out = {0}, tb = {0};
    cred_feat_opts fo = {0};
    fo.hash_bits = 12;
    fo.word_ngrams = 1;
    cred__u32vec ids = {0};
    cred__occvec occ = {0};
    tok_sink k = {&fo, 0xfff, &ids, &occ, 0, 0, false, false, 0};
    tokenize((const unsigned char *)norm + s, e - s, &k, &tb);
    for (size_t i = 0; i < occ.n; i++) {
        if (i)
            cred__buf_putc(&out, ' ');
        size_t a = s + occ.v[i].start, b = s + occ.v[i].end;
        /* lower-case ASCII; other letters kept as written */
        for (size_t q = a; q < b; q++) {
            unsigned char c = (unsigned char)norm[q];
            cred__buf_putc(&out, c < 0x80 ? (char)lower_tab[c] : (char)c);
        }
    }
    free(ids.v);
    free(occ.v);
    cred__buf_free(&tb);
    size_t n;
    char *r = cred__buf_take(&out, &n);
    return r ? r : calloc(1, 1);
}

/* ---- dense analysis features ------------------------------------------------------ */

const char *const cred__dense_names[CRED__N_DENSE] = {
    "headline-clickbait", "headline-is-clickbait", "share-quote",   "share-attributed",
    "share-claim",        "share-opinion",         "share-hedge",   "share-other",
    "quoted-share",       "attributed-share",      "named-sources", "anonymous-sources",
    "exclamation-rate",   "caps-rate",             "loaded-rate",   "reading-ease"};

static double clip01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

cred_status cred__dense_features(const cred_ctx *ctx, const char *text, size_t n,
                                 double dense[CRED__N_DENSE], cred_error *err)
{
    cred_doc *doc = NULL;
    cred_analysis *a = NULL;
    cred_status st = cred_clean(ctx, text, n, NULL, &doc, err);
    if (!st)
        st = cred_analyze(ctx, doc, NULL, &a, err);
    if (st) {
        cred_doc_free(doc);
        return st;
    }
    const cred_measures *m = &a->measures;
    /* class order of analysis.h: quote, attributed, claim, opinion, hedge, other */
    dense[0] = clip01(a->headline.present ? a->headline.clickbait : 0);
    dense[1] = a->headline.is_clickbait ? 1 : 0;
    for (int c = 0; c < 6 && c < CRED_SENT__COUNT; c++)
        dense[2 + c] = clip01(m->class_share[c]);
    dense[8] = clip01(m->quoted_share);
    dense[9] = clip01(m->attributed_share);
    dense[10] = clip01(log1p((double)m->named_sources) / 3.0);
    dense[11] = clip01(log1p((double)m->anonymous_sources) / 3.0);
    dense[12] = clip01(m->exclamation_rate);
    dense[13] = clip01(m->caps_rate * 5.0);
    dense[14] = clip01(m->loaded_rate * 20.0);
    dense[15] = clip01(m->flesch / 100.0);
    cred_analysis_free(a);
    cred_doc_free(doc);
    return CRED_OK;
}
