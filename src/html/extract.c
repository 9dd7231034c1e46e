/*
 * extract.c - main-content detection: a parsed page -> the article's text.
 *
 * What it does.  The tree is flattened into an array in document order
 * (iteratively: a 10,000-deep page must not recurse 10,000 deep).  Elements
 * that are never content are left out while flattening: scripts, styles,
 * forms controls, navigation, asides, figures and their captions, hidden
 * elements (hidden, aria-hidden, display:none).  Each element then gets the
 * counts the decisions need: visible characters, characters inside links,
 * commas.  The container of the article is chosen in this order, the first
 * that is plausible winning:
 *   1. json-ld      the element that holds the JSON-LD articleBody's text
 *                   (matched by word trigrams: at least 60% of it inside);
 *   2. articlebody  an element with itemprop=articleBody (>= 200 characters);
 *   3. article      the <article> holding most text, if it holds at least
 *                   half of the page's paragraph text (one article, not a
 *                   list of teasers);
 *   4. scored       readability's method: every paragraph-like block of at
 *                   least 25 characters gives 1 + commas + min(len/100, 3)
 *                   points to its parent, half to its grandparent and
 *                   score/(3*level) further up (5 levels); each ancestor
 *                   starts from a tag bonus and +-25 for class/id words
 *                   (data/html/hints.tsv); the total is scaled by 1 - link
 *                   density; the best element wins, and its siblings join it
 *                   when they score at least a fifth of it or are long,
 *                   link-poor paragraphs.
 *   5. whole-page   the <body>, when nothing scores.
 * Inside the container, subtrees are then dropped when their class/id say
 * share/related/comments/promo/newsletter/caption... ("drop" hints), or
 * when they are mostly links (link lists, tag clouds), as readability's
 * "clean conditionally" does; a first pass that also removes "unlikely"
 * subtrees before scoring is retried without it when it leaves fewer than
 * 250 characters (readability's retry).
 *
 * The text is written as: title, blank line, one paragraph per block element
 * (p, h2-h6, li, blockquote, pre, dt/dd, table cell rows, divs holding
 * text), blank lines between them; <br> is a line break.  Every byte keeps
 * the page offsets it came from (cred__page_text).
 *
 * What it does not: render CSS, follow "next page" links, or keep images.
 * Headings h1 inside the body are dropped when they repeat the title.
 */
#include "page.h"

#include <ctype.h>
#include <strings.h>
#include <math.h>
#include <utf8proc.h>
#include <stdlib.h>

enum {
    F_BLOCK = 1u << 0,     /* block-level element */
    F_NEG = 1u << 1,       /* class/id: negative */
    F_POS = 1u << 2,       /* class/id: positive */
    F_UNLIKELY = 1u << 3,  /* class/id: unlikely candidate */
    F_DROP = 1u << 4,      /* class/id: furniture inside content */
    F_MAYBE = 1u << 5,     /* class/id: maybe candidate (overrides unlikely) */
    F_REMOVED = 1u << 6,   /* removed in this attempt */
    F_HAS_BLOCK = 1u << 7, /* has a block-level child */
    F_TEXT = 1u << 8,      /* a text node */
    F_IN_LINK = 1u << 9,   /* inside <a> */
    F_IN_PRE = 1u << 10,   /* inside <pre> */
    F_CANDIDATE = 1u << 11,/* has a score */
    F_JSONLD = 1u << 12,   /* text matches the JSON-LD articleBody */
    F_IN_TIME = 1u << 13   /* inside <time> */
};

typedef struct xnode {
    GumboNode *g;
    int32_t parent;
    uint32_t end; /* one past the last descendant */
    uint32_t flags;
    GumboTag tag;
    uint32_t text, link, commas, paras, jl_text;
    uint32_t itext, icommas, ilink; /* text of inline children (text nodes, inline elements) */
    float score;
} xnode;

typedef struct xtree {
    CRED__VEC(xnode) n;
    bool oom;
    size_t body; /* index of <body> or 0 */
} xtree;

/* ---- flattening ---------------------------------------------------------------- */

static bool is_block_tag(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN: case GUMBO_TAG_UL: case GUMBO_TAG_OL: case GUMBO_TAG_LI:
    case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD: case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR: case GUMBO_TAG_TD: case GUMBO_TAG_TH: case GUMBO_TAG_TBODY:
    case GUMBO_TAG_THEAD: case GUMBO_TAG_TFOOT: case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE:
    case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER: case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION: case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET: case GUMBO_TAG_ADDRESS: case GUMBO_TAG_HR: case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER: case GUMBO_TAG_DETAILS: case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_HGROUP: case GUMBO_TAG_LEGEND:
        return true;
    default:
        return false;
    }
}

/* Elements whose content is never article text. */
static bool never_content(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_HEAD: case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED: case GUMBO_TAG_CANVAS: case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION: case GUMBO_TAG_BUTTON: case GUMBO_TAG_INPUT: case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_NAV: case GUMBO_TAG_ASIDE: case GUMBO_TAG_FIGURE: case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO: case GUMBO_TAG_MAP:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_TITLE: case GUMBO_TAG_LABEL: case GUMBO_TAG_MENU:
    case GUMBO_TAG_FRAMESET: case GUMBO_TAG_FRAME: case GUMBO_TAG_APPLET: case GUMBO_TAG_IMG:
    case GUMBO_TAG_SOURCE: case GUMBO_TAG_DATALIST: case GUMBO_TAG_METER:
    case GUMBO_TAG_PROGRESS: case GUMBO_TAG_OUTPUT:
        return true;
    default:
        return false;
    }
}

static const char *attr(const GumboElement *e, const char *name, size_t *len)
{
    GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);
    if (!a)
        return NULL;
    if (len)
        *len = strlen(a->value);
    return a->value;
}

static bool icontains(const char *s, const char *lit)
{
    size_t k = strlen(lit);
    for (; *s; s++)
        if (!strncasecmp(s, lit, k))
            return true;
    return false;
}

static bool hidden(const GumboElement *e)
{
    const char *v;
    if (gumbo_get_attribute(&e->attributes, "hidden"))
        return true;
    if ((v = attr(e, "aria-hidden", NULL)) && !strcasecmp(v, "true"))
        return true;
    if ((v = attr(e, "style", NULL))) {
        /* "display:none", "display: none", "visibility:hidden" */
        for (const char *p = v; *p; p++) {
            if (!strncasecmp(p, "display", 7) || !strncasecmp(p, "visibility", 10)) {
                const char *q = p + (tolower((unsigned char)*p) == 'd' ? 7 : 10);
                while (*q == ' ')
                    q++;
                if (*q != ':')
                    continue;
                q++;
                while (*q == ' ')
                    q++;
                if (!strncasecmp(q, "none", 4) || !strncasecmp(q, "hidden", 6))
                    return true;
            }
        }
    }
    return false;
}

/* class, id and a few other naming attributes, matched against the hints. */
static uint32_t hint_flags(const cred_ctx *ctx, const GumboElement *e)
{
    const struct cred__htmldata *h = ctx->html;
    uint32_t f = 0;
    static const char *const names[] = {"class", "id"};
    for (size_t i = 0; i < 2; i++) {
        size_t n;
        const char *v = attr(e, names[i], &n);
        if (!v || !n)
            continue;
        unsigned m = cred__hints_match(h, v, n);
        if (m & (1u << CRED__HINT_POSITIVE))
            f |= F_POS;
        if (m & (1u << CRED__HINT_NEGATIVE))
            f |= F_NEG;
        if (m & (1u << CRED__HINT_UNLIKELY))
            f |= F_UNLIKELY;
        if (m & (1u << CRED__HINT_MAYBE))
            f |= F_MAYBE;
        if (m & (1u << CRED__HINT_DROP))
            f |= F_DROP;
    }
    const char *role = attr(e, "role", NULL);
    if (role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "complementary") ||
                 !strcasecmp(role, "contentinfo") || !strcasecmp(role, "banner") ||
                 !strcasecmp(role, "menu") || !strcasecmp(role, "dialog") ||
                 !strcasecmp(role, "alert") || !strcasecmp(role, "search")))
        f |= F_DROP | F_NEG;
    if (role && (!strcasecmp(role, "main") || !strcasecmp(role, "article")))
        f |= F_POS;
    const char *ip = attr(e, "itemprop", NULL);
    if (ip && (icontains(ip, "articlebody") || icontains(ip, "text")))
        f |= F_POS;
    /* microdata that names the article rather than being it: dates,
     * authors, publisher (page "calendario-stock-car": the date line) */
    if (ip && (icontains(ip, "datepublished") || icontains(ip, "datemodified") ||
               icontains(ip, "author") || icontains(ip, "publisher") ||
               icontains(ip, "creator")))
        f |= F_DROP;
    return f;
}

static uint32_t visible_chars(const char *s, uint32_t *commas)
{
    uint32_t n = 0;
    bool space = true;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r' || *p == '\f') {
            if (!space)
                n++;
            space = true;
            continue;
        }
        space = false;
        if ((*p & 0xC0) != 0x80)
            n++;
        if (*p == ',')
            (*commas)++;
    }
    return n;
}

static void flatten(const cred_ctx *ctx, GumboNode *root, xtree *t)
{
    typedef struct frame {
        GumboNode *g;
        size_t idx, child;
        uint32_t inherit;
    } frame;
    CRED__VEC(frame) st = {0};
    xnode x = {root, -1, 0, F_BLOCK, GUMBO_TAG_HTML, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    if (!CRED__VEC_PUSH(t->n, x) || !CRED__VEC_PUSH(st, ((frame){root, 0, 0, 0}))) {
        t->oom = true;
        free(st.v);
        return;
    }
    while (st.n) {
        frame *f = &st.v[st.n - 1];
        const GumboVector *ch = f->g->type == GUMBO_NODE_DOCUMENT ? &f->g->v.document.children
                                                                   : &f->g->v.element.children;
        if (f->child >= ch->length) {
            t->n.v[f->idx].end = (uint32_t)t->n.n;
            st.n--;
            continue;
        }
        GumboNode *c = ch->data[f->child++];
        size_t pidx = f->idx;
        uint32_t inherit = f->inherit;
        if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_WHITESPACE ||
            c->type == GUMBO_NODE_CDATA) {
            xnode tx = {c, (int32_t)pidx, (uint32_t)t->n.n + 1, F_TEXT | inherit,
                        GUMBO_TAG_UNKNOWN, 0, 0, 0, 0, 0, 0, 0, 0, 0};
            tx.text = visible_chars(c->v.text.text, &tx.commas);
            if (inherit & F_IN_LINK)
                tx.link = tx.text;
            if (!CRED__VEC_PUSH(t->n, tx)) {
                t->oom = true;
                break;
            }
            continue;
        }
        if (c->type != GUMBO_NODE_ELEMENT && c->type != GUMBO_NODE_TEMPLATE)
            continue;
        const GumboElement *e = &c->v.element;
        if (e->tag_namespace != GUMBO_NAMESPACE_HTML || never_content(e->tag) || hidden(e))
            continue;
        if (e->tag == GUMBO_TAG_BR || e->tag == GUMBO_TAG_HR || is_block_tag(e->tag))
            t->n.v[pidx].flags |= F_HAS_BLOCK * (e->tag != GUMBO_TAG_BR);
        xnode ex = {c, (int32_t)pidx, 0, hint_flags(ctx, e) | inherit, e->tag, 0, 0, 0, 0, 0, 0,
                    0, 0, 0};
        if (is_block_tag(e->tag))
            ex.flags |= F_BLOCK;
        if (e->tag == GUMBO_TAG_BODY && !t->body)
            t->body = t->n.n;
        uint32_t inh = inherit;
        if (e->tag == GUMBO_TAG_A)
            inh |= F_IN_LINK;
        if (e->tag == GUMBO_TAG_PRE)
            inh |= F_IN_PRE;
        if (e->tag == GUMBO_TAG_TIME)
            inh |= F_IN_TIME;
        if (!CRED__VEC_PUSH(t->n, ex) ||
            !CRED__VEC_PUSH(st, ((frame){c, t->n.n - 1, 0, inh}))) {
            t->oom = true;
            break;
        }
    }
    free(st.v);
    if (t->oom)
        return;
    /* Sums, children before parents: walk backwards. */
    for (size_t i = t->n.n; i-- > 1;) {
        xnode *x2 = &t->n.v[i];
        if (x2->tag == GUMBO_TAG_P)
            x2->paras++;
        xnode *p = &t->n.v[x2->parent];
        p->text += x2->text;
        p->link += x2->link;
        p->commas += x2->commas;
        p->paras += x2->paras;
        if (!(x2->flags & F_BLOCK)) {
            p->itext += x2->text;
            p->icommas += x2->commas;
            p->ilink += x2->link;
        }
    }
}

/* ---- JSON-LD articleBody matching ------------------------------------------------ */

/* Word-trigram hashes of a text (words: runs of letters/digits, bytes >= 0x80
 * counted as letters), sorted for binary search. */
typedef CRED__VEC(uint64_t) hashvec;

static void trigrams(const char *s, size_t n, hashvec *out)
{
    uint64_t w[3] = {0, 0, 0};
    size_t nw = 0;
    size_t i = 0;
    while (i < n) {
        while (i < n && !(isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80))
            i++;
        if (i >= n)
            break;
        uint64_t h = 1469598103934665603ull;
        while (i < n && (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)) {
            h ^= (unsigned char)tolower((unsigned char)s[i++]);
            h *= 1099511628211ull;
        }
        w[0] = w[1], w[1] = w[2], w[2] = h;
        if (++nw >= 3)
            CRED__VEC_PUSH(*out, w[0] * 31 + w[1] * 7 + w[2]);
    }
}

static int u64cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Marks text nodes whose trigrams are mostly in the JSON-LD body, sums the
 * matched characters up the tree, and returns the best container: the
 * deepest element holding >= 90% of the matched text.  0 if the match is too
 * weak (< 60% of the JSON-LD body's length). */
static size_t jsonld_container(xtree *t, const char *body)
{
    hashvec ref = {0}, mine = {0};
    trigrams(body, strlen(body), &ref);
    if (ref.n < 20) {
        free(ref.v);
        return 0;
    }
    qsort(ref.v, ref.n, sizeof *ref.v, u64cmp);
    /* Gather text per block: consecutive text nodes with the same parent. */
    for (size_t i = 0; i < t->n.n; i++) {
        xnode *x = &t->n.v[i];
        if (!(x->flags & F_TEXT) || x->text < 4)
            continue;
        mine.n = 0;
        const char *s = x->g->v.text.text;
        trigrams(s, strlen(s), &mine);
        size_t hit = 0;
        for (size_t k = 0; k < mine.n; k++)
            if (bsearch(&mine.v[k], ref.v, ref.n, sizeof *ref.v, u64cmp))
                hit++;
        /* short nodes (a link inside a sentence) have no trigrams of their own */
        if ((mine.n && hit * 2 >= mine.n) || (!mine.n && x->text < 40))
            x->jl_text = mine.n ? x->text : 0;
    }
    free(mine.v);
    size_t ref_chars = strlen(body);
    free(ref.v);
    for (size_t i = t->n.n; i-- > 1;)
        t->n.v[t->n.v[i].parent].jl_text += t->n.v[i].jl_text;
    uint32_t total = t->n.v[0].jl_text;
    if (total < ref_chars * 6 / 10 || total < 100)
        return 0;
    size_t best = 0;
    for (size_t i = 0; i < t->n.n; i++) {
        const xnode *x = &t->n.v[i];
        if (!(x->flags & F_TEXT) && x->jl_text >= total * 9 / 10)
            best = i; /* later in pre-order with the property = deeper */
    }
    return best;
}

/* ---- scoring -------------------------------------------------------------------- */

static float tag_bonus(GumboTag t)
{
    switch (t) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_MAIN: return 5;
    case GUMBO_TAG_SECTION: return 3;
    case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: return 3;
    case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL:
    case GUMBO_TAG_DD: case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: return -3;
    case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4:
    case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_TH: return -5;
    default: return 0;
    }
}

static float class_weight(uint32_t f)
{
    float w = 0;
    if (f & F_POS)
        w += 25;
    if (f & F_NEG)
        w -= 25;
    return w;
}

static bool removed_above(const xtree *t, size_t i)
{
    for (int32_t p = (int32_t)i; p >= 0; p = t->n.v[p].parent)
        if (t->n.v[p].flags & F_REMOVED)
            return true;
    return false;
}

static bool scorable(const xnode *x)
{
    if (x->flags & F_TEXT)
        return false;
    switch (x->tag) {
    case GUMBO_TAG_P: case GUMBO_TAG_PRE: case GUMBO_TAG_TD: return true;
    case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE: case GUMBO_TAG_SPAN:
    case GUMBO_TAG_FONT: case GUMBO_TAG_CENTER:
        return !(x->flags & F_HAS_BLOCK);
    default: return false;
    }
}

/* Readability's scoring over the non-removed tree; returns the top candidate. */
static size_t score_tree(xtree *t, bool use_classes)
{
    for (size_t i = 0; i < t->n.n; i++) {
        t->n.v[i].score = 0;
        t->n.v[i].flags &= ~(uint32_t)F_CANDIDATE;
    }
    for (size_t i = 0; i < t->n.n; i++) {
        xnode *x = &t->n.v[i];
        if (x->flags & F_REMOVED) {
            i = x->end - 1;
            continue;
        }
        int32_t p;
        float s;
        if (scorable(x) && x->text >= 25) {
            s = 1 + (float)x->commas + fminf((float)(x->text / 100), 3);
            p = x->parent;
        } else if (!(x->flags & F_TEXT) && (x->flags & F_HAS_BLOCK) && x->itext >= 25 &&
                   x->ilink * 2 < x->itext && x->tag != GUMBO_TAG_BODY &&
                   x->tag != GUMBO_TAG_HTML) {
            /* text written straight into a block that also has block
             * children: readability wraps such runs in a <p>, so the block
             * is that paragraph's parent (page "arrombamento" in the
             * benchmark keeps its whole article this way) */
            s = 1 + (float)x->icommas + fminf((float)(x->itext / 100), 3);
            p = (int32_t)i;
        } else {
            continue;
        }
        for (int level = 0; level < 5 && p > 0; level++, p = t->n.v[p].parent) {
            xnode *a = &t->n.v[p];
            if (a->tag == GUMBO_TAG_HTML)
                break;
            if (!(a->flags & F_CANDIDATE)) {
                a->flags |= F_CANDIDATE;
                a->score = tag_bonus(a->tag) + (use_classes ? class_weight(a->flags) : 0);
            }
            a->score += level == 0 ? s : level == 1 ? s / 2 : s / (float)(level * 3);
        }
    }
    size_t best = 0;
    float bs = 0;
    for (size_t i = 0; i < t->n.n; i++) {
        xnode *x = &t->n.v[i];
        if (!(x->flags & F_CANDIDATE))
            continue;
        float ld = x->text ? (float)x->link / (float)x->text : 0;
        x->score *= 1 - ld;
        if (x->score > bs) {
            bs = x->score;
            best = i;
        }
    }
    if (!best)
        return 0;
    /* Readability: when several good candidates share an ancestor, the
     * ancestor is the article (paragraphs split across sibling divs). */
    size_t alts[8], na = 0;
    for (size_t i = 0; i < t->n.n && na < 8; i++)
        if (i != best && (t->n.v[i].flags & F_CANDIDATE) && t->n.v[i].score >= bs * 0.75f)
            alts[na++] = i;
    if (na >= 3) {
        for (int32_t p = t->n.v[best].parent; p > 0 && t->n.v[p].tag != GUMBO_TAG_BODY;
             p = t->n.v[p].parent) {
            size_t hits = 0;
            for (size_t k = 0; k < na; k++)
                if (alts[k] > (size_t)p && alts[k] < t->n.v[p].end)
                    hits++;
            if (hits >= 3) {
                best = (size_t)p;
                break;
            }
        }
    }
    /* Go up while the parent scores better than a third of the child and
     * the child is its only substantial content. */
    for (;;) {
        int32_t p = t->n.v[best].parent;
        if (p <= 0 || t->n.v[p].tag == GUMBO_TAG_BODY || t->n.v[p].tag == GUMBO_TAG_HTML)
            break;
        if (t->n.v[p].text > t->n.v[best].text + t->n.v[best].text / 10 + 40)
            break;
        best = (size_t)p;
    }
    return best;
}

/* ---- cleaning inside the container ---------------------------------------------- */

static void clean_container(xtree *t, size_t top, uint32_t top_text)
{
    for (size_t i = top + 1; i < t->n.v[top].end; i++) {
        xnode *x = &t->n.v[i];
        if (x->flags & F_TEXT)
            continue;
        if (x->flags & F_REMOVED) {
            i = x->end - 1;
            continue;
        }
        bool big = x->text * 10 >= top_text * 4 && top_text > 0;
        float ld = x->text ? (float)x->link / (float)x->text : 0;
        bool drop = false;
        if ((x->flags & F_DROP) && !big)
            drop = true;
        else if ((x->flags & F_NEG) && !(x->flags & F_POS) && !big &&
                 x->tag != GUMBO_TAG_P && x->commas < 10)
            drop = true;
        else if (x->tag == GUMBO_TAG_HEADER && !big)
            drop = true;
        else if ((x->tag == GUMBO_TAG_UL || x->tag == GUMBO_TAG_OL || x->tag == GUMBO_TAG_DIV ||
                  x->tag == GUMBO_TAG_SECTION || x->tag == GUMBO_TAG_TABLE ||
                  x->tag == GUMBO_TAG_FORM || x->tag == GUMBO_TAG_DL) &&
                 x->text > 0 && !big) {
            if (ld > 0.5f)
                drop = true;
            else if (x->commas < 10 && ld > 0.25f && !(x->flags & F_POS) &&
                     x->tag != GUMBO_TAG_UL && x->tag != GUMBO_TAG_OL)
                drop = true;
        } else if ((x->tag == GUMBO_TAG_P || x->tag == GUMBO_TAG_LI) && ld > 0.8f &&
                   x->text < 200)
            drop = true;
        if (drop) {
            x->flags |= F_REMOVED;
            i = x->end - 1;
        }
    }
}

/* ---- emission ------------------------------------------------------------------- */

typedef struct emitter {
    const cred__page *pg;
    cred__tbuf *out;
    cred__edits *ed;
    bool need_break; /* a block ended: next text starts a paragraph */
    bool need_line;  /* a <br>: next text starts a line */
    size_t para_start; /* out->n where the current paragraph began */
    size_t chars;       /* emitted visible characters */
    size_t paras;
    size_t sep_at;      /* out->n before the current paragraph's separator */
    bool sep;           /* the current paragraph has a separator before it */
    size_t p_chars, p_links; /* the current paragraph's text and link text */
    size_t p_time;           /* ... and text inside <time> */
    const struct cred__htmldata *h;
} emitter;

/* Ends the current paragraph.  One that is nearly all link text - a tag
 * list, "Read more: ...", a row of share links - is taken back out
 * (benchmark page "calendario-stock-car": "Tags" and a list of tag links
 * inside the articleBody element). */
static void em_close(emitter *em)
{
    const cred__tbuf *o = em->out;
    bool drop = em->p_chars && em->p_links * 10 >= em->p_chars * 8;
    /* A short line that is mostly a <time>: "Updated: 18 Nov 2019" (benchmark
     * page "hunter-diagnosed-bubonic-plague"). */
    if (em->p_chars && em->p_chars < 80 && em->p_time * 2 >= em->p_chars)
        drop = true;
    /* A paragraph that is only an ad label ("Advert", data/html/labels.tsv;
     * benchmark page "bike-style-book-soundtrack-review"). */
    if (!drop && em->p_chars && em->p_chars <= 64 && o->n > em->para_start) {
        size_t a = em->para_start, b = o->n;
        while (a < b && o->p[a] == ' ')
            a++;
        while (b > a && o->p[b - 1] == ' ')
            b--;
        for (size_t i = 0; i < em->h->labels.n && !drop; i++) {
            cred_str l = em->h->labels.v[i];
            drop = l.n == b - a && !strncasecmp(o->p + a, l.p, l.n);
        }
    }
    if (drop) {
        em->out->n = em->sep_at;
        if (em->out->p)
            em->out->p[em->out->n] = 0;
        em->chars -= em->p_chars;
        if (em->sep)
            em->paras--;
        em->para_start = em->out->n;
    }
    em->p_chars = em->p_links = em->p_time = 0;
    em->sep = false;
}

static void em_break(emitter *em)
{
    em->need_break = true;
}

static bool only_space(const cred__tbuf *t, size_t from)
{
    for (size_t i = from; i < t->n; i++)
        if (t->p[i] != ' ')
            return false;
    return true;
}

static void em_text(emitter *em, const xnode *x)
{
    const GumboText *tx = &x->g->v.text;
    size_t dn = strlen(tx->text);
    if (!dn)
        return;
    cred__tbuf *o = em->out;
    if (em->need_break || em->need_line) {
        bool ws = true;
        for (size_t i = 0; i < dn && ws; i++)
            ws = tx->text[i] == ' ' || tx->text[i] == '\n' || tx->text[i] == '\t' ||
                 tx->text[i] == '\r' || tx->text[i] == '\f';
        if (ws)
            return;
        if (em->need_break) {
            em_close(em);
            em->sep_at = o->n;
        }
        if (o->n && !only_space(o, em->para_start)) {
            uint32_t a = cred__tbuf_oe(o, o->n - 1);
            if (em->need_break) {
                cred__tbuf_put(o, "\n\n", 2, a, a);
                em->paras++;
                em->sep = true;
            } else {
                cred__tbuf_put(o, "\n", 1, a, a);
            }
        }
        if (em->need_break)
            em->para_start = o->n;
        em->need_break = em->need_line = false;
    }
    cred__page_text(em->pg, tx->text, dn, tx->original_text.data, tx->original_text.length,
                    (x->flags & F_IN_PRE) != 0, o, em->ed);
    em->chars += x->text;
    em->p_chars += x->text;
    em->p_links += x->link;
    if (x->flags & F_IN_TIME)
        em->p_time += x->text;
}

static void emit_range(emitter *em, const xtree *t, size_t top, int32_t skip_h1_like)
{
    /* iterative walk with a stack of open block ends */
    CRED__VEC(uint32_t) ends = {0};
    size_t end = t->n.v[top].end;
    for (size_t i = top; i < end; i++) {
        while (ends.n && i >= ends.v[ends.n - 1]) {
            ends.n--;
            em_break(em);
        }
        const xnode *x = &t->n.v[i];
        if (x->flags & F_TEXT) {
            em_text(em, x);
            continue;
        }
        if ((x->flags & F_REMOVED) || (int32_t)i == skip_h1_like) {
            i = x->end - 1;
            continue;
        }
        if (x->tag == GUMBO_TAG_BR) {
            em->need_line = true;
            continue;
        }
        if (x->flags & F_BLOCK) {
            em_break(em);
            if (!CRED__VEC_PUSH(ends, x->end)) {
                em->out->oom = true;
                break;
            }
        } else if (x->tag == GUMBO_TAG_TD || x->tag == GUMBO_TAG_TH) {
            em->need_line = true;
        }
    }
    em_break(em);
    free(ends.v);
}

/* The next letter or digit of s (lower-cased), advancing *i; 0 at the end. */
static int32_t next_alnum(const char *s, size_t n, size_t *i)
{
    while (*i < n) {
        int32_t cp;
        size_t l = cred__utf8_decode((const unsigned char *)s + *i, n - *i, &cp);
        if (!l) {
            (*i)++;
            continue;
        }
        *i += l;
        utf8proc_category_t c = utf8proc_category(cp);
        if ((c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
            (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO))
            return utf8proc_tolower(cp);
    }
    return 0;
}

/* Whether two strings have the same letters and digits, case, spacing and
 * punctuation aside ("Ama..." and "Ama…"). */
static bool same_words(const char *a, const char *b)
{
    size_t i = 0, j = 0, na = strlen(a), nb = strlen(b);
    for (;;) {
        int32_t x = next_alnum(a, na, &i), y = next_alnum(b, nb, &j);
        if (x != y)
            return false;
        if (!x)
            return true;
    }
}

static void node_text(const xtree *t, size_t i, cred__buf *b)
{
    for (size_t k = i; k < t->n.v[i].end; k++)
        if (t->n.v[k].flags & F_TEXT) {
            cred__buf_puts(b, t->n.v[k].g->v.text.text);
            cred__buf_putc(b, ' ');
        }
}

/* Makes origins non-decreasing (the pipeline relies on it); gumbo may move
 * text (foster parenting out of tables) so document order can differ from
 * source order. */
static void monotone(cred__tbuf *o) { cred__tbuf_monotone(o); }

static size_t find_tag(const xtree *t, GumboTag tag, size_t *count, size_t *most)
{
    size_t first = 0;
    *count = 0;
    *most = 0;
    uint32_t best = 0;
    for (size_t i = 0; i < t->n.n; i++)
        if (!(t->n.v[i].flags & F_TEXT) && t->n.v[i].tag == tag) {
            if (!first)
                first = i;
            (*count)++;
            if (t->n.v[i].text > best) {
                best = t->n.v[i].text;
                *most = i;
            }
        }
    return first;
}

bool cred__html_extract(const cred_ctx *ctx, const cred__page *pg, cred__html_meta *m,
                        cred__tbuf *out, cred__edits *ed)
{
    xtree t = {0};
    flatten(ctx, pg->g->root, &t);
    if (t.oom) {
        free(t.n.v);
        return false;
    }
    size_t body = t.body ? t.body : 0;
    uint32_t page_text = t.n.v[body].text;
    size_t top = 0;
    const char *how = NULL;

    /* 1. JSON-LD articleBody */
    if (m->jsonld_body && strlen(m->jsonld_body) >= 200) {
        top = jsonld_container(&t, m->jsonld_body);
        /* A JSON-LD body that is only a teaser matches one paragraph: the
         * article is that paragraph's container (benchmark page
         * "most-detailed-universe-simulation"). */
        while (top && t.n.v[top].parent > 0 &&
               (scorable(&t.n.v[top]) || !(t.n.v[top].flags & F_BLOCK)))
            top = (size_t)t.n.v[top].parent;
        if (top)
            how = "json-ld";
    }
    /* 2. itemprop=articleBody */
    for (size_t i = 0; i < t.n.n && !top; i++) {
        const xnode *x = &t.n.v[i];
        if (x->flags & F_TEXT)
            continue;
        const char *ip = attr(&x->g->v.element, "itemprop", NULL);
        if (ip && icontains(ip, "articlebody") && x->text >= 200) {
            top = i, how = "articlebody";
            m->has_articlebody = true;
        }
    }
    /* 3. one <article> holding most of the paragraph text */
    size_t n_art, most_art;
    find_tag(&t, GUMBO_TAG_ARTICLE, &n_art, &most_art);
    m->has_article_tag = n_art > 0;
    if (!top && n_art > 1 && m->title) {
        /* Several <article>s (the story and teasers of others): the one
         * whose heading is the page's title, if any (benchmark page
         * "quem-se-ama": a longer teaser article follows the story). */
        for (size_t i = 0; i < t.n.n && !top; i++) {
            const xnode *x = &t.n.v[i];
            if ((x->flags & F_TEXT) || x->tag != GUMBO_TAG_ARTICLE || x->text < 250)
                continue;
            for (size_t k = i + 1; k < x->end && !top; k++) {
                const xnode *h = &t.n.v[k];
                if ((h->flags & F_TEXT) || (h->tag != GUMBO_TAG_H1 && h->tag != GUMBO_TAG_H2))
                    continue;
                cred__buf b = {0};
                node_text(&t, k, &b);
                if (b.p && same_words(b.p, m->title))
                    top = i, how = "article";
                cred__buf_free(&b);
            }
        }
    }
    if (!top && n_art && t.n.v[most_art].text >= 500 &&
        t.n.v[most_art].paras * 2 >= t.n.v[body].paras && t.n.v[most_art].paras >= 2) {
        top = most_art, how = "article";
    }
    /* 4. scoring, with readability's retries */
    bool strip_unlikely = true, use_classes = true;
    uint32_t top_text = top ? t.n.v[top].text : 0;
    for (int attempt = 0; !top && attempt < 3; attempt++) {
        for (size_t i = 0; i < t.n.n; i++)
            t.n.v[i].flags &= ~(uint32_t)F_REMOVED;
        if (strip_unlikely)
            for (size_t i = 0; i < t.n.n; i++) {
                xnode *x = &t.n.v[i];
                if ((x->flags & F_UNLIKELY) && !(x->flags & (F_MAYBE | F_POS | F_TEXT)) &&
                    x->tag != GUMBO_TAG_BODY && x->tag != GUMBO_TAG_A &&
                    x->tag != GUMBO_TAG_ARTICLE && x->tag != GUMBO_TAG_MAIN &&
                    x->text * 2 < page_text) {
                    x->flags |= F_REMOVED;
                    i = x->end - 1;
                }
            }
        size_t cand = score_tree(&t, use_classes);
        if (cand) {
            /* Text the candidate keeps once removed subtrees are taken out. */
            uint32_t kept = t.n.v[cand].text;
            for (size_t i = cand + 1; i < t.n.v[cand].end; i++)
                if (t.n.v[i].flags & F_REMOVED) {
                    kept -= t.n.v[i].text;
                    i = t.n.v[i].end - 1;
                }
            if (kept >= 250 || attempt == 2) {
                top = cand, how = "scored";
                break;
            }
        }
        if (strip_unlikely)
            strip_unlikely = false;
        else
            use_classes = false;
    }
    if (!top) {
        top = body;
        how = "whole-page";
    }
    if (!removed_above(&t, top))
        top_text = t.n.v[top].text;
    if (top_text == 0)
        top_text = 1;

    /* Siblings that belong to the article (readability). */
    CRED__VEC(size_t) parts = {0};
    CRED__VEC_PUSH(parts, top);
    if (!strcmp(how, "scored") && t.n.v[top].parent > 0) {
        int32_t par = t.n.v[top].parent;
        float thr = fmaxf(10, t.n.v[top].score * 0.2f);
        for (size_t i = (size_t)par + 1; i < t.n.v[par].end; i = t.n.v[i].end) {
            if (i == top)
                continue;
            xnode *s = &t.n.v[i];
            if ((s->flags & (F_REMOVED | F_TEXT)))
                continue;
            float ld = s->text ? (float)s->link / (float)s->text : 1;
            bool take = false;
            if ((s->flags & F_CANDIDATE) && s->score >= thr)
                take = true;
            else if (s->tag == GUMBO_TAG_P && s->text > 80 && ld < 0.25f)
                take = true;
            if (take && !CRED__VEC_PUSH(parts, i))
                t.oom = true;
        }
    }
    if (strcmp(how, "whole-page") && strcmp(how, "json-ld")) {
        /* Twins: an article body split into several elements (benchmark
         * page "tuft-cells-that-taste-danger": the story runs through three
         * "post__content" divs with figures between them, and the first
         * sits deeper than the others).  The element that holds most of
         * the winner's paragraphs is found; link-poor elements elsewhere
         * with the same tag and class join the article. */
        size_t holder = 0;
        uint32_t best_pt = 0;
        /* paragraph text per parent, summed in one pass (a 10 MB page of
         * 150,000 sibling paragraphs must stay linear: hostile test) */
        uint32_t *pt = calloc(t.n.n, sizeof *pt);
        for (size_t i = top + 1; pt && i < t.n.v[top].end; i++) {
            const xnode *x = &t.n.v[i];
            if (!scorable(x) || x->text < 25 || x->parent < 0)
                continue;
            pt[x->parent] += x->text;
            if (pt[x->parent] > best_pt)
                best_pt = pt[x->parent], holder = (size_t)x->parent;
            i = x->end - 1;
        }
        free(pt);
        size_t cl_n = 0;
        const char *cl = holder ? attr(&t.n.v[holder].g->v.element, "class", &cl_n) : NULL;
        for (size_t i = 1; cl && cl_n && i < t.n.n && parts.n < 64; i++) {
            xnode *s2 = &t.n.v[i];
            if (i == holder || (s2->flags & (F_TEXT | F_REMOVED)) ||
                s2->tag != t.n.v[holder].tag)
                continue;
            bool dup = false;
            for (size_t k = 0; k < parts.n && !dup; k++)
                dup = (i >= parts.v[k] && i < t.n.v[parts.v[k]].end) ||
                      (parts.v[k] >= i && parts.v[k] < s2->end);
            size_t n2 = 0;
            const char *c2 = dup ? NULL : attr(&s2->g->v.element, "class", &n2);
            float ld = s2->text ? (float)s2->link / (float)s2->text : 1;
            if (c2 && n2 == cl_n && !memcmp(c2, cl, n2) && ld < 0.25f && s2->text >= 100 &&
                !removed_above(&t, i)) {
                if (!CRED__VEC_PUSH(parts, i))
                    t.oom = true;
                i = s2->end - 1;
            }
        }
    }
    /* keep document order */
    for (size_t a = 1; a < parts.n; a++)
        for (size_t b = a; b > 0 && parts.v[b - 1] > parts.v[b]; b--) {
            size_t tmp = parts.v[b];
            parts.v[b] = parts.v[b - 1];
            parts.v[b - 1] = tmp;
        }
    for (size_t k = 0; k < parts.n; k++)
        clean_container(&t, parts.v[k], top_text);

    /* An h1 repeating the title is dropped from the body. */
    int32_t skip_h1 = -1;
    for (size_t i = top; i < t.n.v[top].end && m->title; i++)
        if (!(t.n.v[i].flags & F_TEXT) && t.n.v[i].tag == GUMBO_TAG_H1) {
            cred__buf b = {0};
            node_text(&t, i, &b);
            if (b.p && same_words(b.p, m->title))
                skip_h1 = (int32_t)i;
            cred__buf_free(&b);
            break;
        }

    /* Title line, then the body. */
    if (m->title_text.n) {
        cred__tbuf_copy(out, &m->title_text, 0, m->title_text.n);
        monotone(out);
    }
    emitter em = {pg, out, ed, true, false, 0, 0, 0, out->n, false, 0, 0, 0, ctx->html};
    size_t body_start = out->n;
    for (size_t k = 0; k < parts.n; k++)
        emit_range(&em, &t, parts.v[k], skip_h1);
    em_close(&em);
    (void)body_start;
    monotone(out);

    /* Facts for the article score. */
    m->extraction = how;
    m->body_chars = em.chars;
    m->body_paragraphs = em.paras + (em.chars > 0);
    uint32_t links = 0;
    for (size_t k = 0; k < parts.n; k++)
        links += t.n.v[parts.v[k]].link;
    m->body_links_chars = links;
    size_t close = 0;
    for (size_t i = 0; i < t.n.n; i++)
        if ((t.n.v[i].flags & F_CANDIDATE) && t.n.v[top].score > 0 &&
            t.n.v[i].score >= t.n.v[top].score * 0.8f && (i < top || i >= t.n.v[top].end) &&
            (size_t)t.n.v[top].parent != i)
            close++;
    m->n_candidates_close = close;
    for (size_t i = 0; i < t.n.n; i++)
        if (!(t.n.v[i].flags & F_TEXT) && t.n.v[i].tag == GUMBO_TAG_TIME)
            m->has_time = true;
    bool ok = !t.oom && !out->oom;
    free(parts.v);
    free(t.n.v);
    return ok;
}
