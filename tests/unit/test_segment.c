/*
 * test_segment.c - sentence splitting and tokens (src/segment.c).
 *
 * 1. Every case of tests/cases/segment/sentences.tsv (format in its header)
 *    is run through cred_clean and compared with doc->sentences; each case
 *    is its own cmocka test, named after the case.
 * 2. Tokens: spans and flags of words, numbers, punctuation and URLs.
 * 3. Quotation state across paragraphs, through the internal entry point.
 * 4. Hostile input: a 10 MB line without punctuation, 100k periods, random
 *    bytes and random punctuation soup.  These check structural invariants
 *    (spans ordered, inside their parents, on UTF-8 boundaries), never time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

#define CASES "tests/cases/segment/sentences.tsv"

static cred_ctx *g_ctx; /* shared by all tests; created once in main() */

static cred_doc *clean_opts(const char *in, size_t n, int no_title)
{
    cred_clean_opts o;
    cred_clean_opts_init(&o);
    o.no_title = no_title;
    o.keep_chrome = 1;
    o.keep_repeats = 1;
    cred_doc *d = NULL;
    cred_error err;
    assert_int_equal(cred_clean(g_ctx, in, n, &o, &d, &err), CRED_OK);
    assert_non_null(d);
    return d;
}

/* Structural invariants every document must satisfy. */
static void check_invariants(const cred_doc *d)
{
    size_t prev_end = 0;
    for (size_t i = 0; i < d->n_sentences; i++) {
        const cred_sentence *s = &d->sentences[i];
        assert_true(s->span.start < s->span.end);
        assert_true(s->span.start >= prev_end);
        assert_true(s->span.end <= d->text_len);
        assert_true(d->text[s->span.start] != ' ');
        assert_true(d->text[s->span.end - 1] != ' ');
        assert_true(((unsigned char)d->text[s->span.start] & 0xC0) != 0x80);
        assert_true(s->span.end == d->text_len ||
                    ((unsigned char)d->text[s->span.end] & 0xC0) != 0x80);
        if (s->paragraph != SIZE_MAX) {
            assert_true(s->paragraph < d->n_paragraphs);
            const cred_paragraph *p = &d->paragraphs[s->paragraph];
            assert_true(s->span.start >= p->span.start && s->span.end <= p->span.end);
        }
        assert_true(s->first_token + s->n_tokens <= d->n_tokens);
        size_t tprev = s->span.start;
        for (size_t k = s->first_token; k < s->first_token + s->n_tokens; k++) {
            const cred_token *t = &d->tokens[k];
            assert_true(t->span.start >= tprev && t->span.start < t->span.end);
            assert_true(t->span.end <= s->span.end);
            assert_true(((unsigned char)d->text[t->span.start] & 0xC0) != 0x80);
            assert_true(t->span.end == d->text_len ||
                        ((unsigned char)d->text[t->span.end] & 0xC0) != 0x80);
            assert_true(t->flags != 0);
            tprev = t->span.end;
        }
        prev_end = s->span.end;
    }
}

/* ---- the case file ----------------------------------------------------------- */

typedef struct seg_case {
    char name[96];
    char *input;           /* "\n" escapes expanded */
    size_t n_expect;
    char **expect;
} seg_case;

static char *dup_unescape(const char *p, size_t n, size_t *out_n)
{
    char *o = malloc(n + 1);
    assert_non_null(o);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '\\' && i + 1 < n && p[i + 1] == 'n') {
            o[k++] = '\n';
            i++;
        } else {
            o[k++] = p[i];
        }
    }
    o[k] = 0;
    if (out_n)
        *out_n = k;
    return o;
}

static void run_case(void **state)
{
    const seg_case *c = *state;
    cred_doc *d = clean_opts(c->input, strlen(c->input), 1);
    check_invariants(d);
    int bad = d->n_sentences != c->n_expect;
    for (size_t i = 0; !bad && i < c->n_expect; i++) {
        cred_str s = cred_doc_slice(d, d->sentences[i].span);
        bad = s.n != strlen(c->expect[i]) || memcmp(s.p, c->expect[i], s.n) != 0;
    }
    if (bad) {
        print_message("# case %s: got %zu sentences, want %zu\n", c->name, d->n_sentences,
                      c->n_expect);
        for (size_t i = 0; i < d->n_sentences; i++) {
            cred_str s = cred_doc_slice(d, d->sentences[i].span);
            print_message("#   got  [%.*s]\n", (int)s.n, s.p);
        }
        for (size_t i = 0; i < c->n_expect; i++)
            print_message("#   want [%s]\n", c->expect[i]);
    }
    cred_doc_free(d);
    assert_false(bad);
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    cred__buf b = {0};
    char tmp[8192];
    size_t k;
    while ((k = fread(tmp, 1, sizeof tmp, f)) > 0)
        cred__buf_put(&b, tmp, k);
    fclose(f);
    return cred__buf_take(&b, n);
}

/* Parses the case file into `cases`; returns the count (0 on error). */
static size_t load_cases(seg_case **out, char **file)
{
    size_t n;
    char *text = read_all(CASES, &n);
    *file = text;
    if (!text) {
        fprintf(stderr, "cannot read %s (run from the repository root)\n", CASES);
        return 0;
    }
    CRED__VEC(seg_case) v = {0};
    cred__lines it;
    cred_str line;
    cred__lines_init(&it, (cred_str){text, n});
    while (cred__lines_next(&it, &line)) {
        cred_str f[64];
        size_t nf = cred__split_tabs(line, f, 64);
        if (nf < 3) {
            fprintf(stderr, "%s:%zu: need name, input and at least one sentence\n", CASES,
                    it.line);
            continue;
        }
        seg_case c = {0};
        snprintf(c.name, sizeof c.name, "%.*s", (int)f[0].n, f[0].p);
        c.input = dup_unescape(f[1].p, f[1].n, NULL);
        c.n_expect = nf - 2;
        c.expect = calloc(c.n_expect, sizeof *c.expect);
        for (size_t i = 0; i < c.n_expect; i++)
            c.expect[i] = dup_unescape(f[i + 2].p, f[i + 2].n, NULL);
        if (!CRED__VEC_PUSH(v, c))
            abort();
    }
    *out = v.v;
    return v.n;
}

/* ---- tokens ------------------------------------------------------------------- */

typedef struct want_tok {
    const char *text;
    unsigned flags;
} want_tok;

static void check_tokens(const char *in, const want_tok *want, size_t n_want)
{
    cred_doc *d = clean_opts(in, strlen(in), 1);
    check_invariants(d);
    int bad = d->n_tokens != n_want;
    for (size_t i = 0; !bad && i < n_want; i++) {
        cred_str s = cred_doc_slice(d, d->tokens[i].span);
        bad = s.n != strlen(want[i].text) || memcmp(s.p, want[i].text, s.n) != 0 ||
              d->tokens[i].flags != want[i].flags;
    }
    if (bad) {
        print_message("# tokens of [%s]:\n", in);
        for (size_t i = 0; i < d->n_tokens; i++) {
            cred_str s = cred_doc_slice(d, d->tokens[i].span);
            print_message("#   [%.*s] %#x\n", (int)s.n, s.p, d->tokens[i].flags);
        }
    }
    cred_doc_free(d);
    assert_false(bad);
}

enum {
    W = CRED_TOK_WORD,
    WC = CRED_TOK_WORD | CRED_TOK_CAP,
    WU = CRED_TOK_WORD | CRED_TOK_CAP | CRED_TOK_UPPER,
    N = CRED_TOK_NUMBER,
    P = CRED_TOK_PUNCT,
    U = CRED_TOK_URL
};
#define CHECK(in, ...)                                                   \
    do {                                                                 \
        static const want_tok w_[] = {__VA_ARGS__};                      \
        check_tokens(in, w_, sizeof w_ / sizeof w_[0]);                  \
    } while (0)

static void tokens_words(void **state)
{
    (void)state;
    CHECK("They don’t act business-like.", {"They", WC}, {"don’t", W}, {"act", W},
          {"business-like", W}, {".", P});
    CHECK("Al-Assad’s allies can't wait", {"Al-Assad’s", WC}, {"allies", W}, {"can't", W},
          {"wait", W});
    CHECK("NATO and the EU-wide plan", {"NATO", WU}, {"and", W}, {"the", W},
          {"EU-wide", WC}, {"plan", W});
    CHECK("A CEO’s view", {"A", WC}, {"CEO’s", WC}, {"view", W});
    CHECK("Élan über Ωmega", {"Élan", WC}, {"über", W}, {"Ωmega", WC});
    CHECK("leaders’ - talks", {"leaders", W}, {"’", P}, {"-", P}, {"talks", W});
}

static void tokens_numbers(void **state)
{
    (void)state;
    CHECK("$1,800 or 3.5% on 10.30am, the 3rd", {"$", P}, {"1,800", N}, {"or", W},
          {"3.5", N}, {"%", P}, {"on", W}, {"10.30am", W}, {",", P}, {"the", W},
          {"3rd", W});
    CHECK("In 2016, 1,000,000.50 F-16s flew.", {"In", WC}, {"2016", N}, {",", P},
          {"1,000,000.50", N}, {"F-16s", WC}, {"flew", W}, {".", P});
    CHECK("Ends at 5.", {"Ends", WC}, {"at", W}, {"5", N}, {".", P});
}

static void tokens_abbrev(void **state)
{
    (void)state;
    CHECK("the U.S. and e.g. J.K. or Mr. X", {"the", W}, {"U.S.", WU}, {"and", W},
          {"e.g.", W}, {"J.K.", WU}, {"or", W}, {"Mr", WC}, {".", P}, {"X", WC});
}

static void tokens_urls(void **state)
{
    (void)state;
    CHECK("See https://example.com/a?b=1, (www.example.org/x).", {"See", WC},
          {"https://example.com/a?b=1", U}, {",", P}, {"(", P}, {"www.example.org/x", U},
          {")", P}, {".", P});
    CHECK("Mail jane.doe@example.com or @city_news: example.co.uk/page now",
          {"Mail", WC}, {"jane.doe@example.com", U}, {"or", W}, {"@city_news", U},
          {":", P}, {"example.co.uk/page", U}, {"now", W});
    CHECK("“example.com” end.it e.g U.S", {"“", P}, {"example.com", U}, {"”", P},
          {"end", W}, {".", P}, {"it", W}, {"e", W}, {".", P}, {"g", W}, {"U", WC},
          {".", P}, {"S", WC});
}

static void tokens_punct(void **state)
{
    (void)state;
    CHECK("Why?! … “No.”", {"Why", WC}, {"?", P}, {"!", P}, {"…", P}, {"“", P},
          {"No", WC}, {".", P}, {"”", P});
}

/* ---- quotation state ----------------------------------------------------------- */

static size_t split(const char *p, bool *q, cred_span *spans, size_t max)
{
    cred__spanvec v = {0};
    assert_true(cred__segment_sentences(g_ctx, p, strlen(p), q, &v));
    size_t n = v.n;
    for (size_t i = 0; i < n && i < max; i++)
        spans[i] = v.v[i];
    free(v.v);
    return n;
}

static void quote_state(void **state)
{
    (void)state;
    cred_span sp[8];
    bool q = false;
    /* opened, not closed: open afterwards, and still split */
    assert_int_equal(split("“This goes on. And on.", &q, sp, 8), 2);
    assert_true(q);
    /* a paragraph inside the quotation splits normally and closes it */
    assert_int_equal(split("Moscow is one ally. Washington is not.” After that, silence.", &q,
                           sp, 8),
                     3);
    assert_false(q);
    /* continuation convention: a reopening “ keeps it open */
    q = true;
    assert_int_equal(split("“More of the quote. Still more.", &q, sp, 8), 2);
    assert_true(q);
    /* nothing about quotes in the paragraph: the state passes through */
    q = true;
    assert_int_equal(split("Plain words. More words.", &q, sp, 8), 2);
    assert_true(q);
    q = false;
    assert_int_equal(split("Plain words. More words.", &q, sp, 8), 2);
    assert_false(q);
    /* straight quotes: by position, and by state when the position is mute */
    q = false;
    split("He said \"we will see. Soon.", &q, sp, 8);
    assert_true(q);
    split("Soon.\" Then nothing.", &q, sp, 8);
    assert_false(q);
    q = true;
    split("a \" b", &q, sp, 8);
    assert_false(q);
    /* NULL state is allowed */
    assert_int_equal(split("One. Two.", NULL, sp, 8), 2);
}

static void quote_state_in_clean(void **state)
{
    (void)state;
    /* the seed article's shape: a quote over two paragraphs, "minimized."
     * stays inside the first sentence of the quotation */
    const char *in = "Reuters reports,\n\n“That could matter as the risk is minimized.\n\n"
                     "Moscow is one of its allies, while others differ.”\n\nThe end.";
    cred_doc *d = clean_opts(in, strlen(in), 1);
    check_invariants(d);
    assert_int_equal(d->n_sentences, 4);
    cred_str s = cred_doc_slice(d, d->sentences[1].span);
    assert_int_equal(s.n, strlen("“That could matter as the risk is minimized."));
    assert_memory_equal(s.p, "“That", strlen("“That"));
    cred_doc_free(d);
}

/* ---- hostile input ---------------------------------------------------------------- */

static void hostile_long_line(void **state)
{
    (void)state;
    size_t n = 10u << 20;
    char *p = malloc(n);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++)
        p[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 26);
    cred_doc *d = clean_opts(p, n, 1);
    assert_int_equal(d->n_sentences, 1);
    assert_true(d->n_tokens > (n / 7) - 2);
    check_invariants(d);
    cred_doc_free(d);
    /* one 10 MB "word" with periods inside and no spaces */
    for (size_t i = 0; i < n; i++)
        p[i] = (i % 2) ? '.' : 'a';
    d = clean_opts(p, n, 1);
    assert_int_equal(d->n_sentences, 1);
    check_invariants(d);
    cred_doc_free(d);
    free(p);
}

static void hostile_periods(void **state)
{
    (void)state;
    size_t n = 100000;
    char *p = malloc(n + 64);
    assert_non_null(p);
    memset(p, '.', n);
    cred_doc *d = clean_opts(p, n, 1);
    assert_int_equal(d->n_sentences, 1);
    assert_int_equal(d->n_tokens, n);
    check_invariants(d);
    cred_doc_free(d);
    /* "a. " repeated: every one a sentence */
    for (size_t i = 0; i + 3 <= n; i += 3)
        memcpy(p + i, "A. ", 3);
    d = clean_opts(p, n - n % 3, 1);
    check_invariants(d);
    assert_true(d->n_sentences >= 1);
    cred_doc_free(d);
    /* ". " repeated */
    for (size_t i = 0; i + 2 <= n; i += 2)
        memcpy(p + i, ". ", 2);
    d = clean_opts(p, n, 1);
    check_invariants(d);
    cred_doc_free(d);
    free(p);
}

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void hostile_random(void **state)
{
    (void)state;
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    size_t n = 4u << 20;
    char *p = malloc(n);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++)
        p[i] = (char)(rng_next(&seed) >> 24);
    cred_doc *d = clean_opts(p, n, 0);
    check_invariants(d);
    cred_doc_free(d);
    /* punctuation soup: the splitter's and tokenizer's special characters */
    static const char *const bits[] = {".", "?", "!", " ", "“", "”", "\"", "'", "’", "…",
                                       "(", ")", "a", "B", "1", ",", "@", "U.S.", "Mr.",
                                       "http://", "example.com", "。", "\n", "\n\n", "-",
                                       "é", "\xCC\x81"};
    for (int round = 0; round < 8; round++) {
        cred__buf b = {0};
        while (b.n < (256u << 10))
            cred__buf_puts(&b, bits[rng_next(&seed) % (sizeof bits / sizeof bits[0])]);
        assert_false(b.oom);
        d = clean_opts(b.p, b.n, round & 1);
        check_invariants(d);
        cred_doc_free(d);
        cred__buf_free(&b);
    }
    free(p);
}

static void bad_data_file(void **state)
{
    (void)state;
    /* a data directory whose titles.txt lacks the final period */
    char dir[] = "/tmp/cred-seg-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[64], path[96];
    snprintf(sub, sizeof sub, "%s/segment", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    snprintf(path, sizeof path, "%s/titles.txt", sub);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("# comment\nMr.\nDr\n", f);
    fclose(f);
    cred_error err;
    cred_ctx *c = cred_ctx_new(dir, &err);
    assert_null(c);
    assert_int_equal(err.code, CRED_EDATA);
    assert_non_null(strstr(err.msg, "segment/titles.txt:3:"));
    remove(path);
    rmdir(sub);
    rmdir(dir);
}

/* The one definition of a word character (docs/text-pipeline.md, "What a
 * word is"): letters, combining marks, numbers; nothing else.  The
 * pipeline's tokens agree with it: "naïve" with a combining diaeresis and
 * "Ωmega²" are one word each. */
static void word_char_definition(void **state)
{
    (void)state;
    const int32_t yes[] = {'a', 'Z', '7', 0xE9 /* é */, 0x3A9 /* Ω */, 0x308 /* combining ¨ */,
                           0xB2 /* ² (No) */, 0x4E2D /* 中 */, 0x2167 /* Ⅷ (Nl) */, 0x661 /* ١ */};
    const int32_t no[] = {' ', '\'', '-', '.', '_', 0x2019 /* ’ */, 0xA0, 0x2014, 0x1F600, '$'};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        assert_true(cred__is_word_cp(yes[i]));
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        assert_false(cred__is_word_cp(no[i]));
    cred__tokvec v = {0};
    const char *t = "nai\xcc\x88ve \xce\xa9mega\xc2\xb2";
    assert_true(cred__tokenize(t, strlen(t), 0, &v));
    assert_int_equal(v.n, 2);
    assert_true(v.v[0].flags & CRED_TOK_WORD);
    assert_int_equal(v.v[0].span.end, 7);
    free(v.v);
}

int main(void)
{
    cred_error err;
    g_ctx = cred_ctx_new(NULL, &err);
    if (!g_ctx) {
        fprintf(stderr, "cred_ctx_new: %s\n", err.msg);
        return 1;
    }
    seg_case *cases = NULL;
    char *file = NULL;
    size_t nc = load_cases(&cases, &file);
    static const struct CMUnitTest fixed[] = {
        cmocka_unit_test(tokens_words),       cmocka_unit_test(tokens_numbers),
        cmocka_unit_test(tokens_abbrev),      cmocka_unit_test(tokens_urls),
        cmocka_unit_test(tokens_punct),       cmocka_unit_test(quote_state),
        cmocka_unit_test(quote_state_in_clean), cmocka_unit_test(hostile_long_line),
        cmocka_unit_test(hostile_periods),    cmocka_unit_test(hostile_random),
        cmocka_unit_test(bad_data_file),      cmocka_unit_test(word_char_definition),
    };
    size_t nf = sizeof fixed / sizeof fixed[0];
    struct CMUnitTest *all = calloc(nc + nf, sizeof *all);
    if (!all)
        return 1;
    static char names[512][112];
    size_t k = 0;
    for (size_t i = 0; i < nc && i < 512; i++, k++) {
        snprintf(names[i], sizeof names[i], "case %s", cases[i].name);
        all[k].name = names[i];
        all[k].test_func = run_case;
        all[k].initial_state = &cases[i];
    }
    for (size_t i = 0; i < nf; i++)
        all[k++] = fixed[i];
    int rc = nc >= 60 ? 0 : 1; /* the case file must be there and complete */
    if (rc)
        fprintf(stderr, "only %zu cases read from %s\n", nc, CASES);
    rc |= _cmocka_run_group_tests("segment", all, k, NULL, NULL);
    for (size_t i = 0; i < nc; i++) {
        free(cases[i].input);
        for (size_t j = 0; j < cases[i].n_expect; j++)
            free(cases[i].expect[j]);
        free(cases[i].expect);
    }
    free(cases);
    free(all);
    free(file);
    cred_ctx_free(g_ctx);
    return rc;
}
