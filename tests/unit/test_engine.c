/*
 * test_engine.c - the engine (src/engine/engine.c, credence/engine.h):
 * options and errors, the model search (a warning, never silence), one
 * request (text and HTML), brief vs full JSON built without deleting keys,
 * the stamp, batches in input order whatever the thread count, the JSONL
 * protocol (BOM, blank lines, echoed fields, bad lines), CSV/TSV rows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credence.h"

static const char ARTICLE[] =
    "Council approves new budget for city libraries\n\n"
    "The city council voted 7-2 on Tuesday to approve a $4.1 million budget for the "
    "public library system, council member Ana Ruiz said after the meeting. The plan "
    "adds weekend hours at three branches and funds 12 new staff positions, according "
    "to the budget office. \"Residents asked for this for years,\" Ruiz said. Finance "
    "director Tom Okafor said the money comes from a reserve fund set aside in 2023.\n";

static cred_engine *engine(const char *const *sets, size_t n_sets)
{
    cred_engine_opts o;
    cred_engine_opts_init(&o);
    o.no_model = 1;
    o.settings = sets;
    o.n_settings = n_sets;
    cred_error err = {0};
    cred_engine *e = cred_engine_new(&o, &err);
    assert_non_null(e);
    return e;
}

static char *run_json(const cred_engine *e, const char *text, unsigned flags)
{
    cred_request r;
    cred_request_init(&r);
    r.data = text;
    r.n = strlen(text);
    cred_result *res = NULL;
    cred_error err = {0};
    assert_int_equal(cred_engine_run(e, &r, &res, &err), CRED_OK);
    assert_non_null(cred_result_verdict(res));
    assert_null(cred_result_error(res));
    char *s = NULL;
    assert_int_equal(cred_result_to_json(res, flags, &s, &err), CRED_OK);
    cred_result_free(res);
    return s;
}

static void test_opts_init_and_defaults(void **state)
{
    (void)state;
    cred_engine_opts o;
    memset(&o, 0xff, sizeof o);
    cred_engine_opts_init(&o);
    for (size_t i = 0; i < sizeof o.reserved / sizeof o.reserved[0]; i++)
        assert_null(o.reserved[i]);
    assert_null(o.claims_path);
    cred_request r;
    memset(&r, 0xff, sizeof r);
    cred_request_init(&r);
    assert_null(r.data);
    assert_int_equal(r.format, CRED_FORMAT_AUTO);
}

static void test_bad_setting_and_files(void **state)
{
    (void)state;
    cred_error err = {0};
    cred_engine_opts o;
    cred_engine_opts_init(&o);
    o.no_model = 1;
    const char *bad[] = {"NOPE=1"};
    o.settings = bad;
    o.n_settings = 1;
    assert_null(cred_engine_new(&o, &err));
    assert_int_equal(err.code, CRED_EINVAL);
    const char *nonum[] = {"SHOUTING=x"};
    o.settings = nonum;
    assert_null(cred_engine_new(&o, &err));
    assert_non_null(strstr(err.msg, "not NAME=NUMBER"));
    o.n_settings = 0;
    o.model_path = "/nonexistent/dir/x.model";
    o.no_model = 0;
    assert_null(cred_engine_new(&o, &err));
    assert_int_equal(err.code, CRED_EIO);
    assert_non_null(strstr(err.msg, "/nonexistent/dir/x.model"));
    o.model_path = NULL;
    o.no_model = 1;
    const char *cfgs[] = {"/nonexistent/cfg.tsv"};
    o.config_paths = cfgs;
    o.n_config_paths = 1;
    assert_null(cred_engine_new(&o, &err));
    assert_int_equal(err.code, CRED_EIO);
    o.n_config_paths = 0;
    o.sources_path = "/nonexistent/sources.tsv";
    assert_null(cred_engine_new(&o, &err));
    assert_int_equal(err.code, CRED_EIO);
}

/* No model anywhere: a warning naming where it looked, never silence; the
 * working directory is not searched. */
static void test_model_missing_is_a_warning(void **state)
{
    (void)state;
    cred_engine_opts o;
    cred_engine_opts_init(&o);
    o.program_dir = "/nonexistent/prog/bin";
    unsetenv("CREDENCE_MODEL");
    cred_error err = {0};
    cred_engine *e = cred_engine_new(&o, &err);
    assert_non_null(e);
    size_t n = 0;
    const char *const *w = cred_engine_warnings(e, &n);
    if (cred_engine_model(e)) { /* an installed model under PREFIX: found there */
        assert_int_equal(n, 0);
    } else {
        assert_int_equal(n, 1);
        assert_non_null(strstr(w[0], "no article model found"));
        assert_non_null(strstr(w[0], "/nonexistent/prog/share/credence/models/score-article.model"));
        assert_null(strstr(w[0], "(looked in ./"));
    }
    cred_engine_free(e);
    o.no_model = 1;
    e = cred_engine_new(&o, &err);
    assert_non_null(e);
    cred_engine_warnings(e, &n);
    assert_int_equal(n, 0);
    assert_null(cred_engine_model(e));
    cred_engine_free(e);
}

static void test_run_brief_and_stamp(void **state)
{
    (void)state;
    cred_engine *e = engine(NULL, 0);
    char *full = run_json(e, ARTICLE, 0), *brief = run_json(e, ARTICLE, CRED_JSON_BRIEF);
    json_t *f = json_loads(full, 0, NULL), *b = json_loads(brief, 0, NULL);
    assert_non_null(f);
    assert_non_null(b);
    assert_non_null(json_object_get(f, "analysis"));
    assert_null(json_object_get(b, "analysis"));
    assert_null(json_object_get(b, "text"));
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(b, "signals"), i, s) assert_null(json_object_get(s, "evidence"));
    assert_true(json_array_size(json_object_get(b, "signals")) > 0);
    /* brief = full minus those keys, the rest equal and in the same order */
    json_object_del(f, "analysis");
    json_object_del(f, "text");
    json_array_foreach(json_object_get(f, "signals"), i, s) json_object_del(s, "evidence");
    assert_true(json_equal(f, b));
    /* the stamp */
    json_t *st = json_object_get(b, "stamp");
    assert_true(json_is_object(st));
    assert_string_equal(json_string_value(json_object_get(st, "version")), cred_version());
    assert_true(json_is_null(json_object_get(st, "model")));
    assert_int_equal(strlen(json_string_value(json_object_get(st, "config"))), 16);
    assert_int_equal(strlen(json_string_value(json_object_get(st, "outlets"))), 16);
    /* the stamp is the last key */
    assert_non_null(strstr(brief, ",\"stamp\":{\"version\":"));
    assert_int_equal(brief[strlen(brief) - 1], '}');
    assert_int_equal(brief[strlen(brief) - 2], '}');
    json_decref(f);
    json_decref(b);
    free(full);
    free(brief);
    cred_engine_free(e);
}

/* A setting changes the config hash; the same settings give the same one. */
static void test_stamp_config_hash(void **state)
{
    (void)state;
    const char *set[] = {"SHOUTING=-0.5"};
    cred_engine *a = engine(NULL, 0), *b = engine(set, 1), *c = engine(set, 1);
    char *sa, *sb, *sc;
    assert_int_equal(cred_engine_stamp_json(a, &sa, NULL), CRED_OK);
    assert_int_equal(cred_engine_stamp_json(b, &sb, NULL), CRED_OK);
    assert_int_equal(cred_engine_stamp_json(c, &sc, NULL), CRED_OK);
    assert_string_not_equal(sa, sb);
    assert_string_equal(sb, sc);
    free(sa);
    free(sb);
    free(sc);
    cred_engine_free(a);
    cred_engine_free(b);
    cred_engine_free(c);
}

static void test_html_is_sniffed(void **state)
{
    (void)state;
    cred_engine *e = engine(NULL, 0);
    const char *page = "<!DOCTYPE html><html><head><title>Budget</title>"
                       "<link rel=\"canonical\" href=\"https://www.bbc.co.uk/news/x\"></head>"
                       "<body><article><h1>Council approves budget</h1><p>The city council "
                       "voted on Tuesday to approve the library budget, officials said.</p>"
                       "</article></body></html>";
    cred_request r;
    cred_request_init(&r);
    r.data = page;
    r.n = strlen(page);
    cred_result *res = NULL;
    assert_int_equal(cred_engine_run(e, &r, &res, NULL), CRED_OK);
    assert_non_null(cred_result_article(res));
    assert_string_equal(cred_result_verdict(res)->outlet, "bbc.co.uk");
    cred_result_free(res);
    r.format = CRED_FORMAT_TEXT; /* the format given wins */
    assert_int_equal(cred_engine_run(e, &r, &res, NULL), CRED_OK);
    assert_null(cred_result_article(res));
    cred_result_free(res);
    cred_engine_free(e);
}

typedef struct collect {
    char *out[16];
    size_t n, index[16];
} collect;

static int collect_fn(void *user, size_t i, const cred_result *r)
{
    collect *c = user;
    cred_result_to_json(r, CRED_JSON_BRIEF, &c->out[c->n], NULL);
    c->index[c->n++] = i;
    return 0;
}

static void collect_free(collect *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->out[i]);
}

static void test_batch_order_any_threads(void **state)
{
    (void)state;
    cred_engine *e = engine(NULL, 0);
    cred_request reqs[6];
    const char *texts[6] = {ARTICLE, "Short one.", "", "SHOCKING!!! You won't believe it!!!",
                            ARTICLE + 47, "Another text about the weather today."};
    for (int i = 0; i < 6; i++) {
        cred_request_init(&reqs[i]);
        reqs[i].data = texts[i];
        reqs[i].n = strlen(texts[i]);
    }
    collect one = {0}, four = {0};
    size_t failed = 9;
    assert_int_equal(cred_engine_batch(e, reqs, 6, 1, collect_fn, &one, &failed, NULL), CRED_OK);
    assert_int_equal(failed, 0);
    assert_int_equal(cred_engine_batch(e, reqs, 6, 4, collect_fn, &four, &failed, NULL), CRED_OK);
    assert_int_equal(one.n, 6);
    assert_int_equal(four.n, 6);
    for (size_t i = 0; i < 6; i++) {
        assert_int_equal(one.index[i], i);
        assert_int_equal(four.index[i], i);
        assert_string_equal(one.out[i], four.out[i]);
    }
    /* the same as one request at a time */
    char *single = run_json(e, ARTICLE, CRED_JSON_BRIEF);
    assert_string_equal(single, one.out[0]);
    free(single);
    collect_free(&one);
    collect_free(&four);
    /* a missing file is that item's error, the batch goes on */
    reqs[1].data = NULL;
    reqs[1].path = "/nonexistent/a.txt";
    collect c = {0};
    assert_int_equal(cred_engine_batch(e, reqs, 3, 2, collect_fn, &c, &failed, NULL), CRED_OK);
    assert_int_equal(failed, 1);
    assert_non_null(strstr(c.out[1], "\"file\":\"/nonexistent/a.txt\""));
    assert_non_null(strstr(c.out[1], "\"error\":"));
    collect_free(&c);
    cred_engine_free(e);
}

static void test_jsonl_protocol(void **state)
{
    (void)state;
    cred_engine *e = engine(NULL, 0);
    const char data[] = "\xEF\xBB\xBF{\"id\": \"a\", \"label\": \"real\", \"text\": \"Body one of it.\", "
                        "\"title\": \"Head\", \"score\": 3}\n"
                        "\n   \r\n"
                        "not json\n"
                        "{\"id\": 2, \"text\": 5, \"label\": \"fake\"}\n"
                        "{\"text\": \"last\"}";
    collect c = {0};
    size_t failed = 0;
    assert_int_equal(cred_engine_jsonl(e, data, sizeof data - 1, NULL, 2, collect_fn, &c, &failed, NULL),
                     CRED_OK);
    assert_int_equal(c.n, 4); /* blank lines are not items */
    assert_int_equal(failed, 2);
    json_t *a = json_loads(c.out[0], 0, NULL);
    assert_int_equal(json_integer_value(json_object_get(a, "line")), 1); /* BOM accepted */
    assert_string_equal(json_string_value(json_object_get(a, "id")), "a");
    /* echoed: "label" collides with the verdict's label -> input_label */
    assert_string_equal(json_string_value(json_object_get(a, "input_label")), "real");
    assert_int_equal(json_integer_value(json_object_get(a, "input_score")), 3);
    assert_null(json_object_get(a, "title"));
    assert_true(strncmp(c.out[0], "{\"line\":1,\"id\":\"a\",", 19) == 0);
    json_decref(a);
    assert_non_null(strstr(c.out[1], "\"line\":4"));
    assert_non_null(strstr(c.out[1], "column"));
    assert_true(strncmp(c.out[2], "{\"line\":5,\"id\":2,\"input_label\":\"fake\",\"error\":", 46) == 0);
    assert_true(strncmp(c.out[3], "{\"line\":6,\"id\":null,", 20) == 0);
    /* CSV and TSV rows */
    cred_result *r = NULL;
    cred_request q;
    cred_request_init(&q);
    q.data = "A title, with a comma\n\nSome \"quoted\" text here.";
    q.n = strlen(q.data);
    const char *fields = "{\"id\": \"x,1\", \"label\": \"real\", \"src\": \"t\"}";
    q.fields = (cred_str){fields, strlen(fields)};
    assert_int_equal(cred_engine_run(e, &q, &r, NULL), CRED_OK);
    char *csv, *tsv;
    assert_int_equal(cred_result_to_row(r, ',', &csv, NULL), CRED_OK);
    assert_int_equal(cred_result_to_row(r, '\t', &tsv, NULL), CRED_OK);
    assert_true(strncmp(csv, ",,\"x,1\",real,", 13) == 0);
    assert_non_null(strstr(csv, "\"{\"\"src\"\":\"\"t\"\"}\""));
    assert_true(strncmp(tsv, "\t\tx,1\treal\t", 11) == 0);
    /* as many cells as the header */
    size_t cols = 1, hcols = 1;
    for (const char *p = tsv; *p; p++)
        cols += *p == '\t';
    for (const char *p = cred_result_row_header('\t'); *p; p++)
        hcols += *p == '\t';
    assert_int_equal(cols, hcols);
    free(csv);
    free(tsv);
    cred_result_free(r);
    collect_free(&c);
    cred_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_opts_init_and_defaults),
        cmocka_unit_test(test_bad_setting_and_files),
        cmocka_unit_test(test_model_missing_is_a_warning),
        cmocka_unit_test(test_run_brief_and_stamp),
        cmocka_unit_test(test_stamp_config_hash),
        cmocka_unit_test(test_html_is_sniffed),
        cmocka_unit_test(test_batch_order_any_threads),
        cmocka_unit_test(test_jsonl_protocol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
