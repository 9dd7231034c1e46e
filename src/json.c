/*
 * json.c - the document as JSON (schema: docs/clean-json.md), built with
 * jansson.  Key order is insertion order (jansson keeps it), so the output is
 * stable and diffable in golden tests.
 */
#include "internal.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

static bool valid_utf8(const char *p, size_t n)
{
    size_t i = 0;
    int32_t cp;
    while (i < n) {
        size_t l = cred__utf8_decode((const unsigned char *)p + i, n - i, &cp);
        if (!l)
            return false;
        i += l;
    }
    return true;
}

static json_t *str_n(const char *p, size_t n) { return json_stringn(p ? p : "", n); }

/* {"start", "end", "input_start", "input_end"} plus "text" when with_text. */
json_t *cred__json_span(const cred_doc *doc, cred_span s, bool with_text)
{
    cred_span in = cred_doc_input_span(doc, s);
    json_t *o = json_object();
    json_object_set_new(o, "start", json_integer((json_int_t)s.start));
    json_object_set_new(o, "end", json_integer((json_int_t)s.end));
    if (with_text)
        json_object_set_new(o, "text", str_n(doc->text + s.start, s.end - s.start));
    json_object_set_new(o, "input_start", json_integer((json_int_t)in.start));
    json_object_set_new(o, "input_end", json_integer((json_int_t)in.end));
    return o;
}

static json_t *edit_json(const cred_edit *e)
{
    json_t *o = json_object();
    json_object_set_new(o, "kind", json_string(cred_edit_kind_name(e->kind)));
    json_object_set_new(o, "rule", json_string(e->rule ? e->rule : ""));
    json_object_set_new(o, "detail", json_string(e->detail ? e->detail : ""));
    json_object_set_new(o, "offset", json_integer((json_int_t)e->offset));
    json_object_set_new(o, "input_start", json_integer((json_int_t)e->input.start));
    json_object_set_new(o, "input_end", json_integer((json_int_t)e->input.end));
    if (valid_utf8(e->original.p, e->original.n)) {
        json_object_set_new(o, "original", str_n(e->original.p, e->original.n));
    } else {
        cred__buf hex = {0};
        for (size_t i = 0; i < e->original.n; i++)
            cred__buf_printf(&hex, "%02x", (unsigned char)e->original.p[i]);
        json_object_set_new(o, "original", json_null());
        json_object_set_new(o, "original_hex", str_n(hex.p, hex.n));
        cred__buf_free(&hex);
    }
    json_object_set_new(o, "replacement", str_n(e->replacement.p, e->replacement.n));
    return o;
}

static json_t *para_json(const cred_doc *doc, size_t i)
{
    const cred_paragraph *p = &doc->paragraphs[i];
    json_t *o = cred__json_span(doc, p->span, false);
    json_object_set_new(o, "first_sentence", json_integer((json_int_t)p->first_sentence));
    json_object_set_new(o, "n_sentences", json_integer((json_int_t)p->n_sentences));
    return o;
}

static json_t *sent_json(const cred_doc *doc, size_t i)
{
    const cred_sentence *s = &doc->sentences[i];
    json_t *o = cred__json_span(doc, s->span, true);
    json_object_set_new(o, "paragraph", s->paragraph == SIZE_MAX
                                            ? json_null()
                                            : json_integer((json_int_t)s->paragraph));
    return o;
}

static json_t *tok_json(const cred_doc *doc, size_t i)
{
    json_t *t = json_array();
    json_array_append_new(t, json_integer((json_int_t)doc->tokens[i].span.start));
    json_array_append_new(t, json_integer((json_int_t)doc->tokens[i].span.end));
    json_array_append_new(t, json_integer((json_int_t)doc->tokens[i].flags));
    return t;
}

static bool is_removal(const cred_edit *e)
{
    return e->kind == CRED_EDIT_CHROME || e->kind == CRED_EDIT_REPEAT;
}

static json_t *stats_json(const cred_doc *doc)
{
    size_t rem = 0;
    for (size_t i = 0; i < doc->n_edits; i++)
        rem += is_removal(&doc->edits[i]);
    json_t *stats = json_object();
    json_object_set_new(stats, "input_bytes", json_integer((json_int_t)doc->input_len));
    json_object_set_new(stats, "text_bytes", json_integer((json_int_t)doc->text_len));
    json_object_set_new(stats, "paragraphs", json_integer((json_int_t)doc->n_paragraphs));
    json_object_set_new(stats, "sentences", json_integer((json_int_t)doc->n_sentences));
    json_object_set_new(stats, "tokens", json_integer((json_int_t)doc->n_tokens));
    json_object_set_new(stats, "repairs", json_integer((json_int_t)(doc->n_edits - rem)));
    json_object_set_new(stats, "removals", json_integer((json_int_t)rem));
    return stats;
}

json_t *cred__doc_json(const cred_doc *doc, bool tokens)
{
    json_t *root = json_object();
    json_object_set_new(root, "schema_version", json_integer(1));
    json_object_set_new(root, "text", str_n(doc->text, doc->text_len));
    json_object_set_new(root, "title",
                        doc->has_title ? cred__json_span(doc, doc->title, true) : json_null());
    json_t *paras = json_array();
    for (size_t i = 0; i < doc->n_paragraphs; i++)
        json_array_append_new(paras, para_json(doc, i));
    json_object_set_new(root, "paragraphs", paras);
    json_t *sents = json_array();
    for (size_t i = 0; i < doc->n_sentences; i++)
        json_array_append_new(sents, sent_json(doc, i));
    json_object_set_new(root, "sentences", sents);
    if (tokens) {
        json_t *toks = json_array();
        for (size_t i = 0; i < doc->n_tokens; i++)
            json_array_append_new(toks, tok_json(doc, i));
        json_object_set_new(root, "tokens", toks);
    }
    json_t *rep = json_array(), *rem = json_array();
    for (size_t i = 0; i < doc->n_edits; i++)
        json_array_append_new(is_removal(&doc->edits[i]) ? rem : rep, edit_json(&doc->edits[i]));
    json_object_set_new(root, "repairs", rep);
    json_object_set_new(root, "removals", rem);
    json_object_set_new(root, "stats", stats_json(doc));
    return root;
}

/* Writes v compactly and releases it; false on a write error. */
static bool put(FILE *f, json_t *v)
{
    bool ok = v && json_dumpf(v, f, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER) == 0;
    json_decref(v);
    return ok;
}

typedef json_t *(*elem_fn)(const cred_doc *doc, size_t i);

static bool put_array(FILE *f, const cred_doc *doc, size_t n, elem_fn fn)
{
    bool ok = fputc('[', f) != EOF;
    for (size_t i = 0; i < n && ok; i++)
        ok = (i == 0 || fputc(',', f) != EOF) && put(f, fn(doc, i));
    return ok && fputc(']', f) != EOF;
}

static bool put_edits(FILE *f, const cred_doc *doc, bool removals)
{
    bool ok = fputc('[', f) != EOF, first = true;
    for (size_t i = 0; i < doc->n_edits && ok; i++) {
        if (is_removal(&doc->edits[i]) != removals)
            continue;
        ok = (first || fputc(',', f) != EOF) && put(f, edit_json(&doc->edits[i]));
        first = false;
    }
    return ok && fputc(']', f) != EOF;
}

/*
 * The same bytes as json_dumps(cred__doc_json(doc), JSON_COMPACT), written
 * element by element: memory stays flat however many sentences and edits
 * there are (a tree of the 2 million edits of 10 MB of random bytes took
 * 8 GB).  tests/unit/test_clean.c checks the two agree.
 */
bool cred__doc_json_stream(const cred_doc *doc, bool tokens, FILE *f)
{
    bool ok = fputs("{\"schema_version\":1,\"text\":", f) != EOF &&
              put(f, str_n(doc->text, doc->text_len)) && fputs(",\"title\":", f) != EOF &&
              put(f, doc->has_title ? cred__json_span(doc, doc->title, true) : json_null()) &&
              fputs(",\"paragraphs\":", f) != EOF &&
              put_array(f, doc, doc->n_paragraphs, para_json) &&
              fputs(",\"sentences\":", f) != EOF && put_array(f, doc, doc->n_sentences, sent_json);
    if (ok && tokens)
        ok = fputs(",\"tokens\":", f) != EOF && put_array(f, doc, doc->n_tokens, tok_json);
    ok = ok && fputs(",\"repairs\":", f) != EOF && put_edits(f, doc, false) &&
         fputs(",\"removals\":", f) != EOF && put_edits(f, doc, true) &&
         fputs(",\"stats\":", f) != EOF && put(f, stats_json(doc)) && fputc('}', f) != EOF;
    return ok;
}

cred_status cred_doc_to_json(const cred_doc *doc, int pretty, char **out, cred_error *err)
{
    return cred_doc_to_json_flags(doc, pretty ? CRED_JSON_PRETTY : 0, out, err);
}

cred_status cred_doc_to_json_flags(const cred_doc *doc, unsigned flags, char **out,
                                   cred_error *err)
{
    json_t *root = cred__doc_json(doc, flags & CRED_JSON_TOKENS);
    if (!root)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    *out = json_dumps(root, (flags & CRED_JSON_PRETTY ? JSON_INDENT(2) : JSON_COMPACT) |
                                JSON_PRESERVE_ORDER);
    json_decref(root);
    return *out ? CRED_OK : cred__err(err, CRED_ENOMEM, "out of memory");
}

cred_status cred_doc_write_json(const cred_doc *doc, unsigned flags, FILE *f, cred_error *err)
{
    if (!(flags & CRED_JSON_PRETTY)) {
        if (!cred__doc_json_stream(doc, flags & CRED_JSON_TOKENS, f))
            return cred__err(err, ferror(f) ? CRED_EIO : CRED_ENOMEM, "write error");
        return CRED_OK;
    }
    char *s;
    cred_status st = cred_doc_to_json_flags(doc, flags, &s, err);
    if (st)
        return st;
    size_t n = strlen(s);
    bool ok = fwrite(s, 1, n, f) == n;
    free(s);
    return ok ? CRED_OK : cred__err(err, CRED_EIO, "write error");
}
