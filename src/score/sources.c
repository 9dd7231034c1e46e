/*
 * sources.c - outlet reputation: URL -> outlet key, reputation tables, and
 * the importers for the public MBFC and OpenSources lists.
 *
 * What it does: normalizes URLs and list keys to one form ("host[/path]",
 * lower-case, no scheme/www./port/trailing dot/query/fragment), keeps a
 * table sorted by key (lookups are binary searches), merges repeated keys,
 * and reads three formats: our own TSV (docs/sources.md), MBFC's corpus.tsv
 * and OpenSources' sources.json / sources.csv.
 *
 * The context's built-in table is our hand-written list merged with the
 * committed OpenSources import, our list winning (cred__outlets_load).
 *
 * What it does not: no network, no IDN/punycode conversion (a key is
 * matched as written, so "bücher.de" and "xn--bcher-kva.de" are different
 * outlets), no public-suffix list.  Parent-domain matching stops at two
 * labels ("news.bbc.co.uk" tries "bbc.co.uk", then "co.uk" is not tried),
 * which is wrong only for hosts under multi-label public suffixes whose
 * registrable part is itself not in the table - such an outlet stays
 * unknown, never wrongly known.
 *
 * Why this way: the public lists are small (hundreds to a few thousand
 * outlets), so a sorted array beats a hash table on simplicity and gives a
 * stable, diffable TSV.  OpenSources' JSON repeats keys (amren.com,
 * empirenews.net, ...; a JSON parser would silently keep the last value),
 * so its JSON is read by a small scanner of our own that sees every
 * occurrence and merges them.  Its labels are dirty ("fake ", "Conspiracy",
 * "unrealiable", "satirical"); cred_src_type_parse maps them.
 */
#include "internal.h"
#include "score/score_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct entry {
    cred_outlet pub;
    char *key, *bias, *origin; /* owned; pub points at them */
} entry;

struct cred_outlets {
    CRED__VEC(entry) e;
    bool sorted;
};

/* ---- names ------------------------------------------------------------ */

static const char *const type_names[CRED_SRC__COUNT] = {
    "reliable", "wire",  "broadcaster", "satire", "fake",   "conspiracy", "junksci",
    "clickbait", "unreliable", "bias", "hate", "political", "rumor", "state"};

const char *cred_fact_name(cred_fact f)
{
    switch (f) {
    case CRED_FACT_HIGH: return "high";
    case CRED_FACT_MIXED: return "mixed";
    case CRED_FACT_LOW: return "low";
    default: return "unknown";
    }
}

const char *cred_src_type_name(unsigned bit)
{
    for (unsigned i = 0; i < CRED_SRC__COUNT; i++)
        if (bit == 1u << i)
            return type_names[i];
    return NULL;
}

static cred_str trim(cred_str s)
{
    while (s.n && isspace((unsigned char)s.p[0]))
        s.p++, s.n--;
    while (s.n && isspace((unsigned char)s.p[s.n - 1]))
        s.n--;
    return s;
}

static bool ieq(cred_str s, const char *w)
{
    size_t n = strlen(w);
    if (s.n != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)s.p[i]) != w[i])
            return false;
    return true;
}

unsigned cred_src_type_parse(cred_str label)
{
    /* Misspellings and variants seen in OpenSources (tests/unit/test_score_sources.c
     * "dirty_labels"): trailing spaces, capitals, "unrealiable", "fake news",
     * "satirical", "junk science". */
    static const struct { const char *w; unsigned bit; } alias[] = {
        {"unrealiable", CRED_SRC_UNRELIABLE}, {"fake news", CRED_SRC_FAKE},
        {"satirical", CRED_SRC_SATIRE},       {"junk science", CRED_SRC_JUNKSCI},
        {"junk-science", CRED_SRC_JUNKSCI},   {"conspiracy theory", CRED_SRC_CONSPIRACY},
        {"state media", CRED_SRC_STATE},      {"wire service", CRED_SRC_WIRE},
        {"public broadcaster", CRED_SRC_BROADCASTER}};
    label = trim(label);
    if (!label.n)
        return 0;
    for (unsigned i = 0; i < CRED_SRC__COUNT; i++)
        if (ieq(label, type_names[i]))
            return 1u << i;
    for (size_t i = 0; i < sizeof alias / sizeof *alias; i++)
        if (ieq(label, alias[i].w))
            return alias[i].bit;
    return 0;
}

static cred_fact fact_parse(cred_str s)
{
    s = trim(s);
    if (ieq(s, "high") || ieq(s, "very high"))
        return CRED_FACT_HIGH;
    if (ieq(s, "mixed") || ieq(s, "mostly factual"))
        return CRED_FACT_MIXED;
    if (ieq(s, "low") || ieq(s, "very low"))
        return CRED_FACT_LOW;
    return CRED_FACT_UNKNOWN;
}

/* ---- URL -> outlet key --------------------------------------------------- */

cred_status cred_url_outlet(cred_str url, char *out, size_t cap, cred_error *err)
{
    cred_str s = trim(url);
    if (!cap)
        return cred__err(err, CRED_EINVAL, "no room for the outlet key");
    out[0] = 0;
    /* scheme */
    for (size_t i = 0; i + 2 < s.n; i++) {
        char c = s.p[i];
        if (c == ':' && s.p[i + 1] == '/' && s.p[i + 2] == '/') {
            s.p += i + 3, s.n -= i + 3;
            break;
        }
        if (!(isalnum((unsigned char)c) || c == '+' || c == '-' || c == '.'))
            break;
    }
    if (s.n >= 2 && s.p[0] == '/' && s.p[1] == '/') /* scheme-relative */
        s.p += 2, s.n -= 2;
    /* authority ends at / ? # */
    size_t a = 0;
    while (a < s.n && s.p[a] != '/' && s.p[a] != '?' && s.p[a] != '#')
        a++;
    cred_str host = {s.p, a};
    /* userinfo ends at the LAST '@' ("user@evil.example@" has no host, not
     * the host "evil.example@": fuzz_outlets, issue 13 D6) */
    for (size_t i = host.n; i > 0; i--)
        if (host.p[i - 1] == '@') {
            host.p += i, host.n -= i;
            break;
        }
    const char *colon = memchr(host.p, ':', host.n); /* port */
    if (colon)
        host.n = (size_t)(colon - host.p);
    /* every leading "www." / "www2." and trailing dot, so that a key
     * normalizes to itself ("www.www.a.com": issue 13 D21) */
    for (size_t before = SIZE_MAX; before != host.n;) {
        before = host.n;
        while (host.n && host.p[host.n - 1] == '.')
            host.n--;
        if (host.n >= 4 && ieq((cred_str){host.p, 4}, "www."))
            host.p += 4, host.n -= 4;
        else if (host.n >= 5 && tolower((unsigned char)host.p[0]) == 'w' &&
                 tolower((unsigned char)host.p[1]) == 'w' &&
                 tolower((unsigned char)host.p[2]) == 'w' && isdigit((unsigned char)host.p[3]) &&
                 host.p[4] == '.') /* www2. */
            host.p += 5, host.n -= 5;
    }
    if (!host.n)
        return cred__err(err, CRED_EINVAL, "'%.*s' has no host name",
                         (int)(url.n > 200 ? 200 : url.n), url.p ? url.p : "");
    for (size_t i = 0; i < host.n; i++) {
        unsigned char c = (unsigned char)host.p[i];
        int32_t cp;
        size_t k = c < 0x80 ? 1 : cred__utf8_decode((const unsigned char *)host.p + i,
                                                     host.n - i, &cp);
        /* not UTF-8 (a Latin-1 byte in a list): no key can be made of it
         * (issue 13: the fuzz_outlets finding) */
        if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == 0x7F || !k)
            return cred__err(err, CRED_EINVAL, "'%.*s': bad character in host name",
                             (int)(url.n > 200 ? 200 : url.n), url.p);
        i += k - 1;
    }
    /* path up to ? or # or a space or control character (a TAB or newline
     * in a key would corrupt the TSV table it is written to: issue 13 D6) */
    size_t pe = a;
    while (pe < s.n && s.p[pe] != '?' && s.p[pe] != '#' && (unsigned char)s.p[pe] > ' ' &&
           s.p[pe] != 0x7F)
        pe++;
    /* the path stops at a byte that is not UTF-8 */
    for (size_t i = a; i < pe; i++) {
        int32_t cp;
        size_t k = (unsigned char)s.p[i] < 0x80
                       ? 1
                       : cred__utf8_decode((const unsigned char *)s.p + i, pe - i, &cp);
        if (!k) {
            pe = i;
            break;
        }
        i += k - 1;
    }
    cred_str path = {s.p + a, pe - a};
    while (path.n && path.p[path.n - 1] == '/')
        path.n--;
    size_t k = 0;
    for (size_t i = 0; i < host.n && k + 1 < cap; i++)
        out[k++] = (char)tolower((unsigned char)host.p[i]);
    for (size_t i = 0; i < path.n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)path.p[i];
        if (c == '/' && k && out[k - 1] == '/')
            continue; /* "//" in a path */
        out[k++] = (char)tolower(c);
    }
    /* cut at the capacity: never inside a UTF-8 sequence */
    if (k + 1 >= cap) {
        size_t e = k;
        while (e && ((unsigned char)out[e - 1] & 0xC0) == 0x80)
            e--;
        if (e && (unsigned char)out[e - 1] >= 0xC0) {
            int32_t cp;
            if (!cred__utf8_decode((const unsigned char *)out + e - 1, k - e + 1, &cp))
                k = e - 1;
        }
    }
    out[k] = 0;
    return CRED_OK;
}

/* ---- the table ------------------------------------------------------------ */

cred_outlets *cred_outlets_new(void) { return calloc(1, sizeof(cred_outlets)); }

void cred_outlets_free(cred_outlets *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->e.n; i++) {
        free(t->e.v[i].key);
        free(t->e.v[i].bias);
        free(t->e.v[i].origin);
    }
    free(t->e.v);
    free(t);
}

/* Origin lists are joined with '+' without repeats ("mbfc+opensources"). */
static bool add_origin(entry *e, const char *origin)
{
    size_t on = strlen(origin), n = strlen(e->origin);
    const char *p = e->origin;
    while (*p) {
        const char *q = strchr(p, '+');
        size_t len = q ? (size_t)(q - p) : strlen(p);
        if (len == on && !memcmp(p, origin, on))
            return true;
        p += len + (q ? 1 : 0);
    }
    char *s = malloc(n + on + 2);
    if (!s)
        return false;
    memcpy(s, e->origin, n);
    s[n] = '+';
    memcpy(s + n + 1, origin, on + 1);
    free(e->origin);
    e->origin = s;
    return true;
}

/* Sorts and merges entries with equal keys (later entries win their known
 * fields).  Stable sort needed: qsort is not, so ties are resolved by index. */
typedef struct idx_entry {
    entry e;
    size_t i;
} idx_entry;
static int idx_cmp(const void *a, const void *b)
{
    const idx_entry *x = a, *y = b;
    int c = strcmp(x->e.key, y->e.key);
    return c ? c : (x->i < y->i ? -1 : x->i > y->i);
}

static bool table_finish(cred_outlets *t)
{
    if (t->sorted)
        return true;
    size_t n = t->e.n;
    idx_entry *tmp = malloc((n ? n : 1) * sizeof *tmp);
    if (!tmp)
        return false;
    for (size_t i = 0; i < n; i++)
        tmp[i] = (idx_entry){t->e.v[i], i};
    qsort(tmp, n, sizeof *tmp, idx_cmp);
    size_t k = 0;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        entry *cur = &tmp[i].e;
        if (k && !strcmp(t->e.v[k - 1].key, cur->key)) {
            entry *m = &t->e.v[k - 1];
            m->pub.types |= cur->pub.types;
            if (cur->pub.fact != CRED_FACT_UNKNOWN)
                m->pub.fact = cur->pub.fact;
            if (cur->bias[0]) {
                free(m->bias);
                m->bias = cur->bias;
                cur->bias = NULL;
            }
            ok = ok && add_origin(m, cur->origin);
            free(cur->key);
            free(cur->bias);
            free(cur->origin);
        } else {
            t->e.v[k++] = *cur;
        }
    }
    free(tmp);
    t->e.n = k;
    for (size_t i = 0; i < k; i++) {
        entry *e = &t->e.v[i];
        e->pub.key = e->key;
        e->pub.bias = e->bias;
        e->pub.origin = e->origin;
    }
    t->sorted = true;
    return ok;
}

size_t cred_outlets_count(const cred_outlets *t) { return t ? t->e.n : 0; }

const cred_outlet *cred_outlets_at(const cred_outlets *t, size_t i)
{
    return t && i < t->e.n ? &t->e.v[i].pub : NULL;
}

/* Adds one entry; the key is normalized here.  Returns false on OOM only;
 * a key with no host is reported through *bad. */
static bool table_add(cred_outlets *t, cred_str key, cred_fact fact, unsigned types,
                      cred_str bias, const char *origin, bool *bad)
{
    char k[512];
    *bad = false;
    if (cred_url_outlet(key, k, sizeof k, NULL)) {
        *bad = true;
        return true;
    }
    entry e = {0};
    e.pub.fact = fact;
    e.pub.types = types;
    bias = trim(bias);
    /* A bias is a short label ("left-center"): only letters, digits, space,
     * '-', '_', '.' and '/' are kept, at most 40 bytes, so an imported list
     * can put no TAB, newline or control character into the table or a
     * report (issue 13: D6, the fuzz_outlets finding). */
    char bb[41];
    size_t bn = 0;
    for (size_t i = 0; i < bias.n && bn < sizeof bb - 1; i++) {
        unsigned char c = (unsigned char)bias.p[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == ' ' || c == '-' || c == '_' || c == '.' || c == '/')
            bb[bn++] = (char)c;
    }
    while (bn && bb[bn - 1] == ' ') /* the cut may end on a space: trim it */
        bn--;
    bb[bn] = 0;
    size_t lead = 0; /* and a dropped character may leave one in front */
    while (lead < bn && bb[lead] == ' ')
        lead++;
    memmove(bb, bb + lead, bn - lead + 1);
    bn -= lead;
    if (!strcmp(bb, "-")) /* "-" means "not stated" in our TSV: store it as "" */
        bb[bn = 0] = 0;
    /* the origin names the lists an entry came from ("opensources+mbfc"):
     * the same rule as the bias */
    char ob[64];
    size_t on = 0;
    for (const char *q = origin; *q && on < sizeof ob - 1; q++) {
        unsigned char c = (unsigned char)*q;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '+' || c == '-' || c == '_' || c == '.')
            ob[on++] = (char)c;
    }
    ob[on] = 0;
    e.key = cred__strndup(k, strlen(k));
    e.bias = cred__strndup(bb, bn);
    e.origin = cred__strndup(on ? ob : "unknown", on ? on : 7);
    if (!e.key || !e.bias || !e.origin || !CRED__VEC_PUSH(t->e, e)) {
        free(e.key);
        free(e.bias);
        free(e.origin);
        return false;
    }
    t->sorted = false;
    return true;
}

/* ---- our TSV -------------------------------------------------------------- */

/* key TAB fact TAB types(comma-separated) TAB bias TAB origin */
cred_status cred_outlets_load(cred_outlets *t, const char *data, size_t n, const char *name,
                              cred_error *err)
{
    cred__lines it;
    cred__lines_init(&it, (cred_str){data, n});
    cred_str line;
    while (cred__lines_next(&it, &line)) {
        cred_str f[6];
        size_t nf = cred__split_tabs(line, f, 6);
        if (nf < 3 || nf > 5)
            return cred__err(err, CRED_EFORMAT,
                             "%s:%zu: expected 3 to 5 tab-separated fields "
                             "(key, factuality, types[, bias[, origin]]), got %zu",
                             name, it.line, nf);
        cred_fact fact = fact_parse(f[1]);
        if (fact == CRED_FACT_UNKNOWN && !ieq(trim(f[1]), "unknown") && trim(f[1]).n &&
            !ieq(trim(f[1]), "-"))
            return cred__err(err, CRED_EFORMAT,
                             "%s:%zu: factuality '%.*s' is not high, mixed, low or unknown",
                             name, it.line, (int)(f[1].n > 40 ? 40 : f[1].n), f[1].p);
        unsigned types = 0;
        cred_str ty = trim(f[2]);
        size_t i = 0;
        while (i < ty.n && !ieq(ty, "-")) {
            size_t j = i;
            while (j < ty.n && ty.p[j] != ',')
                j++;
            cred_str one = trim((cred_str){ty.p + i, j - i});
            unsigned bit = cred_src_type_parse(one);
            if (!bit && one.n)
                return cred__err(err, CRED_EFORMAT, "%s:%zu: unknown outlet type '%.*s'", name,
                                 it.line, (int)(one.n > 40 ? 40 : one.n), one.p);
            types |= bit;
            i = j + 1;
        }
        cred_str bias = nf > 3 ? trim(f[3]) : (cred_str){"", 0};
        if (ieq(bias, "-"))
            bias.n = 0;
        char origin[64] = "local";
        if (nf > 4 && trim(f[4]).n) {
            cred_str o = trim(f[4]);
            snprintf(origin, sizeof origin, "%.*s", (int)(o.n > 63 ? 63 : o.n), o.p);
        }
        bool bad;
        if (!table_add(t, f[0], fact, types, bias, origin, &bad))
            return cred__err(err, CRED_ENOMEM, "out of memory");
        if (bad)
            return cred__err(err, CRED_EFORMAT, "%s:%zu: '%.*s' is not a domain or URL", name,
                             it.line, (int)(f[0].n > 80 ? 80 : f[0].n), f[0].p);
    }
    if (!table_finish(t))
        return cred__err(err, CRED_ENOMEM, "out of memory");
    return CRED_OK;
}

cred_status cred_outlets_to_tsv(const cred_outlets *tc, char **out, size_t *n, cred_error *err)
{
    cred_outlets *t = (cred_outlets *)tc; /* sorting does not change the contents */
    if (!table_finish(t))
        return cred__err(err, CRED_ENOMEM, "out of memory");
    cred__buf b = {0};
    cred__buf_puts(&b, "# credence outlet table (docs/sources.md)\n"
                       "# key\tfactuality\ttypes\tbias\torigin\n");
    for (size_t i = 0; i < t->e.n; i++) {
        const cred_outlet *s = &t->e.v[i].pub;
        cred__buf_printf(&b, "%s\t%s\t", s->key, cred_fact_name(s->fact));
        bool any = false;
        for (unsigned k = 0; k < CRED_SRC__COUNT; k++)
            if (s->types & (1u << k)) {
                cred__buf_printf(&b, "%s%s", any ? "," : "", type_names[k]);
                any = true;
            }
        if (!any)
            cred__buf_putc(&b, '-');
        cred__buf_printf(&b, "\t%s\t%s\n", s->bias[0] ? s->bias : "-", s->origin);
    }
    *out = cred__buf_take(&b, n);
    if (!*out)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    return CRED_OK;
}

/* ---- MBFC corpus.tsv --------------------------------------------------------- */

static cred_status import_mbfc(cred_outlets *t, const char *data, size_t n, const char *name,
                               size_t *added, cred_error *err)
{
    cred__lines it;
    cred__lines_init(&it, (cred_str){data, n});
    cred_str line;
    int c_url = -1, c_norm = -1, c_fact = -1, c_bias = -1;
    bool header = false;
    while (cred__lines_next(&it, &line)) {
        cred_str f[16];
        size_t nf = cred__split_tabs(line, f, 16);
        if (!header) {
            for (size_t i = 0; i < nf; i++) {
                cred_str h = trim(f[i]);
                if (ieq(h, "source_url"))
                    c_url = (int)i;
                else if (ieq(h, "source_url_normalized"))
                    c_norm = (int)i;
                else if (ieq(h, "fact"))
                    c_fact = (int)i;
                else if (ieq(h, "bias"))
                    c_bias = (int)i;
            }
            if ((c_url < 0 && c_norm < 0) || c_fact < 0)
                return cred__err(err, CRED_EFORMAT,
                                 "%s:%zu: not an MBFC corpus.tsv (the header needs "
                                 "source_url or source_url_normalized, and fact)",
                                 name, it.line);
            header = true;
            continue;
        }
        int kc = c_norm >= 0 && (size_t)c_norm < nf && trim(f[c_norm]).n ? c_norm : c_url;
        if (kc < 0 || (size_t)kc >= nf || (size_t)c_fact >= nf)
            return cred__err(err, CRED_EFORMAT, "%s:%zu: %zu fields, too few for the header",
                             name, it.line, nf);
        cred_fact fact = fact_parse(f[c_fact]);
        cred_str bias = c_bias >= 0 && (size_t)c_bias < nf ? f[c_bias] : (cred_str){"", 0};
        if (fact == CRED_FACT_UNKNOWN && !trim(bias).n)
            continue; /* nothing to say about this outlet */
        bool bad;
        if (!table_add(t, f[kc], fact, 0, bias, "mbfc", &bad))
            return cred__err(err, CRED_ENOMEM, "out of memory");
        if (!bad)
            (*added)++;
    }
    if (!header)
        return cred__err(err, CRED_EFORMAT, "%s: empty file", name);
    return CRED_OK;
}

/* ---- OpenSources CSV ------------------------------------------------------ */

/* Records are read by the library's one CSV reader (cred__csv_next, util.c). */

static cred_status os_add(cred_outlets *t, cred_str key, const cred_str *labels, size_t nl,
                          size_t *added, cred_error *err)
{
    unsigned types = 0;
    for (size_t i = 0; i < nl; i++)
        types |= cred_src_type_parse(labels[i]);
    if (!types || !trim(key).n)
        return CRED_OK;
    cred_fact fact = CRED_FACT_UNKNOWN;
    bool bad;
    if (!table_add(t, key, fact, types, (cred_str){"", 0}, "opensources", &bad))
        return cred__err(err, CRED_ENOMEM, "out of memory");
    if (!bad)
        (*added)++;
    return CRED_OK;
}

static cred_status import_os_csv(cred_outlets *t, const char *data, size_t n, const char *name,
                                 size_t *added, cred_error *err)
{
    cred__csv c;
    cred__csv_init(&c, data, n);
    cred__csvfields f = {0};
    size_t nf = 0;
    const char *why = NULL;
    cred_status st = CRED_OK;
    bool header = true;
    int ct[3] = {1, 2, 3};
    while (!st) {
        size_t line = c.line;
        int k = cred__csv_next(&c, &f, &nf, &why);
        if (k == 0)
            break;
        if (k < 0) {
            st = k == -2 ? cred__err(err, CRED_ENOMEM, "out of memory")
                         : cred__err(err, CRED_EFORMAT, "%s:%zu: %s", name, line, why);
            break;
        }
#define FIELD(i) ((cred_str){f.v[i].p ? f.v[i].p : "", f.v[i].n})
        if (header) {
            header = false;
            int h = 0;
            for (size_t i = 0; i < nf && h < 3; i++) {
                cred_str hs = trim(FIELD(i));
                if (ieq(hs, "type") || ieq(hs, "2nd type") || ieq(hs, "3rd type"))
                    ct[h++] = (int)i;
            }
            if (h == 0) {
                st = cred__err(err, CRED_EFORMAT,
                               "%s:%zu: not an OpenSources CSV (no 'type' column)", name,
                               line);
            }
            continue;
        }
        if (nf == 1 && f.v[0].n == 0)
            continue; /* blank line */
        cred_str key = FIELD(0);
        cred_str labels[3];
        size_t nl = 0;
        for (int j = 0; j < 3; j++)
            if ((size_t)ct[j] < nf)
                labels[nl++] = FIELD(ct[j]);
#undef FIELD
        st = os_add(t, key, labels, nl, added, err);
    }
    cred__csv_fields_free(&f);
    return st;
}

/* ---- OpenSources JSON ----------------------------------------------------- */

/* A scanner for {"domain": {"type": "...", ...}, ...} that keeps repeated
 * keys.  Values other than strings inside the inner objects are skipped. */
typedef struct js {
    const char *p, *end, *start;
    const char *name;
    cred_error *err;
} js;

static void ws(js *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static size_t js_line(const js *j)
{
    size_t l = 1;
    for (const char *q = j->start; q < j->p && q < j->end; q++)
        l += *q == '\n';
    return l;
}

static cred_status js_fail(js *j, const char *what)
{
    return cred__err(j->err, CRED_EFORMAT, "%s:%zu: %s", j->name, js_line(j), what);
}

/* Reads a JSON string into buf (escapes decoded). */
static cred_status js_string(js *j, cred__buf *buf)
{
    buf->n = 0;
    ws(j);
    if (j->p >= j->end || *j->p != '"')
        return js_fail(j, "expected a string");
    j->p++;
    while (j->p < j->end && *j->p != '"') {
        char c = *j->p++;
        if (c != '\\') {
            cred__buf_putc(buf, c);
            continue;
        }
        if (j->p >= j->end)
            break;
        c = *j->p++;
        switch (c) {
        case 'n': cred__buf_putc(buf, '\n'); break;
        case 't': cred__buf_putc(buf, '\t'); break;
        case 'r': cred__buf_putc(buf, '\r'); break;
        case 'b': case 'f': cred__buf_putc(buf, ' '); break;
        case 'u': {
            unsigned v = 0;
            for (int k = 0; k < 4; k++) {
                if (j->p >= j->end || !isxdigit((unsigned char)*j->p))
                    return js_fail(j, "bad \\u escape");
                char h = *j->p++;
                v = v * 16 + (unsigned)(isdigit((unsigned char)h) ? h - '0'
                                                                   : (tolower((unsigned char)h) - 'a' + 10));
            }
            cred__buf_put_utf8(buf, (v >= 0xD800 && v < 0xE000) ? 0xFFFD : (int32_t)v);
            break;
        }
        default: cred__buf_putc(buf, c);
        }
    }
    if (j->p >= j->end)
        return js_fail(j, "unterminated string");
    j->p++;
    cred__buf_putc(buf, 0);
    buf->n--;
    return buf->oom ? cred__err(j->err, CRED_ENOMEM, "out of memory") : CRED_OK;
}

/* Skips any JSON value (depth-limited). */
static cred_status js_skip(js *j, int depth)
{
    cred__buf tmp = {0};
    cred_status st = CRED_OK;
    ws(j);
    if (depth > 64)
        return js_fail(j, "nesting too deep");
    if (j->p >= j->end)
        return js_fail(j, "unexpected end of input");
    if (*j->p == '"') {
        st = js_string(j, &tmp);
    } else if (*j->p == '{' || *j->p == '[') {
        char close = *j->p == '{' ? '}' : ']';
        bool obj = close == '}';
        j->p++;
        ws(j);
        if (j->p < j->end && *j->p == close) {
            j->p++;
        } else {
            for (;;) {
                if (obj) {
                    if ((st = js_string(j, &tmp)))
                        break;
                    ws(j);
                    if (j->p >= j->end || *j->p != ':') {
                        st = js_fail(j, "expected ':'");
                        break;
                    }
                    j->p++;
                }
                if ((st = js_skip(j, depth + 1)))
                    break;
                ws(j);
                if (j->p < j->end && *j->p == ',') {
                    j->p++;
                    continue;
                }
                if (j->p < j->end && *j->p == close) {
                    j->p++;
                    break;
                }
                st = js_fail(j, "expected ',' or a closing bracket");
                break;
            }
        }
    } else {
        const char *s = j->p;
        while (j->p < j->end && (isalnum((unsigned char)*j->p) || *j->p == '-' ||
                                 *j->p == '+' || *j->p == '.'))
            j->p++;
        if (j->p == s)
            st = js_fail(j, "unexpected character");
    }
    cred__buf_free(&tmp);
    return st;
}

static cred_status import_os_json(cred_outlets *t, const char *data, size_t n, const char *name,
                                  size_t *added, cred_error *err)
{
    js j = {data, data + n, data, name, err};
    cred__buf key = {0}, k2 = {0}, val = {0};
    cred__buf labels = {0};
    cred_status st = CRED_OK;
    ws(&j);
    if (j.p >= j.end || *j.p != '{') {
        return js_fail(&j, "not an OpenSources JSON file (expected an object)");
    }
    j.p++;
    ws(&j);
    if (j.p < j.end && *j.p == '}')
        return CRED_OK;
    while (!st) {
        if ((st = js_string(&j, &key)))
            break;
        ws(&j);
        if (j.p >= j.end || *j.p != ':') {
            st = js_fail(&j, "expected ':'");
            break;
        }
        j.p++;
        ws(&j);
        if (j.p < j.end && *j.p == '{') {
            j.p++;
            cred_str lab[3];
            size_t nl = 0;
            labels.n = 0;
            size_t offs[3][2];
            ws(&j);
            if (j.p < j.end && *j.p == '}') {
                j.p++;
            } else {
                for (;;) {
                    if ((st = js_string(&j, &k2)))
                        break;
                    ws(&j);
                    if (j.p >= j.end || *j.p != ':') {
                        st = js_fail(&j, "expected ':'");
                        break;
                    }
                    j.p++;
                    ws(&j);
                    bool is_type = !strcmp(k2.p ? k2.p : "", "type") ||
                                   !strcmp(k2.p ? k2.p : "", "2nd type") ||
                                   !strcmp(k2.p ? k2.p : "", "3rd type");
                    if (is_type && j.p < j.end && *j.p == '"') {
                        if ((st = js_string(&j, &val)))
                            break;
                        if (nl < 3) {
                            offs[nl][0] = labels.n;
                            cred__buf_put(&labels, val.p ? val.p : "", val.n);
                            offs[nl][1] = labels.n;
                            nl++;
                        }
                    } else if ((st = js_skip(&j, 1))) {
                        break;
                    }
                    ws(&j);
                    if (j.p < j.end && *j.p == ',') {
                        j.p++;
                        continue;
                    }
                    if (j.p < j.end && *j.p == '}') {
                        j.p++;
                        break;
                    }
                    st = js_fail(&j, "expected ',' or '}'");
                    break;
                }
            }
            if (st)
                break;
            if (labels.oom) {
                st = cred__err(err, CRED_ENOMEM, "out of memory");
                break;
            }
            for (size_t i = 0; i < nl; i++)
                lab[i] = (cred_str){labels.p + offs[i][0], offs[i][1] - offs[i][0]};
            st = os_add(t, (cred_str){key.p, key.n}, lab, nl, added, err);
        } else if ((st = js_skip(&j, 1))) {
            break;
        }
        ws(&j);
        if (j.p < j.end && *j.p == ',') {
            j.p++;
            continue;
        }
        if (j.p < j.end && *j.p == '}')
            break;
        st = js_fail(&j, "expected ',' or '}'");
    }
    cred__buf_free(&key);
    cred__buf_free(&k2);
    cred__buf_free(&val);
    cred__buf_free(&labels);
    return st;
}

cred_status cred_outlets_import(cred_outlets *t, const char *format, const char *data, size_t n,
                                const char *name, size_t *added, cred_error *err)
{
    size_t dummy = 0;
    if (!added)
        added = &dummy;
    *added = 0;
    cred_status st;
    if (!format || !t)
        return cred__err(err, CRED_EINVAL, "no format");
    if (!strcmp(format, "mbfc")) {
        st = import_mbfc(t, data, n, name, added, err);
    } else if (!strcmp(format, "opensources")) {
        size_t i = 0;
        while (i < n && isspace((unsigned char)data[i]))
            i++;
        st = i < n && data[i] == '{' ? import_os_json(t, data, n, name, added, err)
                                     : import_os_csv(t, data, n, name, added, err);
    } else {
        return cred__err(err, CRED_EINVAL, "unknown list format '%s' (mbfc or opensources)",
                         format);
    }
    if (!table_finish(t) && !st)
        st = cred__err(err, CRED_ENOMEM, "out of memory");
    return st;
}

/* ---- lookup ------------------------------------------------------------------ */

static const cred_outlet *find_key(const cred_outlets *t, const char *k, size_t n)
{
    size_t lo = 0, hi = t->e.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = t->e.v[mid].key;
        int c = strncmp(m, k, n);
        if (!c && m[n])
            c = 1;
        if (c < 0)
            lo = mid + 1;
        else if (c > 0)
            hi = mid;
        else
            return &t->e.v[mid].pub;
    }
    return NULL;
}

const cred_outlet *cred_outlets_find(const cred_outlets *t, cred_str url)
{
    char k[1024];
    if (!t || !t->e.n || cred_url_outlet(url, k, sizeof k, NULL))
        return NULL;
    if (!t->sorted && !table_finish((cred_outlets *)t))
        return NULL;
    size_t n = strlen(k);
    char *slash = strchr(k, '/');
    size_t host_n = slash ? (size_t)(slash - k) : n;
    /* host + path prefixes, longest first */
    for (size_t len = n; len > host_n; len--) {
        if (len < n && k[len] != '/')
            continue;
        const cred_outlet *s = find_key(t, k, len);
        if (s)
            return s;
    }
    /* the host, then parent domains down to two labels */
    const char *h = k;
    size_t hn = host_n;
    for (;;) {
        const cred_outlet *s = find_key(t, h, hn);
        if (s)
            return s;
        const char *dot = memchr(h, '.', hn);
        if (!dot || !memchr(dot + 1, '.', hn - (size_t)(dot + 1 - h)))
            return NULL;
        hn -= (size_t)(dot + 1 - h);
        h = dot + 1;
    }
}

/* ---- the context's built-in table ------------------------------------------ */

/* Loads one embedded (or --data-dir) table; CRED_EFORMAT becomes CRED_EDATA
 * (a broken data file, not a broken user input). */
static cred_status load_data_table(cred_ctx *ctx, const char *name, cred_outlets **out,
                                   cred_error *err)
{
    cred_str s;
    cred_status st = cred__ctx_data(ctx, name, &s, err);
    if (st)
        return st;
    *out = cred_outlets_new();
    if (!*out)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    st = cred_outlets_load(*out, s.p, s.n, name, err);
    if (st == CRED_EFORMAT) {
        st = CRED_EDATA;
        if (err)
            err->code = st;
    }
    return st;
}

/* The built-in table is our hand-written list (score/builtin-sources.tsv)
 * plus the OpenSources import (score/opensources-sources.tsv, made by `make
 * models`, docs/sources.md).  Our judgement wins: an OpenSources entry is
 * kept only when our list has nothing that matches its key - not the key
 * itself, nor a parent domain or a shorter path - so a lookup never reaches
 * an OpenSources entry more specific than one of ours. */
cred_status cred__outlets_load(cred_ctx *ctx, cred_error *err)
{
    cred_outlets *os = NULL;
    cred_status st = load_data_table(ctx, "score/builtin-sources.tsv", &ctx->outlets, err);
    if (!st)
        st = load_data_table(ctx, "score/opensources-sources.tsv", &os, err);
    for (size_t i = 0; !st && i < ctx->outlets->e.n; i++) {
        entry *e = &ctx->outlets->e.v[i];
        if (!strcmp(e->origin, "local")) {
            char *o = cred__strndup("builtin", 7);
            if (!o) {
                st = cred__err(err, CRED_ENOMEM, "out of memory");
                break;
            }
            free(e->origin);
            e->origin = o;
            e->pub.origin = o;
        }
    }
    size_t ours = st ? 0 : ctx->outlets->e.n;
    for (size_t i = 0; !st && i < os->e.n; i++) {
        entry *e = &os->e.v[i];
        cred_outlets mine = {.e = {ctx->outlets->e.v, ours, ours}, .sorted = true};
        if (cred_outlets_find(&mine, (cred_str){e->key, strlen(e->key)}))
            continue; /* ours wins */
        if (!CRED__VEC_PUSH(ctx->outlets->e, *e)) {
            st = cred__err(err, CRED_ENOMEM, "out of memory");
            break;
        }
        ctx->outlets->sorted = false;
        e->key = e->bias = e->origin = NULL; /* moved */
    }
    cred_outlets_free(os);
    if (!st && !table_finish(ctx->outlets))
        st = cred__err(err, CRED_ENOMEM, "out of memory");
    return st;
}

const cred_outlets *cred_ctx_outlets(const cred_ctx *ctx) { return ctx ? ctx->outlets : NULL; }
