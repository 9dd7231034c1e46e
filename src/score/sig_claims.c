/*
 * sig_claims.c - KNOWN_FALSE_CLAIM and KNOWN_TRUE_CLAIM: sentences of the
 * article that state a claim a fact-checker has already rated.
 *
 * What it does: every sentence the analysis classed as a claim (or quoted,
 * attributed or hedged: a false claim reported as speech is still the
 * claim), and the headline, is searched in the claims DB
 * (cred_claims_search: BM25 + the re-ranker, docs/claims.md); the best match
 * at or above the DB's threshold counts.  A false or mostly-false verdict
 * fires KNOWN_FALSE_CLAIM, true or mostly-true KNOWN_TRUE_CLAIM, with the
 * sentence as evidence and a reason naming the fact-check's claim, verdict
 * and URL.  The value is the match probability (the strongest match).
 *
 * What it does not: rate mixed or unrated matches (they are listed by the
 * report as "already fact-checked", a job for the report); or decide whether
 * the article endorses the claim or debunks it (a debunking article quotes
 * the false claim too: the reason says which claim matched so a reader can
 * tell; the prior weight is set with that in mind, docs/score.md).
 *
 * Wiring (score.c is being rewritten elsewhere): call
 *   cred__claims_signals(&sb, doc, a, opts->claims);
 * after the analysis signals, with cred_score_opts.claims.
 */
#include "score/score_sig.h"

#include <stdlib.h>

/* At most this many sentences are searched per article (bounds the cost of
 * a very long document: ~1-15 ms per search). */
#define MAX_SEARCHES 200

void cred__claims_signals(cred__sigs *sb, const cred_doc *doc, const cred_analysis *a,
                          const struct cred_claims *db)
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
        if (si->cls == CRED_SENT_OPINION || (si->cls == CRED_SENT_OTHER && !si->title))
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
    for (int k = 0; k < 2; k++) {
        if (!hits[k] || !why[k])
            continue;
        cred__sig s = k ? CRED__S_KNOWN_TRUE_CLAIM : CRED__S_KNOWN_FALSE_CLAIM;
        if (hits[k] > 1)
            cred__sig_set(sb, s, best[k], "%zu sentences match fact-checked claims; strongest: %s",
                          hits[k], why[k]);
        else
            cred__sig_set(sb, s, best[k], "%s", why[k]);
    }
    free(why[0]);
    free(why[1]);
}
