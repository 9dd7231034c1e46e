/*
 * test_score.c - the verdict (src/score/score.c, config.c, report.c):
 * config overlay and errors, text-pipeline signals with evidence, the
 * logistic combination, bands, genres, and the three outputs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
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
    cred_verdict *v;
} run;

static run score(void **state, const char *text, const char *url, const cred_score_config *cfg)
{
    run r = {0};
    cred_error err;
    assert_int_equal(cred_clean(*state, text, strlen(text), NULL, &r.doc, &err), CRED_OK);
    cred_score_opts o;
    cred_score_opts_init(&o);
    if (url)
        o.url = (cred_str){url, strlen(url)};
    o.config = cfg;
    assert_int_equal(cred_score(*state, r.doc, &o, &r.v, &err), CRED_OK);
    return r;
}

static void run_free(run *r)
{
    cred_verdict_free(r->v);
    cred_doc_free(r->doc);
}

static const cred_signal *sig(const cred_verdict *v, const char *name)
{
    for (size_t i = 0; i < v->n_signals; i++)
        if (!strcmp(v->signals[i].name, name))
            return &v->signals[i];
    return NULL;
}

/* Invented scraped page: a repeated lede and two lines of chrome. */
static const char *scraped =
    "Council votes on the new bridge\n\n"
    "The city council voted on Tuesday to build a new bridge over the river.\n\n"
    "The city council voted on Tuesday to build a new bridge over the river.\n\n"
    "Work is due to start next spring, the council said in a statement.\n\n"
    "(Visited 12 times, 1 visits today)\n\n"
    "You must be logged in to post a comment Login\n";

static void text_signals_with_evidence(void **state)
{
    run r = score(state, scraped, NULL, NULL);
    const cred_signal *rep = sig(r.v, "REPEATED_TEXT"), *chr = sig(r.v, "PAGE_CHROME");
    assert_non_null(rep);
    assert_non_null(chr);
    assert_null(sig(r.v, "SOURCE_UNKNOWN")); /* no URL: nothing said about the outlet */
    assert_true(rep->points < 0);
    assert_int_equal(rep->n_evidence, 1);
    /* evidence of removed text: empty clean span, input span holds the text */
    const cred_sig_evidence *e = &rep->evidence[0];
    assert_int_equal(e->text.start, e->text.end);
    assert_memory_equal(scraped + e->input.start, "The city council voted", 22);
    assert_int_equal(e->removed.n, e->input.end - e->input.start);
    assert_int_equal(chr->n_evidence, 2);
    assert_memory_equal(scraped + chr->evidence[0].input.start, "(Visited", 8);
    /* sorted by |points| */
    for (size_t i = 1; i < r.v->n_signals; i++)
        assert_true(fabs(r.v->signals[i - 1].points) >= fabs(r.v->signals[i].points));
    run_free(&r);
}

/* NAMED_SOURCES and FEW_NAMED_SOURCES never fire on the same fact: fewer
 * named sources than named_sources_min (2) is FEW_NAMED_SOURCES only, that
 * many or more NAMED_SOURCES only; its evidence lists named sources, not
 * descriptions ("the campaign") or things ("the website"). */
static const char *one_named =
    "Council approves the budget\n\n"
    "The city council approved the new budget on Tuesday after a long debate.\n\n"
    "Mayor Lena Marsh said the budget would not raise taxes.\n\n"
    "The campaign said the vote was a victory for the city.\n\n"
    "The website said the budget would be published next week.\n\n"
    "The new budget takes effect in July.\n";
static const char *three_named =
    "Council approves the budget\n\n"
    "The city council approved the new budget on Tuesday after a long debate.\n\n"
    "Mayor Lena Marsh said the budget would not raise taxes.\n\n"
    "Council member Omar Reyes said the vote was a victory for the city.\n\n"
    "Reuters reported that the budget would be published next week.\n\n"
    "The campaign said the new budget takes effect in July.\n";

static void named_sources_one_rule(void **state)
{
    run r = score(state, one_named, NULL, NULL);
    assert_non_null(sig(r.v, "FEW_NAMED_SOURCES"));
    assert_null(sig(r.v, "NAMED_SOURCES"));
    run_free(&r);

    r = score(state, three_named, NULL, NULL);
    const cred_signal *n = sig(r.v, "NAMED_SOURCES");
    assert_non_null(n);
    assert_null(sig(r.v, "FEW_NAMED_SOURCES"));
    assert_int_equal(n->n_evidence, 3); /* Marsh, Reyes, Reuters; not "campaign" */
    run_free(&r);

    /* with named_sources_min 1, one named source is enough */
    cred_error err;
    cred_score_config *c = cred_score_config_new(*state, &err);
    assert_non_null(c);
    assert_int_equal(cred_score_config_set(c, "named_sources_min", 1, &err), CRED_OK);
    r = score(state, one_named, NULL, c);
    assert_non_null(sig(r.v, "NAMED_SOURCES"));
    assert_null(sig(r.v, "FEW_NAMED_SOURCES"));
    assert_int_equal(sig(r.v, "NAMED_SOURCES")->n_evidence, 1);
    run_free(&r);
    cred_score_config_free(c);
}

static void logistic_combination(void **state)
{
    run r = score(state, scraped, NULL, NULL);
    double z = r.v->logit;
    assert_true(fabs(r.v->score - 100.0 / (1.0 + exp(-z))) < 1e-9);
    /* points: the score minus the score without the signal */
    const cred_signal *s = &r.v->signals[0];
    double without = 100.0 / (1.0 + exp(-(z - s->contribution)));
    assert_true(fabs(s->points - (r.v->score - without)) < 1e-9);
    run_free(&r);
}

static void config_overrides(void **state)
{
    cred_error err;
    cred_score_config *c = cred_score_config_new(*state, &err);
    assert_non_null(c);
    assert_int_equal(cred_score_config_set(c, "REPEATED_TEXT", 0, &err), CRED_OK);
    assert_int_equal(cred_score_config_set(c, "PAGE_CHROME", 0, &err), CRED_OK);
    assert_int_equal(cred_score_config_set(c, "intercept", 3.0, &err), CRED_OK);
    run r = score(state, scraped, NULL, c);
    double z = 3.0;
    for (size_t i = 0; i < r.v->n_signals; i++)
        z += r.v->signals[i].contribution;
    assert_true(fabs(r.v->logit - z) < 1e-9);
    assert_true(fabs(sig(r.v, "REPEATED_TEXT")->points) < 1e-9);
    run_free(&r);
    assert_int_equal(cred_score_config_set(c, "NO_SUCH_SIGNAL", 1, &err), CRED_EINVAL);
    assert_int_equal(cred_score_config_set(c, "PAGE_CHROME", NAN, &err), CRED_EINVAL);
    /* overlay: bands replaced by name, a new label */
    const char *over = "# mine\n"
                       "band\tvery-unreliable\t0\tdo not trust\n"
                       "label\tsatire\tjoke\n"
                       "param\topinion_genre\t0.9\n"
                       /* the rating rules off: this checks the band table */
                       "param\thold_floor\t0\n"
                       "param\tweak_evidence\t0\n"
                       "param\tunrated_words\t0\n";
    assert_int_equal(cred_score_config_load(c, over, strlen(over), "over.tsv", &err), CRED_OK);
    assert_int_equal(cred_score_config_set(c, "intercept", -10, &err), CRED_OK);
    r = score(state, scraped, NULL, c);
    assert_string_equal(r.v->band, "very-unreliable");
    assert_string_equal(r.v->label, "do not trust");
    run_free(&r);
    r = score(state, scraped, "https://www.theonion.com/x", c);
    assert_string_equal(r.v->genre, "satire");
    assert_string_equal(r.v->label, "joke");
    run_free(&r);
    cred_score_config_free(c);
}

static void config_errors(void **state)
{
    cred_error err;
    cred_score_config *c = cred_score_config_new(*state, &err);
    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"signal\tNOPE\t1\n", "c.tsv:1: unknown signal 'NOPE'"},
        {"\n# x\nsignal\tMOJIBAKE\tabc\n", "c.tsv:3: 'abc' is not a number"},
        {"band\tx\t120\tlabel\n", "c.tsv:1: band needs"},
        {"frobnicate\t1\n", "c.tsv:1: unknown setting 'frobnicate'"},
        {"param\tnope\t1\n", "unknown parameter 'nope'"},
        {"label\tnews\tx\n", "label needs"},
        {"signal\tMOJIBAKE\n", "needs a name and a value"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(cred_score_config_load(c, bad[i].text, strlen(bad[i].text), "c.tsv",
                                                &err),
                         CRED_EFORMAT);
        if (!strstr(err.msg, bad[i].msg))
            fail_msg("case %zu: got '%s'", i, err.msg);
    }
    cred_score_config_free(c);
}

static void outlets_in_verdict(void **state)
{
    const char *txt = "A plain headline\n\nA short body sentence about the harbour.\n";
    run r = score(state, txt, "https://www.reuters.com/world/a", NULL);
    assert_non_null(r.v->source);
    assert_string_equal(r.v->outlet, "reuters.com");
    const cred_signal *hi = sig(r.v, "SOURCE_HIGH_FACTUALITY");
    assert_non_null(hi);
    assert_true(hi->points > 0);
    run_free(&r);
    r = score(state, txt, "http://never-heard-of.example/x", NULL);
    assert_null(r.v->source);
    const cred_signal *u = sig(r.v, "SOURCE_UNKNOWN");
    assert_non_null(u);
    assert_true(u->weight == 0.0); /* unknown: said, not held against it */
    assert_null(sig(r.v, "SOURCE_LOW_FACTUALITY"));
    run_free(&r);
    /* a local table is searched first */
    const char *mine = "reuters.com\tlow\tfake\t-\ttest\n";
    cred_outlets *t = cred_outlets_new();
    cred_error err;
    assert_int_equal(cred_outlets_load(t, mine, strlen(mine), "mine", &err), CRED_OK);
    cred_doc *d;
    assert_int_equal(cred_clean(*state, txt, strlen(txt), NULL, &d, &err), CRED_OK);
    cred_score_opts o;
    cred_score_opts_init(&o);
    o.url = (cred_str){"reuters.com", 11};
    o.sources = t;
    cred_verdict *v;
    assert_int_equal(cred_score(*state, d, &o, &v, &err), CRED_OK);
    assert_non_null(sig(v, "SOURCE_LOW_FACTUALITY"));
    assert_non_null(sig(v, "SOURCE_UNRELIABLE_TYPE"));
    cred_verdict_free(v);
    o.url = (cred_str){"http:///", 8};
    assert_int_equal(cred_score(*state, d, &o, &v, &err), CRED_EINVAL);
    cred_doc_free(d);
    cred_outlets_free(t);
}

static void json_output(void **state)
{
    run r = score(state, scraped, "https://example.test/a", NULL);
    char *s;
    cred_error err;
    assert_int_equal(cred_verdict_to_json(r.v, 0, &s, &err), CRED_OK);
    json_error_t je;
    json_t *j = json_loads(s, 0, &je);
    assert_non_null(j);
    assert_int_equal(json_integer_value(json_object_get(j, "schema_version")), 2);
    assert_true(json_is_number(json_object_get(j, "score")));
    assert_string_equal(json_string_value(json_object_get(j, "outlet")), "example.test");
    json_t *sigs = json_object_get(j, "signals");
    assert_int_equal(json_array_size(sigs), r.v->n_signals);
    json_t *first = json_array_get(sigs, 0);
    assert_non_null(json_object_get(first, "evidence"));
    assert_non_null(json_object_get(first, "reason"));
    json_decref(j);
    free(s);
    run_free(&r);
}

static void html_and_text_output(void **state)
{
    const char *evil = "Title with <script>alert(1)</script> & \"quotes\"\n\n"
                       "Body text here.\n\n(Visited 3 times, 1 visits today)\n";
    run r = score(state, evil, NULL, NULL);
    char *h;
    size_t n;
    cred_error err;
    assert_int_equal(cred_verdict_to_html(r.v, &h, &n, &err), CRED_OK);
    assert_int_equal(strlen(h), n);
    assert_null(strstr(h, "<script>"));
    assert_non_null(strstr(h, "&lt;script&gt;"));
    assert_non_null(strstr(h, "<del class=\"chrome\""));
    assert_non_null(strstr(h, "PAGE_CHROME"));
    assert_null(strstr(h, "http://")); /* no external assets */
    assert_null(strstr(h, "https://"));
    free(h);
    char *t;
    assert_int_equal(cred_verdict_to_text(r.v, 0, &t, &err), CRED_OK);
    assert_non_null(strstr(t, "/100"));
    assert_null(strchr(t, '\033'));
    free(t);
    assert_int_equal(cred_verdict_to_text(r.v, 1, &t, &err), CRED_OK);
    assert_non_null(strchr(t, '\033'));
    free(t);
    run_free(&r);
}

/* The analysis shows up in the reports: quotes per speaker, sentence marks. */
static void reports_show_the_analysis(void **state)
{
    const char *txt = "Mayor promises a new bridge\n\n"
                      "\"We will build it by next spring,\" Mayor Ann Lee said on Monday.\n\n"
                      "\"The money is already set aside,\" said council treasurer Tom Berg.\n";
    run r = score(state, txt, NULL, NULL);
    assert_non_null(r.v->analysis);
    char *h, *t;
    size_t n;
    cred_error err;
    assert_int_equal(cred_verdict_to_html(r.v, &h, &n, &err), CRED_OK);
    assert_non_null(strstr(h, "class=\"quote q0\""));
    assert_non_null(strstr(h, "class=\"quote q1\""));
    assert_non_null(strstr(h, "<h3>Speakers</h3>"));
    free(h);
    assert_int_equal(cred_verdict_to_text(r.v, 0, &t, &err), CRED_OK);
    assert_non_null(strstr(t, "Quotes by speaker"));
    assert_non_null(strstr(t, "Ann Lee"));
    free(t);
    const cred_signal *q = sig(r.v, "QUOTES_ATTRIBUTED");
    assert_non_null(q);
    assert_true(q->points > 0);
    run_free(&r);
}

static void empty_and_hostile(void **state)
{
    static const char *inputs[] = {"", "\n\n\n", "x", "\xff\xfe\x00\x01 bytes",
                                   "\"\"\"\"\"\n\n\"unclosed"};
    static const size_t lens[] = {0, 3, 1, 11, 16};
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
        cred_doc *d;
        cred_verdict *v;
        cred_error err;
        assert_int_equal(cred_clean(*state, inputs[i], lens[i], NULL, &d, &err), CRED_OK);
        assert_int_equal(cred_score(*state, d, NULL, &v, &err), CRED_OK);
        assert_true(v->score >= 0 && v->score <= 100);
        char *s;
        size_t n;
        assert_int_equal(cred_verdict_to_html(v, &s, &n, &err), CRED_OK);
        free(s);
        assert_int_equal(cred_verdict_to_json(v, 1, &s, &err), CRED_OK);
        free(s);
        cred_verdict_free(v);
        cred_doc_free(d);
    }
}

/* ---- the article model: out-of-domain damping and evidence (sig_model.c) ---- */

/* Invented texts: a recipe and a French council story (outside the model's
 * domain), a US political story (inside it). */
static const char RECIPE[] =
    "Lemon and thyme roast chicken with crispy potatoes\n"
    "\n"
    "Preheat the oven to 220C. Pat the chicken dry with kitchen paper and rub the skin with olive oil, flaky salt and cracked pepper. Halve two lemons and tuck them into the cavity with a handful of thyme sprigs and three bruised garlic cloves.\n"
    "\n"
    "Peel and quarter the potatoes, parboil them for eight minutes, then drain and shake the colander so the edges roughen. Toss them in the roasting tin with rosemary, a splash of oil and a pinch of sea salt.\n"
    "\n"
    "Roast the bird for 70 minutes, basting twice, until the juices run clear. Rest it under foil for 15 minutes while the potatoes finish crisping. Whisk the pan juices with a spoonful of flour and a ladle of stock to make a glossy gravy. Serve with steamed greens and a dollop of mustard.\n";
static const char POLITICS[] =
    "Senate panel advances border security bill after heated debate\n"
    "\n"
    "WASHINGTON - A Senate committee voted 14-9 on Thursday to advance a border security bill that would add funding for immigration judges and surveillance equipment, sending the measure to the full Senate as Republicans and Democrats traded accusations over the administration's policies.\n"
    "\n"
    "Senator Maria Delgado, the Democrat who leads the committee, said the bill was a compromise that both parties could support. \"This is not everything anyone wanted, but it is a serious plan,\" she told reporters after the vote. Republicans said the measure did not go far enough and vowed to offer amendments on the floor.\n"
    "\n"
    "The White House said in a statement that the president would review the legislation. Officials at the Department of Homeland Security told lawmakers last month that the backlog of asylum cases had grown to more than two million. The full Senate could take up the bill before the election recess, the majority leader's office said.\n";
static const char FRENCH[] =
    "Le conseil municipal adopte le budget\n"
    "\n"
    "Le conseil municipal de la ville a adopté mardi soir le budget pour l'année prochaine, après un long débat sur les dépenses de voirie. Le maire a déclaré que les impôts locaux ne seraient pas augmentés et que la priorité serait donnée aux écoles et aux transports publics. L'opposition a dénoncé un manque de transparence sur le financement du nouveau stade.\n";

static cred_model *shipped_model(void)
{
    cred_model *m = NULL;
    cred_error err;
    assert_int_equal(cred_model_load("data/models/score-article.model", &m, &err), CRED_OK);
    return m;
}

static const cred_signal *model_sig(const cred_verdict *v)
{
    const cred_signal *s = sig(v, "MODEL_UNRELIABLE");
    return s ? s : sig(v, "MODEL_RELIABLE");
}

static run score_model(void **state, const char *text, const cred_model *m)
{
    run r = {0};
    cred_error err;
    assert_int_equal(cred_clean(*state, text, strlen(text), NULL, &r.doc, &err), CRED_OK);
    cred_score_opts o;
    cred_score_opts_init(&o);
    o.model = m;
    assert_int_equal(cred_score(*state, r.doc, &o, &r.v, &err), CRED_OK);
    return r;
}

static void model_ood_recipe(void **state)
{
    cred_model *m = shipped_model();
    cred_error err;
    cred_coverage cv;
    assert_int_equal(cred_model_coverage(*state, m, RECIPE, strlen(RECIPE), &cv, &err), CRED_OK);
    assert_true(cv.n_words > 100);
    assert_true(cv.coverage < 0.6);          /* the model knows few of its words */
    assert_true(cv.stopword_share > 0.25);   /* but it is English */
    run r = score_model(state, RECIPE, m);
    const cred_signal *s = model_sig(r.v);
    /* damped to nothing, whatever the raw model says */
    assert_true(!s || s->value < 0.05);
    run_free(&r);
    /* non-English text: damped by the stop-word share */
    assert_int_equal(cred_model_coverage(*state, m, FRENCH, strlen(FRENCH), &cv, &err), CRED_OK);
    assert_true(cv.stopword_share < 0.1);
    r = score_model(state, FRENCH, m);
    s = model_sig(r.v);
    assert_true(!s || s->value < 0.05);
    run_free(&r);
    cred_model_free(m);
}

static void model_in_domain_politics(void **state)
{
    cred_model *m = shipped_model();
    cred_error err;
    cred_coverage cv;
    assert_int_equal(cred_model_coverage(*state, m, POLITICS, strlen(POLITICS), &cv, &err),
                     CRED_OK);
    assert_true(cv.coverage >= 0.88);
    run r = score_model(state, POLITICS, m);
    const cred_signal *s = model_sig(r.v);
    assert_non_null(s);
    double p = r.v->model_unreliable;
    assert_true(fabs(s->value - fabs(2 * p - 1)) < 1e-9); /* not damped */
    assert_null(strstr(s->reason, "damped"));
    assert_non_null(strstr(s->reason, "most of all \""));
    /* evidence: non-empty spans inside the cleaned text, at most 8 */
    assert_true(s->n_evidence > 0 && s->n_evidence <= 8);
    for (size_t i = 0; i < s->n_evidence; i++) {
        const cred_sig_evidence *e = &s->evidence[i];
        assert_true(e->text.start < e->text.end);
        assert_true(e->text.end <= r.doc->text_len);
    }
    run_free(&r);
    cred_model_free(m);
}

/* Coverage of nothing is 0, not a division by zero. */
static void model_coverage_empty(void **state)
{
    cred_model *m = shipped_model();
    cred_error err;
    cred_coverage cv;
    assert_int_equal(cred_model_coverage(*state, m, "", 0, &cv, &err), CRED_OK);
    assert_int_equal(cv.n_words, 0);
    assert_true(cv.coverage == 0 && cv.stopword_share == 0);
    assert_int_equal(cred_model_coverage(*state, m, "12 34 !!", 8, &cv, &err), CRED_OK);
    assert_int_equal(cv.n_words, 0);
    cred_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_signals_with_evidence), cmocka_unit_test(logistic_combination),
        cmocka_unit_test(config_overrides),           cmocka_unit_test(config_errors),
        cmocka_unit_test(outlets_in_verdict),         cmocka_unit_test(json_output),
        cmocka_unit_test(html_and_text_output),       cmocka_unit_test(reports_show_the_analysis),
        cmocka_unit_test(empty_and_hostile),          cmocka_unit_test(named_sources_one_rule),
        cmocka_unit_test(model_ood_recipe),
        cmocka_unit_test(model_in_domain_politics),
        cmocka_unit_test(model_coverage_empty),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
