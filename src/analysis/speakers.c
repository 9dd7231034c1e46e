/*
 * speakers.c - who said it: speaker phrases around cue words, pronoun
 * resolution, canonical sources and anonymous sourcing.
 *
 * What it does:
 *  - an_cue: the longest cue (data/analysis/cues.tsv) starting at a token;
 *  - an_np_back / an_np_fwd: the speaker phrase before a cue ("The Kremlin
 *    said", "Trump has already said": auxiliaries and adverbs from words.tsv
 *    are skipped) or after it ("..., said Josh Earnest"), walking over
 *    words and stopping at punctuation, clause words (words.tsv role stop)
 *    and other cues.  An appositive between commas is skipped back to the
 *    name ("Josh Earnest, the press secretary, said");
 *  - an_speakers: gives every attributed quote a source.  A speaker phrase
 *    holding an entity mention takes the last one (the head of an English
 *    noun phrase: "White House spokesman Josh Earnest" -> Josh Earnest); a
 *    phrase matching an anonymous pattern ("a senior official") is an
 *    anonymous source; anything else is an unnamed description ("the
 *    campaign").  "he"/"she" resolve to the nearest previous named person
 *    speaker only when that person is also the last person mentioned before
 *    the pronoun (tests/golden/analyze/pronouns.in); "they"/"it" the same
 *    with organizations; otherwise the quote is marked unresolved;
 *  - not every speaker phrase is a source (words.tsv roles, gazetteer type
 *    platform): "Marsh on Twitter said" is Marsh (the platform is the
 *    medium); "X, who said" is X ("Who said ...?" has no source); a phrase
 *    headed by a nonsource word ("the website", "Verse 4", "the cat") has
 *    none; "the singer" is the person the text described so
 *    (tests/golden/analyze/speaker-*.in);
 *  - anonymous sourcing: non-speaker patterns ("reportedly", "it is
 *    rumored") anywhere outside direct quotes; speaker patterns ("sources",
 *    "officials") only as a quote's speaker, before a cue ("sources said")
 *    or after "according to".
 * What it does not: coreference beyond pronouns, titles and described
 * persons, or gender.
 * Why: overlap with the annotated Source span is what the PolNeAR bench
 * scores, so the speaker span is the phrase as written; the canonical name
 * is a separate, more conservative decision.
 */
#include "an.h"

#include <stdlib.h>

unsigned an_cue(const an_work *w, size_t i, int *k)
{
    *k = 0;
    if (i >= w->t.n || !(w->t.v[i].f & T_WORD))
        return 0;
    const an_entry *e = an_match(w, &w->A->cues, i, k);
    if (e && (e->flags & CUE_NOUN)) {
        /* "Reuters reports" / "he tweets", not "news reports" */
        size_t j = i;
        while (j > 0 && (an_role(w, j - 1) & WR_AUX) && w->t.v[j - 1].block == w->t.v[i].block)
            j--;
        const an_tok *p = j > 0 ? &w->t.v[j - 1] : NULL;
        if (!p || p->block != w->t.v[i].block || !(p->f & T_WORD) ||
            !((p->f & T_CAP) || (an_role(w, j - 1) & WR_PRONOUN)) ||
            (an_role(w, j - 1) & WR_FUNCTION && !(an_role(w, j - 1) & WR_PRONOUN))) {
            *k = 0;
            return 0;
        }
    }
    return e ? e->flags : 0;
}

static bool is_punct(const an_work *w, size_t i, int32_t cp)
{
    return i < w->t.n && (w->t.v[i].f & T_PUNCT) && w->t.v[i].cp == cp;
}

/* A word that may belong to a speaker phrase. */
static bool np_word(const an_work *w, size_t i)
{
    if (i >= w->t.n)
        return false;
    const an_tok *t = &w->t.v[i];
    if (!(t->f & (T_WORD | T_NUM)))
        return false;
    int k;
    if (an_cue(w, i, &k))
        return false;
    return !(an_role(w, i) & WR_STOP);
}

static bool np_back_plain(const an_work *w, size_t end, size_t lo, size_t *s0, size_t *s1)
{
    if (end <= lo)
        return false;
    size_t last = end - 1;
    if (an_role(w, last) & WR_PRONOUN) {
        *s0 = last;
        *s1 = end;
        return true;
    }
    size_t j = end, words = 0;
    while (j > lo) {
        size_t x = j - 1;
        if (w->t.v[x].block != w->t.v[last].block)
            break;
        if (is_punct(w, x, ')') && j > lo + 1) {
            /* "Rep. G.K. Butterfield (D-N.C.) said": skip the parenthesis */
            size_t y = x;
            while (y > lo && x - y < 8 && !is_punct(w, y, '('))
                y--;
            if (is_punct(w, y, '(') && y > lo && np_word(w, y - 1)) {
                j = y;
                continue;
            }
            break;
        }
        if (np_word(w, x)) {
            j = x;
            if (++words >= 7 || (w->t.v[x].f & T_SSTART))
                break;
            continue;
        }
        /* "of" inside a phrase: "critics of the plan" */
        if (an_is(w, x, "of") && x > lo && j < end && np_word(w, x - 1) &&
            !(w->t.v[x].f & T_SSTART)) {
            j = x;
            continue;
        }
        break;
    }
    if (j == end)
        return false;
    /* drop a leading "of" */
    while (j < end && an_is(w, j, "of"))
        j++;
    if (j == end)
        return false;
    *s0 = j;
    *s1 = end;
    return true;
}

static bool np_back_inner(const an_work *w, size_t end, size_t lo, size_t *s0, size_t *s1);

/* Is [s0, s1) a social platform ("Twitter", "the Truth Social") and nothing
 * else? */
static bool platform_phrase(const an_work *w, size_t s0, size_t s1)
{
    bool plat = false;
    for (size_t i = s0; i < s1; i++) {
        if (!(w->t.v[i].f & T_WORD))
            return false;
        if (!w->t.v[i].ent) {
            if (i == s0 && (an_is(w, i, "the") || an_is(w, i, "a")))
                continue;
            return false;
        }
        if (!w->ents.v[w->ments.v[w->t.v[i].ent - 1].entity].platform)
            return false;
        plat = true;
    }
    return plat;
}

bool an_np_back(const an_work *w, size_t end, size_t lo, size_t *s0, size_t *s1)
{
    if (!np_back_inner(w, end, lo, s0, s1))
        return false;
    /* "Marsh on Twitter said", "Trump on Truth Social:": the platform is
     * where the words were posted; the speaker is the phrase before the
     * preposition (tests/golden/analyze/speaker-platform.in) */
    if (platform_phrase(w, *s0, *s1) && *s0 > lo + 1 &&
        (an_is(w, *s0 - 1, "on") || an_is(w, *s0 - 1, "in") || an_is(w, *s0 - 1, "via") ||
         an_is(w, *s0 - 1, "over") || an_is(w, *s0 - 1, "through")))
        return np_back_inner(w, *s0 - 1, lo, s0, s1) && !platform_phrase(w, *s0, *s1);
    return true;
}

static bool np_back_inner(const an_work *w, size_t end, size_t lo, size_t *s0, size_t *s1)
{
    size_t i = end;
    /* "Trump has already said": skip auxiliaries and adverbs */
    while (i > lo && (an_role(w, i - 1) & WR_AUX) && !(an_role(w, i - 1) & WR_PRONOUN))
        i--;
    if (i <= lo)
        return false;
    /* "X, who said he ...": the relative pronoun stands for X */
    if (an_is(w, i - 1, "who")) {
        *s0 = i - 1;
        *s1 = i;
        return true;
    }
    if (is_punct(w, i - 1, ',')) {
        /* appositive: "Josh Earnest, the press secretary, said" or "The
         * state treasurer, Lena Marsh, warned" -- or longer ones with
         * commas inside ("Megan Hester, senior associate for education
         * organizing at the Annenberg Institute, said"): walk back over the
         * commas to the nearest phrase that names someone */
        size_t c = i - 1;
        size_t stop = c > lo + 50 ? c - 50 : lo;
        size_t a0 = 0, a1 = 0;
        bool have = false;
        for (size_t j = c; j > stop; j--) {
            const an_tok *t = &w->t.v[j - 1];
            if ((t->f & T_QMARK) || is_punct(w, j - 1, '.') || is_punct(w, j - 1, ';'))
                break;
            if (!is_punct(w, j - 1, ',') && j - 1 != stop)
                continue;
            /* phrase between this comma (or the start) and the next one */
            size_t from = is_punct(w, j - 1, ',') ? j : j - 1;
            size_t x0, x1;
            if (is_punct(w, j - 1, ',') && np_back_plain(w, j - 1, lo, &x0, &x1) &&
                (w->t.v[x0].f & T_CAP)) {
                bool ent = false;
                for (size_t x = x0; x < x1; x++)
                    ent |= w->t.v[x].ent != 0;
                if (ent || !have) {
                    a0 = x0;
                    a1 = x1;
                    have = true;
                }
                if (ent)
                    break;
            }
            (void)from;
        }
        /* the part right before the cue names someone: "The state
         * treasurer, Lena Marsh, warned" */
        size_t y = c;
        while (y > lo && !is_punct(w, y - 1, ',') && c - y < 8)
            y--;
        size_t x0, x1;
        if (y > lo && y < c && np_back_plain(w, c, y, &x0, &x1) && x0 == y) {
            bool ent = false, aent = false;
            for (size_t x = x0; x < x1; x++)
                ent |= w->t.v[x].ent != 0;
            for (size_t x = a0; have && x < a1; x++)
                aent |= w->t.v[x].ent != 0;
            if (ent && !aent) {
                *s0 = x0;
                *s1 = x1;
                return true;
            }
        }
        if (have) {
            *s0 = a0;
            *s1 = a1;
            return true;
        }
        return false;
    }
    return np_back_plain(w, i, lo, s0, s1);
}

bool an_np_fwd(const an_work *w, size_t i, size_t hi, size_t *s0, size_t *s1)
{
    size_t j = i, words = 0;
    while (j < hi && j < w->t.n && w->t.v[j].block == w->t.v[i].block) {
        if (np_word(w, j) || ((an_is(w, j, "the") || an_is(w, j, "a") || an_is(w, j, "an")) &&
                              j == i)) {
            if (j > i && (w->t.v[j].f & T_SSTART))
                break;
            j++;
            if (++words >= 8 || (w->t.v[j - 1].f & T_POSS && 0))
                break;
            continue;
        }
        if (an_is(w, j, "of") && j > i && np_word(w, j + 1)) {
            j++;
            continue;
        }
        break;
    }
    /* trailing "of" or determiner */
    while (j > i && (an_is(w, j - 1, "of") || an_is(w, j - 1, "the")))
        j--;
    if (j == i)
        return false;
    *s0 = i;
    *s1 = j;
    return true;
}

/* ---- sources ------------------------------------------------------------- */

static size_t add_source(an_work *w, const char *name, size_t n, cred_entity_type ty, int anon,
                         int named, size_t entity, cred_span first)
{
    for (size_t i = 0; i < w->sources.n; i++) {
        const cred_source *s = &w->sources.v[i];
        if (strlen(s->name) == n && memcmp(s->name, name, n) == 0)
            return i;
    }
    char *p = malloc(n + 1);
    if (!p || !CRED__VEC_PUSH(w->names, p)) {
        free(p);
        w->oom = true;
        return CRED_NO_SOURCE;
    }
    memcpy(p, name, n);
    p[n] = 0;
    cred_source s = {p, ty, anon, named, 0, first, entity};
    if (!CRED__VEC_PUSH(w->sources, s)) {
        w->oom = true;
        return CRED_NO_SOURCE;
    }
    return w->sources.n - 1;
}

static size_t source_for_entity(an_work *w, size_t ent, cred_span first)
{
    const an_ent *E = &w->ents.v[ent];
    return add_source(w, E->name, strlen(E->name), E->type, 0, 1, ent, first);
}

/* Is the phrase [s0, s1) an anonymous speaker?  Returns the pattern. */
static const an_entry *anon_speaker(const an_work *w, size_t s0, size_t s1)
{
    for (size_t i = s0; i < s1; i++) {
        int k;
        const an_entry *e = an_match(w, &w->A->anon, i, &k);
        if (e && e->flags && i + (size_t)k <= s1)
            return e;
    }
    return NULL;
}

static bool add_anon(an_work *w, size_t t0, size_t t1, const an_entry *e)
{
    cred_span sp = {w->t.v[t0].s, w->t.v[t1 - 1].e};
    /* findings arrive nearly in text order: a repeat overlaps a recent one */
    for (size_t i = w->anon.n > 16 ? w->anon.n - 16 : 0; i < w->anon.n; i++)
        if (w->anon.v[i].span.start < sp.end && sp.start < w->anon.v[i].span.end)
            return true;
    cred_anon a = {sp, e->key};
    return CRED__VEC_PUSH(w->anon, a);
}

/* Pronouns look back over at most this many entity mentions: they refer
 * to someone recent, and the bound keeps long documents linear. */
#define AN_PRONOUN_WINDOW 200

/* First mention of the window that ends before byte `pos`. */
static size_t ment_window(const an_work *w, size_t pos)
{
    size_t lo = 0, hi = w->ments.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->ments.v[mid].span.start < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > AN_PRONOUN_WINDOW ? lo - AN_PRONOUN_WINDOW : 0;
}

typedef struct spk_state {
    size_t last_person, last_org;     /* last named speaker of each kind */
    CRED__VEC(int) g;                 /* per source: pronoun seen, 1 he, 2 she */
    CRED__VEC(size_t) last;           /* per source: byte of its last speaker mention */
} spk_state;

static bool st_grow(spk_state *st, size_t n)
{
    while (st->g.n < n)
        if (!CRED__VEC_PUSH(st->g, 0))
            return false;
    while (st->last.n < n)
        if (!CRED__VEC_PUSH(st->last, 0))
            return false;
    return true;
}

static bool anonymous_scan(an_work *w);

/* The source a pronoun-like speaker at byte `pos` stands for: the last named
 * speaker of its kind when nobody else of that kind was mentioned since,
 * or, before any such speaker, the only entity of that kind mentioned so
 * far.  g: 1 he, 2 she, 0 unknown.  Platforms are never candidates ("in a
 * Facebook post, we ..." is not Facebook speaking). */
static size_t resolve_like_pronoun(an_work *w, const spk_state *st, size_t pos, bool person,
                                   int g, cred_span first)
{
    size_t cand = person ? st->last_person : st->last_org;
    if (cand != CRED_NO_SOURCE && w->sources.v[cand].entity != CRED_NO_SOURCE &&
        (!g || !st->g.v[cand] || st->g.v[cand] == g)) {
        /* nobody else of that kind mentioned since the candidate spoke */
        size_t ce = w->sources.v[cand].entity;
        for (size_t m = ment_window(w, pos); m < w->ments.n && w->ments.v[m].span.start < pos; m++) {
            const an_mention *M = &w->ments.v[m];
            const an_ent *E = &w->ents.v[M->entity];
            if (M->span.start > st->last.v[cand] && M->entity != ce && !E->platform &&
                (person ? E->type == CRED_ENT_PERSON : E->type == CRED_ENT_ORG))
                return CRED_NO_SOURCE;
        }
        return cand;
    }
    if (cand != CRED_NO_SOURCE)
        return CRED_NO_SOURCE;
    /* no earlier speaker: the only such entity mentioned so far */
    size_t distinct = 0, one = SIZE_MAX;
    for (size_t m = ment_window(w, pos); m < w->ments.n && w->ments.v[m].span.start < pos; m++) {
        size_t e = w->ments.v[m].entity;
        const an_ent *E = &w->ents.v[e];
        if (E->platform)
            continue;
        if ((person && E->type == CRED_ENT_PERSON) || (!person && E->type == CRED_ENT_ORG)) {
            if (one == SIZE_MAX)
                one = e, distinct = 1;
            else if (e != one)
                distinct = 2;
        }
    }
    return distinct == 1 ? source_for_entity(w, one, first) : CRED_NO_SOURCE;
}

/* Is token i the word the token `noun` is (lower case)? */
static bool same_word(const an_work *w, size_t i, size_t noun)
{
    if (i >= w->t.n || !(w->t.v[i].f & T_WORD))
        return false;
    return w->t.v[i].lon == w->t.v[noun].lon &&
           memcmp(an_low(w, i), an_low(w, noun), w->t.v[noun].lon) == 0;
}

/* "the singer said": the latest person before byte `pos` that the text
 * described with that noun -- "(pop) singer Taylor Quinn" or "Taylor Quinn,
 * the (pop) singer" -- else SIZE_MAX. */
static size_t described_person(const an_work *w, size_t noun, size_t pos)
{
    size_t lo = ment_window(w, pos), m = lo;
    while (m < w->ments.n && w->ments.v[m].span.start < pos)
        m++;
    while (m-- > lo) {
        const an_mention *M = &w->ments.v[m];
        if (w->ents.v[M->entity].type != CRED_ENT_PERSON)
            continue;
        size_t b = w->t.v[M->t0].block;
        for (size_t k = 1; k <= 2 && M->t0 >= k && w->t.v[M->t0 - k].block == b; k++)
            if (same_word(w, M->t0 - k, noun))
                return M->entity;
        if (M->t1 < w->t.n && is_punct(w, M->t1, ','))
            for (size_t i = M->t1 + 1; i < w->t.n && i < M->t1 + 6 && w->t.v[i].block == b; i++) {
                if (!(w->t.v[i].f & (T_WORD | T_NUM)))
                    break;
                if (same_word(w, i, noun))
                    return M->entity;
            }
    }
    return SIZE_MAX;
}

static bool speakers_loop(an_work *w, spk_state *st)
{
    for (size_t qi = 0; qi < w->quotes.n; qi++) {
        an_quote *Q = &w->quotes.v[qi];
        cred_quote *q = &Q->q;
        q->source = CRED_NO_SOURCE;
        if (!q->has_speaker)
            continue;
        size_t s0 = Q->spk_t0, s1 = Q->spk_t1;
        size_t pos = w->t.v[s0].s;
        if (q->pronoun) {
            int g = an_is(w, s0, "he") ? 1 : an_is(w, s0, "she") ? 2 : 0;
            /* "I" is the writer or someone quoted, never an organization */
            if (!an_is(w, s0, "i"))
                q->source = resolve_like_pronoun(w, st, pos, g != 0, g, q->speaker);
            q->unresolved = q->source == CRED_NO_SOURCE;
            if (q->source != CRED_NO_SOURCE && g) {
                if (!st_grow(st, w->sources.n))
                    return false;
                st->g.v[q->source] = g;
            }
        } else {
            /* "Marsh, who said ...": the source is the phrase before "who";
             * "Who said ...?" has none (tests/golden/analyze/
             * speaker-nonsource.in).  The speaker span stays "who", as
             * PolNeAR annotates it. */
            if (s1 - s0 == 1 && (an_role(w, s0) & WR_RELATIVE)) {
                size_t a = s0, lo = w->t.v[s0].sa;
                if (a > lo && is_punct(w, a - 1, ','))
                    a--;
                size_t x0, x1;
                if (a <= lo || !np_back_plain(w, a, lo, &x0, &x1) ||
                    (an_role(w, x1 - 1) & (WR_PRONOUN | WR_RELATIVE)))
                    continue;
                s0 = x0;
                s1 = x1;
            }
            const an_entry *an = anon_speaker(w, s0, s1);
            /* the head of "the ministry of Valdoria" is before "of" */
            size_t hend = s1;
            for (size_t i = s0 + 1; i < s1; i++)
                if (an_is(w, i, "of") && !w->t.v[i].ent) {
                    hend = i;
                    break;
                }
            /* the entity that ends the phrase ("White House spokesman Josh
             * Earnest"), else a person inside it; "the Virginia senator" is
             * a description, not Virginia */
            size_t ent = SIZE_MAX, person = SIZE_MAX, last_word_tok = s0;
            int depth = 0; /* not inside "(D-Mo.)" */
            for (size_t i = s0; i < hend; i++) {
                depth += is_punct(w, i, '(') - is_punct(w, i, ')');
                if (depth == 0 && (w->t.v[i].f & (T_WORD | T_NUM)))
                    last_word_tok = i;
            }
            depth = 0;
            for (size_t i = s0; i < hend; i++) {
                depth += is_punct(w, i, '(') - is_punct(w, i, ')');
                if (!w->t.v[i].ent || depth)
                    continue;
                const an_mention *M = &w->ments.v[w->t.v[i].ent - 1];
                if (M->t1 - 1 >= last_word_tok)
                    ent = M->entity;
                if (w->ents.v[M->entity].type == CRED_ENT_PERSON)
                    person = M->entity;
            }
            if (ent == SIZE_MAX)
                ent = person;
            /* "Secretary of State John Kerry": a person after "of" */
            for (size_t i = hend; ent == SIZE_MAX && i < s1; i++)
                if (w->t.v[i].ent &&
                    w->ents.v[w->ments.v[w->t.v[i].ent - 1].entity].type == CRED_ENT_PERSON)
                    ent = w->ments.v[w->t.v[i].ent - 1].entity;
            /* a thing, an animal or a medium is no source ("the website
             * said", "Verse 3 says"), unless the word is part of a person's
             * or organization's name ("The Post said") */
            size_t head = last_word_tok; /* "Verse 4 says": the last word */
            while (head > s0 && !(w->t.v[head].f & T_WORD))
                head--;
            unsigned hr = an_role(w, head);
            if (hr & WR_NOSOURCE) {
                const an_tok *H = &w->t.v[head];
                cred_entity_type hty = H->ent ? w->ents.v[w->ments.v[H->ent - 1].entity].type
                                              : CRED_ENT_UNKNOWN;
                if (!(H->f & (T_CAP | T_UPPER)) ||
                    (hty != CRED_ENT_PERSON && hty != CRED_ENT_ORG))
                    continue;
            }
            /* a platform said: only as the company itself ("Twitter said
             * it removed the accounts"), never "on Twitter" (an_np_back) */
            /* "the singer said": the person the text described so
             * (tests/golden/analyze/speaker-described.in).  Not "the only
             * person mentioned": "the judge wrote" after a judge the
             * entity rules missed would become the only person found. */
            if (ent == SIZE_MAX && !an && (hr & WR_PERSONNOUN) && an_is(w, s0, "the") &&
                !(w->t.v[head].f & T_CAP)) {
                ent = described_person(w, head, pos);
            }
            if (ent != SIZE_MAX && !an) {
                q->source = source_for_entity(w, ent, q->speaker);
            } else {
                /* description as written, lower case, without a leading
                 * determiner ("the campaign") */
                size_t a = s0;
                if (!an && a + 1 < s1 && (an_is(w, a, "the")))
                    a++;
                cred__buf b = {0};
                for (size_t i = a; i < s1; i++) {
                    if (i > a)
                        cred__buf_putc(&b, ' ');
                    cred__buf_put(&b, an_low(w, i), w->t.v[i].lon);
                }
                if (b.oom) {
                    cred__buf_free(&b);
                    return false;
                }
                q->source = add_source(w, b.p ? b.p : "", b.n,
                                       ent != SIZE_MAX ? w->ents.v[ent].type : CRED_ENT_UNKNOWN,
                                       an != NULL, 0, CRED_NO_SOURCE, q->speaker);
                cred__buf_free(&b);
                if (an && !add_anon(w, s0, s1, an))
                    return false;
            }
        }
        if (w->oom)
            return false;
        if (q->source != CRED_NO_SOURCE) {
            if (!st_grow(st, w->sources.n))
                return false;
            st->last.v[q->source] = pos;
            cred_source *S = &w->sources.v[q->source];
            S->n_quotes++;
            if (S->named && S->type == CRED_ENT_PERSON)
                st->last_person = q->source;
            else if (S->named && S->type == CRED_ENT_ORG)
                st->last_org = q->source;
        }
    }
    return true;
}

bool an_speakers(an_work *w)
{
    spk_state st = {CRED_NO_SOURCE, CRED_NO_SOURCE, {0}, {0}};
    bool ok = speakers_loop(w, &st);
    free(st.g.v);
    free(st.last.v);
    return ok && anonymous_scan(w);
}

static int cmp_anon(const void *a, const void *b)
{
    const cred_anon *x = a, *y = b;
    return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

static bool anonymous_scan(an_work *w)
{
    /* anonymous sourcing anywhere outside direct quotes */
    for (size_t i = 0; i < w->t.n; i++) {
        if (w->t.v[i].dq >= 0 || !(w->t.v[i].f & T_WORD))
            continue;
        int k;
        const an_entry *e = an_match(w, &w->A->anon, i, &k);
        if (!e)
            continue;
        size_t j = i + (size_t)k;
        bool ok = !e->flags;
        if (e->flags) {
            /* a speaker pattern counts before a cue or after "according to" */
            for (size_t x = j; x < j + 3 && x < w->t.n && !ok; x++) {
                int ck;
                if (an_cue(w, x, &ck))
                    ok = true;
                else if (!(w->t.v[x].f & T_WORD))
                    break;
            }
            if (i >= 2 && an_is(w, i - 2, "according") && an_is(w, i - 1, "to"))
                ok = true;
            /* "sources" alone is a noun too often ("energy sources"): the
             * word before must not be a plain lower-case modifier */
            if (ok && k == 1 && i > 0 && (w->t.v[i - 1].f & T_WORD) &&
                !(an_role(w, i - 1) & (WR_FUNCTION | WR_STOP)) && !(w->t.v[i].f & T_SSTART))
                ok = false;
        }
        if (ok && !add_anon(w, i, j, e))
            return false;
        if (ok)
            i = j - 1;
    }
    /* findings in text order */
    if (w->anon.n > 1)
        qsort(w->anon.v, w->anon.n, sizeof *w->anon.v, cmp_anon);
    return true;
}
