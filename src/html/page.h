/*
 * page.h - internals shared by the HTML modules (the .c files beside it).
 *
 *   parse.c    bytes -> charset -> UTF-8 with origins -> gumbo tree; maps a
 *              text node's characters back to page offsets
 *   extract.c  main-content detection -> article text (a cred__tbuf)
 *   meta.c     metadata, the "is this an article?" score, the ingest
 *              (cred__html_decode); cred_extract is in src/article.c
 */
#ifndef CREDENCE_HTML_PAGE_H
#define CREDENCE_HTML_PAGE_H

#include "internal.h"

#include <gumbo.h>

/* A parsed page. */
typedef struct cred__page {
    cred__tbuf src;             /* the UTF-8 text gumbo parsed; origins in the input */
    GumboOutput *g;
    char charset[48];           /* charset used ("utf-8", "windows-1251") */
    const char *charset_source; /* "bom", "meta", "http-equiv", "default", "override" */
    cred__edits ed;             /* decoding edits over the whole page */
} cred__page;

/* Decodes and parses.  Fails with CRED_EFORMAT on binary data, CRED_ENOMEM. */
cred_status cred__page_parse(const char *in, size_t n, cred__page *pg, cred_error *err);
void cred__page_free(cred__page *pg);

/* Input offset of byte `off` of the parsed text (clamped). */
uint32_t cred__page_origin(const cred__page *pg, size_t off);

/*
 * Appends `dec` (gumbo's decoded text of a node or attribute value) to `out`,
 * each character with the input range it came from: `raw` is the node's
 * source slice (a pointer into pg->src).  Characters that came from a
 * character reference map to the whole reference, and one CRED_EDIT_ENTITY
 * edit is recorded for it when `ed` is not NULL.  Newlines and tabs become
 * spaces unless `keep_newlines`.
 */
void cred__page_text(const cred__page *pg, const char *dec, size_t dn, const char *raw,
                     size_t rn, bool keep_newlines, cred__tbuf *out, cred__edits *ed);

/* ---- data (the .tsv files in data/html), loaded into the context ------------ */

enum { CRED__HINT_POSITIVE, CRED__HINT_NEGATIVE, CRED__HINT_UNLIKELY, CRED__HINT_MAYBE,
       CRED__HINT_DROP, CRED__HINT__COUNT };

typedef struct cred__hint {
    cred_str word;
    bool anchor_start, anchor_end; /* ^word, word$: token boundaries */
} cred__hint;

typedef struct cred__signal {
    const char *name; /* owned by the context */
    double weight;
    const char *detail;
} cred__signal;

struct cred__htmldata {
    CRED__VEC(cred__hint) hints[CRED__HINT__COUNT];
    CRED__VEC(cred_str) title_seps;   /* " | ", " - " ... */
    CRED__VEC(cred__signal) signals;  /* article-score weights */
    CRED__VEC(cred_str) labels;       /* whole-paragraph furniture ("Advert") */
    CRED__VEC(char *) owned;
};

/* Bit set of CRED__HINT_* classes matched by a class/id string. */
unsigned cred__hints_match(const struct cred__htmldata *h, const char *s, size_t n);

/* The weight of a named article signal (0 when the data does not list it). */
const cred__signal *cred__signal_get(const struct cred__htmldata *h, const char *name);

/* ---- extraction -------------------------------------------------------------- */

/* The metadata of a page, filled by meta.c. */
typedef struct cred__html_meta {
    char *title, *byline, *published, *modified, *site_name, *canonical_url, *language,
        *description, *section, *jsonld_body, *og_type, *jsonld_type, *h1, *jsonld_headline,
        *jsonld_url;
    CRED__VEC(char *) authors;
    cred__tbuf title_text;       /* the title as placed in the text, with origins */
    char charset[48];
    const char *charset_source;
    const char *extraction;
    /* facts the article score uses, filled by extract.c */
    size_t body_chars, body_paragraphs, body_links_chars, n_candidates_close;
    bool has_article_tag, has_articlebody, has_time;
    double score;
    CRED__VEC(cred_article_reason) reasons;
} cred__html_meta;

void cred__html_meta_free(cred__html_meta *m);

/* meta.c: reads the metadata of a parsed page (before extraction). */
void cred__html_read_meta(const cred_ctx *ctx, const cred__page *pg, cred__html_meta *m);
/* meta.c: the article score, after extraction filled the body facts. */
void cred__html_score(const cred_ctx *ctx, cred__html_meta *m);

/* extract.c: writes title line, blank line, paragraphs into `out`. */
bool cred__html_extract(const cred_ctx *ctx, const cred__page *pg, cred__html_meta *m,
                        cred__tbuf *out, cred__edits *ed);

#endif
