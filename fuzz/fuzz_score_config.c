/*
 * fuzz_score_config.c - the score configuration reader
 * (cred_score_config_load: --config FILE, overrides of data/score/ files).
 *
 * A hostile configuration may be refused (CRED_EFORMAT with the file and
 * line), but one that loads must still give a verdict that keeps every
 * promise of credence/score.h: weights such as 1e308 must not make the score
 * NaN or leave [0,100] (issue 13 D27), band names and labels must not reach
 * the HTML report unescaped (D20).  The same article is scored each time,
 * cleaned once.
 */
#include "fuzz_common.h"

static const char ARTICLE[] =
    "You Won't Believe What The Mayor Said!!!\n\n"
    "Sources say the mayor, who critics call a disgrace, secretly approved the plan. "
    "\"We acted within the law,\" said Ana Ruiz, a spokeswoman for the city, on Tuesday.\n\n"
    "According to the Associated Press, the council voted 7-2 in favour. It is rumored that "
    "more votes will follow. SHARE THIS NOW!!!\n\n"
    "Share this article\n\nShare this article\n";

static const cred_doc *fz_doc(void)
{
    static cred_doc *doc;
    if (!doc) {
        cred_error err;
        if (cred_clean(fz_ctx(), ARTICLE, sizeof ARTICLE - 1, NULL, &doc, &err) != CRED_OK)
            fz_fail("cannot clean the fixed article: %s", err.msg);
    }
    return doc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cred_error err;
    cred_score_config *c = cred_score_config_new(fz_ctx(), &err);
    if (!c)
        fz_fail("cred_score_config_new: %s", err.msg);
    cred_status st = cred_score_config_load(c, (const char *)data, size, "fuzz.tsv", &err);
    if (st != CRED_OK) {
        if (st != CRED_EFORMAT && st != CRED_EDATA && st != CRED_ENOMEM && st != CRED_EINVAL)
            fz_fail("cred_score_config_load failed with %d: %s", (int)st, err.msg);
        if (!strstr(err.msg, "fuzz.tsv"))
            fz_fail("the error does not name the file: %s", err.msg);
        cred_score_config_free(c);
        return 0;
    }
    cred_score_opts so;
    cred_score_opts_init(&so);
    so.config = c;
    so.url = (cred_str){"https://news.example/a", 22};
    cred_verdict *v = NULL;
    st = cred_score(fz_ctx(), fz_doc(), &so, &v, &err);
    if (st == CRED_OK) {
        fz_check_verdict(v);
        cred_verdict_free(v);
    } else if (st != CRED_ENOMEM) {
        fz_fail("cred_score with a loaded config failed with %d: %s", (int)st, err.msg);
    }
    cred_score_config_free(c);
    return 0;
}
