/*
 * report.c - the verdict for people and programs: JSON (docs/score.md),
 * a terminal report, and a standalone HTML report.
 *
 * JSON: key order is fixed and reals are printed with 6 significant digits
 * (scores rounded to 0.1), so golden files diff cleanly.
 *
 * HTML: one self-contained file (inline CSS, no scripts, no external
 * assets, so it can be mailed or archived).  The article is rendered from
 * the cleaned text as flat segments: every boundary of every mark (quote
 * per speaker, opinion/claim/hedge sentence, loaded term) splits the text,
 * and each segment gets the classes of the marks covering it - overlapping
 * marks never need nested tags.  Text the pipeline removed (chrome,
 * repeats) is put back where it was, struck out, with the rule that removed
 * it as a tooltip.
 *
 * Terminal: verdict line, signals by effect, quotes by speaker, strongest
 * opinion and claim sentences; ANSI colours only when asked (the CLI asks
 * when stdout is a TTY and --no-color / NO_COLOR are absent).
 */
#include "score/score_sig.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static double round_to(double x, double unit) { return round(x / unit) * unit; }

/* ---- JSON --------------------------------------------------------------------- */

json_t *cred__outlet_json(const cred_outlet *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "key", json_string(o->key));
    json_object_set_new(j, "factuality", json_string(cred_fact_name(o->fact)));
    json_t *ty = json_array();
    for (unsigned b = 0; b < CRED_SRC__COUNT; b++)
        if (o->types & (1u << b))
            json_array_append_new(ty, json_string(cred_src_type_name(1u << b)));
    json_object_set_new(j, "types", ty);
    json_object_set_new(j, "bias", o->bias[0] ? json_string(o->bias) : json_null());
    json_object_set_new(j, "origin", json_string(o->origin));
    return j;
}

json_t *cred__verdict_json(const cred_verdict *v, unsigned flags)
{
    bool brief = flags & CRED_JSON_BRIEF;
    const cred_doc *doc = v->doc;
    json_t *root = json_object();
    json_object_set_new(root, "schema_version", json_integer(2));
    json_object_set_new(root, "score", json_real(round_to(v->score, 0.1)));
    json_object_set_new(root, "band", json_string(v->band));
    json_object_set_new(root, "label", json_string(v->label));
    json_object_set_new(root, "genre", json_string(v->genre));
    json_object_set_new(root, "raw_score", json_real(round_to(v->raw_score, 0.1)));
    json_object_set_new(root, "logit", json_real(round_to(v->logit, 0.001)));
    json_t *un = json_array(), *st = json_array();
    for (size_t i = 0; i < v->n_unrated; i++)
        json_array_append_new(un, json_string(v->unrated[i]));
    for (size_t i = 0; i < v->n_settle; i++)
        json_array_append_new(st, json_string(v->settle[i]));
    json_object_set_new(root, "unrated", un);
    json_object_set_new(root, "settle", st);
    json_object_set_new(root, "rule", v->rule ? json_string(v->rule) : json_null());
    json_object_set_new(root, "conviction",
                        v->conviction ? json_string(v->conviction) : json_null());
    json_object_set_new(root, "english", json_real(round_to(v->english, 0.001)));
    json_object_set_new(root, "outlet", v->outlet ? json_string(v->outlet) : json_null());
    json_object_set_new(root, "source", v->source ? cred__outlet_json(v->source) : json_null());
    json_t *sigs = json_array();
    for (size_t i = 0; i < v->n_signals; i++) {
        const cred_signal *s = &v->signals[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(s->name));
        json_object_set_new(o, "group", json_string(s->group ? s->group : ""));
        json_object_set_new(o, "value", json_real(round_to(s->value, 0.001)));
        json_object_set_new(o, "weight", json_real(round_to(s->weight, 0.001)));
        json_object_set_new(o, "contribution", json_real(round_to(s->contribution, 0.001)));
        json_object_set_new(o, "points", json_real(round_to(s->points, 0.1)));
        json_object_set_new(o, "reason", json_string(s->reason));
        if (brief) {
            json_array_append_new(sigs, o);
            continue;
        }
        json_t *ev = json_array();
        for (size_t k = 0; k < s->n_evidence; k++) {
            const cred_sig_evidence *e = &s->evidence[k];
            json_t *eo = json_object();
            json_object_set_new(eo, "start", json_integer((json_int_t)e->text.start));
            json_object_set_new(eo, "end", json_integer((json_int_t)e->text.end));
            json_object_set_new(eo, "input_start", json_integer((json_int_t)e->input.start));
            json_object_set_new(eo, "input_end", json_integer((json_int_t)e->input.end));
            if (e->removed.p) {
                json_t *r = json_stringn(e->removed.p, e->removed.n);
                json_object_set_new(eo, "removed", r ? r : json_null());
            } else {
                cred_str t = cred_doc_slice(doc, e->text);
                json_object_set_new(eo, "text", json_stringn(t.p, t.n));
            }
            json_array_append_new(ev, eo);
        }
        json_object_set_new(o, "evidence", ev);
        json_array_append_new(sigs, o);
    }
    json_object_set_new(root, "signals", sigs);
    if (v->has_model) {
        json_t *m = json_object();
        json_object_set_new(m, "p_unreliable", json_real(round_to(v->model_unreliable, 0.0001)));
        json_object_set_new(m, "class", json_string(v->model_class ? v->model_class : ""));
        json_object_set_new(root, "model", m);
    } else {
        json_object_set_new(root, "model", json_null());
    }
    if (brief)
        return root;
    json_t *an = NULL;
    if (v->analysis)
        an = cred__analysis_json(doc, v->analysis);
    json_object_set_new(root, "analysis", an ? an : json_null());
    if (!an)
        json_object_set_new(root, "text", json_stringn(doc->text, doc->text_len));
    return root;
}

cred_status cred_verdict_to_json(const cred_verdict *v, int pretty, char **out, cred_error *err)
{
    return cred_verdict_to_json_flags(v, pretty ? CRED_JSON_PRETTY : 0, out, err);
}

cred_status cred_verdict_to_json_flags(const cred_verdict *v, unsigned flags, char **out,
                                       cred_error *err)
{
    bool pretty = flags & CRED_JSON_PRETTY;
    json_t *j = cred__verdict_json(v, flags);
    *out = j ? json_dumps(j, (pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_PRESERVE_ORDER |
                                 JSON_REAL_PRECISION(6))
             : NULL;
    json_decref(j);
    if (!*out)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    return CRED_OK;
}

cred_status cred_outlet_to_json(const cred_outlet *o, int pretty, char **out, cred_error *err)
{
    json_t *j = cred__outlet_json(o);
    *out = j ? json_dumps(j, (pretty ? JSON_INDENT(2) : JSON_COMPACT) | JSON_PRESERVE_ORDER)
             : NULL;
    json_decref(j);
    return *out ? CRED_OK : cred__err(err, CRED_ENOMEM, "out of memory");
}

/* ---- shared helpers ------------------------------------------------------------- */

/* Appends s with whitespace runs made single spaces, cut to `max` bytes at a
 * character boundary ("..." added). */
static void put_snippet(cred__buf *b, cred_str s, size_t max)
{
    /* Removed input (chrome, repeats, control bytes) is raw: control
     * characters and bytes that are not UTF-8 print as U+FFFD, so no ESC
     * sequence from an article reaches a terminal (issue 13: D5). */
    size_t k = 0;
    bool sp = false;
    const unsigned char *u = (const unsigned char *)s.p;
    for (size_t i = 0; i < s.n;) {
        unsigned char c = u[i];
        if (c == '\n' || c == '\t' || c == ' ' || c == '\r') {
            sp = k > 0;
            i++;
            continue;
        }
        if (k >= max) {
            cred__buf_puts(b, "...");
            return;
        }
        if (sp) {
            cred__buf_putc(b, ' ');
            k++;
            sp = false;
        }
        int32_t cp = c;
        size_t len = c < 0x80 ? 1 : cred__utf8_decode(u + i, s.n - i, &cp);
        if (!len || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F)) {
            cred__buf_puts(b, "\xEF\xBF\xBD");
            i += len ? len : 1;
        } else {
            cred__buf_put(b, s.p + i, len);
            i += len;
        }
        k += len ? len : 1;
    }
}

/* Appends s for a terminal: control characters (an ESC from a hostile
 * config, list or page) become U+FFFD (issue 13: D5). */
static void put_term(cred__buf *b, const char *s)
{
    put_snippet(b, (cred_str){s, strlen(s)}, SIZE_MAX);
}

/* ---- terminal ------------------------------------------------------------------- */

#define C(code) (color ? "\033[" code "m" : "")

static const char *band_color(const char *band, bool color)
{
    if (!color)
        return "";
    if (!strcmp(band, "reliable") || !strcmp(band, "generally-reliable"))
        return "\033[1;32m";
    if (!strcmp(band, "mixed"))
        return "\033[1;33m";
    return "\033[1;31m";
}

static void top_sentences(cred__buf *b, const cred_verdict *v, cred_sentence_class cls,
                          const char *title, bool color)
{
    const cred_analysis *a = v->analysis;
    size_t best[3], k = 0;
    for (size_t i = 0; i < a->n_sentences; i++) {
        const cred_sentence_info *si = &a->sentences[i];
        if (si->cls != cls || si->title)
            continue;
        double sc = cls == CRED_SENT_OPINION ? si->opinion_score : si->claim_score;
        size_t pos = k;
        while (pos > 0) {
            const cred_sentence_info *p = &a->sentences[best[pos - 1]];
            double ps = cls == CRED_SENT_OPINION ? p->opinion_score : p->claim_score;
            if (ps >= sc)
                break;
            pos--;
        }
        if (pos >= 3)
            continue;
        size_t upto = k < 3 ? k : 2;
        memmove(best + pos + 1, best + pos, (upto - pos) * sizeof *best);
        best[pos] = i;
        if (k < 3)
            k++;
    }
    if (!k)
        return;
    cred__buf_printf(b, "\n%s%s%s\n", C("1"), title, C("0"));
    for (size_t i = 0; i < k; i++) {
        cred__buf_puts(b, "  - ");
        put_snippet(b, cred_doc_slice(v->doc, a->sentences[best[i]].span), 160);
        cred__buf_putc(b, '\n');
    }
}

static void quotes_by_speaker(cred__buf *b, const cred_verdict *v, bool color)
{
    const cred_analysis *a = v->analysis;
    if (!a->n_quotes)
        return;
    cred__buf_printf(b, "\n%sQuotes by speaker%s\n", C("1"), C("0"));
    for (size_t s = 0; s <= a->n_sources; s++) {
        size_t shown = 0, total = 0;
        for (size_t i = 0; i < a->n_quotes; i++) {
            const cred_quote *q = &a->quotes[i];
            size_t qs = q->source < a->n_sources ? q->source : a->n_sources;
            if (qs == s)
                total++;
        }
        if (!total)
            continue;
        const char *name = s < a->n_sources ? a->sources[s].name : "(no speaker found)";
        bool anon = s < a->n_sources && a->sources[s].anonymous;
        cred__buf_printf(b, "  %s%s%s%s (%zu)\n", C("36"), name, anon ? " [anonymous]" : "",
                         C("0"), total);
        for (size_t i = 0; i < a->n_quotes && shown < 3; i++) {
            const cred_quote *q = &a->quotes[i];
            size_t qs = q->source < a->n_sources ? q->source : a->n_sources;
            if (qs != s)
                continue;
            cred__buf_puts(b, "      ");
            put_snippet(b, cred_doc_slice(v->doc, q->content), 110);
            cred__buf_putc(b, '\n');
            shown++;
        }
    }
}

static bool is_scrape(const cred_signal *s) { return s->group && !strcmp(s->group, "scrape"); }

cred_status cred_verdict_to_text(const cred_verdict *v, int color, char **out, cred_error *err)
{
    cred__buf b = {0};
    cred__buf_printf(&b, "%s%.0f/100  ", band_color(v->band, color), v->score);
    put_term(&b, v->label);
    cred__buf_printf(&b, "%s\n", C("0"));
    if (v->doc->has_title) {
        cred__buf_puts(&b, "headline: ");
        put_snippet(&b, cred_doc_slice(v->doc, v->doc->title), 100);
        cred__buf_putc(&b, '\n');
    }
    cred__buf_puts(&b, "band: ");
    put_term(&b, v->band);
    cred__buf_printf(&b, "   genre: %s\n", v->genre);
    for (size_t i = 0; i < v->n_unrated; i++)
        cred__buf_printf(&b, "not rated: %s\n", v->unrated[i]);
    for (size_t i = 0; i < v->n_settle; i++)
        cred__buf_printf(&b, "to settle it: %s\n", v->settle[i]);
    if (v->rule)
        cred__buf_printf(&b, "rule: %s\n", v->rule);
    if (v->conviction) {
        cred__buf_puts(&b, "strong evidence: ");
        put_term(&b, v->conviction);
        cred__buf_putc(&b, '\n');
    }
    if (v->outlet) {
        if (v->source) {
            cred__buf_printf(&b, "outlet: %s (factuality %s", v->source->key,
                             cred_fact_name(v->source->fact));
            for (unsigned k = 0; k < CRED_SRC__COUNT; k++)
                if (v->source->types & (1u << k))
                    cred__buf_printf(&b, ", %s", cred_src_type_name(1u << k));
            cred__buf_printf(&b, "; %s)\n", v->source->origin);
        } else {
            cred__buf_printf(&b, "outlet: %s (unknown: in no reputation table)\n", v->outlet);
        }
    } else {
        cred__buf_puts(&b, "outlet: not given (use --url)\n");
    }
    if (v->has_model)
        cred__buf_printf(&b, "model: p(unreliable) = %.2f (class %s)\n", v->model_unreliable,
                         v->model_class ? v->model_class : "?");
    /* Two groups, each by effect: what pulls the score down (the reasons
     * for a low verdict, which a reader checks first) and what holds it up. */
    /* The copy's own faults (group "scrape": chrome, repeats, encoding)
     * come last, in their own section: they describe the copy, not the
     * journalism. */
    bool lowered = false;
    for (size_t i = 0; i < v->n_signals; i++)
        lowered = lowered || (v->signals[i].points < -0.05 && !is_scrape(&v->signals[i]));
    for (int grp = 0; grp < 4; grp++) {
        static const char *const head[4] = {"Lowering the score", "Raising the score",
                                            "Noted (no effect)",
                                            "About the copy, not the journalism"};
        bool any = false;
        for (size_t i = 0; i < v->n_signals; i++) {
            const cred_signal *s = &v->signals[i];
            int g = is_scrape(s) ? 3 : s->points < -0.05 ? 0 : s->points > 0.05 ? 1 : 2;
            if (g != grp)
                continue;
            if (!any)
                cred__buf_printf(&b, "\n%s%s%s%s\n", C("1"), head[grp], C("0"),
                                 grp == 0 || (grp == 1 && !lowered)
                                     ? " (points: how far each moves the score)"
                                     : "");
            any = true;
            const char *col = (grp == 0 || (grp == 3 && s->points < -0.05)) ? C("31")
                              : (grp == 1 || (grp == 3 && s->points > 0.05)) ? C("32")
                                                                             : "";
            cred__buf_printf(&b, "  %s%+6.1f%s  %-24s ", col, s->points, C("0"), s->name);
            put_term(&b, s->reason);
            cred__buf_putc(&b, '\n');
            if (s->n_evidence) {
                const cred_sig_evidence *e = &s->evidence[0];
                cred_str t = e->removed.p ? e->removed : cred_doc_slice(v->doc, e->text);
                cred__buf_printf(&b, "          %s%s", C("2"),
                                 e->removed.p ? "removed: " : "e.g. ");
                put_snippet(&b, t, 90);
                cred__buf_printf(&b, "%s\n", C("0"));
            }
        }
    }
    if (!v->n_signals)
        cred__buf_puts(&b, "\nSignals: none fired\n");
    if (v->analysis) {
        quotes_by_speaker(&b, v, color);
        top_sentences(&b, v, CRED_SENT_OPINION, "Strongest opinion sentences", color);
        top_sentences(&b, v, CRED_SENT_CLAIM, "Strongest claims (check these)", color);
    }
    *out = cred__buf_take(&b, NULL);
    if (!*out)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    return CRED_OK;
}

/* ---- HTML ----------------------------------------------------------------------- */

/* HTML-escapes p[0..n).  Besides the five markup characters, bytes that are
 * not valid UTF-8 (removed input of a Windows-1252 page) and control
 * characters other than newline and tab (removed NULs, ESC from a hostile
 * page or config) become U+FFFD: article text never reaches the page raw
 * (issue 13: D13, D20, the fuzz_score findings). */
static void esc(cred__buf *b, const char *p, size_t n)
{
    const unsigned char *u = (const unsigned char *)p;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && u[j] >= 0x20 && u[j] < 0x7F && p[j] != '&' && p[j] != '<' &&
               p[j] != '>' && p[j] != '"' && p[j] != '\'')
            j++;
        cred__buf_put(b, p + i, j - i);
        if (j >= n)
            break;
        switch (p[j]) {
        case '&': cred__buf_puts(b, "&amp;"); i = j + 1; continue;
        case '<': cred__buf_puts(b, "&lt;"); i = j + 1; continue;
        case '>': cred__buf_puts(b, "&gt;"); i = j + 1; continue;
        case '"': cred__buf_puts(b, "&quot;"); i = j + 1; continue;
        case '\'': cred__buf_puts(b, "&#39;"); i = j + 1; continue;
        case '\n': case '\t': cred__buf_putc(b, p[j]); i = j + 1; continue;
        default: break;
        }
        int32_t cp;
        size_t k = cred__utf8_decode(u + j, n - j, &cp);
        if (!k || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
            cred__buf_puts(b, "\xEF\xBF\xBD"); /* U+FFFD */
        else
            cred__buf_put(b, p + j, k);
        i = j + (k ? k : 1);
    }
}
static void escs(cred__buf *b, const char *s) { esc(b, s, strlen(s)); }

typedef struct mark {
    size_t start, end;
    const char *cls; /* static */
    int speaker;     /* -1 or palette index */
} mark;
typedef CRED__VEC(mark) markvec;

static const char *const palette[8] = {"#fde68a", "#bfdbfe", "#bbf7d0", "#fbcfe8",
                                       "#ddd6fe", "#fed7aa", "#a5f3fc", "#e5e7eb"};

static void collect_marks(const cred_verdict *v, markvec *mv, bool *oom)
{
    const cred_analysis *a = v->analysis;
    if (!a)
        return;
    for (size_t i = 0; i < a->n_sentences; i++) {
        const char *c = NULL;
        switch (a->sentences[i].cls) {
        case CRED_SENT_OPINION: c = "s-opinion"; break;
        case CRED_SENT_CLAIM: c = "s-claim"; break;
        case CRED_SENT_HEDGE: c = "s-hedge"; break;
        default: break;
        }
        if (c && !CRED__VEC_PUSH(*mv, ((mark){a->sentences[i].span.start,
                                              a->sentences[i].span.end, c, -1})))
            *oom = true;
    }
    for (size_t i = 0; i < a->n_quotes; i++) {
        const cred_quote *q = &a->quotes[i];
        int sp = q->source < a->n_sources ? (int)(q->source % 8) : -1;
        if (!CRED__VEC_PUSH(*mv, ((mark){q->content.start, q->content.end,
                                         sp >= 0 ? "quote" : "quote q-none", sp})))
            *oom = true;
    }
    for (size_t i = 0; i < a->n_terms; i++)
        if (a->terms[i].kind && !strcmp(a->terms[i].kind, "loaded") &&
            !CRED__VEC_PUSH(*mv, ((mark){a->terms[i].span.start, a->terms[i].span.end,
                                         "loaded", -1})))
            *oom = true;
}

static int size_cmp(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void removed_html(cred__buf *b, const cred_edit *e, bool block)
{
    bool chrome = e->kind == CRED_EDIT_CHROME;
    cred__buf_printf(b, "%s<del class=\"%s\" title=\"", block ? "<div class=\"removed\">" : "",
                     chrome ? "chrome" : "repeat");
    cred__buf_puts(b, chrome ? "page chrome removed: " : "repeated text removed: ");
    escs(b, e->rule ? e->rule : "");
    cred__buf_puts(b, "\">");
    esc(b, e->original.p, e->original.n);
    cred__buf_puts(b, "</del>");
    if (block)
        cred__buf_printf(b, "<span class=\"why\">%s</span></div>\n",
                         chrome ? "scraped page chrome" : "repeated text");
}

static bool shown_edit(const cred_edit *e)
{
    return e->kind == CRED_EDIT_CHROME || e->kind == CRED_EDIT_REPEAT;
}

/* One paragraph (or the title) [s, e) with its inline marks and removals. */
static void render_block(cred__buf *b, const cred_verdict *v, const markvec *mv, size_t s,
                         size_t e, size_t *next_edit, bool *oom)
{
    const cred_doc *doc = v->doc;
    CRED__VEC(size_t) cuts = {0};
    bool ok = CRED__VEC_PUSH(cuts, s) && CRED__VEC_PUSH(cuts, e);
    for (size_t i = 0; i < mv->n && ok; i++) {
        if (mv->v[i].end <= s || mv->v[i].start >= e)
            continue;
        if (mv->v[i].start > s)
            ok = CRED__VEC_PUSH(cuts, mv->v[i].start);
        if (ok && mv->v[i].end < e)
            ok = CRED__VEC_PUSH(cuts, mv->v[i].end);
    }
    for (size_t k = *next_edit; k < doc->n_edits && ok; k++)
        if (doc->edits[k].offset > s && doc->edits[k].offset < e)
            ok = CRED__VEC_PUSH(cuts, doc->edits[k].offset);
    if (!ok) {
        *oom = true;
        free(cuts.v);
        return;
    }
    qsort(cuts.v, cuts.n, sizeof *cuts.v, size_cmp);
    for (size_t c = 0; c + 1 < cuts.n; c++) {
        size_t a0 = cuts.v[c], a1 = cuts.v[c + 1];
        /* inline removals at a0 */
        while (*next_edit < doc->n_edits && doc->edits[*next_edit].offset <= a0) {
            const cred_edit *ed = &doc->edits[(*next_edit)++];
            if (shown_edit(ed) && ed->offset > s)
                removed_html(b, ed, false);
        }
        if (a1 <= a0)
            continue;
        char cls[160] = "";
        size_t cl = 0;
        int speaker = -1;
        for (size_t i = 0; i < mv->n; i++) {
            const mark *m = &mv->v[i];
            if (m->start <= a0 && m->end >= a1 && cl + strlen(m->cls) + 2 < sizeof cls) {
                cl += (size_t)snprintf(cls + cl, sizeof cls - cl, "%s%s", cl ? " " : "", m->cls);
                if (m->speaker >= 0)
                    speaker = m->speaker;
            }
        }
        if (speaker >= 0 && cl + 4 < sizeof cls)
            cl += (size_t)snprintf(cls + cl, sizeof cls - cl, " q%d", speaker);
        if (cl)
            cred__buf_printf(b, "<span class=\"%s\">", cls);
        esc(b, doc->text + a0, a1 - a0);
        if (cl)
            cred__buf_puts(b, "</span>");
    }
    free(cuts.v);
}

static const char css[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.55 Georgia,'DejaVu Serif',serif;color:#1f2328;background:#f6f5f1}"
    "header.verdict{display:flex;gap:24px;align-items:center;padding:20px 32px;color:#fff}"
    ".band-reliable{background:#166534}.band-generally-reliable{background:#3f7d3a}"
    ".band-mixed{background:#a16207}.band-unreliable{background:#b45309}"
    ".band-very-unreliable{background:#991b1b}.band-unrated{background:#4b5563}"
    ".rule{font-size:.9em;margin:.2em 0}"
    ".score{font:700 52px/1 'DejaVu Sans',Arial,sans-serif;min-width:96px;text-align:center;"
    "border:3px solid rgba(255,255,255,.7);border-radius:12px;padding:10px}"
    ".score small{display:block;font-size:13px;font-weight:400}"
    "header h1{margin:0;font:700 26px/1.2 'DejaVu Sans',Arial,sans-serif}"
    "header p{margin:4px 0 0;opacity:.9;font-family:'DejaVu Sans',Arial,sans-serif;font-size:14px}"
    "main{display:grid;grid-template-columns:minmax(0,1.5fr) minmax(0,1fr);gap:28px;padding:28px 32px}"
    "article{background:#fff;padding:24px 32px;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08)}"
    "article h2{font:700 24px/1.3 'DejaVu Sans',Arial,sans-serif;margin:0 0 16px}"
    "aside{font-family:'DejaVu Sans',Arial,sans-serif;font-size:13.5px}"
    "aside section{background:#fff;border-radius:10px;padding:16px 18px;margin-bottom:18px;"
    "box-shadow:0 1px 3px rgba(0,0,0,.08)}"
    "aside h3{margin:0 0 10px;font-size:15px}"
    "table{border-collapse:collapse;width:100%}"
    "td,th{text-align:left;vertical-align:top;padding:6px 4px;border-bottom:1px solid #eee}"
    "td.pts{font-weight:700;text-align:right;white-space:nowrap}"
    ".neg{color:#b91c1c}.pos{color:#15803d}.zero{color:#6b7280}"
    "td.name{font-family:'DejaVu Sans Mono',monospace;font-size:12px}"
    ".quote{border-radius:3px;padding:1px 0}"
    ".q0{background:#fde68a}.q1{background:#bfdbfe}.q2{background:#bbf7d0}.q3{background:#fbcfe8}"
    ".q4{background:#ddd6fe}.q5{background:#fed7aa}.q6{background:#a5f3fc}.q7{background:#e5e7eb}"
    ".q-none{background:#f3f4f6;outline:1px dashed #9ca3af}"
    ".s-opinion{box-shadow:inset 0 -2px 0 #f97316}"
    ".s-claim{box-shadow:inset 0 -2px 0 #2563eb}"
    ".s-hedge{box-shadow:inset 0 -2px 0 #a855f7}"
    ".loaded{text-decoration:underline wavy #dc2626;text-underline-offset:3px}"
    "del{color:#9ca3af;text-decoration:line-through}"
    ".removed{margin:8px 0;padding:6px 10px;border-left:3px solid #d1d5db;background:#fafafa;"
    "font-size:14px}"
    ".removed .why{display:block;font:11px 'DejaVu Sans',Arial,sans-serif;color:#6b7280}"
    ".key span{display:inline-block;margin:2px 8px 2px 0;padding:0 4px}"
    ".sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;"
    "vertical-align:-1px}"
    "footer{padding:0 32px 24px;color:#6b7280;font:12px 'DejaVu Sans',Arial,sans-serif}";

cred_status cred_verdict_to_html(const cred_verdict *v, char **out, size_t *n, cred_error *err)
{
    const cred_doc *doc = v->doc;
    cred__buf b = {0};
    markvec mv = {0};
    bool oom = false;
    collect_marks(v, &mv, &oom);

    cred__buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                       "<title>credence: ");
    if (doc->has_title)
        esc(&b, doc->text + doc->title.start, doc->title.end - doc->title.start);
    else
        cred__buf_puts(&b, "article");
    cred__buf_printf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n", css);
    /* the band name comes from the config (`band NAME ...` lines): only
     * [a-z0-9-] go into the class name, and it is escaped as text below
     * (issue 13: D20) */
    char bcls[48];
    size_t bk = 0;
    for (const char *q = v->band; *q && bk + 1 < sizeof bcls; q++)
        if ((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-')
            bcls[bk++] = *q;
    bcls[bk] = 0;
    cred__buf_printf(&b, "<header class=\"verdict band-%s\"><div class=\"score\">%.0f<small>of "
                         "100</small></div><div><h1>",
                     bcls, v->score);
    escs(&b, v->label);
    cred__buf_puts(&b, "</h1><p>band: ");
    escs(&b, v->band);
    cred__buf_puts(&b, " &middot; genre: ");
    escs(&b, v->genre);
    cred__buf_puts(&b, " &middot; outlet: ");
    if (v->outlet) {
        escs(&b, v->outlet);
        cred__buf_puts(&b, v->source ? "" : " (unknown)");
    } else {
        cred__buf_puts(&b, "not given");
    }
    if (v->has_model)
        cred__buf_printf(&b, " &middot; model p(unreliable) %.2f", v->model_unreliable);
    cred__buf_puts(&b, "</p>");
    /* the rating rules: why it is not rated, what moved the score, what
     * convicts it (docs/score.md, "Rating rules") */
    for (size_t i = 0; i < v->n_unrated; i++) {
        cred__buf_puts(&b, "<p class=\"rule\">not rated: ");
        escs(&b, v->unrated[i]);
        cred__buf_puts(&b, "</p>");
    }
    for (size_t i = 0; i < v->n_settle; i++) {
        cred__buf_puts(&b, "<p class=\"rule\">to settle it: ");
        escs(&b, v->settle[i]);
        cred__buf_puts(&b, "</p>");
    }
    if (v->rule) {
        cred__buf_puts(&b, "<p class=\"rule\">rule: ");
        escs(&b, v->rule);
        cred__buf_puts(&b, "</p>");
    }
    if (v->conviction) {
        cred__buf_puts(&b, "<p class=\"rule\">strong evidence: ");
        escs(&b, v->conviction);
        cred__buf_puts(&b, "</p>");
    }
    cred__buf_puts(&b, "</div></header>\n<main>\n<article>\n");

    size_t next_edit = 0;
    /* title */
    if (doc->has_title) {
        cred__buf_puts(&b, "<h2>");
        render_block(&b, v, &mv, doc->title.start, doc->title.end, &next_edit, &oom);
        cred__buf_puts(&b, "</h2>\n");
    }
    for (size_t p = 0; p < doc->n_paragraphs; p++) {
        size_t s = doc->paragraphs[p].span.start, e = doc->paragraphs[p].span.end;
        while (next_edit < doc->n_edits && doc->edits[next_edit].offset <= s) {
            const cred_edit *ed = &doc->edits[next_edit++];
            if (shown_edit(ed))
                removed_html(&b, ed, true);
        }
        cred__buf_puts(&b, "<p>");
        render_block(&b, v, &mv, s, e, &next_edit, &oom);
        cred__buf_puts(&b, "</p>\n");
    }
    while (next_edit < doc->n_edits) {
        const cred_edit *ed = &doc->edits[next_edit++];
        if (shown_edit(ed))
            removed_html(&b, ed, true);
    }
    cred__buf_puts(&b, "</article>\n<aside>\n<section><h3>Signals</h3><table>\n"
                       "<tr><th>points</th><th>signal</th><th>why</th></tr>\n");
    for (size_t i = 0; i < v->n_signals; i++) {
        const cred_signal *s = &v->signals[i];
        cred__buf_printf(&b, "<tr><td class=\"pts %s\">%+.1f</td><td class=\"name\">%s</td><td>",
                         s->points < -0.05 ? "neg" : s->points > 0.05 ? "pos" : "zero",
                         s->points, s->name);
        escs(&b, s->reason);
        cred__buf_puts(&b, "</td></tr>\n");
    }
    if (!v->n_signals)
        cred__buf_puts(&b, "<tr><td colspan=\"3\">no signal fired</td></tr>\n");
    cred__buf_puts(&b, "</table></section>\n");
    const cred_analysis *a = v->analysis;
    if (a && a->n_sources) {
        cred__buf_puts(&b, "<section><h3>Speakers</h3><table>\n");
        for (size_t i = 0; i < a->n_sources; i++) {
            cred__buf_printf(&b, "<tr><td><span class=\"sw\" style=\"background:%s\"></span>",
                             palette[i % 8]);
            escs(&b, a->sources[i].name);
            cred__buf_printf(&b, "%s</td><td>%zu quote%s</td></tr>\n",
                             a->sources[i].anonymous ? " <em>(anonymous)</em>" : "",
                             a->sources[i].n_quotes, a->sources[i].n_quotes == 1 ? "" : "s");
        }
        cred__buf_puts(&b, "</table></section>\n");
    }
    cred__buf_puts(&b, "<section class=\"key\"><h3>Key</h3>"
                       "<span class=\"quote q0\">quote (colour per speaker)</span>"
                       "<span class=\"s-opinion\">opinion sentence</span>"
                       "<span class=\"s-claim\">check-worthy claim</span>"
                       "<span class=\"s-hedge\">hedged sentence</span>"
                       "<span class=\"loaded\">loaded word</span>"
                       "<del>removed page chrome / repeat</del></section>\n");
    cred__buf_printf(&b, "</aside>\n</main>\n<footer>credence %s &middot; score = 100 &times; "
                         "sigmoid(%.3f) &middot; signals and weights: docs/score.md</footer>\n"
                         "</body>\n</html>\n",
                     CRED_VERSION, v->logit);
    free(mv.v);
    if (oom || b.oom) {
        cred__buf_free(&b);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    *out = cred__buf_take(&b, n);
    if (!*out)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    return CRED_OK;
}
