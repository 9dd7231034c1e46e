/*
 * tests/api/consumer.c - a program that uses libcredence.so the way an outside
 * caller does: include/ only, linked against the shared library, so it can
 * reach nothing but the exported API.  tests/t_symbols.sh builds and runs it.
 *
 * It prints one TAP-style line per check ("ok - NAME" / "not ok - NAME") and
 * checks what the ABI promises in docs/api.md: the run-time version is the one
 * of the headers, the options structs keep their size (their reserved room is
 * where new fields go), the _init calls zero that room, and the public JSON
 * calls the CLI uses instead of internals agree with each other.
 */
#include <credence.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed;

static void check(int ok, const char *name)
{
    printf("%s - %s\n", ok ? "ok" : "not ok", name);
    if (!ok)
        failed = 1;
}

/* True when every reserved slot is NULL. */
static int zeroed(void *const *r, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (r[i])
            return 0;
    return 1;
}
#define RESERVED_ZERO(o) zeroed((o).reserved, sizeof (o).reserved / sizeof (o).reserved[0])

/* What cred_doc_write_json writes, read back from a temporary file. */
static char *write_json(const cred_doc *doc, unsigned flags)
{
    FILE *f = tmpfile();
    if (!f)
        return NULL;
    char *s = NULL;
    if (cred_doc_write_json(doc, flags, f, NULL) == CRED_OK) {
        long n = ftell(f);
        s = n >= 0 ? calloc((size_t)n + 1, 1) : NULL;
        rewind(f);
        if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
            free(s);
            s = NULL;
        }
    }
    fclose(f);
    return s;
}

int main(void)
{
    char want[32];
    snprintf(want, sizeof want, "%d.%d.%d", CRED_VERSION_MAJOR, CRED_VERSION_MINOR,
             CRED_VERSION_PATCH);
    check(!strcmp(cred_version(), CRED_VERSION) && !strcmp(CRED_VERSION, want),
          "cred_version() is the headers' MAJOR.MINOR.PATCH");
    check(cred_version_number() == CRED_VERSION_NUMBER &&
              CRED_VERSION_NUMBER == CRED_VERSION_MAJOR * 1000000 +
                                         CRED_VERSION_MINOR * 1000 + CRED_VERSION_PATCH,
          "cred_version_number() is CRED_VERSION_NUMBER");

    /* The options structs, filled with garbage first: _init must clear the
     * reserved room that later fields will use. */
    cred_clean_opts co;
    cred_analyze_opts ao;
    cred_score_opts so;
    cred_read_opts ro;
    cred_train_opts to;
    memset(&co, 0xa5, sizeof co);
    memset(&ao, 0xa5, sizeof ao);
    memset(&so, 0xa5, sizeof so);
    memset(&ro, 0xa5, sizeof ro);
    memset(&to, 0xa5, sizeof to);
    cred_clean_opts_init(&co);
    cred_analyze_opts_init(&ao);
    cred_score_opts_init(&so);
    cred_read_opts_init(&ro);
    cred_train_opts_init(&to);
    check(RESERVED_ZERO(co) && RESERVED_ZERO(ao) && RESERVED_ZERO(so) && RESERVED_ZERO(ro) &&
              RESERVED_ZERO(to) && RESERVED_ZERO(to.feat),
          "the _init calls zero the reserved room");
    check(!ro.skip_bad && !ro.liar_binary && !ro.max_bytes, "cred_read_opts_init: defaults");

    /* Sizes on LP64 (x86-64, aarch64).  A new field takes the place of
     * reserved slots, so these never change within one so-version; if this
     * fails, a field was added without shrinking `reserved` (docs/api.md). */
    if (sizeof(void *) == 8 && sizeof(int) == 4) {
        printf("# sizes: clean %zu analyze %zu score %zu read %zu feat %zu train %zu\n",
               sizeof co, sizeof ao, sizeof so, sizeof ro, sizeof to.feat, sizeof to);
        check(sizeof(cred_clean_opts) == 96 && sizeof(cred_analyze_opts) == 72 &&
                  sizeof(cred_score_opts) == 112 && sizeof(cred_read_opts) == 80 &&
                  sizeof(cred_feat_opts) == 96 && sizeof(cred_train_opts) == 216,
              "options structs keep their LP64 sizes");
    } else {
        printf("ok - options structs keep their LP64 sizes # SKIP not LP64\n");
    }

    /* The JSON calls the CLI uses in place of the library's internals. */
    cred_error err = {0};
    cred_ctx *ctx = cred_ctx_new(NULL, &err);
    check(ctx != NULL, "cred_ctx_new");
    if (!ctx)
        return 1;
    const char *in = "A made-up headline\n\nThe council met on Tuesday. \"We agreed,\" said Ann Lee.";
    cred_doc *doc = NULL;
    check(cred_clean(ctx, in, strlen(in), &co, &doc, &err) == CRED_OK, "cred_clean");
    char *plain = NULL, *tok = NULL, *pretty = NULL;
    if (doc) {
        cred_doc_to_json(doc, 0, &plain, NULL);
        cred_doc_to_json_flags(doc, CRED_JSON_TOKENS, &tok, NULL);
        cred_doc_to_json_flags(doc, CRED_JSON_PRETTY | CRED_JSON_TOKENS, &pretty, NULL);
    }
    check(plain && tok && pretty && !strstr(plain, "\"tokens\":[") && strstr(tok, "\"tokens\":[") &&
              strstr(pretty, "\n  \"tokens\": ["),
          "cred_doc_to_json_flags: CRED_JSON_TOKENS and CRED_JSON_PRETTY");
    char *streamed = doc ? write_json(doc, CRED_JSON_TOKENS) : NULL;
    char *streamed_pretty = doc ? write_json(doc, CRED_JSON_PRETTY | CRED_JSON_TOKENS) : NULL;
    check(streamed && tok && !strcmp(streamed, tok),
          "cred_doc_write_json (streamed) = cred_doc_to_json_flags");
    check(streamed_pretty && pretty && !strcmp(streamed_pretty, pretty),
          "cred_doc_write_json --pretty = cred_doc_to_json_flags");
    free(plain);
    free(tok);
    free(pretty);
    free(streamed);
    free(streamed_pretty);

    const char *page = "<!doctype html><html><head><title>Invented story</title></head><body>"
                       "<article><h1>Invented story</h1><p>The council met on Tuesday and "
                       "agreed a plan for the park.</p></article></body></html>";
    cred_article *a = NULL;
    check(cred_extract(ctx, page, strlen(page), NULL, &a, &err) == CRED_OK, "cred_extract");
    char *aj = NULL, *ajd = NULL;
    if (a) {
        cred_article_to_json(a, 0, &aj, NULL);
        cred_article_to_json_flags(a, CRED_JSON_DOC, &ajd, NULL);
    }
    check(aj && ajd && !strstr(aj, "\"document\"") && strstr(ajd, "\"document\":{") &&
              !strncmp(aj, ajd, strlen(aj) - 1),
          "cred_article_to_json_flags: CRED_JSON_DOC adds the document");
    free(aj);
    free(ajd);
    cred_article_free(a);

    const cred_outlet *o =
        cred_outlets_find(cred_ctx_outlets(ctx), (cred_str){"https://www.reuters.com/x", 25});
    char *oj = NULL;
    check(o && cred_outlet_to_json(o, 0, &oj, NULL) == CRED_OK && oj &&
              !strncmp(oj, "{\"key\":\"reuters.com\",\"factuality\":\"high\",\"types\":[", 50),
          "cred_outlet_to_json");
    free(oj);

    cred_doc_free(doc);
    cred_ctx_free(ctx);
    return failed;
}
