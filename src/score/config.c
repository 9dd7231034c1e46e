/*
 * config.c - the score's configuration: signal weights, the intercept,
 * thresholds, bands and labels (data/score/config.tsv, then the fitted
 * data/score/weights.tsv; format in docs/score.md).
 *
 * What it does: parses the line-oriented TSV format, where every line sets
 * one named setting, so a later file (--config FILE) or a per-call override
 * (--set NAME=W) replaces exactly the settings it names and nothing else.
 * What it does not: no expressions, no per-genre weights; the combination
 * is one logistic layer, whose weights a script fits (bench/verdict.py --fit).
 * Why: rspamd keeps symbol weights and action thresholds in config, not
 * code; a journalist can read and change data/score/config.tsv.
 *
 * It also loads the signal table (data/score/signals.tsv: group,
 * description and covering tests of every signal) and checks it against
 * CRED__SIGNALS, so a signal cannot be added to the code without saying
 * what it means and which test shows it firing (tests/t_signals.sh).
 */
#include "score/score_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

const char *const cred__sig_names[CRED__S_COUNT] = {
#define CRED__SIG_NAME(n, g) #n,
    CRED__SIGNALS(CRED__SIG_NAME)
#undef CRED__SIG_NAME
};

const cred__group cred__sig_groups[CRED__S_COUNT] = {
#define CRED__SIG_GROUP(n, g) CRED__G_##g,
    CRED__SIGNALS(CRED__SIG_GROUP)
#undef CRED__SIG_GROUP
};

const char *const cred__group_names[CRED__G_COUNT] = {
    "outlet", "claims", "headline", "sourcing", "style", "content", "genre", "model", "scrape",
};

static const char *const wordlist_names[CRED__W_COUNT] = {
#define CRED__W_NAME(n) #n,
    CRED__WORDLISTS(CRED__W_NAME)
#undef CRED__W_NAME
};

static const char *const param_names[CRED__P_COUNT] = {
#define CRED__PARAM_NAME(n, d) #n,
    CRED__PARAMS(CRED__PARAM_NAME)
#undef CRED__PARAM_NAME
};
static const double param_defaults[CRED__P_COUNT] = {
#define CRED__PARAM_DEF(n, d) d,
    CRED__PARAMS(CRED__PARAM_DEF)
#undef CRED__PARAM_DEF
};

static int sig_index(cred_str name)
{
    for (int i = 0; i < CRED__S_COUNT; i++)
        if (cred__str_is(name, cred__sig_names[i]))
            return i;
    return -1;
}

static int param_index(cred_str name)
{
    for (int i = 0; i < CRED__P_COUNT; i++)
        if (cred__str_is(name, param_names[i]))
            return i;
    return -1;
}

static int band_cmp(const void *a, const void *b)
{
    const cred__band *x = a, *y = b;
    return x->min < y->min ? 1 : x->min > y->min ? -1 : 0;
}

void cred_score_config_free(cred_score_config *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->bands.n; i++) {
        free(c->bands.v[i].name);
        free(c->bands.v[i].label);
    }
    free(c->bands.v);
    free(c->opinion_label);
    free(c->satire_label);
    free(c->unrated_label);
    for (size_t i = 0; i < c->opinion_markers.n; i++)
        free(c->opinion_markers.v[i]);
    free(c->opinion_markers.v);
    for (int w = 0; w < CRED__W_COUNT; w++) {
        for (size_t i = 0; i < c->words[w].n; i++)
            free(c->words[w].v[i]);
        free(c->words[w].v);
    }
    for (int i = 0; i < CRED__S_COUNT; i++) {
        free(c->sig_desc[i]);
        free(c->sig_tests[i]);
    }
    free(c);
}

#define SHOW(s) (int)((s).n > 60 ? 60 : (s).n), (s).p

cred_status cred_score_config_load(cred_score_config *c, const char *data, size_t n,
                                   const char *name, cred_error *err)
{
    cred__lines it;
    cred__lines_init(&it, (cred_str){data, n});
    cred_str line;
    while (cred__lines_next(&it, &line)) {
        cred_str f[5];
        size_t nf = cred__split_tabs(line, f, 5);
        double v;
        if (cred__str_is(f[0], "signal") || cred__str_is(f[0], "param")) {
            bool sig = f[0].p[0] == 's';
            if (nf < 3)
                return cred__err(err, CRED_EFORMAT, "%s:%zu: '%.*s' needs a name and a value",
                                 name, it.line, SHOW(f[0]));
            int k = sig ? sig_index(f[1]) : param_index(f[1]);
            if (k < 0)
                return cred__err(err, CRED_EFORMAT, "%s:%zu: unknown %s '%.*s' (docs/score.md)",
                                 name, it.line, sig ? "signal" : "parameter", SHOW(f[1]));
            if (!cred__str_double(f[2], &v))
                return cred__err(err, CRED_EFORMAT, "%s:%zu: '%.*s' is not a number", name,
                                 it.line, SHOW(f[2]));
            if (sig)
                c->w[k] = v;
            else
                c->param[k] = v;
        } else if (cred__str_is(f[0], "intercept")) {
            if (nf < 2 || !cred__str_double(f[nf >= 3 ? 2 : 1], &v))
                return cred__err(err, CRED_EFORMAT, "%s:%zu: intercept needs a number", name,
                                 it.line);
            c->intercept = v;
        } else if (cred__str_is(f[0], "band")) {
            bool name_ok = f[1].n && f[1].n <= 40;
            for (size_t q = 0; name_ok && q < f[1].n; q++) {
                char c = f[1].p[q];
                name_ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
            }
            if (!name_ok)
                return cred__err(err, CRED_EFORMAT,
                                 "%s:%zu: a band name is 1-40 characters of a-z, 0-9 and '-'",
                                 name, it.line);
            if (nf < 4 || !cred__str_double(f[2], &v) || v < 0 || v > 100 || !f[3].n)
                return cred__err(err, CRED_EFORMAT,
                                 "%s:%zu: band needs a name, a minimum score (0-100) and a label",
                                 name, it.line);
            cred__band *b = NULL;
            for (size_t i = 0; i < c->bands.n; i++)
                if (cred__str_is(f[1], c->bands.v[i].name))
                    b = &c->bands.v[i];
            char *lab = cred__str_dup(f[3]);
            if (!lab)
                return cred__err(err, CRED_ENOMEM, "out of memory");
            if (b) {
                free(b->label);
                b->label = lab;
                b->min = v;
            } else {
                cred__band nb = {cred__str_dup(f[1]), lab, v};
                if (!nb.name || !CRED__VEC_PUSH(c->bands, nb)) {
                    free(nb.name);
                    free(lab);
                    return cred__err(err, CRED_ENOMEM, "out of memory");
                }
            }
            qsort(c->bands.v, c->bands.n, sizeof *c->bands.v, band_cmp);
        } else if (cred__str_is(f[0], "marker")) {
            if (nf < 3 || !cred__str_is(f[1], "opinion") || !f[2].n)
                return cred__err(err, CRED_EFORMAT,
                                 "%s:%zu: marker needs 'opinion' and a phrase", name, it.line);
            char *m = cred__str_dup(f[2]);
            if (!m || !CRED__VEC_PUSH(c->opinion_markers, m)) {
                free(m);
                return cred__err(err, CRED_ENOMEM, "out of memory");
            }
            for (char *q = m; *q; q++)
                if (*q >= 'A' && *q <= 'Z')
                    *q = (char)(*q - 'A' + 'a');
        } else if (cred__str_is(f[0], "word")) {
            int k = -1;
            for (int i = 0; nf >= 2 && i < CRED__W_COUNT; i++)
                if (cred__str_is(f[1], wordlist_names[i]))
                    k = i;
            if (nf < 3 || k < 0 || !f[2].n)
                return cred__err(err, CRED_EFORMAT,
                                 "%s:%zu: word needs a list (stop, call, first, correction, "
                                 "notperson, primary) and a phrase",
                                 name, it.line);
            char *m = cred__str_dup(f[2]);
            if (!m || !CRED__VEC_PUSH(c->words[k], m)) {
                free(m);
                return cred__err(err, CRED_ENOMEM, "out of memory");
            }
            for (char *q = m; *q; q++)
                if (*q >= 'A' && *q <= 'Z')
                    *q = (char)(*q - 'A' + 'a');
        } else if (cred__str_is(f[0], "label")) {
            bool op = nf >= 3 && cred__str_is(f[1], "opinion"), sa = nf >= 3 && cred__str_is(f[1], "satire");
            bool un = nf >= 3 && cred__str_is(f[1], "unrated");
            if (!op && !sa && !un)
                return cred__err(err, CRED_EFORMAT,
                                 "%s:%zu: label needs 'opinion', 'satire' or 'unrated' and a text",
                                 name, it.line);
            char *lab = cred__str_dup(f[2]);
            if (!lab)
                return cred__err(err, CRED_ENOMEM, "out of memory");
            char **slot = op ? &c->opinion_label : sa ? &c->satire_label : &c->unrated_label;
            free(*slot);
            *slot = lab;
        } else {
            return cred__err(err, CRED_EFORMAT,
                             "%s:%zu: unknown setting '%.*s' (signal, intercept, param, band, "
                             "label, marker, word)",
                             name, it.line, SHOW(f[0]));
        }
    }
    return CRED_OK;
}

cred_status cred_score_config_set(cred_score_config *c, const char *name, double value,
                                  cred_error *err)
{
    cred_str s = {name, strlen(name)};
    int k;
    if (!isfinite(value))
        return cred__err(err, CRED_EINVAL, "%s: value is not finite", name);
    if (!strcmp(name, "intercept"))
        c->intercept = value;
    else if ((k = sig_index(s)) >= 0)
        c->w[k] = value;
    else if ((k = param_index(s)) >= 0)
        c->param[k] = value;
    else
        return cred__err(err, CRED_EINVAL, "unknown signal or parameter '%s' (docs/score.md)",
                         name);
    return CRED_OK;
}

static cred_score_config *config_empty(void)
{
    cred_score_config *c = calloc(1, sizeof *c);
    if (c)
        memcpy(c->param, param_defaults, sizeof c->param);
    return c;
}

static cred_score_config *config_copy(const cred_score_config *src)
{
    cred_score_config *c = config_empty();
    if (!c)
        return NULL;
    c->intercept = src->intercept;
    memcpy(c->w, src->w, sizeof c->w);
    memcpy(c->param, src->param, sizeof c->param);
    for (size_t i = 0; i < src->bands.n; i++) {
        cred__band b = {cred__str_dup((cred_str){src->bands.v[i].name, strlen(src->bands.v[i].name)}),
                        cred__str_dup((cred_str){src->bands.v[i].label, strlen(src->bands.v[i].label)}),
                        src->bands.v[i].min};
        if (!b.name || !b.label || !CRED__VEC_PUSH(c->bands, b)) {
            free(b.name);
            free(b.label);
            cred_score_config_free(c);
            return NULL;
        }
    }
    for (size_t i = 0; i < src->opinion_markers.n; i++) {
        char *m = cred__str_dup((cred_str){src->opinion_markers.v[i], strlen(src->opinion_markers.v[i])});
        if (!m || !CRED__VEC_PUSH(c->opinion_markers, m)) {
            free(m);
            goto oom;
        }
    }
    for (int w = 0; w < CRED__W_COUNT; w++)
        for (size_t i = 0; i < src->words[w].n; i++) {
            char *m = cred__str_dup((cred_str){src->words[w].v[i], strlen(src->words[w].v[i])});
            if (!m || !CRED__VEC_PUSH(c->words[w], m)) {
                free(m);
                goto oom;
            }
        }
    for (int i = 0; i < CRED__S_COUNT; i++) {
        if (src->sig_desc[i] &&
            !(c->sig_desc[i] = cred__str_dup((cred_str){src->sig_desc[i], strlen(src->sig_desc[i])})))
            goto oom;
        if (src->sig_tests[i] &&
            !(c->sig_tests[i] = cred__str_dup((cred_str){src->sig_tests[i], strlen(src->sig_tests[i])})))
            goto oom;
    }
    if (src->opinion_label &&
        !(c->opinion_label = cred__str_dup((cred_str){src->opinion_label, strlen(src->opinion_label)})))
        goto oom;
    if (src->satire_label &&
        !(c->satire_label = cred__str_dup((cred_str){src->satire_label, strlen(src->satire_label)})))
        goto oom;
    if (src->unrated_label &&
        !(c->unrated_label = cred__str_dup((cred_str){src->unrated_label, strlen(src->unrated_label)})))
        goto oom;
    return c;
oom:
    cred_score_config_free(c);
    return NULL;
}

cred_score_config *cred_score_config_new(const cred_ctx *ctx, cred_error *err)
{
    cred_score_config *c = ctx && ctx->score_cfg ? config_copy(ctx->score_cfg) : NULL;
    if (!c)
        cred__err(err, CRED_ENOMEM, "out of memory");
    return c;
}

static cred_str trim(cred_str s)
{
    while (s.n && (s.p[0] == ' ' || s.p[0] == '\r'))
        s.p++, s.n--;
    while (s.n && (s.p[s.n - 1] == ' ' || s.p[s.n - 1] == '\r'))
        s.n--;
    return s;
}

/* The signal table: NAME GROUP DESCRIPTION TESTS per line, exactly one line
 * per signal of CRED__SIGNALS, with its group. */
static cred_status signals_load(cred_score_config *c, const char *data, size_t n,
                                const char *name, cred_error *err)
{
    cred__lines it;
    cred__lines_init(&it, (cred_str){data, n});
    cred_str line;
    while (cred__lines_next(&it, &line)) {
        cred_str f[5];
        size_t nf = cred__split_tabs(line, f, 5);
        if (nf != 4)
            return cred__err(err, CRED_EDATA,
                             "%s:%zu: a signal needs 4 tab-separated fields (name, group, "
                             "description, tests), not %zu",
                             name, it.line, nf);
        int k = sig_index(f[0]);
        if (k < 0)
            return cred__err(err, CRED_EDATA,
                             "%s:%zu: unknown signal '%.*s' (src/score/score_int.h)", name,
                             it.line, SHOW(f[0]));
        if (c->sig_desc[k])
            return cred__err(err, CRED_EDATA, "%s:%zu: signal '%s' listed twice", name, it.line,
                             cred__sig_names[k]);
        if (!cred__str_is(f[1], cred__group_names[cred__sig_groups[k]]))
            return cred__err(err, CRED_EDATA, "%s:%zu: signal '%s' is in group '%s', not '%.*s'",
                             name, it.line, cred__sig_names[k],
                             cred__group_names[cred__sig_groups[k]], SHOW(f[1]));
        cred_str d = trim(f[2]), t = trim(f[3]);
        bool has_test = false;
        for (size_t q = 0; q < t.n && !has_test; q++)
            has_test = t.p[q] != ';' && t.p[q] != ' ';
        if (!d.n || !has_test)
            return cred__err(err, CRED_EDATA, "%s:%zu: signal '%s' needs a description and a test",
                             name, it.line, cred__sig_names[k]);
        if (!(c->sig_desc[k] = cred__str_dup(d)) || !(c->sig_tests[k] = cred__str_dup(t)))
            return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    for (int k = 0; k < CRED__S_COUNT; k++)
        if (!c->sig_desc[k])
            return cred__err(err, CRED_EDATA, "%s: signal '%s' has no line", name,
                             cred__sig_names[k]);
    return CRED_OK;
}

size_t cred_score_config_signal_count(const cred_score_config *c)
{
    (void)c;
    return CRED__S_COUNT;
}

cred_status cred_score_config_signal(const cred_score_config *c, size_t i, cred_signal_info *out,
                                     cred_error *err)
{
    if (!c || !out || i >= CRED__S_COUNT)
        return cred__err(err, CRED_EINVAL, "signal index %zu out of range (0-%d)", i,
                         CRED__S_COUNT - 1);
    memset(out, 0, sizeof *out);
    out->name = cred__sig_names[i];
    out->group = cred__group_names[cred__sig_groups[i]];
    out->weight = c->w[i];
    out->description = c->sig_desc[i] ? c->sig_desc[i] : "";
    out->tests = c->sig_tests[i] ? c->sig_tests[i] : "";
    return CRED_OK;
}

cred_status cred__score_load(cred_ctx *ctx, cred_error *err)
{
    static const char *const files[] = {"score/config.tsv", "score/content.tsv",
                                        "score/weights.tsv"};
    cred_score_config *c = config_empty();
    if (!c)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        cred_str s;
        cred_status st = cred__ctx_data(ctx, files[i], &s, err);
        if (!st)
            st = cred_score_config_load(c, s.p, s.n, files[i], err);
        if (st) {
            cred_score_config_free(c);
            if (st == CRED_EFORMAT) {
                st = CRED_EDATA;
                if (err)
                    err->code = st;
            }
            return st;
        }
    }
    if (!c->bands.n) {
        cred_score_config_free(c);
        return cred__err(err, CRED_EDATA, "score/config.tsv: no bands defined");
    }
    cred_str sg;
    cred_status st = cred__ctx_data(ctx, "score/signals.tsv", &sg, err);
    if (!st)
        st = signals_load(c, sg.p, sg.n, "score/signals.tsv", err);
    if (st) {
        cred_score_config_free(c);
        return st;
    }
    ctx->score_cfg = c;
    return CRED_OK;
}

void cred__score_free(cred_ctx *ctx)
{
    cred_score_config_free(ctx->score_cfg);
}

cred_status cred_score_config_to_tsv(const cred_score_config *c, char **out, size_t *n,
                                     cred_error *err)
{
    cred__buf b = {0};
    cred__buf_printf(&b, "intercept\t-\t%.17g\n", c->intercept);
    for (int i = 0; i < CRED__S_COUNT; i++)
        cred__buf_printf(&b, "signal\t%s\t%.17g\n", cred__sig_names[i], c->w[i]);
    for (int i = 0; i < CRED__P_COUNT; i++)
        cred__buf_printf(&b, "param\t%s\t%.17g\n", param_names[i], c->param[i]);
    for (size_t i = 0; i < c->bands.n; i++)
        cred__buf_printf(&b, "band\t%s\t%.17g\t%s\n", c->bands.v[i].name, c->bands.v[i].min,
                         c->bands.v[i].label);
    if (c->opinion_label)
        cred__buf_printf(&b, "label\topinion\t%s\n", c->opinion_label);
    if (c->satire_label)
        cred__buf_printf(&b, "label\tsatire\t%s\n", c->satire_label);
    if (c->unrated_label)
        cred__buf_printf(&b, "label\tunrated\t%s\n", c->unrated_label);
    for (size_t i = 0; i < c->opinion_markers.n; i++)
        cred__buf_printf(&b, "marker\topinion\t%s\n", c->opinion_markers.v[i]);
    for (int w = 0; w < CRED__W_COUNT; w++)
        for (size_t i = 0; i < c->words[w].n; i++)
            cred__buf_printf(&b, "word\t%s\t%s\n", wordlist_names[w], c->words[w].v[i]);
    size_t len = 0;
    char *s = cred__buf_take(&b, &len);
    if (!s) {
        cred__buf_free(&b);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    *out = s;
    if (n)
        *n = len;
    return CRED_OK;
}
