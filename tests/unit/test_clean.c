/*
 * test_clean.c - unit tests for the text pipeline's structural steps
 * (clean.c, repeat.c, chrome.c) through the public API.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "credence.h"

static int setup(void **state)
{
    cred_error err;
    *state = cred_ctx_new(NULL, &err);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    cred_ctx_free(*state);
    return 0;
}

static cred_doc *clean(void **state, const char *in, const cred_clean_opts *o)
{
    cred_doc *d = NULL;
    cred_error err;
    assert_int_equal(cred_clean(*state, in, strlen(in), o, &d, &err), CRED_OK);
    assert_non_null(d);
    return d;
}

static void title_and_paragraphs(void **state)
{
    cred_doc *d = clean(state, "  My Title  \n\nFirst   para line\nwraps here.\n\n\nSecond.\n", NULL);
    assert_string_equal(d->text, "My Title\n\nFirst para line wraps here.\n\nSecond.");
    assert_true(d->has_title);
    assert_int_equal(d->title.start, 0);
    assert_int_equal(d->title.end, 8);
    assert_int_equal(d->n_paragraphs, 2);
    assert_int_equal(d->paragraphs[1].span.start, strlen("My Title\n\nFirst para line wraps here.\n\n"));
    cred_doc_free(d);
}

static void no_title(void **state)
{
    cred_clean_opts o;
    cred_clean_opts_init(&o);
    o.no_title = 1;
    cred_doc *d = clean(state, "Line one\n\nLine two", &o);
    assert_false(d->has_title);
    assert_int_equal(d->n_paragraphs, 2);
    cred_doc_free(d);
}

static void input_offsets_survive_removal(void **state)
{
    const char *in = "T\n\nKeep this.\n\n(Visited 43 times, 1 visits today)\n\nAnd this one.";
    cred_doc *d = clean(state, in, NULL);
    assert_string_equal(d->text, "T\n\nKeep this.\n\nAnd this one.");
    /* "And" in the clean text maps back to "And" in the input */
    const char *and_clean = strstr(d->text, "And");
    size_t s = (size_t)(and_clean - d->text);
    cred_span in_span = cred_doc_input_span(d, (cred_span){s, s + 3});
    assert_memory_equal(in + in_span.start, "And", 3);
    assert_int_equal(in_span.end - in_span.start, 3);
    int chrome = 0;
    for (size_t i = 0; i < d->n_edits; i++)
        if (d->edits[i].kind == CRED_EDIT_CHROME) {
            chrome++;
            assert_string_equal(d->edits[i].rule, "view-counter");
            assert_memory_equal(d->edits[i].original.p, "(Visited", 8);
        }
    assert_int_equal(chrome, 1);
    cred_doc_free(d);
}

static void repeated_sentence_dropped_once(void **state)
{
    const char *in = "T\n\nThe two leaders spoke by phone on Saturday. More followed.\n\n"
                     "The two leaders spoke by phone on Saturday. And they agreed.";
    cred_doc *d = clean(state, in, NULL);
    assert_string_equal(d->text, "T\n\nThe two leaders spoke by phone on Saturday. More "
                                 "followed.\n\nAnd they agreed.");
    size_t rep = 0;
    for (size_t i = 0; i < d->n_edits; i++)
        rep += d->edits[i].kind == CRED_EDIT_REPEAT;
    assert_int_equal(rep, 1);
    cred_doc_free(d);
}

static void short_repeats_kept(void **state)
{
    cred_doc *d = clean(state, "T\n\nHe said.\n\nHe said.", NULL);
    assert_int_equal(d->n_paragraphs, 2);
    cred_doc_free(d);
}

static void inline_url_removed(void **state)
{
    cred_doc *d = clean(state, "T\n\nSee the video pic.twitter.com/AbC123 now.", NULL);
    assert_string_equal(d->text, "T\n\nSee the video now.");
    cred_doc_free(d);
}

static void empty_and_blank_input(void **state)
{
    cred_doc *d = clean(state, "", NULL);
    assert_int_equal(d->text_len, 0);
    assert_int_equal(d->n_sentences, 0);
    cred_doc_free(d);
    d = clean(state, " \n\t\n \n", NULL);
    assert_int_equal(d->text_len, 0);
    cred_doc_free(d);
}

static void limit_enforced(void **state)
{
    cred_clean_opts o;
    cred_clean_opts_init(&o);
    o.max_input = 4;
    cred_doc *d = NULL;
    cred_error err;
    assert_int_equal(cred_clean(*state, "12345", 5, &o, &d, &err), CRED_ETOOBIG);
    assert_null(d);
    assert_non_null(strstr(err.msg, "limit"));
}

static void controls_and_crlf(void **state)
{
    const char in[] = "T\r\n\r\nA\x01 b\x00 c\r\n";
    cred_doc *d = NULL;
    cred_error err;
    assert_int_equal(cred_clean(*state, in, sizeof in - 1, NULL, &d, &err), CRED_OK);
    assert_string_equal(d->text, "T\n\nA b c");
    cred_doc_free(d);
}

static void whitespace_runs(void **state)
{
    /* no-break space next to a space, zero-width space between spaces, tab,
     * trailing space: one plain space each time, none at the ends */
    cred_doc *d = clean(state, "T\n\n a \xc2\xa0" "b  c \xe2\x80\x8b d\te \n", NULL);
    assert_string_equal(d->text, "T\n\na b c d e");
    int nbsp = 0, zw = 0;
    for (size_t i = 0; i < d->n_edits; i++) {
        if (d->edits[i].kind != CRED_EDIT_WHITESPACE)
            continue;
        nbsp += !strcmp(d->edits[i].rule, "no-break-space");
        zw += !strcmp(d->edits[i].rule, "zero-width");
    }
    assert_int_equal(nbsp, 1);
    assert_int_equal(zw, 1);
    cred_doc_free(d);
}

static void trailing_space_before_nbsp(void **state)
{
    /* a space then a no-break space ending lines that are joined */
    cred_doc *d = clean(state, "T\n\nOne ] \xc2\xa0\nTwo \xc2\xa0 \nthree", NULL);
    assert_string_equal(d->text, "T\n\nOne ] Two three");
    cred_doc_free(d);
}

/* from the library's internals */
struct json_t *cred__doc_json(const cred_doc *doc, _Bool tokens);
_Bool cred__doc_json_stream(const cred_doc *doc, _Bool tokens, FILE *f);

static void json_stream_equals_tree(void **state)
{
    const char *in = "T\xc3\x83\xc2\xa9\n\nA caf\xe9 &amp; more. Second one here.\n\n"
                     "(Visited 3 times, 1 visits today)\n\nA caf\xe9 &amp; more. Second one here.";
    cred_doc *d = clean(state, in, NULL);
    for (int tokens = 0; tokens < 2; tokens++) {
        json_t *root = cred__doc_json(d, tokens);
        char *tree = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(root);
        char *streamed = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&streamed, &len);
        assert_non_null(f);
        assert_true(cred__doc_json_stream(d, tokens, f));
        fclose(f);
        assert_string_equal(streamed, tree);
        free(tree);
        free(streamed);
    }
    cred_doc_free(d);
}

static void long_lines_collapse_at_every_position(void **state)
{
    /* double spaces and tabs at every offset modulo 8 (the scan works on
     * eight bytes at a time) */
    for (int k = 0; k < 9; k++) {
        char in[128], want[128];
        int n = snprintf(in, sizeof in, "T\n\n%.*sx  y\tz   w %.*sv", k, "abcdefghi", k, "abcdefghi");
        snprintf(want, sizeof want, "T\n\n%.*sx y z w %.*sv", k, "abcdefghi", k, "abcdefghi");
        cred_doc *d = NULL;
        cred_error err;
        assert_int_equal(cred_clean(*state, in, (size_t)n, NULL, &d, &err), CRED_OK);
        assert_string_equal(d->text, want);
        cred_doc_free(d);
    }
}

static void offsets_of_every_sentence_map_back(void **state)
{
    /* mojibake, an entity, a removed line and a repeat before the sentence:
     * its input span must still hold the same words */
    const char *in = "T\n\nThe caf\xc3\x83\xc2\xa9 &amp; bar opened on Monday in town.\n\n"
                     "Share on Facebook\n\nThe caf\xc3\x83\xc2\xa9 &amp; bar opened on Monday in town. "
                     "Owners said \xe2\x80\x9cwelcome\xe2\x80\x9d to all.";
    cred_doc *d = clean(state, in, NULL);
    const cred_sentence *last = &d->sentences[d->n_sentences - 1];
    cred_str s = cred_doc_slice(d, last->span);
    assert_memory_equal(s.p, "Owners said", 11);
    cred_span is = cred_doc_input_span(d, last->span);
    assert_memory_equal(in + is.start, "Owners said", 11);
    assert_int_equal(in[is.end - 1], '.');
    cred_doc_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(title_and_paragraphs),
        cmocka_unit_test(no_title),
        cmocka_unit_test(input_offsets_survive_removal),
        cmocka_unit_test(repeated_sentence_dropped_once),
        cmocka_unit_test(short_repeats_kept),
        cmocka_unit_test(inline_url_removed),
        cmocka_unit_test(empty_and_blank_input),
        cmocka_unit_test(limit_enforced),
        cmocka_unit_test(controls_and_crlf),
        cmocka_unit_test(whitespace_runs),
        cmocka_unit_test(json_stream_equals_tree),
        cmocka_unit_test(trailing_space_before_nbsp),
        cmocka_unit_test(long_lines_collapse_at_every_position),
        cmocka_unit_test(offsets_of_every_sentence_map_back),
    };
    return cmocka_run_group_tests_name("clean", tests, setup, teardown);
}
