/*
 * test_csv.c - the library's one CSV reader (cred__csv_next, src/util.c),
 * used by the ISOT dataset reader (src/learn/readers.c) and the OpenSources
 * importer (src/score/sources.c).  Fixtures are invented here: RFC 4180
 * quoting, a BOM, CRLF, a quoted field over several lines, and every
 * malformed case with the line it is reported on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void expect_field(const cred__csvfields *f, size_t i, const char *want)
{
    size_t n = strlen(want);
    assert_int_equal(f->v[i].n, n);
    if (n)
        assert_memory_equal(f->v[i].p, want, n);
}

static void quoting_bom_crlf(void **state)
{
    (void)state;
    const char *in = "\xEF\xBB\xBFtitle,text,subject\r\n"
                     "\"Mayor, council agree\",\"Line one\r\nline \"\"two\"\"\",news\r\n"
                     "\r\n"
                     "plain,,last";
    cred__csv c;
    cred__csv_init(&c, in, strlen(in));
    cred__csvfields f = {0};
    size_t nf;
    const char *why = NULL;
    assert_int_equal(cred__csv_next(&c, &f, &nf, &why), 1);
    assert_int_equal(nf, 3);
    expect_field(&f, 0, "title"); /* the BOM is not part of the first field */
    assert_int_equal(c.line, 2);
    assert_int_equal(cred__csv_next(&c, &f, &nf, &why), 1);
    assert_int_equal(nf, 3);
    expect_field(&f, 0, "Mayor, council agree");
    expect_field(&f, 1, "Line one\r\nline \"two\"");
    expect_field(&f, 2, "news");
    assert_int_equal(c.line, 4); /* the quoted newline counts */
    assert_int_equal(cred__csv_next(&c, &f, &nf, &why), 1); /* blank line: one empty field */
    assert_int_equal(nf, 1);
    assert_int_equal(f.v[0].n, 0);
    assert_int_equal(cred__csv_next(&c, &f, &nf, &why), 1); /* no final newline */
    assert_int_equal(nf, 3);
    expect_field(&f, 0, "plain");
    expect_field(&f, 1, "");
    expect_field(&f, 2, "last");
    assert_int_equal(cred__csv_next(&c, &f, &nf, &why), 0);
    cred__csv_fields_free(&f);
}

static void malformed(void **state)
{
    (void)state;
    static const struct {
        const char *in, *why;
        size_t line;
    } cases[] = {
        {"a,b\n\"open field,\nnever closed\n", "unterminated quoted field", 2},
        {"a,b\n\"closed\"x,y\nok,1\n", "text after a closing quote", 2},
        {"a,b\nsay \"hi\",y\nok,1\n", "quote inside an unquoted field", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cred__csv c;
        cred__csv_init(&c, cases[i].in, strlen(cases[i].in));
        cred__csvfields f = {0};
        size_t nf;
        const char *why = NULL;
        assert_int_equal(cred__csv_next(&c, &f, &nf, &why), 1);
        size_t line = c.line;
        assert_int_equal(line, cases[i].line);
        assert_int_equal(cred__csv_next(&c, &f, &nf, &why), -1);
        assert_string_equal(why, cases[i].why);
        if (i > 0) { /* reading resumes on the next line */
            assert_int_equal(cred__csv_next(&c, &f, &nf, &why), 1);
            expect_field(&f, 0, "ok");
        }
        cred__csv_fields_free(&f);
    }
}

/* Both users report a bad record as FILE:LINE: reason. */
static void users_report_file_line(void **state)
{
    (void)state;
    cred_error err = {0};
    cred_outlets *t = cred_outlets_new();
    assert_non_null(t);
    const char *os = "\xEF\xBB\xBF" "domain,type,2nd type\r\nexample-hoax.test,fake,\r\n"
                     "\"bad.test\"x,fake,\r\n";
    size_t added = 0;
    assert_int_equal(cred_outlets_import(t, "opensources", os, strlen(os), "os.csv", &added, &err),
                     CRED_EFORMAT);
    assert_string_equal(err.msg, "os.csv:3: text after a closing quote");
    cred_outlets_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(quoting_bom_crlf),
        cmocka_unit_test(malformed),
        cmocka_unit_test(users_report_file_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
