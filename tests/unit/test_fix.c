/*
 * test_fix.c - mojibake/entity/NFC repair (src/fix.c).
 *
 *  - every case file tests/cases/fix/ JSON files (ours: {label, comment, original,
 *    fixed, expect[, flags]}; flags "ftfy" selects CRED_FIX_FTFY, default 0);
 *  - every case of ../shared/data/ftfy/train/ JSON file with ftfy's semantics
 *    (CRED_FIX_FTFY; expect "pass" must give `fixed`; "fail" cases are known
 *    failures: counted, never fatal).  Skipped when ../shared is absent;
 *  - edit offsets after cred_clean cover exactly the repaired bytes;
 *  - hostile input: truncated UTF-8, long runs of "Ã", 1 MB of random valid
 *    UTF-8 (no crash; time is not asserted).
 * Run from the repository root (make check does).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "credence.h"
#include "fix_hooks.h"
#include "internal.h" /* cred__fix_fast_only */

static int setup(void **state)
{
    cred_error err;
    *state = cred_ctx_new(NULL, &err);
    if (!*state)
        fprintf(stderr, "cred_ctx_new: %s\n", err.msg);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    cred_ctx_free(*state);
    return 0;
}

static char *fix(void **state, const char *in, size_t n, unsigned flags, size_t *out_n)
{
    char *out = NULL;
    cred_error err;
    assert_int_equal(cred_fix_text(*state, in, n, flags, &out, out_n, &err), CRED_OK);
    assert_non_null(out);
    return out;
}

static void print_escaped(const char *what, const char *s)
{
    fprintf(stderr, "#   %s: ", what);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7F)
            fprintf(stderr, "\\x%02x", *p);
        else
            fputc(*p, stderr);
    fputc('\n', stderr);
}

typedef struct tally {
    int pass, fail, known_ok, known_fail;
} tally;

/* Runs one case file; returns false if it could not be read. */
static bool run_file(void **state, const char *path, bool ftfy, tally *t)
{
    json_error_t jerr;
    json_t *root = json_load_file(path, 0, &jerr);
    if (!root) {
        fprintf(stderr, "# %s:%d: %s\n", path, jerr.line, jerr.text);
        return false;
    }
    tally f = {0};
    size_t i;
    json_t *c;
    json_array_foreach(root, i, c) {
        const char *label = json_string_value(json_object_get(c, "label"));
        json_t *jo = json_object_get(c, "original"), *jf = json_object_get(c, "fixed");
        const char *expect = json_string_value(json_object_get(c, "expect"));
        const char *flags_s = json_string_value(json_object_get(c, "flags"));
        if (!json_is_string(jo) || !json_is_string(jf) || !expect) {
            fprintf(stderr, "# %s: case %zu is malformed\n", path, i);
            f.fail++;
            continue;
        }
        unsigned flags = ftfy || (flags_s && !strcmp(flags_s, "ftfy")) ? CRED_FIX_FTFY : 0;
        size_t out_n;
        char *out = fix(state, json_string_value(jo), json_string_length(jo), flags, &out_n);
        bool ok = out_n == json_string_length(jf) && !memcmp(out, json_string_value(jf), out_n);
        bool known = !strcmp(expect, "fail");
        if (known) {
            ok ? f.known_ok++ : f.known_fail++;
        } else if (ok) {
            f.pass++;
        } else {
            f.fail++;
            fprintf(stderr, "# FAIL %s: %s\n", path, label ? label : "?");
            print_escaped("original", json_string_value(jo));
            print_escaped("expected", json_string_value(jf));
            print_escaped("got     ", out);
        }
        free(out);
    }
    json_decref(root);
    fprintf(stderr, "# %s: %d/%d passed", path, f.pass, f.pass + f.fail);
    if (f.known_ok + f.known_fail)
        fprintf(stderr, ", known failures: %d of %d still fail", f.known_fail,
                f.known_ok + f.known_fail);
    fputc('\n', stderr);
    t->pass += f.pass, t->fail += f.fail, t->known_ok += f.known_ok,
        t->known_fail += f.known_fail;
    return true;
}

static int run_dir(void **state, const char *dir, bool ftfy, tally *t)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char *names[64];
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) && n < 64) {
        size_t len = strlen(de->d_name);
        if (len > 5 && !strcmp(de->d_name + len - 5, ".json"))
            names[n++] = strdup(de->d_name);
    }
    closedir(d);
    int files = 0;
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (!run_file(state, path, ftfy, t))
            t->fail++;
        files++;
        free(names[i]);
    }
    return files;
}

static void our_cases(void **state)
{
    tally t = {0};
    int files = run_dir(state, "tests/cases/fix", false, &t);
    assert_true(files >= 3);
    assert_true(t.pass >= 40);
    assert_int_equal(t.fail, 0);
}

static void ftfy_train_cases(void **state)
{
    tally t = {0};
    int files = run_dir(state, "../shared/data/ftfy/train", true, &t);
    if (files < 0)
        skip(); /* ../shared is absent */
    assert_true(files > 0);
    assert_true(t.pass > 0);
    assert_int_equal(t.fail, 0);
}

/* ---- offsets ------------------------------------------------------------- */

static const cred_edit *find_edit(const cred_doc *d, cred_edit_kind k, size_t nth)
{
    for (size_t i = 0; i < d->n_edits; i++)
        if (d->edits[i].kind == k && nth-- == 0)
            return &d->edits[i];
    return NULL;
}

static void edit_covers_bad_bytes(void **state)
{
    const char *in = "Title\n\nThe minister\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s plan, "
                     "said Jos\xc3\x83\xc2\xa9 &amp; co.";
    cred_doc *d = NULL;
    cred_error err;
    assert_int_equal(cred_clean(*state, in, strlen(in), NULL, &d, &err), CRED_OK);
    assert_string_equal(d->text, "Title\n\nThe minister\xe2\x80\x99s plan, said Jos\xc3\xa9 & co.");
    const cred_edit *e = find_edit(d, CRED_EDIT_MOJIBAKE, 0);
    assert_non_null(e);
    const char *bad = strstr(in, "\xc3\xa2");
    assert_int_equal(e->input.start, (size_t)(bad - in));
    assert_int_equal(e->input.end - e->input.start, 8); /* â€™ = 2+3+3 bytes */
    assert_memory_equal(e->replacement.p, "\xe2\x80\x99", 3);
    assert_string_equal(e->rule, "utf-8/windows-1252");
    assert_memory_equal(d->text + e->offset, "\xe2\x80\x99", 3);
    e = find_edit(d, CRED_EDIT_MOJIBAKE, 1);
    assert_non_null(e);
    assert_int_equal(e->input.start, (size_t)(strstr(in, "\xc3\x83") - in));
    assert_int_equal(e->input.end - e->input.start, 4); /* Ã© is 4 bytes */
    e = find_edit(d, CRED_EDIT_ENTITY, 0);
    assert_non_null(e);
    assert_int_equal(e->input.start, (size_t)(strstr(in, "&amp;") - in));
    assert_int_equal(e->input.end - e->input.start, 5);
    /* text after the repairs still maps back to itself */
    const char *co = strstr(d->text, "co.");
    cred_span s = cred_doc_input_span(d, (cred_span){(size_t)(co - d->text), (size_t)(co - d->text) + 3});
    assert_memory_equal(in + s.start, "co.", 3);
    cred_doc_free(d);
}

static void deletion_and_nfc_offsets(void **state)
{
    const char *in = "T\n\nab&#1;cd Cafe\xcc\x81 end";
    cred_doc *d = NULL;
    cred_error err;
    assert_int_equal(cred_clean(*state, in, strlen(in), NULL, &d, &err), CRED_OK);
    assert_string_equal(d->text, "T\n\nabcd Caf\xc3\xa9 end");
    const cred_edit *e = find_edit(d, CRED_EDIT_ENTITY, 0);
    assert_non_null(e); /* the dropped reference still has its edit */
    assert_int_equal(e->input.start, (size_t)(strstr(in, "&#1;") - in));
    assert_int_equal(e->input.end - e->input.start, 4);
    assert_int_equal(e->replacement.n, 0);
    e = find_edit(d, CRED_EDIT_NORMALIZE, 0);
    assert_non_null(e);
    assert_string_equal(e->rule, "nfc");
    assert_int_equal(e->input.start, (size_t)(strstr(in, "e\xcc\x81") - in));
    assert_int_equal(e->input.end - e->input.start, 3); /* e + U+0301 */
    assert_memory_equal(d->text + e->offset, "\xc3\xa9", 2);
    cred_doc_free(d);
}

static void double_mojibake_rule(void **state)
{
    const char *in = "T\n\nit\xc3\x83\xc2\xa2\xc3\xa2\xe2\x80\x9a\xc2\xac\xc3\xa2\xe2\x80\x9e\xc2\xa2s";
    cred_doc *d = NULL;
    cred_error err;
    assert_int_equal(cred_clean(*state, in, strlen(in), NULL, &d, &err), CRED_OK);
    assert_string_equal(d->text, "T\n\nit\xe2\x80\x99s");
    const cred_edit *e = find_edit(d, CRED_EDIT_MOJIBAKE, 0);
    assert_non_null(e);
    assert_string_equal(e->rule, "double:utf-8/windows-1252");
    assert_int_equal(e->input.start, 5);
    assert_int_equal(e->input.end, strlen(in) - 1);
    cred_doc_free(d);
}

static void c1_controls_and_flags(void **state)
{
    size_t n;
    char *out = fix(state, "\xc2\x93quoted\xc2\x94", 10, 0, &n);
    assert_string_equal(out, "\xe2\x80\x9cquoted\xe2\x80\x9d");
    free(out);
    {
        const char *q = "\xe2\x80\x9cquoted\xe2\x80\x9d \xef\xac\x81ne \xef\xbc\xa1";
        out = fix(state, q, strlen(q), CRED_FIX_FTFY, &n);
    }
    assert_string_equal(out, "\"quoted\" fine A");
    free(out);
    out = fix(state, "a &amp; b", 9, CRED_FIX_NO_ENTITIES, &n);
    assert_string_equal(out, "a &amp; b");
    free(out);
    out = fix(state, "<p>a &amp; b</p>", 16, 0, &n);
    assert_string_equal(out, "<p>a &amp; b</p>"); /* markup: references left alone */
    free(out);
    out = fix(state, "e\xcc\x81t\xc3\xa9", 6, 0, &n); /* NFC */
    assert_string_equal(out, "\xc3\xa9t\xc3\xa9");
    free(out);
}

/* ---- hostile input ------------------------------------------------------- */

static void hostile(void **state)
{
    size_t n;
    /* truncated UTF-8 and lone continuation bytes */
    const char trunc[] = "abc \xe2\x80 d\xc3 \xf0\x9f\x98 \x80\xbf end\xe2";
    char *out = fix(state, trunc, sizeof trunc - 1, CRED_FIX_FTFY, &n);
    free(out);
    /* a long run of Ã, with and without spaces */
    size_t big = 300000;
    char *s = malloc(big * 2 + 1);
    assert_non_null(s);
    for (size_t i = 0; i < big; i++)
        memcpy(s + 2 * i, "\xc3\x83", 2);
    out = fix(state, s, big * 2, 0, &n);
    assert_int_equal(n, big * 2); /* "ÃÃÃ..." is not mojibake */
    free(out);
    for (size_t i = 0; i < big; i += 3)
        s[2 * i] = ' ', s[2 * i + 1] = ' ';
    out = fix(state, s, big * 2, CRED_FIX_FTFY, &n);
    free(out);
    free(s);
    /* 1 MB of random valid UTF-8 (code points of every length) */
    size_t cap = 1 << 20;
    s = malloc(cap + 8);
    assert_non_null(s);
    uint32_t x = 12345;
    size_t len = 0;
    while (len + 4 < cap) {
        x = x * 1103515245u + 12345u;
        uint32_t r = x >> 8;
        uint32_t cp;
        switch (r % 4) {
        case 0: cp = 0x20 + r % 0x5F; break;
        case 1: cp = 0x80 + r % 0x780; break;
        case 2: cp = 0x800 + r % 0xF800; break;
        default: cp = 0x10000 + r % 0x100000; break;
        }
        if (cp >= 0xD800 && cp < 0xE000)
            cp = 'x';
        if (r % 37 == 0)
            cp = '\n';
        if (cp < 0x80) {
            s[len++] = (char)cp;
        } else if (cp < 0x800) {
            s[len++] = (char)(0xC0 | cp >> 6);
            s[len++] = (char)(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            s[len++] = (char)(0xE0 | cp >> 12);
            s[len++] = (char)(0x80 | (cp >> 6 & 0x3F));
            s[len++] = (char)(0x80 | (cp & 0x3F));
        } else {
            s[len++] = (char)(0xF0 | cp >> 18);
            s[len++] = (char)(0x80 | (cp >> 12 & 0x3F));
            s[len++] = (char)(0x80 | (cp >> 6 & 0x3F));
            s[len++] = (char)(0x80 | (cp & 0x3F));
        }
    }
    out = fix(state, s, len, CRED_FIX_FTFY, &n);
    free(out);
    cred_doc *d = NULL;
    cred_error err;
    assert_int_equal(cred_clean(*state, s, len, NULL, &d, &err), CRED_OK);
    cred_doc_free(d);
    free(s);
    /* empty input */
    out = fix(state, "", 0, 0, &n);
    assert_int_equal(n, 0);
    free(out);
}

/* The fast paths (lines copied after one scan, quotes straightened in place)
 * must give exactly what the full loop gives: random lines built from the
 * characters mojibake, references and the badness rules are made of. */
static void fast_paths_match_full_loop(void **state)
{
    static const char *const alpha[] = {
        "a", "e", "X", " ", ".", ",", "!", "'", "\"", "-", "1", "\t",
        "\xc3\x83", "\xc3\x82", "\xe2\x82\xac", "\xe2\x80\x99", "\xe2\x80\x98",
        "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\xa6",
        "\xe2\x80\xa2", "\xc2\xa0", "\xc3\xa9", "\xc3\xa0", "\xc3\xbc", "\xc2\xac",
        "\xe2\x80\xa0", "\xe2\x88\x9a", "\xc2\xa9", "\xc2\xae", "\xe2\x84\xa2",
        "\xc3\xa2", "\xc3\x90", "\xc3\x8e", "\xc5\x93", "\xc5\x92", "\xc2\x93",
        "\xc2\x94", "\xc2\x85", "&amp;", "&#8217;", "&eacute;", "<", "\xef\xac\x81",
        "\xef\xbc\xa1", "\xd0\xb5", "\xd0\xa0", "\xd0\xa1", "\xcc\x81", "\xcc\x88",
        "1\xe2\x81\x84" "4", "\xc5\x89", "\xc7\x8c", "\xe2\x80\x8b", "\xef\xbb\xbf",
        "\x1b[1m", "\xce\xb2", "\xc3\x97", "\xc2\xb0"};
    const size_t na = sizeof alpha / sizeof *alpha;
    static const unsigned flags[] = {0, CRED_FIX_FTFY, CRED_FIX_NO_ENTITIES,
                                     CRED_FIX_UNCURL_QUOTES};
    char *buf = malloc(1 << 20);
    assert_non_null(buf);
    uint32_t x = 2024;
    size_t n = 0;
    for (int line = 0; line < 20000; line++) {
        x = x * 1103515245u + 12345u;
        int len = 1 + (int)((x >> 16) % 12);
        for (int k = 0; k < len; k++) {
            x = x * 1103515245u + 12345u;
            const char *a = alpha[(x >> 16) % na];
            size_t l = strlen(a);
            memcpy(buf + n, a, l);
            n += l;
        }
        buf[n++] = '\n';
    }
    for (size_t f = 0; f < sizeof flags / sizeof *flags; f++) {
        size_t n1, n2;
        char *fast = fix(state, buf, n, flags[f], &n1);
        char *slow = fix(state, buf, n, flags[f] | CRED__FIX_SLOW, &n2);
        assert_int_equal(n1, n2);
        assert_memory_equal(fast, slow, n1);
        free(fast);
        free(slow);
    }
    free(buf);
}

/* cred__fix_fast_only (the featurizer's shortcut for cleaned text) answers
 * only when it gives exactly cred_fix_text's result: on random runs of the
 * characters above, one line or several at a time, whenever it says yes its
 * output is cred_fix_text's; it says no to what the repair could change. */
static void fast_only_is_fix_or_nothing(void **state)
{
    static const char *const alpha[] = {
        "a", "e", "X", " ", ".", ",", "'", "\"", "\t", "\xc3\x83", "\xc3\x82",
        "\xe2\x82\xac", "\xe2\x80\x99", "\xe2\x80\x98", "\xe2\x80\x9c", "\xe2\x80\x9d",
        "\xe2\x80\x94", "\xc2\xa0", "\xc3\xa9", "\xc2\xac", "&amp;", "&", "\xcc\x81",
        "\xca\xbc", "\xef\xbb\xbf", "\r", "\xce\xb2", "\n"};
    const size_t na = sizeof alpha / sizeof *alpha;
    uint32_t x = 77;
    int yes = 0, no = 0;
    for (int round = 0; round < 4000; round++) {
        char in[512];
        size_t n = 0;
        x = x * 1103515245u + 12345u;
        int len = 1 + (int)((x >> 16) % 24);
        for (int k = 0; k < len; k++) {
            x = x * 1103515245u + 12345u;
            /* mostly plain letters, so that many texts qualify */
            const char *a = (x >> 13) % 3 ? "w" : alpha[(x >> 16) % na];
            size_t l = strlen(a);
            memcpy(in + n, a, l);
            n += l;
        }
        for (int f = 0; f < 2; f++) {
            unsigned flags = f ? CRED_FIX_UNCURL_QUOTES : 0;
            cred__buf b = {0};
            if (!cred__fix_fast_only(*state, in, n, flags, &b)) {
                assert_int_equal(b.n, 0);
                no++;
                continue;
            }
            yes++;
            size_t fn;
            char *want = fix(state, in, n, flags, &fn);
            assert_int_equal(b.n, fn);
            assert_memory_equal(b.p ? b.p : "", want, fn);
            free(want);
            cred__buf_free(&b);
        }
    }
    assert_true(yes > 1000 && no > 1000);
    static const char *const never[] = {"AT&amp;T\n", "\xef\xbb\xbfhello", "a\r\nb",
                                        "caf\x65\xcc\x81", "\xc3\x83\xc2\xa9t\xc3\x83\xc2\xa9"};
    for (size_t i = 0; i < sizeof never / sizeof *never; i++) {
        cred__buf b = {0};
        assert_false(cred__fix_fast_only(*state, never[i], strlen(never[i]),
                                         CRED_FIX_UNCURL_QUOTES, &b));
    }
    const char *q = "\xe2\x80\x9cIt\xe2\x80\x99s here,\xe2\x80\x9d she said.\n";
    cred__buf b = {0};
    assert_true(cred__fix_fast_only(*state, q, strlen(q), CRED_FIX_UNCURL_QUOTES, &b));
    assert_int_equal(b.n, strlen("\"It's here,\" she said.\n"));
    assert_memory_equal(b.p, "\"It's here,\" she said.\n", b.n);
    cred__buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(our_cases),
        cmocka_unit_test(fast_only_is_fix_or_nothing),
        cmocka_unit_test(ftfy_train_cases),
        cmocka_unit_test(edit_covers_bad_bytes),
        cmocka_unit_test(double_mojibake_rule),
        cmocka_unit_test(deletion_and_nfc_offsets),
        cmocka_unit_test(c1_controls_and_flags),
        cmocka_unit_test(fast_paths_match_full_loop),
        cmocka_unit_test(hostile),
    };
    return cmocka_run_group_tests_name("fix", tests, setup, teardown);
}
