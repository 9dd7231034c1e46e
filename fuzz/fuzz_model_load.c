/*
 * fuzz_model_load.c - the model file loader (cred_model_load_mem; the file
 * variant mmaps the same bytes: src/learn/modelfile.c).
 *
 * A mutated file almost never passes the two CRC-32 checks, so before
 * loading, the harness writes the right checksums into the mutated bytes
 * (header CRC at 68 over [0,68), data CRC at 64 over [72,n): the layout in
 * the header comment of src/learn/modelfile.c); when the first four bytes
 * are not the magic's, it leaves them alone, which keeps the "corrupt
 * checksum" path covered too.  A model that loads must answer a prediction
 * with finite probabilities that sum to 1 and a class in range.
 */
#include "fuzz_common.h"

static uint32_t crc32_le(const unsigned char *p, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return ~c;
}

static const char TEXT[] = "Officials said on Tuesday that the council approved the budget. "
                           "SHOCKING: you won't believe what happened next!";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* 8-byte aligned copy: the loader uses the arrays in place */
    unsigned char *p = malloc(size ? size : 1);
    if (!p)
        return 0;
    if (size)
        memcpy(p, data, size);
    if (size >= 72 && !memcmp(p, "CRED", 4)) {
        uint32_t c = crc32_le(p + 72, size - 72);
        memcpy(p + 64, &c, 4);
        c = crc32_le(p, 68);
        memcpy(p + 68, &c, 4);
    }
    cred_model *m = NULL;
    cred_error err;
    cred_status st = cred_model_load_mem(p, size, "fuzz.model", &m, &err);
    if (st != CRED_OK) {
        if (st != CRED_EDATA && st != CRED_ENOMEM)
            fz_fail("cred_model_load_mem failed with %d: %s", (int)st, err.msg);
        if (!strstr(err.msg, "fuzz.model"))
            fz_fail("the load error does not name the file: %s", err.msg);
        free(p);
        return 0;
    }
    size_t k = cred_model_n_classes(m);
    if (k < 2 || k > 255)
        fz_fail("%zu classes", k);
    for (size_t i = 0; i < k; i++) {
        const char *c = cred_model_class(m, i);
        if (!c || !*c)
            fz_fail("class %zu has no name", i);
        if (cred_model_class_index(m, (cred_str){c, strlen(c)}) < 0)
            fz_fail("class %s not found by name", c);
    }
    double probs[255];
    size_t best = SIZE_MAX;
    cred_explanation ex = {0};
    st = cred_model_predict(fz_ctx(), m, TEXT, sizeof TEXT - 1, probs, &best, &ex, 5, &err);
    if (st == CRED_OK) {
        double sum = 0;
        for (size_t i = 0; i < k; i++) {
            if (!(probs[i] >= 0 && probs[i] <= 1))
                fz_fail("probability %g of class %zu", probs[i], i);
            sum += probs[i];
        }
        if (fabs(sum - 1) > 1e-6)
            fz_fail("probabilities sum to %g", sum);
        if (best >= k)
            fz_fail("best class %zu of %zu", best, k);
        for (size_t i = 0; i < ex.n_toward; i++)
            if (ex.toward[i].end > sizeof TEXT - 1 || ex.toward[i].start > ex.toward[i].end)
                fz_fail("explanation span past the text");
        cred_explanation_free(&ex);
    } else if (st != CRED_ENOMEM) {
        fz_fail("predict with a loaded model failed with %d: %s", (int)st, err.msg);
    }
    cred_coverage cov;
    if (cred_model_coverage(fz_ctx(), m, TEXT, sizeof TEXT - 1, &cov, &err) == CRED_OK &&
        !(cov.coverage >= 0 && cov.coverage <= 1))
        fz_fail("coverage %g", cov.coverage);
    cred_model_free(m);
    free(p);
    return 0;
}
