/*
 * credence/html.h - web pages: the article body and its metadata.
 *
 * cred_extract() parses a saved HTML page (any charset: BOM, <meta charset>,
 * http-equiv, else UTF-8 with the text pipeline's Windows-1252 fallback),
 * finds the main content (the article's paragraphs, headings, lists and
 * blockquotes; not navigation, ads, share bars, comments, related links or
 * captions), reads the page's metadata, and runs the text pipeline on the
 * result.  The cleaned document is an ordinary cred_doc whose input offsets
 * point into the ORIGINAL page bytes.
 *
 * cred_clean() accepts HTML too (cred_clean_opts.format = CRED_FORMAT_HTML,
 * or CRED_FORMAT_AUTO and a page that looks like HTML); it returns the same
 * document without the metadata.
 *
 * Method, JSON schema and limits: docs/html.md.
 */
#ifndef CREDENCE_HTML_H
#define CREDENCE_HTML_H

#include "core.h"
#include "text.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One reason behind the "is this an article?" score. */
typedef struct cred_article_reason {
    const char *name;   /* stable identifier ("og-type-article") */
    double weight;      /* its contribution (log-odds; negative: against) */
    const char *detail; /* in words */
} cred_article_reason;

/*
 * An extracted page.  Every cred_str is UTF-8, NUL-terminated, and has
 * p == NULL when the page does not say (never an empty placeholder).
 * Dates are as the page gives them (normally ISO 8601).
 */
typedef struct cred_article {
    cred_doc *doc;            /* the cleaned article: title, blank line, paragraphs */

    cred_str title;           /* og:title / twitter:title / <title> minus site suffix / h1 */
    cred_str byline;          /* the authors as one line ("A and B") */
    const cred_str *authors;  /* each author (site names rejected) */
    size_t n_authors;
    cred_str published;       /* publish date */
    cred_str modified;        /* last-modified date */
    cred_str site_name;
    cred_str canonical_url;   /* <link rel=canonical>, og:url, JSON-LD url */
    cred_str language;        /* <html lang>, og:locale, content-language */
    cred_str description;
    cred_str section;
    cred_str charset;         /* the charset used to decode the page */
    const char *charset_source; /* "bom", "meta", "http-equiv", "default", "override" */

    double article_score;     /* 0..1: probability-like "this is one article" */
    int is_article;           /* article_score >= 0.5 */
    const cred_article_reason *reasons;
    size_t n_reasons;
    const char *extraction;   /* how the body was found: "json-ld", "articlebody",
                                 "article", "scored", "whole-page" */
} cred_article;

/*
 * Extracts the article from `n` bytes of HTML at `in`.  `opts` may be NULL;
 * its format field is ignored (the input is taken as HTML), the others apply
 * to the text pipeline as for cred_clean().  Fails with CRED_ETOOBIG over the
 * size limit, CRED_EFORMAT when the bytes are binary data rather than a page
 * (the message gives the offset), CRED_ENOMEM.  Free with cred_article_free().
 */
CRED_API cred_status cred_extract(const cred_ctx *ctx, const char *in, size_t n,
                                  const cred_clean_opts *opts, cred_article **out,
                                  cred_error *err);

/* Frees an article and its document.  NULL is allowed. */
CRED_API void cred_article_free(cred_article *a);

/* Nonzero when the bytes look like an HTML page (a doctype, <html>, <head>,
 * <body> or a few common tags near the start).  What CRED_FORMAT_AUTO uses. */
CRED_API int cred_looks_like_html(const char *in, size_t n);

/* The article as JSON (schema: docs/html.md), newly allocated. */
CRED_API cred_status cred_article_to_json(const cred_article *a, int pretty, char **out,
                                          cred_error *err);
/* The same with CRED_JSON_* flags (CRED_JSON_PRETTY; CRED_JSON_DOC adds the
 * cleaned document under "document", as cred_doc_to_json writes it). */
CRED_API cred_status cred_article_to_json_flags(const cred_article *a, unsigned flags,
                                                char **out, cred_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CREDENCE_HTML_H */
