/*
 * sig_analysis.c - signals read from the analysis (credence/analysis.h):
 * headline, sentence classes, sources, quotes, loaded terms, measures.
 *
 * What it does: turns the analysis' measures into signal values in [0, 1]
 * with a reason a reader can check and the spans that show it.  The
 * thresholds that are matters of taste are params in data/score/config.tsv.
 * What it does not: re-analyze the text; every finding is the analysis
 * module's.
 *
 * Each value saturates at a level where more of the same says nothing new
 * (half the sentences opinion is already an opinion piece), so that the
 * fitted weights stay readable as "what this signal is worth when it fully
 * fires".
 */
#include "score/score_sig.h"

#include <stdio.h>
#include <stdlib.h>


static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

/* Picks the `max` sentences of class `cls` with the highest score and adds
 * them as evidence in text order. */
static void class_evidence(cred__sigs *sb, cred__sig s, const cred_doc *doc,
                           const cred_analysis *a, cred_sentence_class cls, size_t max)
{
    size_t idx[CRED__SIG_MAX_EVIDENCE];
    size_t k = 0;
    if (max > CRED__SIG_MAX_EVIDENCE)
        max = CRED__SIG_MAX_EVIDENCE;
    for (size_t i = 0; i < a->n_sentences; i++) {
        const cred_sentence_info *si = &a->sentences[i];
        if (si->cls != cls || si->title)
            continue;
        double sc = cls == CRED_SENT_OPINION ? si->opinion_score : si->claim_score;
        if (k < max) {
            idx[k++] = i;
            continue;
        }
        size_t worst = 0;
        for (size_t j = 1; j < k; j++) {
            const cred_sentence_info *x = &a->sentences[idx[j]], *w = &a->sentences[idx[worst]];
            double xs = cls == CRED_SENT_OPINION ? x->opinion_score : x->claim_score;
            double ws = cls == CRED_SENT_OPINION ? w->opinion_score : w->claim_score;
            if (xs < ws)
                worst = j;
        }
        const cred_sentence_info *w = &a->sentences[idx[worst]];
        if (sc > (cls == CRED_SENT_OPINION ? w->opinion_score : w->claim_score)) {
            memmove(idx + worst, idx + worst + 1, (k - worst - 1) * sizeof *idx);
            idx[k - 1] = i;
        }
    }
    for (size_t j = 0; j < k; j++)
        cred__sig_span(sb, s, doc, a->sentences[idx[j]].span);
}

void cred__analysis_signals(cred__sigs *sb, const cred_doc *doc, const cred_analysis *a,
                            const cred_score_config *cfg)
{
    if (!a)
        return;
    const cred_measures *m = &a->measures;

    /* CLICKBAIT_HEADLINE: the analysis' probability-like clickbait score;
     * below 0.25 a headline is ordinary (a question mark alone). */
    const cred_headline *h = &a->headline;
    if (h->present && h->clickbait >= 0.25) {
        char names[200] = "";
        size_t k = 0;
        for (size_t i = 0; i < h->n_signals && k + 1 < sizeof names; i++) {
            int w = snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "",
                             h->signals[i].name);
            if (w < 0 || (size_t)w >= sizeof names - k)
                break;
            k += (size_t)w;
            cred__sig_span(sb, CRED__S_CLICKBAIT_HEADLINE, doc, h->signals[i].span);
        }
        if (!h->n_signals)
            cred__sig_span(sb, CRED__S_CLICKBAIT_HEADLINE, doc, h->span);
        cred__sig_set(sb, CRED__S_CLICKBAIT_HEADLINE, h->clickbait,
                      "the headline is written as clickbait (%s; %.2f)", k ? names : "pattern",
                      h->clickbait);
    }

    size_t nbody = m->n_sentences;
    if (nbody) {
        /* OPINION_HEAVY: half the body sentences opinion saturates it. */
        double op = m->class_share[CRED_SENT_OPINION];
        if (op >= 0.1) {
            cred__sig_set(sb, CRED__S_OPINION_HEAVY, clamp01(op / 0.5),
                          "%.0f%% of the sentences are opinion rather than reporting",
                          op * 100);
            class_evidence(sb, CRED__S_OPINION_HEAVY, doc, a, CRED_SENT_OPINION, 5);
        }
        /* HEDGED_CLAIMS */
        double hd = m->class_share[CRED_SENT_HEDGE];
        if (hd >= 0.1) {
            cred__sig_set(sb, CRED__S_HEDGED_CLAIMS, clamp01(hd / 0.3),
                          "%.0f%% of the sentences are hedged or speculative", hd * 100);
            for (size_t i = 0; i < a->n_sentences; i++)
                if (a->sentences[i].cls == CRED_SENT_HEDGE && !a->sentences[i].title)
                    cred__sig_span(sb, CRED__S_HEDGED_CLAIMS, doc, a->sentences[i].span);
        }
    }

    /* LOADED_LANGUAGE */
    double full = cfg->param[CRED__P_loaded_rate_full];
    double lv = full > 0 ? m->loaded_rate / full : 0;
    if (lv >= 0.2) {
        size_t nl = 0;
        for (size_t i = 0; i < a->n_terms; i++)
            if (a->terms[i].kind && (!strcmp(a->terms[i].kind, "loaded") ||
                                     !strcmp(a->terms[i].kind, "subjective"))) {
                nl++;
                cred__sig_span(sb, CRED__S_LOADED_LANGUAGE, doc, a->terms[i].span);
            }
        cred__sig_set(sb, CRED__S_LOADED_LANGUAGE, clamp01(lv),
                      "loaded or subjective wording: %.1f per 100 words (%zu terms)",
                      m->loaded_rate * 100, nl);
    }

    /* Sources: one fact, one signal.  Fewer named sources than
     * `named_sources_min` is FEW_NAMED_SOURCES (texts of 4+ sentences);
     * at least that many is NAMED_SOURCES; never both (a text with one
     * named source used to get +NAMED_SOURCES and -FEW_NAMED_SOURCES).
     * Evidence: the named sources only, not unnamed descriptions ("the
     * campaign") or anonymous ones. */
    size_t named = m->named_sources;
    double minn = cfg->param[CRED__P_named_sources_min];
    if (minn > 0 && (double)named < minn) {
        if (nbody >= 4)
            cred__sig_set(sb, CRED__S_FEW_NAMED_SOURCES, ((double)minn - (double)named) / minn,
                          "%zu named source%s in %zu sentences", named, named == 1 ? "" : "s",
                          nbody);
    } else if (named) {
        cred__sig_set(sb, CRED__S_NAMED_SOURCES, clamp01((double)named / 4.0),
                      "%zu named source%s cited", named, named == 1 ? "" : "s");
        for (size_t i = 0; i < a->n_sources; i++)
            if (a->sources[i].named && !a->sources[i].anonymous)
                cred__sig_span(sb, CRED__S_NAMED_SOURCES, doc, a->sources[i].first);
    }
    if (m->anonymous_sources) {
        cred__sig_set(sb, CRED__S_ANONYMOUS_SOURCING,
                      clamp01((double)m->anonymous_sources / 3.0),
                      "%zu anonymous or vague attribution%s (\"sources say\", \"reportedly\")",
                      m->anonymous_sources, m->anonymous_sources == 1 ? "" : "s");
        for (size_t i = 0; i < a->n_anonymous; i++)
            cred__sig_span(sb, CRED__S_ANONYMOUS_SOURCING, doc, a->anonymous[i].span);
    }

    /* QUOTES_ATTRIBUTED: share of direct quotes with a named speaker, damped
     * when there are fewer than three quotes. */
    size_t direct = 0, attributed = 0;
    for (size_t i = 0; i < a->n_quotes; i++) {
        const cred_quote *q = &a->quotes[i];
        if (q->kind != CRED_QUOTE_DIRECT)
            continue;
        direct++;
        if (q->source != CRED_NO_SOURCE && q->source < a->n_sources &&
            !a->sources[q->source].anonymous) {
            attributed++;
            cred__sig_span(sb, CRED__S_QUOTES_ATTRIBUTED, doc,
                           q->has_speaker ? q->speaker : q->content);
        }
    }
    if (attributed)
        cred__sig_set(sb, CRED__S_QUOTES_ATTRIBUTED,
                      (double)attributed / (double)direct * clamp01((double)direct / 3.0),
                      "%zu of %zu direct quotes are attributed to a named speaker", attributed,
                      direct);

    /* SHOUTING: exclamation marks per sentence, ALL-CAPS words per word. */
    double sv = m->exclamation_rate / 0.3;
    if (m->caps_rate / 0.03 > sv)
        sv = m->caps_rate / 0.03;
    if (sv >= 0.3)
        cred__sig_set(sb, CRED__S_SHOUTING, clamp01(sv),
                      "shouting: %.2f exclamation marks per sentence, %.1f%% words in capitals",
                      m->exclamation_rate, m->caps_rate * 100);

    /* SHORT_TEXT */
    double sw = cfg->param[CRED__P_short_words];
    if (sw > 0 && (double)m->n_words < sw)
        cred__sig_set(sb, CRED__S_SHORT_TEXT, 1.0 - (double)m->n_words / sw,
                      "short text: %zu words", m->n_words);
}

cred_status cred__score_analyze(const cred_ctx *ctx, const cred_doc *doc, cred_analysis **out,
                                cred_error *err)
{
    return cred_analyze(ctx, doc, NULL, out, err);
}

void cred__score_analysis_free(cred_analysis *a) { cred_analysis_free(a); }

