/*
 * test_score_content.c - the content signals (src/score/sig_content.c):
 * for each signal one invented text where it fires, with its evidence, and
 * one where it must not; the page signals only from an HTML page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

typedef struct run {
    cred_doc *doc;
    cred_article *art;
    cred_verdict *v;
} run;

static run score(void **state, const char *text)
{
    run r = {0};
    cred_error err;
    assert_int_equal(cred_clean(*state, text, strlen(text), NULL, &r.doc, &err), CRED_OK);
    assert_int_equal(cred_score(*state, r.doc, NULL, &r.v, &err), CRED_OK);
    return r;
}

static run score_page(void **state, const char *html)
{
    run r = {0};
    cred_error err;
    assert_int_equal(cred_extract(*state, html, strlen(html), NULL, &r.art, &err), CRED_OK);
    cred_score_opts o;
    cred_score_opts_init(&o);
    o.page = r.art;
    assert_int_equal(cred_score(*state, r.art->doc, &o, &r.v, &err), CRED_OK);
    return r;
}

static void run_free(run *r)
{
    cred_verdict_free(r->v);
    cred_doc_free(r->doc);
    cred_article_free(r->art);
}

static const cred_signal *sig(const cred_verdict *v, const char *name)
{
    for (size_t i = 0; i < v->n_signals; i++)
        if (!strcmp(v->signals[i].name, name))
            return &v->signals[i];
    return NULL;
}

/* The evidence texts of a signal joined with '|'. */
static const char *ev(const run *r, const cred_signal *s)
{
    static char buf[1024];
    size_t k = 0;
    buf[0] = 0;
    for (size_t i = 0; s && i < s->n_evidence; i++) {
        cred_str t = cred_doc_slice(r->v->doc, s->evidence[i].text);
        if (k + t.n + 2 >= sizeof buf)
            break;
        if (i)
            buf[k++] = '|';
        memcpy(buf + k, t.p, t.n);
        k += t.n;
        buf[k] = 0;
    }
    return buf;
}

/* Invented wire-style report: dateline, numbers, dates, named sources. */
static const char *report =
    "City council approves budget for new bridge over Harlan River\n\n"
    "MILLBROOK (Northern Wire) - The Millbrook city council voted 7-2 on Tuesday to approve a "
    "$48 million budget for a new bridge over the Harlan River, ending a debate that began in "
    "March 2024.\n\n"
    "\"This bridge will carry 12,000 vehicles a day,\" said Mayor Ana Costa, who proposed the "
    "plan. The state Department of Transportation will pay 60 percent of the cost, according "
    "to a statement from the agency.\n\n"
    "Council member Peter Lind, who voted against the budget, said the city should have waited "
    "for a second engineering report. \"We are moving too fast and you will all pay for it,\" "
    "Lind told reporters after the vote. \"I asked for one more month.\"\n\n"
    "Construction is scheduled to begin in April 2025 and to end by December 2027, the council "
    "said. The old bridge, built in 1931, will close to trucks on June 1.\n";

/* Invented rant: shouting title, the writer's voice, no specifics. */
static const char *rant =
    "Senator Marlow's SHOCKING Secret EXPOSED By Insider\n\n"
    "You won't believe what they are hiding from you. I have been saying this for years and my "
    "readers know it. Wake up, people! The elites think you are stupid. They think you will "
    "never find out. But I know the truth and now you will know it too.\n\n"
    "The truth is out there and the truth is that they lie. They lie and lie and lie. They lie "
    "to you every day. Share this before they delete it! I am telling you, this is big. This is "
    "really big. It is so big that they will try to stop it.\n";

static void headline_body_mismatch(void **state)
{
    run r = score(state, rant);
    const cred_signal *s = sig(r.v, "HEADLINE_BODY_MISMATCH");
    assert_non_null(s);
    assert_true(s->weight < 0 && s->points < 0);
    assert_non_null(strstr(ev(&r, s), "Marlow's|SHOCKING|Secret|EXPOSED"));
    run_free(&r);
    /* an ordinary headline whose words the body uses ("approves" /
     * "approve", "budget", "bridge", "Harlan River") */
    r = score(state, report);
    assert_null(sig(r.v, "HEADLINE_BODY_MISMATCH"));
    run_free(&r);
}

static void title_style(void **state)
{
    run r = score(state, rant);
    const cred_signal *s = sig(r.v, "TITLE_STYLE");
    assert_non_null(s);
    assert_string_equal(ev(&r, s), "SHOCKING|EXPOSED");
    run_free(&r);
    r = score(state, report); /* sentence case, ten words */
    assert_null(sig(r.v, "TITLE_STYLE"));
    run_free(&r);
    /* Title Case of normal length, an acronym in capitals: not fake style */
    r = score(state, "Senate Republicans Unveil New Health Care Bill With NATO Funding\n\n"
                     "The bill was published on Monday.\n");
    assert_null(sig(r.v, "TITLE_STYLE"));
    run_free(&r);
    /* a long title fires alone */
    r = score(state, "Why the people in charge of this town are never going to tell you the "
                     "real reason the old mill was closed down last year\n\nThe mill closed.\n");
    assert_non_null(sig(r.v, "TITLE_STYLE"));
    run_free(&r);
}

static void simple_repetitive_body(void **state)
{
    /* 160+ words of short, plain words, each sentence different (the text
     * pipeline drops repeated sentences) */
    char buf[4096] = "They Did It Again\n\n";
    static const char *const who[] = {"they", "the man", "his pal", "the boss", "that guy",
                                      "the crew", "her son", "the cop"};
    static const char *const did[] = {"lied to us", "hid it", "said no", "ran off",
                                      "got paid", "did it"};
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 4; j++) {
            strcat(buf, "And ");
            strcat(buf, who[i]);
            strcat(buf, " ");
            strcat(buf, did[(i + j) % 6]);
            strcat(buf, j % 2 ? " all day. " : " and we know it. ");
        }
    run r = score(state, buf);
    const cred_signal *s = sig(r.v, "SIMPLE_REPETITIVE_BODY");
    assert_non_null(s);
    assert_non_null(strstr(s->reason, "words of 7+ letters"));
    assert_true(s->n_evidence > 1); /* every use of the most repeated content word */
    run_free(&r);
    /* the same words, too short to measure */
    r = score(state, "They Did It Again\n\nThey lie and they lie to you and we know it is a lie.\n");
    assert_null(sig(r.v, "SIMPLE_REPETITIVE_BODY"));
    run_free(&r);
    /* a varied report of 150+ words with long words */
    char rep[4096] = "";
    strcat(rep, report);
    strcat(rep, "\nEngineers from the regional transportation authority estimated that "
                "maintenance expenditures for the existing structure had quadrupled since "
                "2015, according to documents submitted to the committee. Environmental "
                "assessments concluded that construction would temporarily disturb migratory "
                "fish populations, requiring additional monitoring throughout the summer. "
                "Residents attending the hearing questioned whether alternative proposals, "
                "including rehabilitation of the historic crossing, had received adequate "
                "consideration from municipal planners.\n");
    r = score(state, rep);
    assert_null(sig(r.v, "SIMPLE_REPETITIVE_BODY"));
    run_free(&r);
}

static void specific_details(void **state)
{
    run r = score(state, report);
    const cred_signal *s = sig(r.v, "SPECIFIC_DETAILS");
    assert_non_null(s);
    assert_true(s->weight > 0 && s->points > 0);
    const char *e = ev(&r, s);
    assert_non_null(strstr(e, "Tuesday"));
    assert_non_null(strstr(e, "7-2"));
    assert_non_null(strstr(e, "Harlan River"));
    run_free(&r);
    r = score(state, rant);
    assert_null(sig(r.v, "SPECIFIC_DETAILS"));
    run_free(&r);
}

static void quote_density(void **state)
{
    run r = score(state, report);
    const cred_signal *s = sig(r.v, "QUOTE_DENSITY");
    assert_non_null(s);
    assert_non_null(strstr(ev(&r, s), "Mayor Ana Costa"));
    run_free(&r);
    r = score(state, rant);
    assert_null(sig(r.v, "QUOTE_DENSITY"));
    run_free(&r);
}

static void voice(void **state)
{
    run r = score(state, rant);
    const cred_signal *you = sig(r.v, "SECOND_PERSON"), *me = sig(r.v, "FIRST_PERSON");
    assert_non_null(you);
    assert_non_null(me);
    const char *e = ev(&r, you);
    assert_non_null(strstr(e, "Wake up"));
    assert_non_null(strstr(e, "Share this"));
    assert_string_equal(ev(&r, me), "I|my|I|I");
    run_free(&r);
    /* "you" and "I" only inside quotations: the speaker's words */
    r = score(state, report);
    assert_null(sig(r.v, "SECOND_PERSON"));
    assert_null(sig(r.v, "FIRST_PERSON"));
    run_free(&r);
    /* "World War I" is a numeral, not the writer */
    r = score(state, "Veterans honoured\n\nThe last veterans of World War I were honoured. The "
                     "museum of World War I opened. Relics of World War I were shown.\n");
    assert_null(sig(r.v, "FIRST_PERSON"));
    run_free(&r);
}

static void dateline(void **state)
{
    run r = score(state, report);
    const cred_signal *s = sig(r.v, "DATELINE");
    assert_non_null(s);
    assert_string_equal(ev(&r, s), "MILLBROOK (Northern Wire) -");
    run_free(&r);
    r = score(state, "Talks resume\n\nPARIS, March 3 \xe2\x80\x94 Negotiators met again on "
                     "Monday.\n");
    s = sig(r.v, "DATELINE");
    assert_non_null(s);
    assert_string_equal(ev(&r, s), "PARIS, March 3 \xe2\x80\x94");
    run_free(&r);
    /* a name and a dash is not a dateline; nor is a plain first sentence */
    r = score(state, "Talks resume\n\nPeter Lind - a council member - said the talks would "
                     "resume.\n");
    assert_null(sig(r.v, "DATELINE"));
    run_free(&r);
    r = score(state, rant);
    assert_null(sig(r.v, "DATELINE"));
    run_free(&r);
}

/* Invented page: byline, date, a correction note, links to a .gov report,
 * a court record and the outlet's own site. */
static const char *page =
    "<!DOCTYPE html><html><head><title>Bridge budget approved | Millbrook Ledger</title>"
    "<meta name=\"author\" content=\"Ana Ruiz\">"
    "<meta property=\"article:published_time\" content=\"2025-03-04T10:00:00Z\">"
    "<link rel=\"canonical\" href=\"https://millbrookledger.example/bridge\">"
    "</head><body><article><h1>Bridge budget approved</h1>"
    "<p>The Millbrook city council voted on Tuesday to approve the budget for a new bridge, "
    "following a <a href=\"https://www.transportation.gov/reports/bridge-2024\">federal "
    "inspection report</a> that found the old crossing unsafe.</p>"
    "<p>A lawsuit over the old bridge is still pending, according to <a "
    "href=\"https://www.courtlistener.com/docket/123/millbrook/\">court records</a>. Our "
    "<a href=\"https://millbrookledger.example/earlier\">earlier story</a> has the "
    "background.</p>"
    "<p>Correction: An earlier version of this article gave the wrong date for the vote.</p>"
    "</article></body></html>";

static void page_signals(void **state)
{
    run r = score_page(state, page);
    const cred_signal *by = sig(r.v, "BYLINE_PERSON"), *pd = sig(r.v, "PUBLISHED_DATE"),
                      *co = sig(r.v, "CORRECTION_NOTE"), *li = sig(r.v, "LINKS_OUT");
    assert_non_null(by);
    assert_non_null(strstr(by->reason, "Ana Ruiz"));
    assert_non_null(pd);
    assert_non_null(strstr(pd->reason, "2025-03-04"));
    assert_non_null(co);
    assert_non_null(strstr(ev(&r, co), "Correction:"));
    assert_non_null(li);
    assert_string_equal(ev(&r, li), "federal inspection report|court records");
    assert_true(fabs(li->value - 2.0 / 3.0) < 1e-9); /* own site not counted */
    run_free(&r);

    /* the same words as plain text: no page, no page signal */
    r = score(state, "Bridge budget approved\n\nBy Ana Ruiz\n\n"
                     "Published 2025-03-04. Links: https://www.transportation.gov/reports\n\n"
                     "Correction: An earlier version of this article gave the wrong date.\n");
    assert_null(sig(r.v, "BYLINE_PERSON"));
    assert_null(sig(r.v, "PUBLISHED_DATE"));
    assert_null(sig(r.v, "CORRECTION_NOTE"));
    assert_null(sig(r.v, "LINKS_OUT"));
    run_free(&r);

    /* no headline element: the first paragraph becomes the title and its
     * link still counts; a <link> in the head is not a link out */
    r = score_page(state, "<html><head><link rel=\"stylesheet\" href=\"https://cdn.agency.gov/s.css\">"
                          "</head><body><article><p>Text of the <a href=\"https://a.gov/x\">"
                          "report</a> and more words here.</p><p>See the <a "
                          "href=\"https://doi.org/10.1/xyz\">study</a> too.</p></article>"
                          "</body></html>");
    li = sig(r.v, "LINKS_OUT");
    assert_non_null(li);
    assert_string_equal(ev(&r, li), "report|study");
    run_free(&r);

    /* a page whose byline is a desk, without date, note or outside links */
    r = score_page(state, "<!DOCTYPE html><html><head><title>Notice</title>"
                          "<meta name=\"author\" content=\"News Desk\"></head><body><article>"
                          "<h1>Notice</h1><p>The office will be closed on Friday for "
                          "maintenance, <a href=\"https://blog.example/x\">a blog</a> "
                          "says.</p></article></body></html>");
    assert_null(sig(r.v, "BYLINE_PERSON"));
    assert_null(sig(r.v, "PUBLISHED_DATE"));
    assert_null(sig(r.v, "CORRECTION_NOTE"));
    assert_null(sig(r.v, "LINKS_OUT"));
    run_free(&r);
}

static void config_word_lists(void **state)
{
    cred_error err;
    cred_score_config *c = cred_score_config_new(*state, &err);
    assert_non_null(c);
    const char *bad = "word\tnosuchlist\tfoo\n";
    assert_int_equal(cred_score_config_load(c, bad, strlen(bad), "x.tsv", &err), CRED_EFORMAT);
    assert_non_null(strstr(err.msg, "x.tsv:1"));
    const char *more = "word\tcall\tlisten up\n";
    assert_int_equal(cred_score_config_load(c, more, strlen(more), "x.tsv", &err), CRED_OK);
    cred_doc *doc;
    const char *t = "Notice\n\nListen up, everyone. Listen up now.\n";
    assert_int_equal(cred_clean(*state, t, strlen(t), NULL, &doc, &err), CRED_OK);
    cred_score_opts o;
    cred_score_opts_init(&o);
    o.config = c;
    cred_verdict *v;
    assert_int_equal(cred_score(*state, doc, &o, &v, &err), CRED_OK);
    assert_non_null(sig(v, "SECOND_PERSON"));
    cred_verdict_free(v);
    cred_doc_free(doc);
    cred_score_config_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(headline_body_mismatch), cmocka_unit_test(title_style),
        cmocka_unit_test(simple_repetitive_body), cmocka_unit_test(specific_details),
        cmocka_unit_test(quote_density),          cmocka_unit_test(voice),
        cmocka_unit_test(dateline),               cmocka_unit_test(page_signals),
        cmocka_unit_test(config_word_lists),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
