/*
 * test_analysis.c - unit tests for the analysis (src/analysis/) through the
 * public API: quote pairing and attribution, reported speech, pronouns,
 * sources, sentence classes, headline, spans back to the input, and hostile
 * input (unbalanced marks, marks only, empty text) that must not crash.
 * Every article here is invented for the test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credence.h"

typedef struct fx {
    cred_ctx *ctx;
    cred_doc *doc;
    cred_analysis *a;
} fx;

static int setup(void **state)
{
    cred_error err;
    fx *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->ctx = cred_ctx_new(NULL, &err);
    *state = f;
    return f->ctx ? 0 : -1;
}

static int teardown(void **state)
{
    fx *f = *state;
    cred_analysis_free(f->a);
    cred_doc_free(f->doc);
    cred_ctx_free(f->ctx);
    free(f);
    return 0;
}

static const cred_analysis *run(void **state, const char *in)
{
    fx *f = *state;
    cred_analysis_free(f->a);
    cred_doc_free(f->doc);
    f->a = NULL;
    f->doc = NULL;
    cred_error err;
    assert_int_equal(cred_clean(f->ctx, in, strlen(in), NULL, &f->doc, &err), CRED_OK);
    assert_int_equal(cred_analyze(f->ctx, f->doc, NULL, &f->a, &err), CRED_OK);
    return f->a;
}

static bool span_is(void **state, cred_span s, const char *text)
{
    fx *f = *state;
    size_t n = strlen(text);
    return s.end - s.start == n && memcmp(f->doc->text + s.start, text, n) == 0;
}

static size_t count_kind(const cred_analysis *a, cred_quote_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n_quotes; i++)
        n += a->quotes[i].kind == k;
    return n;
}

static void trailing_and_inverted(void **state)
{
    const cred_analysis *a = run(state, "T\n\n“The roads are closed,” Mayor Ana Ruiz said.\n\n"
                                        "“Stay home tonight,” said the fire chief.");
    assert_int_equal(count_kind(a, CRED_QUOTE_DIRECT), 2);
    assert_true(span_is(state, a->quotes[0].content, "“The roads are closed,”"));
    assert_true(span_is(state, a->quotes[0].speaker, "Mayor Ana Ruiz"));
    assert_true(span_is(state, a->quotes[0].cue, "said"));
    assert_string_equal(a->quotes[0].pattern, "cue-after");
    assert_string_equal(a->sources[a->quotes[0].source].name, "Ana Ruiz");
    assert_true(span_is(state, a->quotes[1].speaker, "the fire chief"));
    assert_string_equal(a->quotes[1].pattern, "cue-inverted");
    assert_false(a->sources[a->quotes[1].source].named);
}

static void intro_paragraph_and_join(void **state)
{
    const cred_analysis *a = run(state, "T\n\nThe agency said in a statement,\n\n"
                                        "“First part of the statement here.”\n\n"
                                        "“Second part of the same statement.”\n\nAfter.");
    assert_int_equal(a->n_quotes, 1);
    assert_string_equal(a->quotes[0].pattern, "intro");
    assert_true(span_is(state, a->quotes[0].speaker, "The agency"));
    assert_true(span_is(state, a->quotes[0].content,
                        "“First part of the statement here.”\n\n“Second part of the same statement.”"));
}

static void unclosed_continues(void **state)
{
    const cred_analysis *a = run(state, "T\n\nShe wrote: “One long thought that runs on\n\n"
                                        "and ends in the next paragraph.” Then more.");
    assert_int_equal(count_kind(a, CRED_QUOTE_DIRECT), 1);
    assert_true(span_is(state, a->quotes[0].content,
                        "“One long thought that runs on\n\nand ends in the next paragraph.”"));
    assert_true(a->quotes[0].pronoun);
}

static void nested_and_straight(void **state)
{
    const cred_analysis *a = run(state, "T\n\nThe judge said, \"He told me 'never again' and "
                                        "I believed him.\"");
    assert_int_equal(a->n_quotes, 1);
    assert_true(span_is(state, a->quotes[0].content,
                        "\"He told me 'never again' and I believed him.\""));
    assert_true(span_is(state, a->quotes[0].speaker, "The judge"));
}

static void scare_quotes_are_not_quotes(void **state)
{
    const cred_analysis *a = run(state, "T\n\nThe so-called “reform plan” was dropped.");
    assert_int_equal(a->n_quotes, 0);
    bool scare = false;
    for (size_t i = 0; i < a->n_sentences; i++)
        for (size_t e = 0; e < a->sentences[i].n_evidence; e++)
            scare |= !strcmp(a->sentences[i].evidence[e].kind, "scare-quote");
    assert_true(scare);
}

static void titles_in_quotes(void **state)
{
    /* a show's title is not speech, even before a cue; a headline's quote is */
    const cred_analysis *a = run(state, "“Mayor Says Roads Will Open,” Paper Reports\n\n"
                                        "She appeared on “The Late Night Kitchen Show,” said her agent.");
    assert_int_equal(count_kind(a, CRED_QUOTE_DIRECT), 1);
    assert_true(span_is(state, a->quotes[0].content, "“Mayor Says Roads Will Open,”"));
}

static void reported_speech(void **state)
{
    const cred_analysis *a = run(state, "T\n\nThe minister has said he is considering new rules.\n\n"
                                        "Prices rose sharply last year, the bank said.");
    assert_int_equal(count_kind(a, CRED_QUOTE_INDIRECT), 2);
    assert_true(span_is(state, a->quotes[0].content, "he is considering new rules"));
    assert_true(span_is(state, a->quotes[0].speaker, "The minister"));
    assert_true(span_is(state, a->quotes[1].content, "Prices rose sharply last year"));
    assert_true(span_is(state, a->quotes[1].speaker, "the bank"));
}

static void not_reported_speech(void **state)
{
    /* an object, not a clause; "saying" is no cue */
    const cred_analysis *a = run(state, "T\n\nHe never said a kind word about them.\n\n"
                                        "That is saying a lot.");
    assert_int_equal(a->n_quotes, 0);
}

static void pronoun_unresolved_when_ambiguous(void **state)
{
    const cred_analysis *a = run(state, "T\n\n“We will win,” Ida Long said.\n\n"
                                        "Max Stern laughed at Ida Long.\n\n“Not a chance,” he said.");
    assert_int_equal(a->n_quotes, 2);
    assert_true(a->quotes[1].pronoun);
    assert_true(a->quotes[1].unresolved);
    assert_int_equal(a->quotes[1].source, CRED_NO_SOURCE);
}

static void pronoun_resolved(void **state)
{
    const cred_analysis *a = run(state, "T\n\n“We will win,” Ida Long said.\n\n"
                                        "The crowd cheered.\n\n“Again and again,” she said.");
    assert_int_equal(a->n_quotes, 2);
    assert_false(a->quotes[1].unresolved);
    assert_string_equal(a->sources[a->quotes[1].source].name, "Ida Long");
    assert_int_equal(a->sources[a->quotes[1].source].n_quotes, 2);
}

static void anonymous_sources(void **state)
{
    const cred_analysis *a = run(state, "T\n\nA senior official said the deal was close.\n\n"
                                        "The talks reportedly stalled.");
    assert_int_equal(a->n_anonymous, 2);
    assert_true(span_is(state, a->anonymous[0].span, "A senior official"));
    assert_true(span_is(state, a->anonymous[1].span, "reportedly"));
    assert_true(a->sources[0].anonymous);
    assert_int_equal(a->measures.named_sources, 0);
}

static void sentence_classes(void **state)
{
    const cred_analysis *a = run(state, "T\n\nThe plan is a disgraceful sham.\n\n"
                                        "The vote may come next week.\n\n"
                                        "Lawmakers approved 12 amendments on Tuesday.");
    fx *f = *state;
    assert_int_equal(a->n_sentences, f->doc->n_sentences);
    cred_sentence_class want[] = {CRED_SENT_OPINION, CRED_SENT_HEDGE, CRED_SENT_CLAIM};
    size_t k = 0;
    for (size_t i = 0; i < a->n_sentences; i++)
        if (!a->sentences[i].title) {
            assert_true(k < 3);
            assert_int_equal(a->sentences[i].cls, want[k++]);
        }
    assert_int_equal(k, 3);
    assert_true(a->n_terms >= 2);
}

static void headline(void **state)
{
    const cred_analysis *a = run(state, "17 Reasons You Need To Stop Doing This Now!\n\nBody.");
    assert_true(a->headline.present);
    assert_true(a->headline.is_clickbait);
    assert_true(a->headline.clickbait > 0.8 && a->headline.clickbait <= 1.0);
    a = run(state, "Parliament passes budget after late session\n\nBody.");
    assert_false(a->headline.is_clickbait);
    assert_true(a->headline.clickbait < 0.5);
}

static void input_offsets(void **state)
{
    /* entities and extra spaces change the cleaned text; spans map back */
    const char *in = "T\n\nThe  chief   said,  &ldquo;All is well.&rdquo;";
    const cred_analysis *a = run(state, in);
    fx *f = *state;
    assert_int_equal(a->n_quotes, 1);
    cred_span s = cred_doc_input_span(f->doc, a->quotes[0].speaker);
    assert_memory_equal(in + s.start, "The  chief", s.end - s.start);
    cred_span c = cred_doc_input_span(f->doc, a->quotes[0].content);
    assert_memory_equal(in + c.start, "&ldquo;", 7);
    assert_memory_equal(in + c.end - 7, "&rdquo;", 7);
}

static void hostile(void **state)
{
    static const char *const inputs[] = {
        "", "\"", "“", "”", "\"\"\"\"\"\"", "“““““““““", "”””””””", "T\n\n\"a\n\n\"b\n\n\"c\n\n\"d",
        "T\n\nsaid said said said, said: “", "T\n\n, said", "T\n\naccording to",
        "T\n\n(((((((((((", "T\n\n)))))) said", "T\n\nhe said he said he said",
        "“x” said “y” said “z” said", "T\n\n'''''' ‘‘‘’’’", "T\n\n\xff\xfe\"\xc3",
        "T\n\nA, B, C, D, E, F, G, H, said"};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        const cred_analysis *a = run(state, inputs[i]);
        fx *f = *state;
        for (size_t q = 0; q < a->n_quotes; q++) {
            assert_true(a->quotes[q].content.start <= a->quotes[q].content.end);
            assert_true(a->quotes[q].content.end <= f->doc->text_len);
        }
        char *js = NULL;
        cred_error err;
        assert_int_equal(cred_analysis_to_json(f->doc, a, 0, &js, &err), CRED_OK);
        assert_non_null(js);
        free(js);
    }
    /* a long article of alternating marks */
    size_t n = 200000;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = "\" a,\n said X"[i % 12];
    big[n] = 0;
    run(state, big);
    free(big);
}

static void names(void **state)
{
    (void)state;
    assert_string_equal(cred_quote_kind_name(CRED_QUOTE_INDIRECT), "indirect");
    assert_string_equal(cred_sentence_class_name(CRED_SENT_HEDGE), "hedge");
    assert_string_equal(cred_entity_type_name(CRED_ENT_ORG), "organization");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(trailing_and_inverted),
        cmocka_unit_test(intro_paragraph_and_join),
        cmocka_unit_test(unclosed_continues),
        cmocka_unit_test(nested_and_straight),
        cmocka_unit_test(scare_quotes_are_not_quotes),
        cmocka_unit_test(titles_in_quotes),
        cmocka_unit_test(reported_speech),
        cmocka_unit_test(not_reported_speech),
        cmocka_unit_test(pronoun_unresolved_when_ambiguous),
        cmocka_unit_test(pronoun_resolved),
        cmocka_unit_test(anonymous_sources),
        cmocka_unit_test(sentence_classes),
        cmocka_unit_test(headline),
        cmocka_unit_test(input_offsets),
        cmocka_unit_test(hostile),
        cmocka_unit_test(names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
