/*
 * entities.c - person, organization and place mentions, grouped by a
 * canonical name.
 *
 * What it does, in order of trust:
 *   1. gazetteer names (data/analysis/gazetteer.tsv, case-sensitive, the
 *      longest match wins): countries, capitals, agencies, outlets...;
 *      demonyms are recognised so "Russian" never becomes a person, but they
 *      are not mentions themselves;
 *   2. a title before capitalized words ("President Donald Trump",
 *      "Sen. Ted Cruz"): a person, and the title's role ("president") is
 *      remembered for that person;
 *   3. runs of capitalized words, joined by "of" ("Department of Justice"),
 *      not starting with a function word ("The", "And"); a single
 *      capitalized word at a sentence start counts only when the document
 *      also capitalizes it elsewhere mid-sentence.  Typed by their last word
 *      (words.tsv roles org/place), else person when 2-4 words;
 *   4. canonical grouping: a single word that is the last word of exactly one
 *      longer person name joins it ("Trump" -> "Donald Trump"); "the
 *      president" joins the one person the text calls "President X" (and
 *      nothing when the text never does, or does for two people).
 * The title (headline) is usually Title Case, so there only gazetteer
 * names, titles and names already found in the body count.
 * What it does not: part-of-speech tagging or statistical NER.  A
 * capitalized sentence opener that the text never repeats is missed.
 * Why: the analysis must run without models, on any article, and explain
 * itself; tests/golden/analyze/entities.in covers each rule.
 */
#include "an.h"

#include <stdlib.h>
#include <strings.h>

typedef struct raw {
    size_t t0, t1;
    char *key;        /* canonical key (owned) */
    cred_entity_type type;
    int outlet, agency, platform;
    const char *role; /* title role or NULL */
    bool single;      /* one word from rule 3: may join a longer name */
} raw;

typedef CRED__VEC(raw) rawvec;

/* ---- a tiny set of lower-case words ------------------------------------ */

typedef struct wset {
    size_t *slot; /* token index + 1 */
    size_t n;
} wset;

static size_t whash(const char *p, size_t n)
{
    size_t h = 5381;
    for (size_t i = 0; i < n; i++)
        h = h * 33 + (unsigned char)p[i];
    return h;
}

static bool wset_has(const an_work *w, const wset *s, size_t i)
{
    if (!s->n)
        return false;
    const char *k = an_low(w, i);
    size_t kn = w->t.v[i].lon;
    for (size_t h = whash(k, kn) & (s->n - 1);; h = (h + 1) & (s->n - 1)) {
        size_t x = s->slot[h];
        if (!x)
            return false;
        if (w->t.v[x - 1].lon == kn && memcmp(an_low(w, x - 1), k, kn) == 0)
            return true;
    }
}

static void wset_add(const an_work *w, wset *s, size_t i)
{
    if (wset_has(w, s, i))
        return;
    const char *k = an_low(w, i);
    size_t kn = w->t.v[i].lon;
    size_t h = whash(k, kn) & (s->n - 1);
    while (s->slot[h])
        h = (h + 1) & (s->n - 1);
    s->slot[h] = i + 1;
}

/* ---- helpers --------------------------------------------------------------- */

static bool is_word(const an_work *w, size_t i) { return i < w->t.n && (w->t.v[i].f & T_WORD); }
static bool is_cap(const an_work *w, size_t i)
{
    return is_word(w, i) && (w->t.v[i].f & (T_CAP | T_UPPER));
}

static char *text_of(const an_work *w, size_t t0, size_t t1)
{
    /* the original text of tokens [t0, t1), the last one without 's */
    size_t s = w->t.v[t0].s, e = w->t.v[t1 - 1].ne;
    char *p = malloc(e - s + 1);
    if (!p)
        return NULL;
    memcpy(p, w->doc->text + s, e - s);
    p[e - s] = 0;
    /* newlines cannot occur inside a block; collapse nothing else */
    return p;
}

static bool push_raw(rawvec *rv, size_t t0, size_t t1, char *key, cred_entity_type ty, int outlet,
                     int agency, const char *role, bool single)
{
    if (!key)
        return false;
    raw r = {t0, t1, key, ty, outlet, agency, 0, role, single};
    if (!CRED__VEC_PUSH(*rv, r)) {
        free(key);
        return false;
    }
    return true;
}

static int gaz_type(const an_entry *e, cred_entity_type *ty, int *outlet, int *agency)
{
    *outlet = *agency = 0;
    switch (e->flags) {
    case GZ_PLATFORM: *ty = CRED_ENT_ORG; break;
    case GZ_AGENCY: *ty = CRED_ENT_ORG; *agency = 1; break;
    case GZ_ORG: *ty = CRED_ENT_ORG; break;
    case GZ_OUTLET: *ty = CRED_ENT_ORG; *outlet = 1; break;
    case GZ_DEMONYM: return 0;
    default: *ty = CRED_ENT_PLACE; break;
    }
    return 1;
}

/* Time words (months, days) are capitalized but name nothing. */
static bool is_time_word(const an_work *w, size_t i)
{
    const an_entry *e = an_lookup(w, &w->A->lex, i, 1);
    return e && strcmp(e->kind, "time") == 0;
}

static bool name_word(const an_work *w, size_t i)
{
    unsigned r = an_role(w, i);
    int k;
    return is_cap(w, i) && !(r & WR_FUNCTION) && !is_time_word(w, i) && !an_cue(w, i, &k);
}

/* Scans block b for raw mentions.  `title_mode`: only gazetteer, titles and
 * words the body capitalized. */
static bool scan_block(an_work *w, size_t b, const wset *capmid, const wset *known, rawvec *rv)
{
    const an_block *B = &w->blocks.v[b];
    size_t i = B->t0;
    while (i < B->t1) {
        if (!is_word(w, i)) {
            i++;
            continue;
        }
        int k;
        /* 1. gazetteer (skip a leading "the" unless the name has it) */
        const an_entry *g = an_match(w, &w->A->gaz, i, &k);
        if (g) {
            cred_entity_type ty;
            int outlet, agency;
            if (gaz_type(g, &ty, &outlet, &agency)) {
                /* a gazetteer word inside a longer capitalized name ("Washington
                 * Post" is listed; "Texas Tribune" is not): let rule 3 take it
                 * when the next word is capitalized and not a function word */
                size_t j = i + (size_t)k;
                if (!(k == 1 && ty == CRED_ENT_PLACE && j < B->t1 && name_word(w, j) &&
                      !(w->t.v[i].f & T_POSS) && (an_role(w, j) & (WR_ORG | WR_PLACE)))) {
                    if (!push_raw(rv, i, j, text_of(w, i, j), ty, outlet, agency, NULL, false))
                        return false;
                    rv->v[rv->n - 1].platform = g->flags == GZ_PLATFORM;
                    if (g->aux) {
                        free(rv->v[rv->n - 1].key);
                        size_t n = strlen(g->aux);
                        rv->v[rv->n - 1].key = malloc(n + 1);
                        if (!rv->v[rv->n - 1].key)
                            return false;
                        memcpy(rv->v[rv->n - 1].key, g->aux, n + 1);
                    }
                    i = j;
                    continue;
                }
            } else if (!(i + 1 < B->t1 && name_word(w, i + 1) &&
                         (an_role(w, i + (size_t)k) & WR_ORG))) {
                i += (size_t)k; /* demonym */
                continue;
            }
        }
        /* 2. title + name */
        const an_entry *ti = an_match(w, &w->A->titles, i, &k);
        if (ti && !(w->t.v[i + (size_t)k - 1].f & T_POSS)) {
            size_t j = i + (size_t)k, e = j;
            while (e < B->t1 && e - j < 4 && name_word(w, e) &&
                   (!B->title || wset_has(w, known, e))) {
                e++;
                if (w->t.v[e - 1].f & T_POSS)
                    break;
            }
            if (e > j) {
                if (!push_raw(rv, j, e, text_of(w, j, e), CRED_ENT_PERSON, 0, 0, ti->aux,
                              e - j == 1))
                    return false;
                i = e;
                continue;
            }
        }
        /* 3. capitalized run */
        if (!name_word(w, i)) {
            i++;
            continue;
        }
        size_t e = i + 1;
        while (e < B->t1 && !(w->t.v[e - 1].f & T_POSS)) {
            if (name_word(w, e) && w->t.v[e].s == w->t.v[e - 1].e + 1) {
                e++;
            } else if ((an_is(w, e, "of") || an_is(w, e, "de") || an_is(w, e, "al") ||
                        an_is(w, e, "bin") || an_is(w, e, "van") || an_is(w, e, "von")) &&
                       name_word(w, e + 1) && !(w->t.v[e + 1].f & T_SSTART)) {
                e += 2;
            } else {
                break;
            }
            if (e - i >= 6)
                break;
        }
        bool single = e - i == 1;
        bool sstart = (w->t.v[i].f & T_SSTART) != 0;
        if (B->title) {
            /* Title Case: only what the body already knows */
            if (!(single && wset_has(w, known, i))) {
                i = e;
                continue;
            }
        } else if (single && sstart && !wset_has(w, capmid, i)) {
            i = e;
            continue;
        }
        /* ALL-CAPS shouting inside a sentence of capitals is not a name; an
         * acronym (2-6 letters) is an organization */
        cred_entity_type ty = CRED_ENT_UNKNOWN;
        unsigned last = an_role(w, e - 1);
        if (last & WR_ORG)
            ty = CRED_ENT_ORG;
        else if (last & WR_PLACE)
            ty = CRED_ENT_PLACE;
        else if (single && (w->t.v[i].f & T_UPPER) && w->t.v[i].e - w->t.v[i].s <= 6)
            ty = CRED_ENT_ORG;
        else if (!single && e - i <= 4 && i > B->t0 &&
                 (an_is(w, i - 1, "in") || an_is(w, i - 1, "near") || an_is(w, i - 1, "across") ||
                  an_is(w, i - 1, "outside") || an_is(w, i - 1, "throughout")))
            ty = CRED_ENT_PLACE; /* "in Port Ellery" (tests/golden/analyze/patterns.in) */
        else if (!single && e - i <= 4)
            ty = CRED_ENT_PERSON;
        if (!push_raw(rv, i, e, text_of(w, i, e), ty, 0, 0, NULL, single))
            return false;
        i = e;
    }
    return true;
}

/* A small hash map from a name (pointer + length, optionally compared
 * without case) to an entity index and a count: grouping stays linear in
 * the number of mentions (a 20 MB input has tens of thousands of names). */
typedef struct sslot {
    const char *k;
    size_t n, idx, count;
} sslot;
typedef struct smap {
    sslot *s;
    size_t cap, used;
    bool ci;
} smap;

static size_t shash(const char *k, size_t n, bool ci)
{
    size_t h = 5381;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)k[i];
        if (ci && c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        h = h * 33 + c;
    }
    return h;
}

static sslot *smap_find(const smap *m, const char *k, size_t n)
{
    if (!m->cap)
        return NULL;
    for (size_t h = shash(k, n, m->ci) & (m->cap - 1);; h = (h + 1) & (m->cap - 1)) {
        sslot *x = &m->s[h];
        if (!x->k)
            return NULL;
        if (x->n == n && (m->ci ? strncasecmp(x->k, k, n) == 0 : memcmp(x->k, k, n) == 0))
            return x;
    }
}

/* Adds (k, idx) or counts one more for k; false on allocation failure. */
static bool smap_put(smap *m, const char *k, size_t n, size_t idx)
{
    sslot *x = smap_find(m, k, n);
    if (x) {
        x->count++;
        return true;
    }
    if ((m->used + 1) * 2 > m->cap) {
        size_t nc = m->cap ? m->cap * 2 : 64;
        sslot *ns = calloc(nc, sizeof *ns);
        if (!ns)
            return false;
        for (size_t i = 0; i < m->cap; i++)
            if (m->s[i].k) {
                size_t h = shash(m->s[i].k, m->s[i].n, m->ci) & (nc - 1);
                while (ns[h].k)
                    h = (h + 1) & (nc - 1);
                ns[h] = m->s[i];
            }
        free(m->s);
        m->s = ns;
        m->cap = nc;
    }
    size_t h = shash(k, n, m->ci) & (m->cap - 1);
    while (m->s[h].k)
        h = (h + 1) & (m->cap - 1);
    m->s[h] = (sslot){k, n, idx, 1};
    m->used++;
    return true;
}

static size_t find_ent(const smap *names, const char *key)
{
    sslot *x = smap_find(names, key, strlen(key));
    return x ? x->idx : SIZE_MAX;
}

static bool add_mention(an_work *w, size_t ent, size_t t0, size_t t1)
{
    an_ent *E = &w->ents.v[ent];
    cred_span sp = {w->t.v[t0].s, w->t.v[t1 - 1].ne};
    if (!CRED__VEC_PUSH(E->m, sp))
        return false;
    an_mention m = {sp, t0, t1, ent};
    if (!CRED__VEC_PUSH(w->ments, m))
        return false;
    for (size_t i = t0; i < t1; i++)
        w->t.v[i].ent = (int)w->ments.n;
    return true;
}

static size_t new_ent(an_work *w, raw *r)
{
    an_ent E = {0};
    E.name = r->key;
    r->key = NULL;
    E.type = r->type;
    E.outlet = r->outlet;
    E.agency = r->agency;
    E.platform = r->platform;
    E.first = w->t.v[r->t0].s;
    if (!CRED__VEC_PUSH(w->ents, E)) {
        free(E.name);
        return SIZE_MAX;
    }
    return w->ents.n - 1;
}

/* last word of a name */
static const char *last_word(const char *s)
{
    const char *sp = strrchr(s, ' ');
    return sp ? sp + 1 : s;
}

static int cmp_span(const void *a, const void *b)
{
    const cred_span *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static int cmp_ment(const void *a, const void *b)
{
    const an_mention *x = a, *y = b;
    return x->span.start < y->span.start ? -1 : x->span.start > y->span.start;
}

bool an_entities(an_work *w)
{
    size_t ns = 64;
    while (ns < w->t.n * 2 + 2)
        ns *= 2;
    wset capmid = {calloc(ns, sizeof(size_t)), ns}, known = {calloc(ns, sizeof(size_t)), ns};
    rawvec rv = {0};
    bool ok = capmid.slot && known.slot;
    if (ok) {
        for (size_t i = 0; i < w->t.n; i++) {
            const an_tok *t = &w->t.v[i];
            if ((t->f & T_WORD) && (t->f & T_CAP) && !(t->f & T_SSTART) &&
                !w->blocks.v[t->block].title)
                wset_add(w, &capmid, i);
        }
        for (size_t b = 0; ok && b < w->blocks.n; b++)
            if (!w->blocks.v[b].title)
                ok = scan_block(w, b, &capmid, &known, &rv);
        size_t body_n = rv.n;
        /* words of body names, for the title */
        for (size_t r = 0; ok && r < body_n; r++)
            for (size_t i = rv.v[r].t0; i < rv.v[r].t1; i++)
                wset_add(w, &known, i);
        for (size_t b = 0; ok && b < w->blocks.n; b++)
            if (w->blocks.v[b].title)
                ok = scan_block(w, b, &capmid, &known, &rv);
    }
    /* group: multi-word and typed names first, then single words */
    smap names = {NULL, 0, 0, false}, lastw = {NULL, 0, 0, true}, firstw = {NULL, 0, 0, false},
         persw = {NULL, 0, 0, false};
    for (int pass = 0; ok && pass < 2; pass++) {
        if (pass == 1) {
            /* last words of longer person names, first words of longer
             * organization names: what a single word may join */
            for (size_t x = 0; ok && x < w->ents.n; x++) {
                const char *nm = w->ents.v[x].name, *sp = strchr(nm, ' ');
                if (!sp)
                    continue;
                if (w->ents.v[x].type == CRED_ENT_PERSON) {
                    const char *lw = last_word(nm);
                    ok = smap_put(&lastw, lw, strlen(lw), x);
                } else if (w->ents.v[x].type == CRED_ENT_ORG && !strchr(sp + 1, ' ')) {
                    /* only a two-word name ("Brandt Group") is shortened to
                     * its first word; "Trump" is no short form of "Trump
                     * National Golf Club" (tests/golden/analyze/
                     * entity-surname.in) */
                    ok = smap_put(&firstw, nm, (size_t)(sp - nm), x);
                }
            }
            /* words the text uses as a person's name on their own ("Mr.
             * Trump", "President Trump"): never the short form of an
             * organization */
            for (size_t r = 0; ok && r < rv.n; r++)
                if (rv.v[r].key && rv.v[r].single && rv.v[r].type == CRED_ENT_PERSON)
                    ok = smap_put(&persw, rv.v[r].key, strlen(rv.v[r].key), r);
        }
        for (size_t r = 0; ok && r < rv.n; r++) {
            raw *R = &rv.v[r];
            /* single words (and SHOUTED ones: "OKAFOR:" in a transcript) wait
             * for pass 1, when the longer names they may join exist */
            bool late = R->single && (R->type != CRED_ENT_ORG || (w->t.v[R->t0].f & T_UPPER));
            if (!R->key || late != (pass == 1))
                continue;
            size_t e = find_ent(&names, R->key);
            if (e == SIZE_MAX && pass == 1) {
                /* "Trump" joins the one person whose last word it is, and
                 * "Brandt" the one organization it starts ("Brandt Group") */
                const sslot *lx = smap_find(&lastw, R->key, strlen(R->key));
                bool titled = smap_find(&persw, R->key, strlen(R->key)) != NULL;
                if (lx && lx->count == 1)
                    e = lx->idx;
                const sslot *fx =
                    e == SIZE_MAX && !titled ? smap_find(&firstw, R->key, strlen(R->key)) : NULL;
                if (fx && fx->count == 1)
                    e = fx->idx;
                /* the surname of two people ("Donald Trump", "Ivanka
                 * Trump") and no organization it shortens: its own
                 * entity, but a person */
                if (e == SIZE_MAX && (lx || titled) && R->type == CRED_ENT_UNKNOWN)
                    R->type = CRED_ENT_PERSON;
            }
            if (e == SIZE_MAX) {
                e = new_ent(w, R);
                if (e == SIZE_MAX || !smap_put(&names, w->ents.v[e].name, strlen(w->ents.v[e].name), e)) {
                    ok = false;
                    break;
                }
            } else if (w->ents.v[e].type == CRED_ENT_UNKNOWN && R->type != CRED_ENT_UNKNOWN) {
                w->ents.v[e].type = R->type;
            }
            if (R->role) {
                an_ent *E = &w->ents.v[e];
                if (E->type == CRED_ENT_UNKNOWN)
                    E->type = CRED_ENT_PERSON;
                if (!E->role) {
                    size_t n = strlen(R->role);
                    if (!(E->role = malloc(n + 1)))
                        ok = false;
                    else
                        memcpy(E->role, R->role, n + 1);
                }
            }
            ok = ok && add_mention(w, e, R->t0, R->t1);
        }
    }
    free(names.s);
    free(lastw.s);
    free(firstw.s);
    free(persw.s);
    /* "the president": the one person the text titled so */
    CRED__VEC(size_t) roled = {0};
    for (size_t x = 0; ok && x < w->ents.n; x++)
        if (w->ents.v[x].role && !CRED__VEC_PUSH(roled, x))
            ok = false;
    for (size_t i = 0; ok && roled.n && i + 1 < w->t.n; i++) {
        if (!an_is(w, i, "the") || !is_word(w, i + 1) || (w->t.v[i + 1].f & T_CAP) ||
            w->t.v[i + 1].ent || is_cap(w, i + 2))
            continue;
        size_t hit = SIZE_MAX, hits = 0;
        for (size_t y = 0; y < roled.n; y++) {
            size_t x = roled.v[y];
            if (strlen(w->ents.v[x].role) == w->t.v[i + 1].lon &&
                memcmp(w->ents.v[x].role, an_low(w, i + 1), w->t.v[i + 1].lon) == 0) {
                hit = x;
                hits++;
            }
        }
        if (hits == 1)
            ok = add_mention(w, hit, i, i + 2);
    }
    free(roled.v);
    for (size_t r = 0; r < rv.n; r++)
        free(rv.v[r].key);
    free(rv.v);
    free(capmid.slot);
    free(known.slot);
    if (!ok)
        return false;
    /* mentions in text order (spans per entity are sorted too) */
    if (w->ments.n > 1)
        qsort(w->ments.v, w->ments.n, sizeof *w->ments.v, cmp_ment);
    for (size_t i = 0; i < w->t.n; i++)
        w->t.v[i].ent = 0;
    for (size_t m = 0; m < w->ments.n; m++)
        for (size_t i = w->ments.v[m].t0; i < w->ments.v[m].t1; i++)
            w->t.v[i].ent = (int)m + 1;
    for (size_t x = 0; x < w->ents.n; x++) {
        an_ent *E = &w->ents.v[x];
        if (E->m.n > 1)
            qsort(E->m.v, E->m.n, sizeof *E->m.v, cmp_span);
        if (E->m.n)
            E->first = E->m.v[0].start;
    }
    return true;
}
