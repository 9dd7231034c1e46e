/*
 * test_score_sources.c - outlet keys, reputation tables and the importers
 * (src/score/sources.c).  Every list here is invented: the real MBFC and
 * OpenSources files are only read by tests/t_score.sh when ../shared exists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "credence.h"

static cred_str S(const char *s) { return (cred_str){s, strlen(s)}; }

static void outlet_is(const char *url, const char *want)
{
    char k[256];
    cred_error err;
    assert_int_equal(cred_url_outlet(S(url), k, sizeof k, &err), CRED_OK);
    assert_string_equal(k, want);
}

static void url_normalization(void **state)
{
    (void)state;
    outlet_is("https://WWW.Example.COM/", "example.com");
    outlet_is("HTTP://www.example.com.:8080/News/Story?id=1#top", "example.com/news/story");
    outlet_is("example.com", "example.com");
    outlet_is("//cdn.example.com/a//b/", "cdn.example.com/a/b");
    outlet_is("http://user:pw@www2.example.org/x", "example.org/x");
    outlet_is("  http://bücher.example/  ", "bücher.example");
    outlet_is("newyorker.com/humor", "newyorker.com/humor");
    char k[16];
    cred_error err;
    assert_int_equal(cred_url_outlet(S("http:///path"), k, sizeof k, &err), CRED_EINVAL);
    assert_int_equal(cred_url_outlet(S(""), k, sizeof k, &err), CRED_EINVAL);
    assert_int_equal(cred_url_outlet(S("http://a b.com/"), k, sizeof k, &err), CRED_EINVAL);
    /* truncation keeps a NUL */
    assert_int_equal(cred_url_outlet(S("averyveryverylongdomain.example"), k, sizeof k, &err),
                     CRED_OK);
    assert_int_equal(strlen(k), sizeof k - 1);
}

static void dirty_labels(void **state)
{
    (void)state;
    assert_int_equal(cred_src_type_parse(S("fake ")), CRED_SRC_FAKE);
    assert_int_equal(cred_src_type_parse(S("Conspiracy")), CRED_SRC_CONSPIRACY);
    assert_int_equal(cred_src_type_parse(S("unrealiable")), CRED_SRC_UNRELIABLE);
    assert_int_equal(cred_src_type_parse(S(" unreliable")), CRED_SRC_UNRELIABLE);
    assert_int_equal(cred_src_type_parse(S("fake news")), CRED_SRC_FAKE);
    assert_int_equal(cred_src_type_parse(S("satirical")), CRED_SRC_SATIRE);
    assert_int_equal(cred_src_type_parse(S("Political")), CRED_SRC_POLITICAL);
    assert_int_equal(cred_src_type_parse(S("")), 0);
    assert_int_equal(cred_src_type_parse(S(" ")), 0);
    assert_int_equal(cred_src_type_parse(S("blog")), 0);
}

static const cred_outlet *find(const cred_outlets *t, const char *url)
{
    return cred_outlets_find(t, S(url));
}

static void tsv_and_lookup(void **state)
{
    (void)state;
    const char *tsv = "# comment\n"
                      "example-wire.test\thigh\twire,reliable\t-\n"
                      "mag.test/humor\tunknown\tsatire\t-\tmine\n"
                      "mag.test\thigh\treliable\tleft-center\n";
    cred_outlets *t = cred_outlets_new();
    cred_error err;
    assert_int_equal(cred_outlets_load(t, tsv, strlen(tsv), "t.tsv", &err), CRED_OK);
    assert_int_equal(cred_outlets_count(t), 3);
    const cred_outlet *o = find(t, "https://www.mag.test/humor/2017/a-joke");
    assert_non_null(o);
    assert_string_equal(o->key, "mag.test/humor");
    assert_true(o->types & CRED_SRC_SATIRE);
    assert_string_equal(o->origin, "mine");
    /* a path entry matches whole segments only */
    o = find(t, "https://mag.test/humorless-politics/x");
    assert_non_null(o);
    assert_string_equal(o->key, "mag.test");
    assert_string_equal(o->bias, "left-center");
    /* parent domain */
    o = find(t, "http://uk.example-wire.test/story");
    assert_non_null(o);
    assert_int_equal(o->fact, CRED_FACT_HIGH);
    /* unknown stays unknown: no parent match below two labels */
    assert_null(find(t, "http://unknown.test/"));
    assert_null(find(t, "http://wire.test/"));
    assert_null(find(t, "not a url at all/"));
    /* round trip */
    char *s;
    size_t n;
    assert_int_equal(cred_outlets_to_tsv(t, &s, &n, &err), CRED_OK);
    cred_outlets *t2 = cred_outlets_new();
    assert_int_equal(cred_outlets_load(t2, s, n, "round.tsv", &err), CRED_OK);
    assert_int_equal(cred_outlets_count(t2), 3);
    assert_string_equal(cred_outlets_at(t2, 0)->key, "example-wire.test");
    free(s);
    cred_outlets_free(t2);
    cred_outlets_free(t);
}

static void tsv_errors(void **state)
{
    (void)state;
    cred_outlets *t = cred_outlets_new();
    cred_error err;
    const char *bad1 = "a.test\thigh\n";
    assert_int_equal(cred_outlets_load(t, bad1, strlen(bad1), "x.tsv", &err), CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "x.tsv:1:"));
    const char *bad2 = "a.test\thigh\treliable\n\nb.test\tsuper\treliable\n";
    assert_int_equal(cred_outlets_load(t, bad2, strlen(bad2), "x.tsv", &err), CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "x.tsv:3:"));
    const char *bad3 = "c.test\tlow\tfake,weird\n";
    assert_int_equal(cred_outlets_load(t, bad3, strlen(bad3), "x.tsv", &err), CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "weird"));
    cred_outlets_free(t);
}

static void mbfc_import(void **state)
{
    (void)state;
    const char *mbfc = "source_url\tsource_url_normalized\tref\tfact\tbias\n"
                       "http://www.alpha.test/\talpha.test\thttp://ref/a\thigh\tcenter\n"
                       "https://beta.test\tbeta.test\thttp://ref/b\tlow\textreme-right\n"
                       "https://gamma.test\t\thttp://ref/c\tmixed\tleft\n"
                       "http://www.alpha.test\talpha.test\thttp://ref/a\tmixed\tcenter\n";
    cred_outlets *t = cred_outlets_new();
    cred_error err;
    size_t added = 0;
    assert_int_equal(cred_outlets_import(t, "mbfc", mbfc, strlen(mbfc), "m.tsv", &added, &err),
                     CRED_OK);
    assert_int_equal(added, 4);
    assert_int_equal(cred_outlets_count(t), 3); /* alpha repeated: merged */
    assert_int_equal(find(t, "alpha.test")->fact, CRED_FACT_MIXED); /* later wins */
    assert_int_equal(find(t, "gamma.test")->fact, CRED_FACT_MIXED);  /* from source_url */
    assert_string_equal(find(t, "beta.test")->origin, "mbfc");
    const char *notmbfc = "a\tb\n1\t2\n";
    assert_int_equal(cred_outlets_import(t, "mbfc", notmbfc, strlen(notmbfc), "n.tsv", NULL,
                                         &err),
                     CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "n.tsv:1:"));
    cred_outlets_free(t);
}

static void opensources_json(void **state)
{
    (void)state;
    /* repeated keys are merged, not lost; labels are dirty */
    const char *js = "{\n"
                     "  \"one.test\" : {\"type\" : \"fake \", \"2nd type\" : \"\", "
                     "\"3rd type\" : \"\", \"Source Notes (things to know?)\" : \"x\"},\n"
                     "  \"two.test/humor\" : {\"type\" : \"satirical\"},\n"
                     "  \"one.test\" : {\"type\" : \"Conspiracy\", \"2nd type\" : \"unrealiable\"},\n"
                     "  \"three.test\" : {\"type\" : \"\", \"notes\" : [1, {\"a\": null}]},\n"
                     "  \"caf\\u00e9.test\" : {\"type\" : \"bias\"}\n"
                     "}\n";
    cred_outlets *t = cred_outlets_new();
    cred_error err;
    size_t added = 0;
    assert_int_equal(cred_outlets_import(t, "opensources", js, strlen(js), "s.json", &added,
                                         &err),
                     CRED_OK);
    assert_int_equal(added, 4);                 /* three.test has no label */
    assert_int_equal(cred_outlets_count(t), 3); /* one.test twice */
    const cred_outlet *o = find(t, "http://one.test/");
    assert_non_null(o);
    assert_int_equal(o->types, CRED_SRC_FAKE | CRED_SRC_CONSPIRACY | CRED_SRC_UNRELIABLE);
    assert_null(find(t, "three.test"));
    assert_non_null(find(t, "café.test"));
    assert_null(find(t, "two.test"));
    assert_non_null(find(t, "two.test/humor/x"));
    const char *broken = "{\n \"a.test\" : {\"type\" : \"fake\"\n";
    assert_int_equal(cred_outlets_import(t, "opensources", broken, strlen(broken), "b.json",
                                         NULL, &err),
                     CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "b.json:"));
    cred_outlets_free(t);
}

static void opensources_csv(void **state)
{
    (void)state;
    const char *csv = ",type,2nd type,3rd type,Source Notes (things to know?),\n"
                      "one.test,bias,,,\"notes, with a comma and \"\"quotes\"\"\",\n"
                      "two.test,Political,unrealiable,,,\n"
                      "one.test,hate,,,,\n"
                      "\n"
                      "three.test/#articles,junksci,,,,\n";
    cred_outlets *t = cred_outlets_new();
    cred_error err;
    size_t added = 0;
    assert_int_equal(cred_outlets_import(t, "opensources", csv, strlen(csv), "s.csv", &added,
                                         &err),
                     CRED_OK);
    assert_int_equal(added, 4);
    assert_int_equal(find(t, "one.test")->types, CRED_SRC_BIAS | CRED_SRC_HATE);
    assert_int_equal(find(t, "two.test")->types, CRED_SRC_POLITICAL | CRED_SRC_UNRELIABLE);
    assert_int_equal(find(t, "three.test")->types, CRED_SRC_JUNKSCI);
    const char *open = "domain,type\na.test,\"fake\n";
    assert_int_equal(cred_outlets_import(t, "opensources", open, strlen(open), "o.csv", NULL,
                                         &err),
                     CRED_EFORMAT);
    assert_int_equal(cred_outlets_import(t, "bogus", csv, strlen(csv), "x", NULL, &err),
                     CRED_EINVAL);
    cred_outlets_free(t);
}

static void merge_across_lists(void **state)
{
    (void)state;
    const char *mbfc = "source_url\tsource_url_normalized\tref\tfact\tbias\n"
                       "x\tone.test\tr\tlow\tright\n";
    const char *js = "{\"one.test\": {\"type\": \"fake\"}}";
    cred_outlets *t = cred_outlets_new();
    cred_error err;
    assert_int_equal(cred_outlets_import(t, "opensources", js, strlen(js), "s", NULL, &err), 0);
    assert_int_equal(cred_outlets_import(t, "mbfc", mbfc, strlen(mbfc), "m", NULL, &err), 0);
    const cred_outlet *o = find(t, "one.test");
    assert_int_equal(o->fact, CRED_FACT_LOW);
    assert_int_equal(o->types, CRED_SRC_FAKE);
    assert_string_equal(o->bias, "right");
    assert_string_equal(o->origin, "opensources+mbfc");
    cred_outlets_free(t);
}

static void builtin_table(void **state)
{
    (void)state;
    cred_error err;
    cred_ctx *ctx = cred_ctx_new(NULL, &err);
    assert_non_null(ctx);
    const cred_outlets *b = cred_ctx_outlets(ctx);
    assert_true(cred_outlets_count(b) >= 20);
    const cred_outlet *o = cred_outlets_find(b, S("https://www.reuters.com/world/x"));
    assert_non_null(o);
    assert_true(o->types & CRED_SRC_WIRE);
    assert_string_equal(o->origin, "builtin");
    o = cred_outlets_find(b, S("https://www.newyorker.com/humor/borowitz-report/x"));
    assert_non_null(o);
    assert_true(o->types & CRED_SRC_SATIRE);
    o = cred_outlets_find(b, S("https://www.newyorker.com/news/x"));
    assert_non_null(o); /* the magazine itself */
    assert_int_equal(o->fact, CRED_FACT_HIGH);
    assert_null(cred_outlets_find(b, S("https://unknown-outlet.example/news/x")));
    cred_ctx_free(ctx);
}

/* The built-in table is our list plus the OpenSources import, ours first:
 * an OpenSources entry survives only where our list matches nothing. */
static void builtin_with_opensources(void **state)
{
    (void)state;
    cred_error err;
    cred_ctx *ctx = cred_ctx_new(NULL, &err);
    assert_non_null(ctx);
    const cred_outlets *b = cred_ctx_outlets(ctx);
    assert_true(cred_outlets_count(b) >= 1000);
    const cred_outlet *o = cred_outlets_find(b, S("https://www.nytimes.com/2020/01/01/x.html"));
    assert_non_null(o);
    assert_int_equal(o->fact, CRED_FACT_HIGH);
    o = cred_outlets_find(b, S("https://www.infowars.com/x"));
    assert_non_null(o);
    assert_int_equal(o->fact, CRED_FACT_LOW);
    assert_true(o->types & CRED_SRC_CONSPIRACY);
    assert_string_equal(o->origin, "builtin");
    o = cred_outlets_find(b, S("http://21stcenturywire.com/a"));
    assert_non_null(o);
    assert_string_equal(o->origin, "opensources");
    /* OpenSources also lists breitbart.com (political, unreliable, bias):
     * our entry replaces it whole, types included. */
    o = cred_outlets_find(b, S("breitbart.com"));
    assert_non_null(o);
    assert_string_equal(o->origin, "builtin");
    assert_int_equal(o->fact, CRED_FACT_MIXED);
    assert_false(o->types & CRED_SRC_UNRELIABLE);
    /* no entry of the import under a domain of ours survives */
    size_t n = cred_outlets_count(b), ours = 0;
    for (size_t i = 0; i < n; i++) {
        const cred_outlet *e = cred_outlets_at(b, i);
        if (!strcmp(e->origin, "builtin")) {
            ours++;
            continue;
        }
        assert_string_equal(e->origin, "opensources");
        const char *dot = strchr(e->key, '.');
        assert_non_null(dot);
        const cred_outlet *parent = cred_outlets_find(b, (cred_str){dot + 1, strlen(dot + 1)});
        assert_true(!parent || strcmp(parent->origin, "builtin"));
    }
    assert_true(ours >= 300);
    cred_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(url_normalization), cmocka_unit_test(dirty_labels),
        cmocka_unit_test(tsv_and_lookup),    cmocka_unit_test(tsv_errors),
        cmocka_unit_test(mbfc_import),       cmocka_unit_test(opensources_json),
        cmocka_unit_test(opensources_csv),   cmocka_unit_test(merge_across_lists),
        cmocka_unit_test(builtin_table),     cmocka_unit_test(builtin_with_opensources),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
