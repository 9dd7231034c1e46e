/*
 * sig_claims.c - KNOWN_FALSE_CLAIM and KNOWN_TRUE_CLAIM: sentences of the
 * article that state a claim a fact-checker has already rated.
 *
 * What it does: every sentence the analysis did not class as opinion (a
 * claim, a quote, an attribution, a hedge, a flat statement), and the
 * headline, is searched in the claims DB
 * (cred_claims_search: BM25 + the re-ranker, docs/claims.md); the best match
 * at or above the DB's threshold counts.  A false or mostly-false verdict
 * fires KNOWN_FALSE_CLAIM, true or mostly-true KNOWN_TRUE_CLAIM, with the
 * sentence as evidence and a reason naming the fact-check's claim, verdict
 * and URL.  The value is the match probability (the strongest match).
 *
 * What it does not: rate mixed or unrated matches (they are listed by the
 * report as "already fact-checked", a job for the report).
 *
 * A debunking article (a `debunk` phrase of data/score/content.tsv: "no
 * such", "not true", "fact check") reports the false claim rather than
 * making it: the match then counts a fifth and never convicts (rate.c).
 */
#include "score/score_sig.h"

#include <stdlib.h>

/* At most this many sentences are searched per article (bounds the cost of
 * a very long document: ~1-15 ms per search). */
#define MAX_SEARCHES 200

/* The first debunking phrase of the body ("no such", "is false",
 * "fact check"): the article reports a claim as false rather than making
 * it.  Returns its span's start, or SIZE_MAX. */
static size_t debunked(const cred_doc *doc, const cred_score_config *cfg, size_t *len)
{
    for (size_t i = 0; i < doc->n_tokens; i++) {
        const cred_token *t = &doc->tokens[i];
        if (!(t->flags & CRED_TOK_WORD))
            continue;
        size_t n = cred__phrase_at(doc, t->span.start, cfg, CRED__W_debunk);
        if (n) {
            *len = n;
            return t->span.start;
        }
    }
    return SIZE_MAX;
}

void cred__claims_signals(cred__sigs *sb, const cred_doc *doc, const cred_analysis *a,
                          const struct cred_claims *db, const cred_score_config *cfg)
{
    if (!db || !doc || !a)
        return;
    cred_claims_search_opts o;
    cred_claims_search_opts_init(&o);
    o.top = 1;
    double best[2] = {0, 0};
    char *why[2] = {NULL, NULL};
    size_t searched = 0, hits[2] = {0, 0};
    for (size_t i = 0; i < a->n_sentences && searched < MAX_SEARCHES; i++) {
        const cred_sentence_info *si = &a->sentences[i];
        /* every sentence but opinion: a flat statement of a false claim is
         * often classed "other" (no number, no attribution) */
        if (si->cls == CRED_SENT_OPINION)
            continue;
        cred_span sp = si->span;
        if (sp.end <= sp.start || sp.end > doc->text_len)
            continue;
        searched++;
        cred_claim_matches *ms = NULL;
        if (cred_claims_search(db, doc->text + sp.start, sp.end - sp.start, &o, &ms, NULL)) {
            sb->oom = true; /* only allocation can fail on an open DB */
            return;
        }
        if (ms->n) {
            const cred_claim_match *m = &ms->v[0];
            cred_claim_verdict v = m->claim.verdict;
            int k = v == CRED_CLAIM_FALSE || v == CRED_CLAIM_MOSTLY_FALSE ? 0
                    : v == CRED_CLAIM_TRUE || v == CRED_CLAIM_MOSTLY_TRUE ? 1
                                                                          : -1;
            if (k >= 0) {
                cred__sig s = k ? CRED__S_KNOWN_TRUE_CLAIM : CRED__S_KNOWN_FALSE_CLAIM;
                cred__sig_span(sb, s, doc, sp);
                hits[k]++;
                if (m->prob > best[k]) {
                    best[k] = m->prob;
                    free(why[k]);
                    why[k] = NULL;
                    cred__buf b = {0};
                    cred__buf_printf(&b, "\"%s\" was rated %s (%s) by %s%s%s (match %.2f)",
                                     m->claim.claim, cred_claim_verdict_name(v),
                                     m->claim.verdict_raw && *m->claim.verdict_raw
                                         ? m->claim.verdict_raw
                                         : cred_claim_verdict_name(v),
                                     m->claim.fact_checker && *m->claim.fact_checker
                                         ? m->claim.fact_checker
                                         : "a fact-checker",
                                     m->claim.url && *m->claim.url ? ": " : "",
                                     m->claim.url ? m->claim.url : "", m->prob);
                    size_t n;
                    why[k] = b.oom ? NULL : cred__buf_take(&b, &n);
                    if (!why[k]) {
                        cred__buf_free(&b);
                        sb->oom = true;
                    }
                }
            }
        }
        cred_claim_matches_free(ms);
    }
    /* A debunking article quotes the false claim too (issue 9: do no harm):
     * when the article itself says the claim is false, the match counts a
     * fifth, stays in the report with its fact-check, and never convicts
     * (rate.c wants a claims value of at least 0.5). */
    size_t dlen = 0, dpos = hits[0] ? debunked(doc, cfg, &dlen) : SIZE_MAX;
    for (int k = 0; k < 2; k++) {
        if (!hits[k] || !why[k])
            continue;
        cred__sig s = k ? CRED__S_KNOWN_TRUE_CLAIM : CRED__S_KNOWN_FALSE_CLAIM;
        double val = best[k];
        const char *note = "";
        if (!k && dpos != SIZE_MAX) {
            val *= 0.2;
            note = "; the article itself seems to report it as false";
            cred__sig_span(sb, s, doc, (cred_span){dpos, dpos + dlen});
        }
        if (hits[k] > 1)
            cred__sig_set(sb, s, val, "%zu sentences match fact-checked claims; strongest: %s%s",
                          hits[k], why[k], note);
        else
            cred__sig_set(sb, s, val, "%s%s", why[k], note);
    }
    free(why[0]);
    free(why[1]);
}
