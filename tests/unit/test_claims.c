/*
 * test_claims.c - the claims DB (src/claims/) and the KNOWN_*_CLAIM signals
 * (src/score/sig_claims.c), on a fixture DB of invented fact-checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credence.h"
#include "score/score_sig.h"

/* Invented fact-checks (never real ones), with a BOM and CRLF ends. */
static const char fixture[] =
    "\xEF\xBB\xBF{\"id\":\"t1\",\"claim\":\"The Millbrook city council voted to ban bicycles "
    "from every bridge in the county.\",\"title\":\"Did Millbrook Ban Bicycles on Bridges?\","
    "\"verdict\":\"Pants on Fire\",\"fact_checker\":\"Test Checks\",\"url\":\"https://example.org/"
    "millbrook-bikes\",\"language\":\"en\"}\r\n"
    "{\"id\":\"t2\",\"claim\":\"Drinking 14 glasses of lemon water a day cures seasonal "
    "allergies.\",\"title\":\"Lemon Water Allergy Cure\",\"verdict\":\"false\"}\r\n"
    "{\"id\":\"t3\",\"claim\":\"The Harbor Line tram carried 3 million riders in its first "
    "year.\",\"title\":\"Harbor Line ridership\",\"verdict\":\"mostly-true\","
    "\"url\":\"https://example.org/harbor-line\"}\r\n"
    "{\"id\":42,\"text\":\"A volcano erupted under the Oslo opera house.\",\"verdict\":\"unproven\"}\n";

static char dbpath[64];
/* The fixture's own re-ranker weights (see that file). */
#define FIXTURE_DATA "tests/fixtures/claims"

static cred_claims *open_fixture(void)
{
    cred_claims *db = NULL;
    cred_error err = {0};
    unlink(dbpath);
    assert_int_equal(cred_claims_open(dbpath, CRED_CLAIMS_WRITE, NULL, &db, &err), CRED_OK);
    size_t n = 0;
    assert_int_equal(cred_claims_import(db, CRED_CLAIMS_JSONL, "fixture.jsonl", fixture,
                                        sizeof fixture - 1, &n, &err),
                     CRED_OK);
    assert_int_equal(n, 4);
    cred_claims_close(db);
    assert_int_equal(cred_claims_open(dbpath, CRED_CLAIMS_READ, FIXTURE_DATA, &db, &err),
                     CRED_OK);
    return db;
}

static void test_match_and_no_match(void **state)
{
    (void)state;
    cred_claims *db = open_fixture();
    cred_claim_matches *m = NULL;
    const char *q = "BREAKING: Millbrook council bans bicycles from all bridges in the county!! "
                    "pic.twitter.com/abc123 \xE2\x80\x94 Some One (@someone) May 3, 2024";
    assert_int_equal(cred_claims_search(db, q, strlen(q), NULL, &m, NULL), CRED_OK);
    assert_true(m->n >= 1);
    assert_string_equal(m->v[0].claim.id, "t1");
    assert_int_equal(m->v[0].claim.verdict, CRED_CLAIM_FALSE);
    assert_string_equal(m->v[0].claim.verdict_raw, "Pants on Fire");
    assert_true(m->v[0].prob >= cred_claims_threshold(db));
    cred_claim_matches_free(m);
    /* an unrelated sentence that shares one word must not match */
    const char *no = "The bridge club meets on Tuesdays at the library.";
    assert_int_equal(cred_claims_search(db, no, strlen(no), NULL, &m, NULL), CRED_OK);
    assert_int_equal(m->n, 0);
    cred_claim_matches_free(m);
    /* numbers as ids, "text" for the claim, an unknown label is unrated */
    const char *v = "volcano erupted under the Oslo opera house";
    assert_int_equal(cred_claims_search(db, v, strlen(v), NULL, &m, NULL), CRED_OK);
    assert_true(m->n >= 1);
    assert_string_equal(m->v[0].claim.id, "42");
    assert_int_equal(m->v[0].claim.verdict, CRED_CLAIM_UNRATED);
    cred_claim_matches_free(m);
    cred_claims_close(db);
}

static void test_fts_syntax(void **state)
{
    (void)state;
    cred_claims *db = open_fixture();
    static const char *const qs[] = {
        "\"", "NEAR(\"lemon\" \"water\", 2) OR *", "lemon AND NOT water)", "claim:lemon ^water",
        "{claim title}: lemon", "\"\"\"\" ' '' -- ; DROP TABLE claims;", "", "   ", "\xE2\x80\x99"};
    for (size_t i = 0; i < sizeof qs / sizeof *qs; i++) {
        cred_claim_matches *m = NULL;
        cred_error err = {0};
        assert_int_equal(cred_claims_search(db, qs[i], strlen(qs[i]), NULL, &m, &err), CRED_OK);
        cred_claim_matches_free(m);
    }
    cred_claims_stats st;
    assert_int_equal(cred_claims_stats_get(db, &st, NULL), CRED_OK);
    assert_int_equal(st.n_claims, 4);
    assert_int_equal(st.by_verdict[CRED_CLAIM_FALSE], 2);
    cred_claims_close(db);
}

static void test_update_same_id(void **state)
{
    (void)state;
    cred_claims *db = open_fixture();
    cred_claims_close(db);
    cred_error err = {0};
    assert_int_equal(cred_claims_open(dbpath, CRED_CLAIMS_WRITE, NULL, &db, &err), CRED_OK);
    cred_claim c = {.id = "t2", .claim = "Lemon water cures nothing at all.",
                    .verdict = CRED_CLAIM_TRUE};
    assert_int_equal(cred_claims_put(db, &c, &err), CRED_OK);
    cred_claims_stats st;
    assert_int_equal(cred_claims_stats_get(db, &st, NULL), CRED_OK);
    assert_int_equal(st.n_claims, 4);
    assert_int_equal(st.by_verdict[CRED_CLAIM_TRUE], 1);
    /* a failed import inside a transaction leaves nothing behind */
    assert_int_equal(cred_claims_begin(db, &err), CRED_OK);
    const char bad[] = "{\"id\":\"t9\",\"claim\":\"fine\"}\n{\"id\":\"t10\",\"claim\":\n";
    assert_int_equal(cred_claims_import(db, CRED_CLAIMS_JSONL, "bad.jsonl", bad, sizeof bad - 1,
                                        NULL, &err),
                     CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "bad.jsonl:2:"));
    cred_claims_rollback(db);
    assert_int_equal(cred_claims_stats_get(db, &st, NULL), CRED_OK);
    assert_int_equal(st.n_claims, 4);
    cred_claims_close(db);
}

static void test_bad_input(void **state)
{
    (void)state;
    cred_claims *db = NULL;
    cred_error err = {0};
    unlink(dbpath);
    assert_int_equal(cred_claims_open(dbpath, CRED_CLAIMS_WRITE, NULL, &db, &err), CRED_OK);
    const char liar[] = "1.json\tfalse\tA \"quote that never closes\tx\tsome-one\r\n"
                        "2.json\tbarely-true\n";
    assert_int_equal(cred_claims_import(db, CRED_CLAIMS_LIAR, "l.tsv", liar, sizeof liar - 1,
                                        NULL, &err),
                     CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "l.tsv:2:"));
    const char clef[] = "\tvclaim\ttitle\n1\t\"two\nlines\"\tT\n2\n";
    assert_int_equal(cred_claims_import(db, CRED_CLAIMS_CLEF, "c.tsv", clef, sizeof clef - 1,
                                        NULL, &err),
                     CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "c.tsv:4:"));
    const char snopes[] = "vclaim_id\tvclaim\ttitle\nx\ty\n";
    assert_int_equal(cred_claims_import(db, CRED_CLAIMS_SNOPES, "s.tsv", snopes,
                                        sizeof snopes - 1, NULL, &err),
                     CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "s.tsv:2:"));
    const char cr[] = "{\"@type\":\"ClaimReview\",\"url\":\"https://example.org/a\","
                      "\"claimReviewed\":\"Cats can vote in Narnia\",\"reviewRating\":"
                      "{\"alternateName\":\"Mostly False\"},\"author\":{\"name\":\"Ex\"}}";
    size_t n = 0;
    assert_int_equal(cred_claims_import(db, CRED_CLAIMS_CLAIMREVIEW, "cr.json", cr,
                                        sizeof cr - 1, &n, &err),
                     CRED_OK);
    assert_int_equal(n, 1);
    cred_claims_stats st;
    assert_int_equal(cred_claims_stats_get(db, &st, NULL), CRED_OK);
    assert_int_equal(st.n_claims, 1);
    assert_int_equal(st.by_verdict[CRED_CLAIM_MOSTLY_FALSE], 1);
    cred_claims_close(db);
    assert_int_equal(cred_claim_verdict_parse("barely-true", 11), CRED_CLAIM_MOSTLY_FALSE);
    assert_int_equal(cred_claim_verdict_parse("HALF_TRUE", 9), CRED_CLAIM_MIXED);
    assert_int_equal(cred_claim_verdict_parse("whatever", 8), CRED_CLAIM_UNRATED);
}

static void test_corrupt_and_version(void **state)
{
    (void)state;
    cred_claims *db = NULL;
    cred_error err = {0};
    /* not SQLite */
    FILE *f = fopen(dbpath, "wb");
    fputs("this is not a database, just some words to fill the first page....", f);
    for (int i = 0; i < 200; i++)
        fputs("garbage garbage garbage ", f);
    fclose(f);
    assert_int_equal(cred_claims_open(dbpath, CRED_CLAIMS_READ, NULL, &db, &err), CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "not a credence claims DB"));
    /* SQLite, but not ours */
    unlink(dbpath);
    sqlite3 *s;
    assert_int_equal(sqlite3_open(dbpath, &s), SQLITE_OK);
    sqlite3_exec(s, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(s);
    assert_int_equal(cred_claims_open(dbpath, CRED_CLAIMS_WRITE, NULL, &db, &err), CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "another application"));
    /* ours at another schema version */
    cred_claims_close(open_fixture());
    assert_int_equal(sqlite3_open(dbpath, &s), SQLITE_OK);
    sqlite3_exec(s, "PRAGMA user_version = 7", NULL, NULL, NULL);
    sqlite3_close(s);
    assert_int_equal(cred_claims_open(dbpath, CRED_CLAIMS_READ, NULL, &db, &err), CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "schema version 7"));
    /* a missing file is not created by a reader */
    unlink(dbpath);
    assert_int_equal(cred_claims_open(dbpath, CRED_CLAIMS_READ, NULL, &db, &err), CRED_EIO);
    assert_int_equal(access(dbpath, F_OK), -1);
}

static void *reader(void *arg)
{
    cred_claims *db = arg;
    const char *q = "drinking 14 glasses of lemon water a day cures seasonal allergies";
    for (int i = 0; i < 200; i++) {
        cred_claim_matches *m = NULL;
        if (cred_claims_search(db, q, strlen(q), NULL, &m, NULL) || !m->n ||
            strcmp(m->v[0].claim.id, "t2")) {
            cred_claim_matches_free(m);
            return (void *)1;
        }
        cred_claim_matches_free(m);
    }
    return NULL;
}

/* Threads share one handle (searches are serialized inside it). */
static void test_concurrent_readers(void **state)
{
    (void)state;
    cred_claims *db = open_fixture();
    pthread_t t[4];
    for (int i = 0; i < 4; i++)
        assert_int_equal(pthread_create(&t[i], NULL, reader, db), 0);
    for (int i = 0; i < 4; i++) {
        void *r;
        pthread_join(t[i], &r);
        assert_null(r);
    }
    cred_claims_close(db);
}

static cred__sigs run_signals(cred_claims *db, const char *text)
{
    cred_ctx *ctx = cred_ctx_new(NULL, NULL);
    cred_doc *doc = NULL;
    cred_analysis *a = NULL;
    assert_non_null(ctx);
    assert_int_equal(cred_clean(ctx, text, strlen(text), NULL, &doc, NULL), CRED_OK);
    assert_int_equal(cred_analyze(ctx, doc, NULL, &a, NULL), CRED_OK);
    cred__sigs sb;
    memset(&sb, 0, sizeof sb);
    cred_score_config *cfg = cred_score_config_new(ctx, NULL);
    assert_non_null(cfg);
    cred__claims_signals(&sb, doc, a, db, cfg);
    cred_score_config_free(cfg);
    cred_analysis_free(a);
    cred_doc_free(doc);
    cred_ctx_free(ctx);
    return sb;
}

static void test_signals(void **state)
{
    (void)state;
    cred_claims *db = open_fixture();
    cred__sigs sb = run_signals(
        db, "Council news\n\nOfficials said on Monday that the Millbrook city council voted to "
            "ban bicycles from every bridge in the county. The vote followed a long debate.\n");
    assert_true(sb.v[CRED__S_KNOWN_FALSE_CLAIM] > 0.5);
    assert_int_equal(sb.v[CRED__S_KNOWN_TRUE_CLAIM], 0);
    assert_non_null(strstr(sb.reason[CRED__S_KNOWN_FALSE_CLAIM], "example.org/millbrook-bikes"));
    assert_int_equal(sb.ev[CRED__S_KNOWN_FALSE_CLAIM].n, 1);
    cred__sigs_free(&sb);
    sb = run_signals(db, "Transit\n\nThe Harbor Line tram carried 3 million riders in its "
                         "first year, the operator said.\n");
    assert_true(sb.v[CRED__S_KNOWN_TRUE_CLAIM] > 0.5);
    assert_int_equal(sb.v[CRED__S_KNOWN_FALSE_CLAIM], 0);
    cred__sigs_free(&sb);
    sb = run_signals(db, "Weather\n\nRain is expected across the region on Thursday, with "
                         "clearer skies by the weekend.\n");
    assert_int_equal(sb.v[CRED__S_KNOWN_FALSE_CLAIM], 0);
    assert_int_equal(sb.v[CRED__S_KNOWN_TRUE_CLAIM], 0);
    cred__sigs_free(&sb);
    sb = run_signals(NULL, "Anything at all.\n");
    assert_int_equal(sb.v[CRED__S_KNOWN_FALSE_CLAIM], 0);
    cred__sigs_free(&sb);
    cred_claims_close(db);
}

int main(void)
{
    snprintf(dbpath, sizeof dbpath, "/tmp/credence-test-claims-%d.db", (int)getpid());
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_match_and_no_match), cmocka_unit_test(test_fts_syntax),
        cmocka_unit_test(test_update_same_id),     cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_corrupt_and_version), cmocka_unit_test(test_concurrent_readers),
        cmocka_unit_test(test_signals),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    unlink(dbpath);
    return rc;
}
