/*
 * fuzz_analyze.c - cred_analyze on a cleaned document (`credence analyze`):
 * quotes, speakers, entities, sentence classes, headline, measures.
 *
 * Every span of the analysis must lie in the document's text, every share
 * and rate be finite (shares in [0,1]), one sentence record per document
 * sentence, and the analysis JSON must parse.
 */
#include "fuzz_common.h"

static void share(const char *what, double x)
{
    if (!(x >= 0 && x <= 1))
        fz_fail("%s = %g outside [0,1]", what, x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cred_clean_opts co;
    cred_clean_opts_init(&co);
    co.format = CRED_FORMAT_TEXT;
    cred_doc *doc = NULL;
    cred_error err;
    if (cred_clean(fz_ctx(), (const char *)data, size, &co, &doc, &err) != CRED_OK)
        return 0;
    cred_analyze_opts ao;
    cred_analyze_opts_init(&ao);
    ao.no_headline = size && (data[0] & 1);
    cred_analysis *a = NULL;
    cred_status st = cred_analyze(fz_ctx(), doc, &ao, &a, &err);
    if (st != CRED_OK) {
        if (st != CRED_ENOMEM)
            fz_fail("cred_analyze failed with %d: %s", (int)st, err.msg);
        cred_doc_free(doc);
        return 0;
    }
    const char *t = doc->text;
    size_t n = doc->text_len;
    if (a->n_sentences != doc->n_sentences)
        fz_fail("%zu sentence records for %zu sentences", a->n_sentences, doc->n_sentences);
    for (size_t i = 0; i < a->n_sentences; i++) {
        fz_check_span("analysis sentence", i, a->sentences[i].span, t, n);
        if (!(a->sentences[i].opinion_score >= 0) || !(a->sentences[i].claim_score >= 0) ||
            !isfinite(a->sentences[i].opinion_score) || !isfinite(a->sentences[i].claim_score))
            fz_fail("sentence[%zu]: scores %g %g", i, a->sentences[i].opinion_score,
                    a->sentences[i].claim_score);
        if (!cred_sentence_class_name(a->sentences[i].cls))
            fz_fail("sentence[%zu]: class without a name", i);
        for (size_t k = 0; k < a->sentences[i].n_evidence; k++)
            fz_check_span("sentence evidence", k, a->sentences[i].evidence[k].span, t, n);
    }
    for (size_t i = 0; i < a->n_quotes; i++) {
        const cred_quote *q = &a->quotes[i];
        fz_check_span("quote content", i, q->content, t, n);
        if (q->has_speaker)
            fz_check_span("quote speaker", i, q->speaker, t, n);
        if (q->has_cue)
            fz_check_span("quote cue", i, q->cue, t, n);
        if (q->source != CRED_NO_SOURCE && q->source >= a->n_sources)
            fz_fail("quote[%zu]: source %zu of %zu", i, q->source, a->n_sources);
    }
    for (size_t i = 0; i < a->n_entities; i++) {
        const cred_entity *e = &a->entities[i];
        if (!e->name)
            fz_fail("entity[%zu]: NULL name", i);
        fz_check_text("entity name", e->name, strlen(e->name), 0);
        for (size_t k = 0; k < e->count; k++)
            fz_check_span("entity mention", k, e->mentions[k], t, n);
    }
    for (size_t i = 0; i < a->n_sources; i++) {
        const cred_source *s = &a->sources[i];
        if (!s->name)
            fz_fail("source[%zu]: NULL name", i);
        fz_check_text("source name", s->name, strlen(s->name), 0);
        fz_check_span("source first mention", i, s->first, t, n);
        if (s->entity != CRED_NO_SOURCE && s->entity >= a->n_entities)
            fz_fail("source[%zu]: entity %zu of %zu", i, s->entity, a->n_entities);
    }
    for (size_t i = 0; i < a->n_anonymous; i++)
        fz_check_span("anonymous", i, a->anonymous[i].span, t, n);
    for (size_t i = 0; i < a->n_terms; i++)
        fz_check_span("term", i, a->terms[i].span, t, n);
    if (a->headline.present)
        fz_check_span("headline", 0, a->headline.span, t, n);
    share("headline clickbait", a->headline.clickbait);
    for (size_t i = 0; i < a->headline.n_signals; i++)
        fz_check_span("headline signal", i, a->headline.signals[i].span, t, n);
    const cred_measures *m = &a->measures;
    share("quoted_share", m->quoted_share);
    share("attributed_share", m->attributed_share);
    for (int c = 0; c < CRED_SENT__COUNT; c++)
        share("class_share", m->class_share[c]);
    if (!isfinite(m->flesch) || !isfinite(m->exclamation_rate) || !isfinite(m->caps_rate) ||
        !isfinite(m->loaded_rate))
        fz_fail("a measure is not finite");
    char *js = NULL;
    if (cred_analysis_to_json(doc, a, 0, &js, &err) == CRED_OK) {
        fz_check_json("analysis JSON", js);
        free(js);
    }
    cred_analysis_free(a);
    cred_doc_free(doc);
    return 0;
}
