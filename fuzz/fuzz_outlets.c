/*
 * fuzz_outlets.c - the outlet-table readers: credence's own TSV
 * (cred_outlets_load: the user's table, --sources), and the imports of the
 * public lists (cred_outlets_import "mbfc", "opensources" json or csv).
 *
 * The first byte picks the reader.  Invariants: every key is normalized
 * (normalizing it again gives the same key: docs/sources.md), holds no
 * control character, TAB or newline (one hostile list must not corrupt the
 * user's table: issue 13 D6); the round trip table -> cred_outlets_to_tsv ->
 * cred_outlets_load gives the same table; lookups of each key find it.
 */
#include "fuzz_common.h"

static void same_table(const cred_outlets *a, const cred_outlets *b)
{
    size_t n = cred_outlets_count(a);
    if (cred_outlets_count(b) != n)
        fz_fail("round trip: %zu entries became %zu", n, cred_outlets_count(b));
    for (size_t i = 0; i < n; i++) {
        const cred_outlet *x = cred_outlets_at(a, i), *y = cred_outlets_at(b, i);
        if (strcmp(x->key, y->key) || x->fact != y->fact || x->types != y->types ||
            strcmp(x->bias, y->bias) || strcmp(x->origin, y->origin))
            fz_fail("round trip: entry %zu '%s' changed (fact %d/%d types %x/%x bias '%s'/'%s' "
                    "origin '%s'/'%s')",
                    i, x->key, (int)x->fact, (int)y->fact, x->types, y->types, x->bias, y->bias,
                    x->origin, y->origin);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned o = size ? data[0] % 3 : 0;
    const char *in = size ? (const char *)data + 1 : "";
    size_t n = size ? size - 1 : 0;
    cred_outlets *t = cred_outlets_new();
    if (!t)
        return 0;
    cred_error err;
    size_t added = 0;
    cred_status st = o == 0 ? cred_outlets_load(t, in, n, "fuzz.tsv", &err)
                            : cred_outlets_import(t, o == 1 ? "mbfc" : "opensources", in, n,
                                                  "fuzz.list", &added, &err);
    if (st != CRED_OK) {
        if (st != CRED_EFORMAT && st != CRED_ENOMEM && st != CRED_ETOOBIG)
            fz_fail("outlet reader %u failed with %d: %s", o, (int)st, err.msg);
        if (!strstr(err.msg, "fuzz."))
            fz_fail("the error does not name the file: %s", err.msg);
        cred_outlets_free(t);
        return 0;
    }
    size_t count = cred_outlets_count(t);
    for (size_t i = 0; i < count; i++) {
        const cred_outlet *e = cred_outlets_at(t, i);
        size_t kn = strlen(e->key);
        if (!kn)
            fz_fail("entry %zu has an empty key", i);
        fz_check_text("outlet key", e->key, kn, 0);
        if (strchr(e->key, '\n') || strchr(e->key, ' '))
            fz_fail("outlet key '%s' holds a newline or space", e->key);
        fz_check_text("outlet bias", e->bias, strlen(e->bias), 0);
        fz_check_text("outlet origin", e->origin, strlen(e->origin), 0);
        if (i && strcmp(cred_outlets_at(t, i - 1)->key, e->key) >= 0)
            fz_fail("keys not in strict order at %zu", i);
        char again[1024];
        if (kn < sizeof again &&
            cred_url_outlet((cred_str){e->key, kn}, again, sizeof again, &err) == CRED_OK &&
            strcmp(again, e->key))
            fz_fail("key '%s' normalizes again to '%s'", e->key, again);
        if (cred_outlets_find(t, (cred_str){e->key, kn}) != e)
            fz_fail("key '%s' is not found by its own lookup", e->key);
        char *js = NULL;
        if (cred_outlet_to_json(e, 0, &js, &err) == CRED_OK) {
            fz_check_json("outlet JSON", js);
            free(js);
        }
    }
    char *tsv = NULL;
    size_t tn = 0;
    if (cred_outlets_to_tsv(t, &tsv, &tn, &err) == CRED_OK) {
        cred_outlets *u = cred_outlets_new();
        if (u) {
            st = cred_outlets_load(u, tsv, tn, "roundtrip.tsv", &err);
            if (st == CRED_OK)
                same_table(t, u);
            else if (st != CRED_ENOMEM)
                fz_fail("the written table does not load: %s", err.msg);
            cred_outlets_free(u);
        }
        free(tsv);
    }
    cred_outlets_free(t);
    return 0;
}
