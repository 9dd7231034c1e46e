/*
 * meta.c - a page's metadata, the "is this an article?" score, and the
 * HTML ingest (cred__html_decode): the article's text with its origins and
 * the metadata, which the text pipeline (clean.c) takes from there.  The
 * public cred_extract is in src/article.c, a layer above (the HTML module
 * never calls the pipeline: docs/architecture.md).
 *
 * Metadata sources, best first for each field:
 *   title      og:title, twitter:title, JSON-LD headline, <title>, first <h1>;
 *              then the site's name is cut off ("Storm hits | Daily Planet":
 *              a segment equal to the site name, or a short last segment
 *              after a separator of data/html/title-separators.tsv)
 *   authors    JSON-LD author names, <meta name=author>, article:author,
 *              parsely-author, byl, then a byline element's text; "By " is
 *              cut, lists split at ",", " and ", "&".  An author that is
 *              really the site (equal to the site name or the domain's
 *              name, or a URL) is rejected (golden case author-is-site).
 *   published  JSON-LD datePublished, article:published_time, other date
 *              metas, the first <time datetime>
 *   modified   JSON-LD dateModified, article:modified_time, og:updated_time
 *   site name  og:site_name, JSON-LD publisher.name, application-name
 *   canonical  <link rel=canonical>, og:url, JSON-LD url / mainEntityOfPage
 *   language   <html lang>, content-language, og:locale, JSON-LD inLanguage
 *   description og:description, description, twitter:description, JSON-LD
 *   section    article:section, JSON-LD articleSection, parsely-section
 * JSON-LD is read with jansson from every <script type=application/ld+json>,
 * following arrays and @graph; the first object whose @type names an
 * article kind wins.
 *
 * The article score adds the weights of data/html/article.tsv's signals that
 * fire and maps the sum through the logistic function; each fired signal is
 * a reason, so a reader can see why a page was (not) taken as an article.
 */
#include "page.h"

#include <ctype.h>
#include <strings.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* ---- helpers ---------------------------------------------------------------- */

/* A copy with whitespace collapsed and trimmed; NULL when empty.  Other
 * C0 controls and DEL are dropped: metadata reaches terminals and reports
 * (issue 13: D5, an ESC in a page's <title>). */
static char *clean_dup(const char *s)
{
    if (!s)
        return NULL;
    cred__buf b = {0};
    bool sp = false;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            sp = b.n > 0;
            continue;
        }
        if (c < 0x20 || c == 0x7F)
            continue;
        if (sp)
            cred__buf_putc(&b, ' ');
        sp = false;
        cred__buf_putc(&b, (char)c);
    }
    if (!b.n) {
        cred__buf_free(&b);
        return NULL;
    }
    size_t n;
    return cred__buf_take(&b, &n);
}

static void set_once(char **field, const char *v)
{
    if (*field || !v)
        return;
    *field = clean_dup(v);
}

static const char *attr(const GumboNode *n, const char *name)
{
    GumboAttribute *a = gumbo_get_attribute(&n->v.element.attributes, name);
    return a ? a->value : NULL;
}

static GumboAttribute *attr_a(const GumboNode *n, const char *name)
{
    return gumbo_get_attribute(&n->v.element.attributes, name);
}

/* Text of an element's subtree (iterative). */
static void inner_text(const GumboNode *root, cred__buf *b)
{
    CRED__VEC(const GumboNode *) st = {0};
    if (!CRED__VEC_PUSH(st, root))
        return;
    while (st.n) {
        const GumboNode *n = st.v[--st.n];
        if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
            n->type == GUMBO_NODE_CDATA) {
            cred__buf_puts(b, n->v.text.text);
            continue;
        }
        if (n->type != GUMBO_NODE_ELEMENT)
            continue;
        if (n->v.element.tag == GUMBO_TAG_SCRIPT || n->v.element.tag == GUMBO_TAG_STYLE)
            continue;
        const GumboVector *ch = &n->v.element.children;
        for (size_t i = ch->length; i-- > 0;)
            if (!CRED__VEC_PUSH(st, (const GumboNode *)ch->data[i]))
                break;
    }
    free(st.v);
}

/* Letters and digits of s, lower-cased (ASCII), for loose comparison. */
static void squash(const char *s, char *out, size_t cap)
{
    size_t k = 0;
    for (; s && *s && k + 1 < cap; s++)
        if (isalnum((unsigned char)*s) || (unsigned char)*s >= 0x80)
            out[k++] = (char)tolower((unsigned char)*s);
    out[k] = 0;
}

/* "www.example.co.uk" -> "example" from a URL. */
static void domain_name(const char *url, char *out, size_t cap)
{
    out[0] = 0;
    if (!url)
        return;
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    const char *e = p;
    while (*e && *e != '/' && *e != ':' && *e != '?')
        e++;
    if (e - p > 4 && !strncasecmp(p, "www.", 4))
        p += 4;
    const char *dot = memchr(p, '.', (size_t)(e - p));
    size_t n = dot ? (size_t)(dot - p) : (size_t)(e - p);
    char tmp[128];
    if (n >= sizeof tmp)
        n = sizeof tmp - 1;
    memcpy(tmp, p, n);
    tmp[n] = 0;
    squash(tmp, out, cap);
}

/* ---- JSON-LD ------------------------------------------------------------------ */

static bool type_is_article(json_t *t)
{
    static const char *const kinds[] = {"article",
                                        "newsarticle",
                                        "blogposting",
                                        "reportagenewsarticle",
                                        "analysisnewsarticle",
                                        "opinionnewsarticle",
                                        "backgroundnewsarticle",
                                        "reviewnewsarticle",
                                        "scholarlyarticle",
                                        "techarticle",
                                        "socialmediaposting",
                                        "liveblogposting",
                                        "report",
                                        "posting"};
    if (json_is_array(t)) {
        size_t i;
        json_t *v;
        json_array_foreach(t, i, v) if (type_is_article(v)) return true;
        return false;
    }
    const char *s = json_string_value(t);
    if (!s)
        return false;
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (!strcasecmp(s, kinds[i]))
            return true;
    return false;
}

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    if (json_is_array(v))
        v = json_array_get(v, 0);
    if (json_is_object(v)) {
        json_t *n = json_object_get(v, "name");
        if (!n)
            n = json_object_get(v, "@id");
        v = n;
    }
    return json_string_value(v);
}

static void add_author(cred__html_meta *m, const char *name);

static void jsonld_authors(cred__html_meta *m, json_t *a)
{
    if (json_is_array(a)) {
        size_t i;
        json_t *v;
        json_array_foreach(a, i, v) jsonld_authors(m, v);
        return;
    }
    if (json_is_object(a))
        a = json_object_get(a, "name");
    if (json_is_string(a))
        add_author(m, json_string_value(a));
}

static json_t *find_article(json_t *v, int depth)
{
    if (depth > 8)
        return NULL;
    if (json_is_array(v)) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x)
        {
            json_t *r = find_article(x, depth + 1);
            if (r)
                return r;
        }
        return NULL;
    }
    if (!json_is_object(v))
        return NULL;
    if (type_is_article(json_object_get(v, "@type")))
        return v;
    json_t *g = json_object_get(v, "@graph");
    if (g)
        return find_article(g, depth + 1);
    json_t *me = json_object_get(v, "mainEntity");
    if (me)
        return find_article(me, depth + 1);
    return NULL;
}

static void read_jsonld(cred__html_meta *m, const char *text, bool *seen_article)
{
    json_error_t je;
    json_t *root = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
    if (!root)
        return;
    json_t *a = find_article(root, 0);
    if (!m->jsonld_type) {
        json_t *t = json_object_get(json_is_array(root) ? json_array_get(root, 0) : root, "@type");
        if (json_is_array(t))
            t = json_array_get(t, 0);
        if (json_is_string(t))
            m->jsonld_type = clean_dup(json_string_value(t));
    }
    if (a && !*seen_article) {
        *seen_article = true;
        json_t *t = json_object_get(a, "@type");
        if (json_is_array(t))
            t = json_array_get(t, 0);
        free(m->jsonld_type);
        m->jsonld_type = json_is_string(t) ? clean_dup(json_string_value(t)) : NULL;
        const char *body = json_string_value(json_object_get(a, "articleBody"));
        if (body && !m->jsonld_body)
            m->jsonld_body = cred__strndup(body, strlen(body));
        set_once(&m->published, jstr(a, "datePublished"));
        set_once(&m->modified, jstr(a, "dateModified"));
        if (!m->authors.n)
            jsonld_authors(m, json_object_get(a, "author"));
        json_t *pub = json_object_get(a, "publisher");
        if (json_is_object(pub))
            set_once(&m->site_name, json_string_value(json_object_get(pub, "name")));
        set_once(&m->section, jstr(a, "articleSection"));
        set_once(&m->language, jstr(a, "inLanguage"));
        set_once(&m->description, jstr(a, "description"));
        m->jsonld_headline = m->jsonld_headline ? m->jsonld_headline
                                                : clean_dup(jstr(a, "headline"));
        const char *url = jstr(a, "url");
        if (!url)
            url = jstr(a, "mainEntityOfPage");
        if (url && strstr(url, "://"))
            m->jsonld_url = m->jsonld_url ? m->jsonld_url : clean_dup(url);
    }
    json_decref(root);
}

/* ---- authors ------------------------------------------------------------------ */

static void add_author_one(cred__html_meta *m, const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == ',' || *s == ';'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == ',' || s[n - 1] == '.' || s[n - 1] == ';'))
        n--;
    /* "By ", "BY: " (benchmark page "a-little-more-obsessed-meal-prep") */
    if (n >= 3 && !strncasecmp(s, "by", 2) && (s[2] == ' ' || s[2] == ':')) {
        s += 3, n -= 3;
        while (n && *s == ' ')
            s++, n--;
    }
    if (!n || n > 80)
        return;
    /* a date or time split off a byline ("November 18", "20 Nov 2019
     * 08:00 GMT": benchmark pages on appleinsider and aljazeera) */
    size_t digits = 0;
    for (size_t i = 0; i < n; i++)
        digits += s[i] >= '0' && s[i] <= '9';
    if (digits >= 2)
        return;
    char *a = cred__strndup(s, n);
    if (!a)
        return;
    for (size_t i = 0; i < m->authors.n; i++)
        if (!strcasecmp(m->authors.v[i], a)) {
            free(a);
            return;
        }
    if (!CRED__VEC_PUSH(m->authors, a))
        free(a);
}

static void add_author(cred__html_meta *m, const char *name)
{
    char *c = clean_dup(name);
    if (!c)
        return;
    /* split "A, B and C" */
    const char *p = c;
    while (*p) {
        const char *cut = NULL;
        size_t skip = 0;
        for (const char *q = p; *q && !cut; q++) {
            if (*q == ',' || *q == '&' || *q == ';' || *q == '|') {
                cut = q, skip = 1;
            } else if (!strncasecmp(q, " and ", 5)) {
                cut = q, skip = 5;
            }
        }
        if (!cut) {
            add_author_one(m, p, strlen(p));
            break;
        }
        add_author_one(m, p, (size_t)(cut - p));
        p = cut + skip;
    }
    free(c);
}

/* Authors that are really the site, a URL or a role are dropped. */
static void reject_site_authors(cred__html_meta *m)
{
    char site[128], dom[128], dom2[128], a[128];
    squash(m->site_name, site, sizeof site);
    domain_name(m->canonical_url, dom, sizeof dom);
    domain_name(m->jsonld_url, dom2, sizeof dom2);
    size_t k = 0;
    for (size_t i = 0; i < m->authors.n; i++) {
        char *s = m->authors.v[i];
        squash(s, a, sizeof a);
        bool bad = !a[0] || strstr(s, "://") || !strncasecmp(s, "www.", 4) ||
                   (site[0] && (!strcmp(a, site) || (strlen(a) >= 5 && strstr(site, a)))) ||
                   (dom[0] && !strcmp(a, dom)) || (dom2[0] && !strcmp(a, dom2));
        /* a domain name as or in an author: "example.com", "Staff for
         * NJ.com" (benchmark page on nj.com) */
        for (const char *d = strchr(s, '.'); d && !bad; d = strchr(d + 1, '.'))
            if (d > s && isalnum((unsigned char)d[-1]) && isalpha((unsigned char)d[1]) &&
                isalpha((unsigned char)d[2]) && (!d[3] || d[3] == ' ' || isalpha((unsigned char)d[3])) &&
                !(d[-1] >= 'A' && d[-1] <= 'Z' && (d - s < 2 || d[-2] == ' ')))
                bad = true;
        if (bad)
            free(s);
        else
            m->authors.v[k++] = s;
    }
    m->authors.n = k;
}

/* ---- title ------------------------------------------------------------------- */

/* Cuts a site-name segment off the title in m->title_text (and m->title). */
static void strip_site(const cred_ctx *ctx, cred__html_meta *m)
{
    cred__tbuf *t = &m->title_text;
    if (!t->n)
        return;
    const struct cred__htmldata *h = ctx->html;
    char site[128], dom[128], seg[256];
    squash(m->site_name, site, sizeof site);
    domain_name(m->canonical_url, dom, sizeof dom);
    for (size_t s = 0; s < h->title_seps.n; s++) {
        cred_str sep = h->title_seps.v[s];
        /* last occurrence: "A | B | Site" */
        const char *last = NULL;
        for (size_t i = 0; i + sep.n <= t->n; i++)
            if (!memcmp(t->p + i, sep.p, sep.n))
                last = t->p + i;
        if (!last)
            continue;
        size_t at = (size_t)(last - t->p);
        char tail[256];
        size_t tn = t->n - at - sep.n < sizeof tail - 1 ? t->n - at - sep.n : sizeof tail - 1;
        memcpy(tail, last + sep.n, tn);
        tail[tn] = 0;
        squash(tail, seg, sizeof seg);
        size_t words = 1;
        for (size_t i = 0; i < tn; i++)
            words += tail[i] == ' ';
        size_t head_words = 1;
        for (size_t i = 0; i < at; i++)
            head_words += t->p[i] == ' ';
        bool site_match = seg[0] && ((site[0] && (!strcmp(seg, site) || strstr(site, seg) ||
                                                  strstr(seg, site))) ||
                                     (dom[0] && (strstr(seg, dom) != NULL)));
        /* a short tail after a long head is the site's name even when the
         * page does not say its name (golden case title-suffix) */
        bool short_tail = words <= 3 && head_words >= 4 && sep.p[1] != ':';
        if (site_match || short_tail) {
            t->n = at;
            break;
        }
        /* "Site | Title": the head is the site */
        char headsq[256];
        size_t hn = at < sizeof headsq - 1 ? at : sizeof headsq - 1;
        char head[256];
        memcpy(head, t->p, hn);
        head[hn] = 0;
        squash(head, headsq, sizeof headsq);
        if (headsq[0] && ((site[0] && !strcmp(headsq, site)) || (dom[0] && !strcmp(headsq, dom)))) {
            cred__tbuf rest = {0};
            cred__tbuf_copy(&rest, t, at + sep.n, t->n);
            cred__tbuf_move(t, &rest);
            break;
        }
    }
    while (t->n && t->p[t->n - 1] == ' ')
        t->n--;
    if (t->p)
        t->p[t->n] = 0;
    free(m->title);
    m->title = t->n ? clean_dup(t->p) : NULL;
}

/* A relative canonical URL ("/news/x", "//host/x") made absolute with the
 * scheme and host of `base` (og:url), which `score` needs for the outlet. */
static void absolute_url(char **url, const char *base)
{
    char *u = *url;
    if (!u || strstr(u, "://"))
        return;
    const char *b = base ? strstr(base, "://") : NULL;
    cred__buf r = {0};
    if (u[0] == '/' && u[1] == '/') {
        if (b)
            cred__buf_put(&r, base, (size_t)(b - base) + 1); /* "https:" */
        else
            cred__buf_puts(&r, "https:");
        cred__buf_puts(&r, u);
    } else if (u[0] == '/' && b) {
        const char *host_end = strchr(b + 3, '/');
        size_t hn = host_end ? (size_t)(host_end - base) : strlen(base);
        cred__buf_put(&r, base, hn);
        cred__buf_puts(&r, u);
    } else {
        return;
    }
    size_t n;
    char *abs = cred__buf_take(&r, &n);
    if (abs) {
        free(*url);
        *url = abs;
    }
}

/* ---- the walk ------------------------------------------------------------------ */

typedef struct title_src {
    const char *dec;
    const char *raw;
    size_t rn;
} title_src;

static title_src attr_src(GumboAttribute *a)
{
    title_src s = {a->value, a->original_value.data, a->original_value.length};
    if (s.rn >= 2 && (s.raw[0] == '"' || s.raw[0] == '\'')) {
        s.raw++;
        s.rn -= 2;
    }
    return s;
}

void cred__html_read_meta(const cred_ctx *ctx, const cred__page *pg, cred__html_meta *m)
{
    snprintf(m->charset, sizeof m->charset, "%s", pg->charset);
    m->charset_source = pg->charset_source;
    title_src og_title = {0}, tw_title = {0}, title_el = {0}, h1 = {0};
    char *og_url = NULL, *meta_author = NULL, *og_locale = NULL, *content_lang = NULL,
         *og_desc = NULL, *desc = NULL, *tw_desc = NULL, *app_name = NULL, *time_dt = NULL,
         *byline_text = NULL, *date_meta = NULL;
    bool seen_article = false;
    CRED__VEC(const GumboNode *) st = {0};
    CRED__VEC_PUSH(st, pg->g->document);
    while (st.n) {
        const GumboNode *n = st.v[--st.n];
        const GumboVector *ch;
        if (n->type == GUMBO_NODE_DOCUMENT) {
            ch = &n->v.document.children;
        } else if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) {
            ch = &n->v.element.children;
            GumboTag tag = n->v.element.tag;
            const char *v;
            GumboAttribute *a;
            if (tag == GUMBO_TAG_HTML && (v = attr(n, "lang")))
                set_once(&m->language, v);
            else if (tag == GUMBO_TAG_TITLE && !title_el.dec && ch->length &&
                     ((GumboNode *)ch->data[0])->type == GUMBO_NODE_TEXT) {
                const GumboText *tx = &((GumboNode *)ch->data[0])->v.text;
                title_el = (title_src){tx->text, tx->original_text.data, tx->original_text.length};
            } else if (tag == GUMBO_TAG_META && (a = attr_a(n, "content"))) {
                const char *key = attr(n, "property");
                if (!key)
                    key = attr(n, "name");
                if (!key)
                    key = attr(n, "itemprop");
                const char *he = attr(n, "http-equiv");
                const char *c = a->value;
                if (he && !strcasecmp(he, "content-language"))
                    set_once(&content_lang, c);
                if (!key) {
                    /* nothing */
                } else if (!strcasecmp(key, "og:title")) {
                    if (!og_title.dec)
                        og_title = attr_src(a);
                } else if (!strcasecmp(key, "twitter:title")) {
                    if (!tw_title.dec)
                        tw_title = attr_src(a);
                } else if (!strcasecmp(key, "og:site_name")) {
                    set_once(&m->site_name, c);
                } else if (!strcasecmp(key, "application-name")) {
                    set_once(&app_name, c);
                } else if (!strcasecmp(key, "og:url")) {
                    set_once(&og_url, c);
                } else if (!strcasecmp(key, "og:type")) {
                    set_once(&m->og_type, c);
                } else if (!strcasecmp(key, "og:locale")) {
                    set_once(&og_locale, c);
                } else if (!strcasecmp(key, "og:description")) {
                    set_once(&og_desc, c);
                } else if (!strcasecmp(key, "description")) {
                    set_once(&desc, c);
                } else if (!strcasecmp(key, "twitter:description")) {
                    set_once(&tw_desc, c);
                } else if (!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
                           !strcasecmp(key, "parsely-author") || !strcasecmp(key, "byl") ||
                           !strcasecmp(key, "sailthru.author") ||
                           !strcasecmp(key, "dc.creator") || !strcasecmp(key, "dcterms.creator")) {
                    if (!strstr(c, "://"))
                        set_once(&meta_author, c);
                } else if (!strcasecmp(key, "article:published_time") ||
                           !strcasecmp(key, "datepublished")) {
                    set_once(&m->published, c);
                } else if (!strcasecmp(key, "article:modified_time") ||
                           !strcasecmp(key, "og:updated_time") ||
                           !strcasecmp(key, "datemodified")) {
                    set_once(&m->modified, c);
                } else if (!strcasecmp(key, "date") || !strcasecmp(key, "pubdate") ||
                           !strcasecmp(key, "publishdate") || !strcasecmp(key, "dc.date") ||
                           !strcasecmp(key, "dcterms.date") ||
                           !strcasecmp(key, "parsely-pub-date") ||
                           !strcasecmp(key, "sailthru.date") ||
                           !strcasecmp(key, "dc.date.issued")) {
                    set_once(&date_meta, c);
                } else if (!strcasecmp(key, "article:section") ||
                           !strcasecmp(key, "parsely-section")) {
                    set_once(&m->section, c);
                }
            } else if (tag == GUMBO_TAG_LINK && (v = attr(n, "rel")) && !strcasecmp(v, "canonical")) {
                set_once(&m->canonical_url, attr(n, "href"));
            } else if (tag == GUMBO_TAG_SCRIPT && (v = attr(n, "type")) &&
                       !strcasecmp(v, "application/ld+json") && ch->length) {
                cred__buf b = {0};
                for (size_t i = 0; i < ch->length; i++) {
                    const GumboNode *c = ch->data[i];
                    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE ||
                        c->type == GUMBO_NODE_CDATA)
                        cred__buf_puts(&b, c->v.text.text);
                }
                if (b.p)
                    read_jsonld(m, b.p, &seen_article);
                cred__buf_free(&b);
                continue;
            } else if (tag == GUMBO_TAG_TIME && !time_dt && (v = attr(n, "datetime"))) {
                set_once(&time_dt, v);
            } else if (tag == GUMBO_TAG_H1 && !h1.dec && ch->length) {
                const GumboNode *c = ch->data[0];
                if (ch->length == 1 && c->type == GUMBO_NODE_TEXT)
                    h1 = (title_src){c->v.text.text, c->v.text.original_text.data,
                                     c->v.text.original_text.length};
                cred__buf b = {0};
                inner_text(n, &b);
                set_once(&m->h1, b.p);
                cred__buf_free(&b);
            } else if (!byline_text && (tag == GUMBO_TAG_SPAN || tag == GUMBO_TAG_DIV ||
                                        tag == GUMBO_TAG_P || tag == GUMBO_TAG_A ||
                                        tag == GUMBO_TAG_ADDRESS)) {
                const char *cls = attr(n, "class"), *rel = attr(n, "rel"),
                           *ip = attr(n, "itemprop");
                if ((cls && (strstr(cls, "byline") || strstr(cls, "author-name"))) ||
                    (rel && !strcasecmp(rel, "author")) || (ip && !strcasecmp(ip, "author"))) {
                    cred__buf b = {0};
                    inner_text(n, &b);
                    if (b.p && b.n < 120)
                        set_once(&byline_text, b.p);
                    cred__buf_free(&b);
                }
            }
            if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE)
                continue;
        } else {
            continue;
        }
        for (size_t i = ch->length; i-- > 0;)
            if (!CRED__VEC_PUSH(st, (const GumboNode *)ch->data[i]))
                break;
    }
    free(st.v);

    set_once(&m->canonical_url, og_url);
    set_once(&m->canonical_url, m->jsonld_url);
    absolute_url(&m->canonical_url, og_url ? og_url : m->jsonld_url);
    set_once(&m->site_name, app_name);
    set_once(&m->language, content_lang);
    set_once(&m->language, og_locale);
    set_once(&m->description, og_desc);
    set_once(&m->description, desc);
    set_once(&m->description, tw_desc);
    set_once(&m->published, date_meta);
    set_once(&m->published, time_dt);
    /* placeholder dates ("0001-01-01T00:00:00Z": benchmark page on
     * detroitnews) are no dates */
    char **dates[] = {&m->published, &m->modified};
    for (size_t i = 0; i < 2; i++)
        if (*dates[i] && isdigit((unsigned char)(*dates[i])[0]) && atoi(*dates[i]) < 1900 &&
            strlen(*dates[i]) >= 4 && isdigit((unsigned char)(*dates[i])[3])) {
            free(*dates[i]);
            *dates[i] = NULL;
        }
    /* each source in turn, until one gives an author that is not the site
     * (unit test news_metadata: <meta name=author> names the paper) */
    reject_site_authors(m);
    if (!m->authors.n && meta_author)
        add_author(m, meta_author);
    reject_site_authors(m);
    if (!m->authors.n && byline_text)
        add_author(m, byline_text);
    reject_site_authors(m);
    if (m->authors.n) {
        cred__buf b = {0};
        for (size_t i = 0; i < m->authors.n; i++) {
            if (i)
                cred__buf_puts(&b, i + 1 == m->authors.n ? " and " : ", ");
            cred__buf_puts(&b, m->authors.v[i]);
        }
        size_t bn;
        m->byline = cred__buf_take(&b, &bn);
    }
    free(og_url), free(meta_author), free(og_locale), free(content_lang), free(og_desc);
    free(desc), free(tw_desc), free(app_name), free(time_dt), free(byline_text);
    free(date_meta);

    /* Title: the first source that has one, with its page offsets. */
    const title_src *srcs[] = {&og_title, &tw_title, &title_el, &h1};
    for (size_t i = 0; i < 4 && !m->title_text.n; i++) {
        const title_src *s = srcs[i];
        char *c = clean_dup(s->dec);
        if (!c)
            continue;
        free(c);
        cred__tbuf raw = {0};
        cred__page_text(pg, s->dec, strlen(s->dec), s->raw, s->rn, false, &raw, NULL);
        /* collapse spaces */
        cred__tbuf col = {0};
        for (size_t j = 0; j < raw.n; j++) {
            if (raw.p[j] == ' ' && (col.n == 0 || col.p[col.n - 1] == ' '))
                continue;
            cred__tbuf_copy(&col, &raw, j, j + 1);
        }
        cred__tbuf_free(&raw);
        while (col.n && col.p[col.n - 1] == ' ')
            col.n--;
        if (col.p)
            col.p[col.n] = 0;
        cred__tbuf_move(&m->title_text, &col);
    }
    if (!m->title_text.n && m->jsonld_headline) {
        cred__tbuf_put(&m->title_text, m->jsonld_headline, strlen(m->jsonld_headline), 0, 0);
    }
    strip_site(ctx, m);
}

void cred__html_meta_free(cred__html_meta *m)
{
    if (!m)
        return;
    char **fields[] = {&m->title,       &m->byline,      &m->published,   &m->modified,
                       &m->site_name,   &m->canonical_url, &m->language,  &m->description,
                       &m->section,     &m->jsonld_body, &m->og_type,     &m->jsonld_type,
                       &m->h1,          &m->jsonld_headline, &m->jsonld_url};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
    for (size_t i = 0; i < m->authors.n; i++)
        free(m->authors.v[i]);
    free(m->authors.v);
    cred__tbuf_free(&m->title_text);
    free(m->reasons.v);
    memset(m, 0, sizeof *m);
}

/* ---- the article score ------------------------------------------------------------ */

static void fire(const cred_ctx *ctx, cred__html_meta *m, const char *name, double *sum)
{
    const cred__signal *s = cred__signal_get(ctx->html, name);
    if (!s)
        return;
    *sum += s->weight;
    cred_article_reason r = {s->name, s->weight, s->detail};
    CRED__VEC_PUSH(m->reasons, r);
}

void cred__html_score(const cred_ctx *ctx, cred__html_meta *m)
{
    double sum = 0;
    m->reasons.n = 0;
    fire(ctx, m, "bias", &sum);
    if (m->og_type && !strcasecmp(m->og_type, "article"))
        fire(ctx, m, "og-type-article", &sum);
    else if (m->og_type)
        fire(ctx, m, "og-type-other", &sum);
    char jt[64];
    squash(m->jsonld_type, jt, sizeof jt);
    if (jt[0] && (strstr(jt, "article") || strstr(jt, "posting") || !strcmp(jt, "report")))
        fire(ctx, m, "jsonld-article", &sum);
    if (m->jsonld_body)
        fire(ctx, m, "jsonld-articlebody", &sum);
    if (m->has_articlebody)
        fire(ctx, m, "itemprop-articlebody", &sum);
    if (m->has_article_tag)
        fire(ctx, m, "article-tag", &sum);
    if (m->published)
        fire(ctx, m, "published-date", &sum);
    if (m->authors.n)
        fire(ctx, m, "byline", &sum);
    if (m->body_chars >= 1500)
        fire(ctx, m, "long-body", &sum);
    else if (m->body_chars >= 500)
        fire(ctx, m, "medium-body", &sum);
    else if (m->body_chars < 250)
        fire(ctx, m, "short-body", &sum);
    /* No text at all: never "an article", whatever the metadata claims
     * (an extractor that says "article" and returns nothing disagrees
     * with itself; unit test empty_body_is_not_an_article). */
    if (m->body_chars < 80)
        fire(ctx, m, "empty-body", &sum);
    if (m->body_paragraphs >= 5)
        fire(ctx, m, "many-paragraphs", &sum);
    else if (m->body_paragraphs <= 1)
        fire(ctx, m, "one-paragraph", &sum);
    if (m->body_chars && m->body_links_chars * 3 > m->body_chars)
        fire(ctx, m, "link-heavy", &sum);
    if (m->n_candidates_close >= 3)
        fire(ctx, m, "competing-blocks", &sum);
    m->score = 1 / (1 + exp(-sum));
}

/* ---- the ingest: page -> text with origins + metadata --------------------------------------------------------- */

/* Whether some byte of `t` comes from input range r (origins are
 * non-decreasing: extract.c makes them so). */
static bool touches(const cred__tbuf *t, cred_span r)
{
    size_t lo = cred__tbuf_find(t, (uint32_t)r.start);
    if (lo < t->n && cred__tbuf_os(t, lo) < r.end)
        return true;
    return lo > 0 && cred__tbuf_oe(t, lo - 1) > r.start;
}

cred_status cred__html_decode(const cred_ctx *ctx, const char *in, size_t n, cred__tbuf *out,
                              cred__edits *ed, struct cred__html_meta *meta, cred_error *err)
{
    cred__page pg;
    cred_status st = cred__page_parse(in, n, &pg, err);
    if (st)
        return st;
    cred__html_meta local = {0}, *m = meta ? meta : &local;
    cred__html_read_meta(ctx, &pg, m);
    cred__edits tmp = {0};
    bool ok = cred__html_extract(ctx, &pg, m, out, &tmp);
    cred__html_score(ctx, m);
    /* Edits are kept when they touch the article: page-wide decoding
     * edits, and entity edits of paragraphs taken back out, are not. */
    for (int pass = 0; ok && pass < 2; pass++) {
        const cred__edits *src = pass ? &pg.ed : &tmp;
        for (size_t i = 0; i < src->e.n; i++) {
            const cred__edit *e = &src->e.v[i];
            if (e->kind != CRED_EDIT_BOM && !touches(out, e->input))
                continue;
            cred__edits_add(ed, e->kind, e->input, e->replacement, e->replacement_n, e->rule,
                            e->detail);
        }
    }
    cred__edits_free(&tmp);
    cred__page_free(&pg);
    if (!meta)
        cred__html_meta_free(&local);
    if (!ok || out->oom) {
        cred__tbuf_free(out);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    if (!out->p) /* nothing extracted: an empty document */
        cred__tbuf_put(out, "", 0, 0, 0);
    return CRED_OK;
}
