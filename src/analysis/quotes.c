/*
 * quotes.c - direct quotes (quotation-mark pairing and attribution) and
 * reported speech.
 *
 * Direct quotes.  Marks are paired per paragraph: “ ” „ « » by their shape,
 * a straight " by what surrounds it (after a space or an opening bracket it
 * opens, before a space or punctuation it closes).  Inside a quote a mark of
 * the other style nests (straight outside, curly inside, or the reverse)
 * and single quotes never close anything.  A quote still open at the end of
 * its paragraph continues into the next paragraph(s) as long as those
 * start with an opening mark (the usual convention) or close it before any
 * new quote opens (the seed's Reuters quote, tests/golden/analyze/
 * multi-paragraph.in); otherwise it ends with its paragraph.
 *
 * Attribution, tried in this order for each quote:
 *   cue-after     “...,” X said / “...” he added.
 *   cue-inverted  “...,” said X
 *   cue-before    X said, “...”  /  X said “...”
 *   according-to  According to X, “...”
 *   colon         X: “...”  (also "X said:")
 *   dash          “...” ― X  (a signature after a dash)
 *   intro         a paragraph ending in ',' or ':' with a cue, followed by
 *                 the quote's paragraph ("The Kremlin said in a statement,")
 * Paragraphs made only of a quote that follow an intro-attributed quote
 * join it: one statement quoted over several paragraphs is one quote (the
 * seed's "The Kremlin said in a statement," + two quoted paragraphs).
 * “A,” he said. “B.” is one quote too: the speech is interrupted by its
 * attribution, not ended; and a quote opening the paragraph after an
 * attributed quote continues it (tests/golden/analyze/split-quote.in).
 * An unattributed quote of fewer than 5 words is a scare quote or a title
 * ("partner-like cooperation"): not a quote, but evidence of tone.
 * `X said that “...”` is reported speech quoting words: an indirect quote.
 *
 * Reported speech: `X said (that) CLAUSE`, `X has said he is ...`,
 * `CLAUSE, X said.`, `CLAUSE, said X.`, `According to X, CLAUSE` and
 * `CLAUSE, according to X.`, with the clause cut at the sentence end.  A
 * short unattributed quote inside reported speech belongs to it.
 *
 * What it does not: quotes in single quotation marks at the top level
 * (they are mostly apostrophes and headline quotes), or speech verbs
 * missing from data/analysis/cues.tsv.
 */
#include "an.h"

#include <stdlib.h>

enum { D_OPEN = 1, D_CLOSE = 2 };
enum { S_STRAIGHT = 1, S_CURLY, S_GUIL };

static bool is_space_or_start(const char *p, size_t lo, size_t i)
{
    return i <= lo || p[i - 1] == ' ' || p[i - 1] == '\n';
}

static int mark_style(int32_t cp)
{
    return cp == '"' ? S_STRAIGHT : (cp == 0xAB || cp == 0xBB) ? S_GUIL : S_CURLY;
}

static int mark_dir(const an_work *w, size_t i)
{
    const an_tok *t = &w->t.v[i];
    const an_block *B = &w->blocks.v[t->block];
    const char *p = w->doc->text;
    bool before_space = is_space_or_start(p, B->span.start, t->s);
    bool after_space = t->e >= B->span.end || p[t->e] == ' ' || p[t->e] == '\n';
    /* the previous char opens a group: ( [ — – - / or another mark */
    bool prev_opener = false;
    if (!before_space && i > B->t0) {
        const an_tok *pt = &w->t.v[i - 1];
        prev_opener = pt->e == t->s && (pt->f & T_PUNCT) &&
                      (pt->cp == '(' || pt->cp == '[' || pt->cp == 0x2014 || pt->cp == 0x2013 ||
                       pt->cp == '-' || pt->cp == '/' || pt->cp == ':' || (pt->f & (T_QMARK | T_SQMARK)));
    }
    bool next_punct = false;
    if (!after_space && i + 1 < B->t1) {
        const an_tok *nt = &w->t.v[i + 1];
        next_punct = nt->s == t->e && (nt->f & T_PUNCT) && !(nt->f & (T_QMARK | T_SQMARK)) &&
                     nt->cp != '(' && nt->cp != '[';
    }
    switch (t->cp) {
    case 0x201C:
    case 0x201E:
    case 0xAB:
        if (!before_space && !prev_opener && (after_space || next_punct))
            return D_CLOSE; /* a mis-typed closing mark */
        return D_OPEN;
    case 0x201D:
    case 0xBB:
        if ((before_space || prev_opener) && !after_space && !next_punct)
            return D_OPEN; /* a mis-typed opening mark */
        return D_CLOSE;
    default:
        if ((before_space || prev_opener) && !after_space)
            return D_OPEN;
        if (after_space || next_punct || t->e >= B->span.end)
            return D_CLOSE;
        return before_space ? D_OPEN : D_CLOSE;
    }
}

static bool emit(an_work *w, size_t o, size_t c, bool closed)
{
    an_quote Q = {0};
    Q.t0 = o;
    Q.t1 = c + 1;
    Q.closed = closed;
    Q.block0 = w->t.v[o].block;
    Q.block1 = w->t.v[c].block;
    Q.q.kind = CRED_QUOTE_DIRECT;
    Q.q.pattern = "none";
    Q.q.source = CRED_NO_SOURCE;
    return CRED__VEC_PUSH(w->quotes, Q);
}

/* Pairs quotation marks over all blocks into w->quotes (direct, unattributed). */
static bool pair_marks(an_work *w)
{
    bool pending = false;
    size_t po = 0, pb0 = 0; /* pending quote: opening token, its block */
    int pstyle = 0;
    cred__spanvec inner = {0}; /* nested pairs of the open quote (token indices) */
    size_t in_o = 0;
    for (size_t b = 0; b < w->blocks.n; b++) {
        const an_block *B = &w->blocks.v[b];
        size_t open = SIZE_MAX;
        int ostyle = 0, nested = 0;
        size_t first_mark = SIZE_MAX;
        for (size_t i = B->t0; i < B->t1; i++)
            if (w->t.v[i].f & T_QMARK) {
                first_mark = i;
                break;
            }
        size_t skip = SIZE_MAX;
        if (pending) {
            bool cont;
            if (first_mark == SIZE_MAX)
                cont = b - pb0 < 4;
            else if (first_mark == B->t0 && mark_dir(w, first_mark) == D_OPEN)
                cont = true, skip = first_mark; /* continuation mark */
            else
                cont = mark_dir(w, first_mark) == D_CLOSE;
            if (b > 0 && w->blocks.v[b - 1].title)
                cont = false;
            if (cont) {
                open = po;
                ostyle = pstyle;
            } else {
                /* never closed: it ends with its own paragraph */
                if (!emit(w, po, w->blocks.v[pb0].t1 - 1, false))
                    goto oom;
            }
            pending = false;
        }
        for (size_t i = B->t0; i < B->t1; i++) {
            if (!(w->t.v[i].f & T_QMARK) || i == skip)
                continue;
            int d = mark_dir(w, i), st = mark_style(w->t.v[i].cp);
            if (open == SIZE_MAX) {
                if (d == D_OPEN) {
                    open = i;
                    ostyle = st;
                    nested = 0;
                }
                continue;
            }
            if (nested) {
                if (st == nested && d == D_CLOSE) {
                    nested = 0;
                    if (!CRED__VEC_PUSH(inner, ((cred_span){in_o, i})))
                        goto oom;
                } else if (st == ostyle && d == D_CLOSE) {
                    /* the inner quote was never closed */
                    nested = 0;
                    if (!emit(w, open, i, true))
                        goto oom;
                    open = SIZE_MAX;
                }
                continue;
            }
            if (d == D_CLOSE) {
                if (!emit(w, open, i, true))
                    goto oom;
                open = SIZE_MAX;
                inner.n = 0;
            } else if (st != ostyle) {
                nested = st;
                in_o = i;
            } else {
                /* a second opening mark: the first was stray */
                if (w->t.v[open].block == b)
                    open = i;
                else {
                    if (!emit(w, open, w->blocks.v[w->t.v[open].block].t1 - 1, false))
                        goto oom;
                    open = i;
                }
            }
        }
        if (open != SIZE_MAX && w->t.v[open].block == b && inner.n) {
            /* a stray mark of one style that never closes, around proper
             * quotes of the other style: drop it, keep those quotes */
            for (size_t k = 0; k < inner.n; k++)
                if (!emit(w, inner.v[k].start, inner.v[k].end, true))
                    goto oom;
            open = SIZE_MAX;
        }
        inner.n = 0;
        if (open != SIZE_MAX) {
            if (B->title) {
                if (!emit(w, open, B->t1 - 1, false))
                    goto oom;
            } else {
                pending = true;
                if (!(po == open && w->t.v[open].block != b)) {
                    po = open;
                    pb0 = w->t.v[open].block;
                }
                pstyle = ostyle;
            }
        }
    }
    if (pending && !emit(w, po, w->blocks.v[pb0].t1 - 1, false))
        goto oom;
    free(inner.v);
    return true;
oom:
    free(inner.v);
    return false;
}

static bool is_punct(const an_work *w, size_t i, int32_t cp)
{
    return i < w->t.n && (w->t.v[i].f & T_PUNCT) && w->t.v[i].cp == cp;
}

static bool sent_end_punct(const an_work *w, size_t i)
{
    return is_punct(w, i, '.') || is_punct(w, i, '!') || is_punct(w, i, '?');
}

static size_t nwords(const an_work *w, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += (w->t.v[i].f & (T_WORD | T_NUM)) != 0;
    return n;
}

static void set_speaker(an_work *w, an_quote *Q, size_t s0, size_t s1, size_t c0, size_t c1,
                        const char *pattern)
{
    Q->q.has_speaker = 1;
    Q->spk_t0 = s0;
    Q->spk_t1 = s1;
    Q->q.speaker = (cred_span){w->t.v[s0].s, w->t.v[s1 - 1].e};
    Q->q.pronoun = s1 - s0 == 1 && (an_role(w, s0) & WR_PRONOUN);
    Q->q.has_cue = 1;
    Q->q.cue = (cred_span){w->t.v[c0].s, w->t.v[c1 - 1].e};
    Q->q.pattern = pattern;
    Q->attributed = true;
    for (size_t i = c0; i < c1; i++)
        w->t.v[i].used = 1;
}

/* Start of the clause that ends before token `end`: back to a sentence end,
 * a quotation mark or the block start, at most `max` tokens. */
static size_t clause_start(const an_work *w, size_t end, size_t lo, size_t max)
{
    size_t j = end;
    while (j > lo && end - j < max) {
        const an_tok *t = &w->t.v[j - 1];
        if (sent_end_punct(w, j - 1) || (t->f & T_QMARK))
            break;
        j--;
    }
    return j;
}

/* Looks for a cue in the clause [lo, end) ending with ',' or ':' before a
 * quote and attributes Q from it.  Returns true when it did. */
static bool attr_from_intro(an_work *w, an_quote *Q, size_t lo, size_t end, bool colon,
                            const char *pattern)
{
    size_t cs = clause_start(w, end, lo, 60);
    for (size_t x = end; x-- > cs;) {
        int k;
        unsigned cf = an_cue(w, x, &k);
        if (!(cf & CUE_DIRECT) || w->t.v[x].used)
            continue;
        size_t s0, s1;
        if (an_is(w, x, "according")) {
            if (an_np_fwd(w, x + 2, end, &s0, &s1)) {
                set_speaker(w, Q, s0, s1, x, x + (size_t)k, "according-to");
                return true;
            }
            continue;
        }
        if (an_np_back(w, x, cs, &s0, &s1) ||
            ((cf & CUE_INVERT) && an_np_fwd(w, x + (size_t)k, end, &s0, &s1))) {
            set_speaker(w, Q, s0, s1, x, x + (size_t)k, pattern);
            return true;
        }
    }
    if (colon) {
        /* "WALLACE: “...”", "Trump on Twitter:" -- a short name before ':' */
        size_t s0, s1;
        if (an_np_back(w, end, cs, &s0, &s1) && s1 - s0 <= 4 && (w->t.v[s0].f & T_CAP) &&
            s0 == cs) {
            Q->q.has_speaker = 1;
            Q->spk_t0 = s0;
            Q->spk_t1 = s1;
            Q->q.speaker = (cred_span){w->t.v[s0].s, w->t.v[s1 - 1].e};
            Q->q.pronoun = 0;
            Q->q.pattern = "colon";
            Q->attributed = true;
            return true;
        }
    }
    return false;
}

static bool trailing_ok(const an_work *w, size_t ce, size_t sb);

/* After the closing mark: “...,” X said / said X.  Sets *attr_end. */
static bool attr_after(an_work *w, an_quote *Q, size_t c, size_t *attr_end)
{
    const an_block *B = &w->blocks.v[w->t.v[c].block];
    size_t j = c + 1;
    size_t s0, s1;
    /* “...” ― Jane Roe: a signature after a dash, ending the paragraph or
     * followed by a comma (tests/golden/analyze/patterns.in) */
    if (j + 1 < B->t1 && (is_punct(w, j, 0x2014) || is_punct(w, j, 0x2015) || is_punct(w, j, 0x2013) ||
                          is_punct(w, j, '-')) &&
        (w->t.v[j + 1].f & T_CAP) && an_np_fwd(w, j + 1, B->t1, &s0, &s1) && s1 - s0 <= 5) {
        size_t e = s1;
        if (e == B->t1 || is_punct(w, e, ',') || sent_end_punct(w, e)) {
            Q->q.has_speaker = 1;
            Q->spk_t0 = s0;
            Q->spk_t1 = s1;
            Q->q.speaker = (cred_span){w->t.v[s0].s, w->t.v[s1 - 1].e};
            Q->q.pronoun = 0;
            Q->q.pattern = "dash";
            Q->attributed = true;
            *attr_end = s1;
            return true;
        }
    }
    if (j < B->t1 && (is_punct(w, j, ',') || is_punct(w, j, 0x2014) || is_punct(w, j, 0x2013)))
        j++;
    if (j >= B->t1 || !(w->t.v[j].f & T_WORD))
        return false;
    /* “...him.” She says it ...: a quote that ends its sentence is followed
     * by a new sentence, not by its attribution, unless that is all the
     * sentence holds (“Done.” he said.) */
    bool ended = c > 0 && sent_end_punct(w, c - 1);
    int k;
    unsigned cf = an_cue(w, j, &k);
    if ((cf & CUE_DIRECT) && !an_is(w, j, "according")) {
        if ((cf & CUE_INVERT) && an_np_fwd(w, j + (size_t)k, B->t1, &s0, &s1)) {
            set_speaker(w, Q, s0, s1, j, j + (size_t)k, "cue-inverted");
            *attr_end = s1;
            return true;
        }
        return false;
    }
    /* X [aux] said */
    for (size_t x = j; x < B->t1 && x < j + 20; x++) {
        if (is_punct(w, x, '(')) {
            /* "Sen. Claire McCaskill (D-Mo.) said" */
            size_t y = x + 1;
            while (y < B->t1 && y < x + 8 && !is_punct(w, y, ')'))
                y++;
            if (y < B->t1 && is_punct(w, y, ')')) {
                x = y;
                continue;
            }
            break;
        }
        if (!(w->t.v[x].f & (T_WORD | T_NUM)) && !is_punct(w, x, ','))
            break;
        if (x > j && (w->t.v[x].f & T_SSTART))
            break;
        cf = an_cue(w, x, &k);
        if (cf & CUE_DIRECT) {
            if (an_is(w, x, "according")) {
                if (x == j && an_np_fwd(w, x + 2, B->t1, &s0, &s1)) {
                    set_speaker(w, Q, s0, s1, x, x + 2, "according-to");
                    *attr_end = s1;
                    return true;
                }
                return false;
            }
            if (ended && !trailing_ok(w, x + (size_t)k, w->t.v[x].sb))
                return false;
            if (x > j && an_np_back(w, x, j, &s0, &s1)) {
                set_speaker(w, Q, s0, s1, x, x + (size_t)k, "cue-after");
                *attr_end = x + (size_t)k;
                return true;
            }
            return false;
        }
    }
    return false;
}

/* May the tokens [a, b) stand between two quotes of one speaker?  No
 * quotation marks and no cue other than the one already used (the first
 * quote's attribution); at most 40 tokens. */
static bool gap_ok(const an_work *w, size_t a, size_t b)
{
    if (b < a || b - a > 40)
        return false;
    for (size_t i = a; i < b; i++) {
        int k;
        if (w->t.v[i].f & T_QMARK)
            return false;
        if (!w->t.v[i].used && an_cue(w, i, &k))
            return false;
    }
    return true;
}

/* Is block b nothing but quote Q (plus a final period)? */
static bool whole_block(const an_work *w, const an_quote *Q, size_t b)
{
    const an_block *B = &w->blocks.v[b];
    if (Q->t0 != B->t0 && !(w->blocks.v[Q->block0].t0 == Q->t0))
        return false;
    size_t e = Q->t1;
    while (e < B->t1 && (sent_end_punct(w, e) || is_punct(w, e, ',')))
        e++;
    return e == B->t1;
}

static bool is_title_case(const an_work *w, size_t a, size_t b)
{
    size_t words = 0, caps = 0;
    for (size_t i = a; i < b; i++) {
        const an_tok *t = &w->t.v[i];
        if (!(t->f & T_WORD))
            continue;
        words++;
        if (t->f & T_CAP)
            caps++;
        else if (t->lon >= 4)
            return false;
    }
    return words >= 2 && words <= 7 && caps * 2 > words;
}

static bool attribute_direct(an_work *w)
{
    size_t n = w->quotes.n, out = 0;
    for (size_t qi = 0; qi < n; qi++) {
        an_quote Q = w->quotes.v[qi];
        size_t o = Q.t0, c = Q.t1 - 1;
        const an_block *B0 = &w->blocks.v[Q.block0];
        size_t attr_end = Q.t1;
        bool done = false;
        /* a title in quotation marks (AP style: “Keepin' It Real”, “The
         * Steve Harvey Morning Show”): every word of 4+ letters capitalized,
         * at most 7 words -- not speech (tests/unit/test_analysis.c) */
        if (!B0->title && is_title_case(w, Q.t0 + 1, Q.closed ? Q.t1 - 1 : Q.t1)) {
            Q.embedded = true;
            w->quotes.v[out++] = Q;
            continue;
        }
        /* reported speech quoting words: X said that “...” */
        if (o > B0->t0 && an_is(w, o - 1, "that") && o >= 2) {
            size_t x = o - 1;
            int k = 0;
            size_t cue = SIZE_MAX;
            for (size_t y = x; y-- > B0->t0 && x - y < 4;) {
                if (an_cue(w, y, &k) & CUE_REPORTED) {
                    cue = y;
                    break;
                }
                if (!(w->t.v[y].f & T_WORD))
                    break;
            }
            size_t s0, s1;
            if (cue != SIZE_MAX && !w->t.v[cue].used && an_np_back(w, cue, B0->t0, &s0, &s1)) {
                set_speaker(w, &Q, s0, s1, cue, cue + (size_t)k, "reported");
                Q.q.kind = CRED_QUOTE_INDIRECT;
                Q.t0 = x;
                done = true;
            }
        }
        if (!done && Q.closed)
            done = attr_after(w, &Q, c, &attr_end);
        if (!done && o > B0->t0) {
            size_t p = o - 1;
            if (is_punct(w, p, ',') || is_punct(w, p, ':'))
                done = attr_from_intro(w, &Q, B0->t0, p, is_punct(w, p, ':'),
                                       is_punct(w, p, ':') ? "colon" : "cue-before");
            else {
                int k;
                unsigned cf = an_cue(w, p, &k);
                size_t s0, s1;
                if (!(cf & CUE_DIRECT) && p > B0->t0) {
                    /* "said in a statement “...”" is rare; "X says “...”" is not */
                }
                if ((cf & CUE_DIRECT) && !w->t.v[p].used && an_np_back(w, p, B0->t0, &s0, &s1)) {
                    set_speaker(w, &Q, s0, s1, p, p + (size_t)k, "cue-before");
                    done = true;
                }
            }
        }
        if (!done && o == B0->t0 && Q.block0 > 0 && !w->blocks.v[Q.block0 - 1].title) {
            const an_block *P = &w->blocks.v[Q.block0 - 1];
            size_t last = P->t1 - 1;
            if (P->t1 > P->t0 && (is_punct(w, last, ',') || is_punct(w, last, ':')))
                done = attr_from_intro(w, &Q, P->t0, last, is_punct(w, last, ':'), "intro");
        }
        /* join: quoted paragraphs after an intro; “A,” he said. “B.”; the
         * next paragraph's quote after an attributed one (one speaker
         * quoted at length: tests/golden/analyze/split-quote.in) */
        if (!done && out > 0) {
            an_quote *P = &w->quotes.v[out - 1];
            bool pdirect = P->attributed && P->q.kind == CRED_QUOTE_DIRECT;
            bool after_intro = pdirect && !strcmp(P->q.pattern, "intro") &&
                               Q.block0 == P->block1 + 1 && o == B0->t0 &&
                               whole_block(w, &Q, Q.block0) && whole_block(w, P, P->block1);
            bool same_para = pdirect && Q.block0 == P->block1 && gap_ok(w, P->t1, o);
            bool next_para = pdirect && o == B0->t0 && Q.block0 == P->block1 + 1 &&
                             gap_ok(w, P->t1, w->blocks.v[P->block1].t1);
            if (after_intro || same_para || next_para) {
                P->t1 = Q.t1;
                P->block1 = Q.block1;
                P->closed = Q.closed;
                continue;
            }
        }
        if (!done) {
            /* scare quotes and titles: short and unattributed */
            if (nwords(w, Q.t0, Q.t1) < 5)
                Q.embedded = true; /* kept for evidence, not reported */
            /* a lower-case fragment inside a sentence ("calls it a “human
             * leech who will bleed the country”"): a partial quote */
            if (o > B0->t0 && (w->t.v[o - 1].f & T_WORD) && o + 1 < Q.t1 &&
                (w->t.v[o + 1].f & T_WORD) && !(w->t.v[o + 1].f & T_CAP))
                Q.embedded = true;
        }
        (void)attr_end;
        w->quotes.v[out++] = Q;
    }
    w->quotes.n = out;
    return true;
}

/* ---- reported speech ------------------------------------------------------ */

/* Token range of the sentence holding token i, clipped to its block. */
static void sentence_range(const an_work *w, size_t i, size_t *a, size_t *b)
{
    *a = w->t.v[i].sa;
    *b = w->t.v[i].sb;
}

static bool in_direct(const an_work *w, size_t i) { return w->t.v[i].dq >= 0; }

static bool emit_indirect(an_work *w, size_t c0, size_t c1, size_t s0, size_t s1, size_t k0,
                          size_t k1)
{
    if (c1 - c0 > AN_MAX_CONTENT) {
        if (k0 >= c1)
            c0 = c1 - AN_MAX_CONTENT; /* "CLAUSE, X said": keep the end */
        else
            c1 = c0 + AN_MAX_CONTENT;
    }
    /* trim trailing sentence punctuation and commas */
    while (c1 > c0 && (sent_end_punct(w, c1 - 1) || is_punct(w, c1 - 1, ',') ||
                       is_punct(w, c1 - 1, ';') || is_punct(w, c1 - 1, ':')))
        c1--;
    if (nwords(w, c0, c1) < 3)
        return true;
    for (size_t i = c0; i < c1; i++)
        if (in_direct(w, i) && w->quotes.v[w->t.v[i].dq].attributed)
            return true; /* overlaps an attributed direct quote */
    an_quote Q = {0};
    Q.t0 = c0;
    Q.t1 = c1;
    Q.closed = true;
    Q.block0 = Q.block1 = w->t.v[c0].block;
    Q.q.kind = CRED_QUOTE_INDIRECT;
    Q.q.source = CRED_NO_SOURCE;
    set_speaker(w, &Q, s0, s1, k0, k1, "reported");
    return CRED__VEC_PUSH(w->quotes, Q);
}

/* Does [y, sb) start like a clause?  Without "that" we want a subject
 * pronoun first, or an auxiliary/modal or past-tense word soon after:
 * "X has said he is considering ..." (the seed) but not "X never said a
 * bad word about ..." (also the seed). */
static bool clause_like(const an_work *w, size_t y, size_t sb)
{
    unsigned r = an_role(w, y);
    if ((r & WR_PRONOUN) && y + 1 < sb && (w->t.v[y + 1].f & T_WORD))
        return true;
    if (an_is(w, y, "there"))
        return true;
    for (size_t i = y + 1; i < sb && i < y + 14; i++) {
        if (w->t.v[i].f & T_QMARK)
            continue;
        if (!(w->t.v[i].f & T_WORD))
            return false;
        if (an_in_list(w, AN_EN_AUX, i)) /* data/lang/en/auxiliaries.txt */
            return true;
        const an_tok *t = &w->t.v[i];
        if (t->lon > 4 && memcmp(an_low(w, i) + t->lon - 2, "ed", 2) == 0)
            return true;
    }
    return false;
}

/* Is [ce, sb) empty, or an adverbial tail up to the sentence end? */
static bool trailing_ok(const an_work *w, size_t ce, size_t sb)
{
    if (ce >= sb || sent_end_punct(w, ce) || is_punct(w, ce, ';'))
        return true;
    bool ok = an_in_list(w, AN_EN_ADVERBIAL, ce); /* data/lang/en/trailing-adverbials.txt */
    const an_entry *e = an_lookup(w, &w->A->lex, ce, 1);
    if (e && !strcmp(e->kind, "time"))
        ok = true;
    if (is_punct(w, ce, ','))
        return true; /* "CLAUSE, X said, CLAUSE2" / ", adding that ..." */
    if (!ok)
        return false;
    size_t t = ce;
    while (t < sb && !sent_end_punct(w, t) && t - ce < 12)
        t++;
    return t >= sb || sent_end_punct(w, t);
}

static bool find_indirect(an_work *w)
{
    for (size_t x = 0; x < w->t.n; x++) {
        if (in_direct(w, x) || w->t.v[x].used || !(w->t.v[x].f & T_WORD))
            continue;
        int k;
        unsigned cf = an_cue(w, x, &k);
        if (!(cf & CUE_REPORTED))
            continue;
        size_t sa, sb;
        sentence_range(w, x, &sa, &sb);
        size_t ce = x + (size_t)k;
        size_t s0, s1;
        if (an_is(w, x, "according")) {
            size_t e = ce;
            while (e < sb && !is_punct(w, e, ',') && !sent_end_punct(w, e))
                e++;
            if (!an_np_fwd(w, ce, e, &s0, &s1))
                continue;
            /* only "And," / "But" / commas before it: it opens the clause */
            bool opens = true;
            for (size_t z = sa; z < x && opens; z++)
                opens = is_punct(w, z, ',') || an_is(w, z, "and") || an_is(w, z, "but") ||
                        an_is(w, z, "so") || an_is(w, z, "yet");
            if (opens) {
                if (e < sb && is_punct(w, e, ',') && !emit_indirect(w, e + 1, sb, s0, s1, x, ce))
                    return false;
            } else if (x > sa && is_punct(w, x - 1, ',')) {
                if (!emit_indirect(w, sa, x - 1, s0, s1, x, ce))
                    return false;
            }
            continue;
        }
        if (cf & CUE_PART) {
            /* "..., adding that CLAUSE": the speaker is the sentence's
             * earlier speaker, else its subject */
            if (x <= sa || !is_punct(w, x - 1, ','))
                continue;
            bool found = false;
            for (size_t q = w->quotes.n; q-- > 0 && !found;) {
                const an_quote *P = &w->quotes.v[q];
                if (P->q.has_cue && P->q.has_speaker && P->q.cue.start >= w->t.v[sa].s &&
                    P->q.cue.start < w->t.v[x].s) {
                    s0 = P->spk_t0;
                    s1 = P->spk_t1;
                    found = true;
                }
            }
            if (!found && !(an_np_fwd(w, sa, x, &s0, &s1) &&
                            ((w->t.v[s0].f & T_CAP) || (an_role(w, s0) & WR_PRONOUN))))
                continue;
            size_t y = ce;
            for (size_t z = ce; z < sb && z < ce + 4; z++)
                if (an_is(w, z, "that")) {
                    y = z;
                    break;
                }
            if (y < sb && (w->t.v[y].f & (T_WORD | T_NUM)) &&
                !emit_indirect(w, y, sb, s0, s1, x, ce))
                return false;
            continue;
        }
        /* trailing: "CLAUSE, X said." / "CLAUSE, said X." -- after the cue
         * only the sentence end or an adverbial ("in a statement", "on
         * Monday"); "he has never said a bad word" is not a trailing cue */
        bool at_end = trailing_ok(w, ce, sb);
        if (an_np_back(w, x, sa, &s0, &s1) && s0 > sa && is_punct(w, s0 - 1, ',') && at_end) {
            if (!emit_indirect(w, sa, s0 - 1, s0, s1, x, ce))
                return false;
            continue;
        }
        if ((cf & CUE_INVERT) && x > sa && is_punct(w, x - 1, ',') && at_end &&
            an_np_fwd(w, ce, sb, &s0, &s1)) {
            if (!emit_indirect(w, sa, x - 1, s0, s1, x, ce))
                return false;
            continue;
        }
        /* forward: "X said (that) CLAUSE" */
        if (!an_np_back(w, x, sa, &s0, &s1))
            continue;
        size_t y = ce;
        /* "told reporters that", "said Monday that", "said in a statement that" */
        for (size_t z = ce; z < sb && z < ce + 6; z++) {
            if (an_is(w, z, "that")) {
                y = z;
                break;
            }
            if (!(w->t.v[z].f & (T_WORD | T_NUM)))
                break;
        }
        if (y >= sb || !(w->t.v[y].f & (T_WORD | T_NUM)))
            continue;
        if (an_is(w, y, "to") && !(cf & CUE_OBJECT))
            continue; /* "Company Said to Weigh Sale": passive, no speech */
        /* "told X" without "that": the object and what follows ("told
         * his advisers to find a way"); otherwise a clause must follow, not
         * an object ("never said a bad word") */
        if (!an_is(w, y, "that") && !(cf & CUE_OBJECT) && !clause_like(w, y, sb) &&
            !w->blocks.v[w->t.v[x].block].title) /* headlines drop the verbs */
            continue;
        if (!emit_indirect(w, y, sb, s0, s1, x, ce))
            return false;
    }
    return true;
}

/* "WALLACE: Let's start ..." (a transcript line) and "Pat Caddell: Voters
 * Worried ..." (a headline): a name, a colon, then what they said without
 * quotation marks: an indirect quote (tests/golden/analyze/patterns.in;
 * "WATCH: ..." is a label, not a speaker: label-headline.in). */
static bool find_colon_lines(an_work *w)
{
    for (size_t b = 0; b < w->blocks.n; b++) {
        const an_block *B = &w->blocks.v[b];
        size_t colon = SIZE_MAX;
        for (size_t i = B->t0; i < B->t1 && i < B->t0 + 6; i++)
            if (is_punct(w, i, ':')) {
                colon = i;
                break;
            } else if (!(w->t.v[i].f & T_WORD)) {
                break;
            }
        if (colon == SIZE_MAX || colon == B->t0 || colon + 1 >= B->t1 ||
            (w->t.v[colon + 1].f & T_QMARK) || in_direct(w, colon + 1))
            continue;
        size_t s0, s1;
        if (!an_np_back(w, colon, B->t0, &s0, &s1) || s0 != B->t0)
            continue;
        /* a name: an entity, or in a transcript a SHOUTED word that is no
         * common word ("WATCH: ..." is a label, words.tsv role function) */
        bool name = false;
        for (size_t i = s0; i < s1; i++)
            name |= w->t.v[i].ent != 0 ||
                    (!B->title && (w->t.v[i].f & T_UPPER) && w->t.v[i].e - w->t.v[i].s >= 3 &&
                     !(an_role(w, i) & WR_FUNCTION));
        size_t end = B->t1;
        if (!name || nwords(w, colon + 1, end) < 3)
            continue;
        if (end - (colon + 1) > AN_MAX_CONTENT)
            end = colon + 1 + AN_MAX_CONTENT;
        while (end > colon + 1 && (sent_end_punct(w, end - 1) || is_punct(w, end - 1, ',')))
            end--;
        an_quote Q = {0};
        Q.t0 = colon + 1;
        Q.t1 = end;
        Q.closed = true;
        Q.block0 = Q.block1 = b;
        Q.q.kind = CRED_QUOTE_INDIRECT;
        Q.q.source = CRED_NO_SOURCE;
        set_speaker(w, &Q, s0, s1, colon, colon + 1, "colon");
        Q.q.has_cue = 0; /* the colon is no cue word */
        if (!CRED__VEC_PUSH(w->quotes, Q))
            return false;
    }
    return true;
}

static int cmp_quote(const void *a, const void *b)
{
    const an_quote *x = a, *y = b;
    return x->t0 < y->t0 ? -1 : x->t0 > y->t0;
}

bool an_quotes(an_work *w)
{
    if (!pair_marks(w))
        return false;
    if (w->quotes.n > 1)
        qsort(w->quotes.v, w->quotes.n, sizeof *w->quotes.v, cmp_quote);
    if (!attribute_direct(w))
        return false;
    for (size_t q = 0; q < w->quotes.n; q++) {
        an_quote *Q = &w->quotes.v[q];
        if (Q->embedded)
            continue;
        for (size_t i = Q->t0; i < Q->t1; i++)
            w->t.v[i].dq = (int)q;
    }
    size_t ndirect = w->quotes.n;
    if (!find_indirect(w) || !find_colon_lines(w))
        return false;
    /* unattributed direct quotes inside reported speech belong to it */
    for (size_t q = 0; q < ndirect; q++) {
        an_quote *Q = &w->quotes.v[q];
        if (Q->attributed || Q->embedded)
            continue;
        for (size_t r = ndirect; r < w->quotes.n; r++) {
            const an_quote *R = &w->quotes.v[r];
            if (R->t0 <= Q->t0 && Q->t1 <= R->t1 + 1)
                Q->embedded = true;
        }
    }
    /* drop embedded quotes (scare quotes), fill spans, sort */
    size_t out = 0;
    for (size_t q = 0; q < w->quotes.n; q++) {
        an_quote Q = w->quotes.v[q];
        if (Q.embedded) {
            cred_span sp = {w->t.v[Q.t0].s, w->t.v[Q.t1 - 1].e};
            if (!Q.attributed && !CRED__VEC_PUSH(w->scare, sp))
                return false;
            continue;
        }
        Q.q.content = (cred_span){w->t.v[Q.t0].s, w->t.v[Q.t1 - 1].e};
        w->quotes.v[out++] = Q;
    }
    w->quotes.n = out;
    if (w->quotes.n > 1)
        qsort(w->quotes.v, w->quotes.n, sizeof *w->quotes.v, cmp_quote);
    for (size_t i = 0; i < w->t.n; i++)
        w->t.v[i].dq = -1;
    for (size_t q = 0; q < w->quotes.n; q++) {
        const an_quote *Q = &w->quotes.v[q];
        if (Q->q.kind != CRED_QUOTE_DIRECT)
            continue;
        for (size_t i = Q->t0; i < Q->t1; i++)
            w->t.v[i].dq = (int)q;
    }
    return true;
}
