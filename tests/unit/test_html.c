/*
 * test_html.c - HTML pages (src/html/): extraction, offsets back into the
 * page, metadata, the article score, charsets and hostile pages, through
 * the public API (cred_extract, cred_clean with HTML, cred_looks_like_html).
 * Every page here is written for the test; none is copied from a site.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credence.h"

static int setup(void **state)
{
    cred_error err;
    *state = cred_ctx_new(NULL, &err);
    if (!*state)
        fprintf(stderr, "context: %s\n", err.msg);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    cred_ctx_free(*state);
    return 0;
}

static cred_article *extract_n(void **state, const char *in, size_t n)
{
    cred_article *a = NULL;
    cred_error err = {0};
    cred_status st = cred_extract(*state, in, n, NULL, &a, &err);
    if (st)
        fprintf(stderr, "extract: %s\n", err.msg);
    assert_int_equal(st, CRED_OK);
    assert_non_null(a);
    return a;
}

static cred_article *extract(void **state, const char *in)
{
    return extract_n(state, in, strlen(in));
}

static bool has(const cred_doc *d, const char *s) { return strstr(d->text, s) != NULL; }

static bool str_is(cred_str s, const char *lit)
{
    return s.p && s.n == strlen(lit) && !memcmp(s.p, lit, s.n);
}

/* An invented news page with every kind of furniture around the story. */
static const char news_page[] =
    "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\">\n"
    "<title>Harbour bridge reopens after repairs | The Tidewater Gazette</title>\n"
    "<meta property=\"og:site_name\" content=\"The Tidewater Gazette\">\n"
    "<meta property=\"og:type\" content=\"article\">\n"
    "<meta name=\"author\" content=\"The Tidewater Gazette\">\n"
    "<meta property=\"article:published_time\" content=\"2024-03-02T08:00:00Z\">\n"
    "<meta property=\"article:section\" content=\"Local\">\n"
    "<meta name=\"description\" content=\"The old bridge carries traffic again.\">\n"
    "<link rel=\"canonical\" href=\"https://tidewater.example/local/bridge-reopens\">\n"
    "<script>var tracking = \"<p>not text</p>\";</script><style>p{color:red}</style>\n"
    "</head><body>\n"
    "<header class=\"site-header\"><nav><a href=\"/\">Home</a> <a href=\"/local\">Local</a>"
    " <a href=\"/sport\">Sport</a></nav></header>\n"
    "<div class=\"share-bar\"><a href=\"#\">Share on Facebook</a> <a href=\"#\">Tweet</a></div>\n"
    "<main><article>\n"
    "<h1>Harbour bridge reopens after repairs</h1>\n"
    "<p class=\"byline\">By Mara Quill</p>\n"
    "<p>The harbour bridge reopened on Saturday after eight months of repairs, the council "
    "said, and the first buses crossed it shortly after dawn.</p>\n"
    "<figure><img src=\"b.jpg\"><figcaption>The bridge at dawn. Photo: Council</figcaption>"
    "</figure>\n"
    "<p>Engineers replaced the deck, the railings and most of the cables, which had rusted "
    "through in places, according to the council&rsquo;s report.</p>\n"
    "<div class=\"ad-slot\">Advertisement</div>\n"
    "<h2>What changes for drivers</h2>\n"
    "<p>Lorries over twelve tonnes will still use the ring road, at least until the "
    "summer, when a second inspection is due.</p>\n"
    "<blockquote><p>We are proud of the crews, who worked through a cold winter, nights "
    "included.</p></blockquote>\n"
    "<ul class=\"related-links\"><li><a href=\"/a\">Ferry timetable changes</a></li>"
    "<li><a href=\"/b\">Council budget approved</a></li></ul>\n"
    "</article></main>\n"
    "<section id=\"comments\"><h3>Comments</h3><p>First! This is a long comment that "
    "should never be in the article text, whatever happens.</p></section>\n"
    "<footer><p>Copyright 2024 The Tidewater Gazette. All rights reserved.</p></footer>\n"
    "</body></html>\n";

static void news_body_and_furniture(void **state)
{
    cred_article *a = extract(state, news_page);
    const cred_doc *d = a->doc;
    assert_true(d->has_title);
    cred_str title = cred_doc_slice(d, d->title);
    assert_int_equal(title.n, strlen("Harbour bridge reopens after repairs"));
    assert_memory_equal(title.p, "Harbour bridge reopens after repairs", title.n);
    assert_true(has(d, "The harbour bridge reopened on Saturday"));
    assert_true(has(d, "council\xE2\x80\x99s report")); /* &rsquo; decoded */
    assert_true(has(d, "What changes for drivers"));
    assert_true(has(d, "We are proud of the crews"));
    assert_false(has(d, "Share on Facebook"));
    assert_false(has(d, "Home"));
    assert_false(has(d, "Photo: Council"));
    assert_false(has(d, "Advertisement"));
    assert_false(has(d, "Ferry timetable"));
    assert_false(has(d, "First!"));
    assert_false(has(d, "Copyright"));
    assert_false(has(d, "not text"));
    assert_false(has(d, "By Mara Quill"));
    /* the h1 repeats the title: not a body paragraph */
    assert_true(d->n_paragraphs >= 4);
    cred_str p0 = cred_doc_slice(d, d->paragraphs[0].span);
    assert_memory_equal(p0.p, "The harbour bridge", 18);
    cred_article_free(a);
}

static void news_metadata(void **state)
{
    cred_article *a = extract(state, news_page);
    assert_true(str_is(a->title, "Harbour bridge reopens after repairs"));
    assert_true(str_is(a->site_name, "The Tidewater Gazette"));
    assert_true(str_is(a->canonical_url, "https://tidewater.example/local/bridge-reopens"));
    assert_true(str_is(a->language, "en-GB"));
    assert_true(str_is(a->published, "2024-03-02T08:00:00Z"));
    assert_true(str_is(a->section, "Local"));
    assert_true(str_is(a->description, "The old bridge carries traffic again."));
    assert_null(a->modified.p);
    /* <meta name=author> is the site itself: rejected; the byline element wins */
    assert_int_equal(a->n_authors, 1);
    assert_true(str_is(a->authors[0], "Mara Quill"));
    assert_true(str_is(a->byline, "Mara Quill"));
    assert_true(str_is(a->charset, "utf-8"));
    assert_string_equal(a->charset_source, "meta");
    assert_true(a->is_article);
    assert_true(a->article_score > 0.8);
    bool og = false;
    for (size_t i = 0; i < a->n_reasons; i++)
        if (!strcmp(a->reasons[i].name, "og-type-article"))
            og = a->reasons[i].weight > 0;
    assert_true(og);
    cred_article_free(a);
}

static void offsets_point_into_the_page(void **state)
{
    cred_article *a = extract(state, news_page);
    const cred_doc *d = a->doc;
    /* a plain word */
    const char *w = strstr(d->text, "Engineers");
    size_t at = (size_t)(w - d->text);
    cred_span in = cred_doc_input_span(d, (cred_span){at, at + 9});
    assert_int_equal(in.end - in.start, 9);
    assert_memory_equal(news_page + in.start, "Engineers", 9);
    /* an entity-decoded character maps to the whole reference */
    const char *q = strstr(d->text, "council\xE2\x80\x99s");
    at = (size_t)(q - d->text) + 7;
    in = cred_doc_input_span(d, (cred_span){at, at + 3});
    assert_int_equal(in.end - in.start, strlen("&rsquo;"));
    assert_memory_equal(news_page + in.start, "&rsquo;", 7);
    /* and it is reported as an entity edit */
    bool found = false;
    for (size_t i = 0; i < d->n_edits; i++)
        if (d->edits[i].kind == CRED_EDIT_ENTITY && d->edits[i].input.start == in.start)
            found = true;
    assert_true(found);
    /* the title maps into <title> */
    in = cred_doc_input_span(d, d->title);
    assert_memory_equal(news_page + in.start, "Harbour bridge", 14);
    cred_article_free(a);
}

static void jsonld_metadata_and_body(void **state)
{
    const char *page =
        "<html><head><title>Owls are back at the mill - Example</title>"
        "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":["
        "{\"@type\":\"WebSite\",\"name\":\"Example\"},"
        "{\"@type\":\"NewsArticle\",\"headline\":\"Owls return to the old mill\","
        "\"datePublished\":\"2023-11-05\",\"dateModified\":\"2023-11-06\","
        "\"author\":[{\"@type\":\"Person\",\"name\":\"Ana Brook\"},{\"name\":\"Li Wen\"},"
        "{\"name\":\"Owl Weekly\"}],"
        "\"publisher\":{\"@type\":\"Organization\",\"name\":\"Owl Weekly\"},"
        "\"articleSection\":[\"Nature\"],\"inLanguage\":\"en\","
        "\"articleBody\":\"Barn owls have nested in the old mill again after ten years away. "
        "Volunteers counted four chicks in the loft this spring, and the trust that owns the "
        "mill has closed the loft to visitors until the autumn. The birds hunt over the water "
        "meadows at dusk, where voles are plentiful this year.\"}]}</script>"
        "</head><body><div class=\"teasers\"><div class=\"teaser\"><p>Other story one has "
        "quite a few words in it, but it is a teaser, not the article.</p></div></div>"
        "<div class=\"x1\"><div class=\"x2\"><p>Barn owls have nested in the old mill again "
        "after ten years away.</p><p>Volunteers counted four chicks in the loft this spring, "
        "and the trust that owns the mill has closed the loft to visitors until the autumn."
        "</p><p>The birds hunt over the water meadows at dusk, where voles are plentiful "
        "this year.</p></div></div></body></html>";
    cred_article *a = extract(state, page);
    assert_string_equal(a->extraction, "json-ld");
    assert_true(has(a->doc, "Barn owls have nested"));
    assert_true(has(a->doc, "voles are plentiful"));
    assert_false(has(a->doc, "Other story one"));
    assert_true(str_is(a->published, "2023-11-05"));
    assert_true(str_is(a->modified, "2023-11-06"));
    assert_true(str_is(a->site_name, "Owl Weekly"));
    assert_true(str_is(a->section, "Nature"));
    assert_int_equal(a->n_authors, 2); /* "Owl Weekly" is the publisher */
    assert_true(str_is(a->authors[0], "Ana Brook"));
    assert_true(str_is(a->authors[1], "Li Wen"));
    assert_true(str_is(a->byline, "Ana Brook and Li Wen"));
    /* <title> minus " - Example" (the short tail after a long head) */
    assert_true(str_is(a->title, "Owls are back at the mill"));
    cred_article_free(a);
}

static void relative_canonical(void **state)
{
    cred_article *a = extract(state, "<html><head><link rel=\"canonical\" href=\"/news/x\">"
                                     "<meta property=\"og:url\" content=\"https://a.example/"
                                     "news/x?utm=1\"></head><body><p>Text.</p></body></html>");
    assert_true(str_is(a->canonical_url, "https://a.example/news/x"));
    cred_article_free(a);
}

static void byline_cleanup(void **state)
{
    cred_article *a = extract(state,
                              "<html><head><meta name=\"author\" content=\"BY: Jane Roe, "
                              "November 18, 2019 for Example.com\">"
                              "<meta property=\"article:published_time\" "
                              "content=\"0001-01-01T00:00:00Z\"></head><body>"
                              "<p>Some text here.</p></body></html>");
    assert_int_equal(a->n_authors, 1);
    assert_true(str_is(a->authors[0], "Jane Roe"));
    assert_null(a->published.p); /* a placeholder date is no date */
    cred_article_free(a);
}

static void empty_body_is_not_an_article(void **state)
{
    /* every metadata signal says "article", but there is no text */
    cred_article *a = extract(state,
                              "<html><head><meta property=\"og:type\" content=\"article\">"
                              "<meta name=\"author\" content=\"Jane Roe\">"
                              "<meta property=\"article:published_time\" content=\"2024-01-02\">"
                              "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}"
                              "</script></head><body><article></article></body></html>");
    assert_false(a->is_article);
    assert_int_equal(a->doc->n_paragraphs, 0);
    cred_article_free(a);
}

static void listing_page_is_not_an_article(void **state)
{
    char page[8192];
    size_t k = (size_t)snprintf(page, sizeof page,
                                "<html><head><title>Front page</title>"
                                "<meta property=\"og:type\" content=\"website\"></head><body>");
    for (int i = 0; i < 12; i++)
        k += (size_t)snprintf(page + k, sizeof page - k,
                              "<div class=\"card\"><h3><a href=\"/s%d\">Headline number %d "
                              "about things</a></h3><a href=\"/s%d\">Read more</a></div>",
                              i, i, i);
    snprintf(page + k, sizeof page - k, "</body></html>");
    cred_article *a = extract(state, page);
    assert_false(a->is_article);
    assert_true(a->article_score < 0.5);
    cred_article_free(a);
}

static void clean_accepts_html(void **state)
{
    const char *page = "<!doctype html><html><head><title>A title here</title></head><body>"
                       "<article><p>One paragraph of text, with a comma, long enough to be "
                       "the article.</p></article></body></html>";
    cred_doc *d = NULL;
    cred_error err;
    cred_clean_opts o;
    cred_clean_opts_init(&o); /* format AUTO */
    assert_int_equal(cred_clean(*state, page, strlen(page), &o, &d, &err), CRED_OK);
    assert_string_equal(d->text, "A title here\n\nOne paragraph of text, with a comma, long "
                                 "enough to be the article.");
    cred_doc_free(d);
    o.format = CRED_FORMAT_TEXT; /* the markup stays text */
    assert_int_equal(cred_clean(*state, page, strlen(page), &o, &d, &err), CRED_OK);
    assert_non_null(strstr(d->text, "<article>"));
    cred_doc_free(d);
    /* binary data with format HTML falls back to text in cred_clean */
    o.format = CRED_FORMAT_HTML;
    const char bin[] = "\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11 abc";
    assert_int_equal(cred_clean(*state, bin, sizeof bin - 1, &o, &d, &err), CRED_OK);
    cred_doc_free(d);
}

static void sniffing(void **state)
{
    (void)state;
    assert_true(cred_looks_like_html("<!DOCTYPE html><p>x", 19));
    assert_true(cred_looks_like_html("\xEF\xBB\xBF  <html>", 11));
    assert_true(cred_looks_like_html("<div>a</div><p>b</p><span>c</span><p>d", 39));
    assert_false(cred_looks_like_html("Plain text <b>with</b> a tag", 28));
    assert_false(cred_looks_like_html("", 0));
    assert_false(cred_looks_like_html("<3 you", 6));
}

/* ---- charsets ----------------------------------------------------------------- */

static void declared_legacy_charset(void **state)
{
    /* windows-1251: "Привет" is CF F0 E8 E2 E5 F2 */
    const char page[] = "<html><head><meta charset=\"windows-1251\"><title>\xCF\xF0\xE8\xE2"
                        "\xE5\xF2</title></head><body><p>\xCF\xF0\xE8\xE2\xE5\xF2, world, "
                        "this is a paragraph.</p></body></html>";
    cred_article *a = extract_n(state, page, sizeof page - 1);
    assert_true(str_is(a->title, "Привет"));
    assert_true(has(a->doc, "Привет, world"));
    assert_true(str_is(a->charset, "windows-1251"));
    /* offsets are bytes of the original: "Привет" in the body is 6 bytes */
    const char *p = strstr(a->doc->text + a->doc->paragraphs[0].span.start, "Привет");
    size_t at = (size_t)(p - a->doc->text);
    cred_span in = cred_doc_input_span(a->doc, (cred_span){at, at + strlen("Привет")});
    assert_int_equal(in.end - in.start, 6);
    assert_memory_equal(page + in.start, "\xCF\xF0\xE8\xE2\xE5\xF2", 6);
    cred_article_free(a);
}

static void http_equiv_and_wrong_charset(void **state)
{
    /* says ISO-8859-1 via http-equiv, is really UTF-8: UTF-8 wins */
    const char page[] = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
                        "charset=ISO-8859-2\"><title>Caf\xC3\xA9 cr\xC3\xA8me</title></head>"
                        "<body><p>Un caf\xC3\xA9, d\xC3\xA9j\xC3\xA0 servi.</p></body></html>";
    cred_article *a = extract_n(state, page, sizeof page - 1);
    assert_true(str_is(a->title, "Café crème"));
    assert_true(has(a->doc, "Un café, déjà servi."));
    assert_string_equal(a->charset_source, "override");
    cred_article_free(a);
    /* says UTF-8, has Latin-1 bytes: per-byte Windows-1252 fallback */
    const char p2[] = "<html><head><meta charset=utf-8><title>Caf\xE9</title></head>"
                      "<body><p>\x93Quoted\x94 caf\xE9 text.</p></body></html>";
    a = extract_n(state, p2, sizeof p2 - 1);
    assert_true(str_is(a->title, "Café"));
    assert_true(has(a->doc, "\xE2\x80\x9CQuoted\xE2\x80\x9D café text."));
    cred_article_free(a);
}

static void utf16_bom(void **state)
{
    const char *ascii = "<html><head><title>Wide</title></head><body><p>Sixteen bit "
                        "text, fine.</p></body></html>";
    size_t n = strlen(ascii);
    char *page = malloc(2 + 2 * n);
    page[0] = (char)0xFF, page[1] = (char)0xFE;
    for (size_t i = 0; i < n; i++)
        page[2 + 2 * i] = ascii[i], page[3 + 2 * i] = 0;
    cred_article *a = extract_n(state, page, 2 + 2 * n);
    assert_true(str_is(a->title, "Wide"));
    assert_true(has(a->doc, "Sixteen bit text, fine."));
    assert_string_equal(a->charset_source, "bom");
    /* "Sixteen" maps to 14 bytes of UTF-16 */
    const char *p = strstr(a->doc->text, "Sixteen");
    size_t at = (size_t)(p - a->doc->text);
    cred_span in = cred_doc_input_span(a->doc, (cred_span){at, at + 7});
    assert_int_equal(in.end - in.start, 14);
    cred_article_free(a);
    free(page);
}

/* ---- hostile pages ---------------------------------------------------------- */

static void truncated_and_unclosed(void **state)
{
    const char *cut = "<html><head><title>Cut short</title></head><body><article><p>The "
                      "first paragraph is whole, with a comma, and long enough.</p><p>The "
                      "second one stops in the mid";
    cred_article *a = extract(state, cut);
    assert_true(has(a->doc, "The first paragraph is whole"));
    assert_true(has(a->doc, "The second one stops in the mid"));
    cred_article_free(a);
    const char *unclosed = "<html><body><div><p>Unclosed paragraph one, with enough words "
                           "to count as text<p>And paragraph two, also with a comma<div><b>"
                           "<i>bold italic never closed<table><tr><td>cell";
    a = extract(state, unclosed);
    assert_true(has(a->doc, "Unclosed paragraph one"));
    cred_article_free(a);
    /* a tag cut inside an attribute, an entity cut short */
    const char *mid = "<p>Text before the cut, long enough to matter &am";
    a = extract(state, mid);
    assert_non_null(a->doc);
    cred_article_free(a);
    a = extract(state, "<p class=\"unterminated");
    cred_article_free(a);
    a = extract(state, "");
    assert_int_equal(a->doc->text_len, 0);
    cred_article_free(a);
}

static void ten_megabyte_page(void **state)
{
    size_t n = 0, cap = 10u << 20;
    char *page = malloc(cap + 256);
    n += (size_t)snprintf(page, 256, "<html><head><title>Huge</title></head><body>");
    for (unsigned i = 0; n + 128 < cap; i++) /* numbered: not repeats */
        n += (size_t)snprintf(page + n, 128,
                              "<p>Paragraph %u of a very long page, with a comma.</p>\n", i);
    cred_article *a = extract_n(state, page, n);
    assert_true(a->doc->n_paragraphs > 1000);
    cred_article_free(a);
    free(page);
}

static char *nested(const char *open, size_t depth, const char *mid, size_t *n)
{
    size_t ol = strlen(open), ml = strlen(mid);
    char *p = malloc(depth * ol + ml + 1);
    for (size_t i = 0; i < depth; i++)
        memcpy(p + i * ol, open, ol);
    memcpy(p + depth * ol, mid, ml + 1);
    *n = depth * ol + ml;
    return p;
}

static void deep_nesting(void **state)
{
    size_t n;
    char *page = nested("<div>", 10000, "<p>Deep inside ten thousand divs, still found.</p>", &n);
    cred_article *a = extract_n(state, page, n);
    assert_true(has(a->doc, "Deep inside ten thousand divs"));
    cred_article_free(a);
    free(page);
    /* far deeper: a clear error, not a crash or a hang */
    page = nested("<span>", 200000, "x", &n);
    cred_error err = {0};
    assert_int_equal(cred_extract(*state, page, n, NULL, &a, &err), CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "nested"));
    assert_non_null(strstr(err.msg, "byte "));
    free(page);
    /* 200,000 attributes on one tag */
    page = nested(" a=1", 200000, ">x</div>", &n);
    memcpy(page, "<div", 4);
    assert_int_equal(cred_extract(*state, page, n, NULL, &a, &err), CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "attributes"));
    free(page);
}

static void binary_data(void **state)
{
    unsigned char bin[4096];
    uint32_t x = 12345;
    for (size_t i = 0; i < sizeof bin; i++) {
        x = x * 1103515245u + 12345u;
        bin[i] = (unsigned char)(x >> 16);
    }
    cred_article *a = NULL;
    cred_error err = {0};
    assert_int_equal(cred_extract(*state, (const char *)bin, sizeof bin, NULL, &a, &err),
                     CRED_EFORMAT);
    assert_null(a);
    assert_non_null(strstr(err.msg, "binary"));
}

static void too_big(void **state)
{
    cred_clean_opts o;
    cred_clean_opts_init(&o);
    o.max_input = 10;
    cred_article *a = NULL;
    cred_error err = {0};
    assert_int_equal(cred_extract(*state, "<p>more than ten bytes</p>", 26, &o, &a, &err),
                     CRED_ETOOBIG);
}

static void json_output(void **state)
{
    cred_article *a = extract(state, news_page);
    char *s = NULL;
    cred_error err;
    assert_int_equal(cred_article_to_json(a, 0, &s, &err), CRED_OK);
    assert_non_null(strstr(s, "\"title\":\"Harbour bridge reopens after repairs\""));
    assert_non_null(strstr(s, "\"authors\":[\"Mara Quill\"]"));
    assert_non_null(strstr(s, "\"is_article\":{\"score\":"));
    assert_non_null(strstr(s, "\"modified\":null"));
    free(s);
    cred_article_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(news_body_and_furniture),
        cmocka_unit_test(news_metadata),
        cmocka_unit_test(offsets_point_into_the_page),
        cmocka_unit_test(jsonld_metadata_and_body),
        cmocka_unit_test(relative_canonical),
        cmocka_unit_test(byline_cleanup),
        cmocka_unit_test(empty_body_is_not_an_article),
        cmocka_unit_test(listing_page_is_not_an_article),
        cmocka_unit_test(clean_accepts_html),
        cmocka_unit_test(sniffing),
        cmocka_unit_test(declared_legacy_charset),
        cmocka_unit_test(http_equiv_and_wrong_charset),
        cmocka_unit_test(utf16_bom),
        cmocka_unit_test(truncated_and_unclosed),
        cmocka_unit_test(ten_megabyte_page),
        cmocka_unit_test(deep_nesting),
        cmocka_unit_test(binary_data),
        cmocka_unit_test(too_big),
        cmocka_unit_test(json_output),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
