/*
 * json.c - the analysis as JSON (schema: docs/analysis.md, version 1).
 *
 * Key order is insertion order (jansson keeps it), so golden files diff
 * cleanly.  Every span is {"start", "end", "text", "input_start",
 * "input_end"}: byte offsets into "text" (the cleaned text) and into the
 * original input.  Numbers that are shares or scores are rounded to 4
 * decimals so the output does not change with the last bit of a double.
 */
#include "an.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>

static json_t *span(const cred_doc *doc, cred_span s) { return cred__json_span(doc, s, true); }

static json_t *num(double x) { return json_real(round(x * 10000.0) / 10000.0); }

static json_t *evidence_json(const cred_doc *doc, const cred_evidence *e)
{
    json_t *o = span(doc, e->span);
    json_object_set_new(o, "kind", json_string(e->kind));
    return o;
}

json_t *cred__analysis_json(const cred_doc *doc, const cred_analysis *a)
{
    json_t *root = json_object();
    json_object_set_new(root, "schema_version", json_integer(1));
    json_object_set_new(root, "text", json_stringn(doc->text, doc->text_len));

    const cred_headline *H = &a->headline;
    if (H->present) {
        json_t *h = span(doc, H->span);
        json_object_set_new(h, "clickbait", num(H->clickbait));
        json_object_set_new(h, "is_clickbait", json_boolean(H->is_clickbait));
        json_t *sigs = json_array();
        for (size_t i = 0; i < H->n_signals; i++) {
            json_t *s = span(doc, H->signals[i].span);
            json_object_set_new(s, "name", json_string(H->signals[i].name));
            json_object_set_new(s, "weight", num(H->signals[i].weight));
            json_array_append_new(sigs, s);
        }
        json_object_set_new(h, "signals", sigs);
        json_object_set_new(root, "headline", h);
    } else {
        json_object_set_new(root, "headline", json_null());
    }

    json_t *qs = json_array();
    for (size_t i = 0; i < a->n_quotes; i++) {
        const cred_quote *q = &a->quotes[i];
        json_t *o = json_object();
        json_object_set_new(o, "kind", json_string(cred_quote_kind_name(q->kind)));
        json_object_set_new(o, "content", span(doc, q->content));
        json_object_set_new(o, "speaker", q->has_speaker ? span(doc, q->speaker) : json_null());
        json_object_set_new(o, "cue", q->has_cue ? span(doc, q->cue) : json_null());
        json_object_set_new(o, "source", q->source != CRED_NO_SOURCE
                                             ? json_string(a->sources[q->source].name)
                                             : json_null());
        json_object_set_new(o, "pronoun", json_boolean(q->pronoun));
        json_object_set_new(o, "unresolved", json_boolean(q->unresolved));
        json_object_set_new(o, "pattern", json_string(q->pattern));
        json_array_append_new(qs, o);
    }
    json_object_set_new(root, "quotes", qs);

    json_t *ss = json_array();
    for (size_t i = 0; i < a->n_sources; i++) {
        const cred_source *s = &a->sources[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(s->name));
        json_object_set_new(o, "type", json_string(cred_entity_type_name(s->type)));
        json_object_set_new(o, "named", json_boolean(s->named));
        json_object_set_new(o, "anonymous", json_boolean(s->anonymous));
        json_object_set_new(o, "quotes", json_integer((json_int_t)s->n_quotes));
        json_object_set_new(o, "first", span(doc, s->first));
        json_array_append_new(ss, o);
    }
    json_object_set_new(root, "sources", ss);

    json_t *an = json_array();
    for (size_t i = 0; i < a->n_anonymous; i++) {
        json_t *o = span(doc, a->anonymous[i].span);
        json_object_set_new(o, "pattern", json_string(a->anonymous[i].pattern));
        json_array_append_new(an, o);
    }
    json_object_set_new(root, "anonymous", an);

    json_t *es = json_array();
    for (size_t i = 0; i < a->n_entities; i++) {
        const cred_entity *e = &a->entities[i];
        json_t *o = json_object();
        json_object_set_new(o, "name", json_string(e->name));
        json_object_set_new(o, "type", json_string(cred_entity_type_name(e->type)));
        if (e->outlet)
            json_object_set_new(o, "outlet", json_true());
        if (e->agency)
            json_object_set_new(o, "agency", json_true());
        json_object_set_new(o, "count", json_integer((json_int_t)e->count));
        json_t *ms = json_array();
        for (size_t m = 0; m < e->count; m++)
            json_array_append_new(ms, span(doc, e->mentions[m]));
        json_object_set_new(o, "mentions", ms);
        json_array_append_new(es, o);
    }
    json_object_set_new(root, "entities", es);

    json_t *sn = json_array();
    for (size_t i = 0; i < a->n_sentences; i++) {
        const cred_sentence_info *s = &a->sentences[i];
        json_t *o = cred__json_span(doc, s->span, false);
        json_object_set_new(o, "class", json_string(cred_sentence_class_name(s->cls)));
        if (s->title)
            json_object_set_new(o, "title", json_true());
        json_t *ev = json_array();
        for (size_t e = 0; e < s->n_evidence; e++)
            json_array_append_new(ev, evidence_json(doc, &s->evidence[e]));
        json_object_set_new(o, "evidence", ev);
        json_array_append_new(sn, o);
    }
    json_object_set_new(root, "sentences", sn);

    const cred_measures *M = &a->measures;
    json_t *m = json_object();
    json_object_set_new(m, "sentences", json_integer((json_int_t)M->n_sentences));
    json_t *share = json_object();
    for (int c = 0; c < CRED_SENT__COUNT; c++)
        json_object_set_new(share, cred_sentence_class_name((cred_sentence_class)c),
                            num(M->class_share[c]));
    json_object_set_new(m, "class_share", share);
    json_object_set_new(m, "quoted_share", num(M->quoted_share));
    json_object_set_new(m, "attributed_share", num(M->attributed_share));
    json_object_set_new(m, "named_sources", json_integer((json_int_t)M->named_sources));
    json_object_set_new(m, "anonymous_sources", json_integer((json_int_t)M->anonymous_sources));
    json_object_set_new(m, "words", json_integer((json_int_t)M->n_words));
    json_object_set_new(m, "flesch", num(M->flesch));
    json_object_set_new(m, "exclamation_rate", num(M->exclamation_rate));
    json_object_set_new(m, "caps_rate", num(M->caps_rate));
    json_object_set_new(m, "loaded_rate", num(M->loaded_rate));
    json_object_set_new(root, "measures", m);
    return root;
}

cred_status cred_analysis_to_json(const cred_doc *doc, const cred_analysis *a, int pretty,
                                  char **out, cred_error *err)
{
    *out = NULL;
    json_t *root = cred__analysis_json(doc, a);
    char *s = root ? json_dumps(root, (pretty ? JSON_INDENT(2) : JSON_COMPACT) |
                                          JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10))
                   : NULL;
    json_decref(root);
    if (!s)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    *out = s;
    return CRED_OK;
}
