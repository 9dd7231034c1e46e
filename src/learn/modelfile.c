/*
 * modelfile.c - the binary model file: save, load (mmap), validate.
 *
 * Layout (little-endian, every section 4-byte aligned; docs/learn.md,
 * "Model file"):
 *
 *   0  magic "CREDLM1\n"           8 bytes
 *   8  u32 version (1)            12 u32 0x01020304 (byte-order check)
 *  16  u32 header size (72)       20 u32 classes k
 *  24  u32 weight columns         28 u32 table slots (power of two)
 *  32  u32 features               36 u32 hash bits
 *  40  u8 word n-grams, u8 char min, u8 char max, u8 strip-leaks
 *  44  f32 temperature            48 u32 label bytes L
 *  52  u32 flags (bit 0: cased, 1: analysis features, 2: title words,
 *                 3: no punctuation tokens; a build older than bit 3 rejects
 *                 such a file: "unknown feature flags"); bits 8-15: the
 *                 featurizer version that made the model (0 = 1: files
 *                 written before the field); bits 16-31: 0
 *  56  u64 file size
 *  64  u32 CRC-32 of bytes [72, size)   68 u32 CRC-32 of bytes [0, 68)
 *  72  labels: k NUL-terminated strings, L bytes, padded to 4
 *      f32 bias[cols], u32 keys[slots], f32 idf[slots], f32 w[slots][cols]
 *
 * What it does: writes that, and loads it with mmap so the arrays are used
 * in place (a model loads in constant time apart from the checksum pass).
 * Every field is checked before use: a corrupt or truncated file is a
 * CRED_EDATA error naming the file and the byte offset, never a crash
 * (tests/unit/test_learn.c: corrupt_model_files).
 *
 * What it does not: no big-endian support (the byte-order field makes such a
 * host refuse the file rather than misread it), no compression.
 */
#include "learn/learn_int.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HDR 72u
static const char MAGIC[8] = {'C', 'R', 'E', 'D', 'L', 'M', '1', '\n'};

uint32_t cred__crc32(uint32_t crc, const void *p, size_t n)
{
    uint32_t tab[256];
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        tab[i] = c;
    }
    const unsigned char *s = p;
    crc = ~crc;
    for (size_t i = 0; i < n; i++)
        crc = tab[(crc ^ s[i]) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static uint32_t get32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static size_t pad4(size_t n) { return (n + 3) & ~(size_t)3; }

cred_status cred_model_save(const cred_model *m, const char *path, cred_error *err)
{
    size_t L = 0;
    for (uint32_t c = 0; c < m->k; c++)
        L += strlen(m->labels[c]) + 1;
    size_t cols = m->cols, cap = m->cap;
    size_t size = HDR + pad4(L) + 4 * cols + 4 * cap + 4 * cap + 4 * cap * cols;
    unsigned char *b = calloc(1, size);
    if (!b)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    memcpy(b, MAGIC, 8);
    put32(b + 8, 1);
    put32(b + 12, 0x01020304u);
    put32(b + 16, HDR);
    put32(b + 20, m->k);
    put32(b + 24, m->cols);
    put32(b + 28, m->cap);
    put32(b + 32, m->n_features);
    put32(b + 36, m->feat.hash_bits);
    b[40] = (unsigned char)m->feat.word_ngrams;
    b[41] = (unsigned char)m->feat.char_min;
    b[42] = (unsigned char)m->feat.char_max;
    b[43] = (unsigned char)(m->feat.strip_leaks ? 1 : 0);
    memcpy(b + 44, &m->temperature, 4);
    put32(b + 48, (uint32_t)L);
    put32(b + 52, (m->feat.cased ? 1u : 0u) | (m->feat.dense ? 2u : 0u) |
                      (m->feat.title ? 4u : 0u) | (m->feat.no_punct ? 8u : 0u) |
                      (uint32_t)CRED__FEATURIZER_VERSION << 8);
    uint64_t s64 = size;
    memcpy(b + 56, &s64, 8);
    unsigned char *p = b + HDR;
    for (uint32_t c = 0; c < m->k; c++) {
        size_t l = strlen(m->labels[c]) + 1;
        memcpy(p, m->labels[c], l);
        p += l;
    }
    p = b + HDR + pad4(L);
    memcpy(p, m->bias, 4 * cols);
    p += 4 * cols;
    memcpy(p, m->keys, 4 * cap);
    p += 4 * cap;
    memcpy(p, m->idf, 4 * cap);
    p += 4 * cap;
    memcpy(p, m->w, 4 * cap * cols);
    put32(b + 64, cred__crc32(0, b + HDR, size - HDR));
    put32(b + 68, cred__crc32(0, b, 68));

    /* write to a temporary name, then rename: never a half-written model */
    char tmp[4096];
    int k = snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    if (k < 0 || (size_t)k >= sizeof tmp) {
        free(b);
        return cred__err(err, CRED_EINVAL, "%s: path too long", path);
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        free(b);
        return cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
    }
    bool ok = fwrite(b, 1, size, f) == size;
    ok = (fclose(f) == 0) && ok;
    free(b);
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        return cred__err(err, CRED_EIO, "%s: write failed: %s", path, strerror(e));
    }
    return CRED_OK;
}

static cred_status bad(cred_error *err, const char *name, size_t off, const char *what)
{
    return cred__err(err, CRED_EDATA, "%s: corrupt model at offset %zu: %s", name, off, what);
}

/* Validates and points m's arrays into p[0..n) (4-byte aligned). */
static cred_status parse(const unsigned char *p, size_t n, const char *name, cred_model *m,
                         cred_error *err)
{
    if (n < HDR) {
        return cred__err(err, CRED_EDATA,
                         "%s: truncated model at offset %zu: the header needs %u bytes", name, n,
                         HDR);
    }
    if (memcmp(p, MAGIC, 8))
        return bad(err, name, 0, "not a credence model (bad magic)");
    if (get32(p + 8) != 1) {
        char w[80];
        snprintf(w, sizeof w, "unsupported version %u (this build reads 1)", get32(p + 8));
        return bad(err, name, 8, w);
    }
    if (get32(p + 12) != 0x01020304u)
        return bad(err, name, 12, "byte order differs from this machine's");
    if (get32(p + 68) != cred__crc32(0, p, 68))
        return bad(err, name, 68, "header checksum mismatch");
    if (get32(p + 16) != HDR)
        return bad(err, name, 16, "unexpected header size");
    uint32_t k = get32(p + 20), cols = get32(p + 24), cap = get32(p + 28), nf = get32(p + 32);
    uint32_t bits = get32(p + 36), L = get32(p + 48);
    if (k < 2 || k > 255)
        return bad(err, name, 20, "class count outside 2..255");
    if (cols != (k == 2 ? 1u : k))
        return bad(err, name, 24, "weight columns do not match the class count");
    if (cap < 16 || cap > (1u << 30) || (cap & (cap - 1)))
        return bad(err, name, 28, "table size is not a power of two in 16..2^30");
    if (nf >= cap)
        return bad(err, name, 32, "more features than table slots");
    if (bits < 12 || bits > 30)
        return bad(err, name, 36, "hash bits outside 12..30");
    if (p[40] < 1 || p[40] > 2 || p[42] > 8 || p[41] > p[42] || p[43] > 1)
        return bad(err, name, 40, "bad feature configuration");
    uint32_t flags = get32(p + 52);
    if ((flags & 0xFFFF00F0u) != 0)
        return bad(err, name, 52, "unknown feature flags (a model from a newer credence?)");
    uint32_t fver = (flags >> 8) & 0xFFu;
    if (fver == 0)
        fver = 1; /* written before the field: the first featurizer */
    if (fver != CRED__FEATURIZER_VERSION)
        return cred__err(err, CRED_EDATA,
                         "%s: the model was made by featurizer version %u and this build's "
                         "featurizer is version %u: its features would not match; retrain it "
                         "with this build (credence train)",
                         name, fver, (unsigned)CRED__FEATURIZER_VERSION);
    float T;
    memcpy(&T, p + 44, 4);
    if (!(T > 0.001f && T < 1000.0f))
        return bad(err, name, 44, "temperature out of range");
    if (L > 255u * 1024u)
        return bad(err, name, 48, "label section too large");
    uint64_t fsize;
    memcpy(&fsize, p + 56, 8);
    uint64_t want = (uint64_t)HDR + pad4(L) + 4ull * cols + 8ull * cap + 4ull * cap * cols;
    if (fsize != want)
        return bad(err, name, 56, "recorded size does not match the table sizes");
    if (n < want) {
        return cred__err(err, CRED_EDATA,
                         "%s: truncated model at offset %zu: expected %llu bytes", name, n,
                         (unsigned long long)want);
    }
    if (n > want)
        return bad(err, name, (size_t)want, "trailing bytes after the model");
    if (get32(p + 64) != cred__crc32(0, p + HDR, n - HDR))
        return bad(err, name, HDR, "checksum mismatch (the data after the header changed)");

    /* labels */
    m->labels = calloc(k, sizeof *m->labels);
    if (!m->labels)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    m->k = k;
    size_t off = HDR;
    for (uint32_t c = 0; c < k; c++) {
        const unsigned char *z = memchr(p + off, 0, HDR + L - off);
        if (!z || z == p + off)
            return bad(err, name, off, "bad label list");
        m->labels[c] = strndup((const char *)p + off, (size_t)(z - (p + off)));
        if (!m->labels[c])
            return cred__err(err, CRED_ENOMEM, "out of memory");
        off = (size_t)(z - p) + 1;
    }
    if (off != HDR + L)
        return bad(err, name, off, "label list longer than the class count");
    off = HDR + pad4(L);
    m->bias = (const float *)(p + off);
    off += 4ull * cols;
    m->keys = (const uint32_t *)(p + off);
    size_t keys_off = off;
    off += 4ull * cap;
    m->idf = (const float *)(p + off);
    off += 4ull * cap;
    m->w = (const float *)(p + off);
    m->cols = cols;
    m->cap = cap;
    m->n_features = nf;
    m->feat.hash_bits = bits;
    m->feat.word_ngrams = p[40];
    m->feat.char_min = p[41];
    m->feat.char_max = p[42];
    m->feat.strip_leaks = p[43];
    m->feat.cased = (int)(get32(p + 52) & 1);
    m->feat.dense = (int)((get32(p + 52) >> 1) & 1);
    m->feat.title = (int)((get32(p + 52) >> 2) & 1);
    m->feat.no_punct = (int)((get32(p + 52) >> 3) & 1);
    m->temperature = T;
    uint32_t used = 0;
    for (uint32_t i = 0; i < cap; i++) {
        uint32_t key = m->keys[i];
        if (!key)
            continue;
        used++;
        if (key > cred__dense_id(bits, CRED__N_DENSE - 1) || !isfinite(m->idf[i]))
            return bad(err, name, keys_off + 4ull * i, "feature id or idf out of range");
        for (uint32_t c = 0; c < cols; c++)
            if (!isfinite(m->w[(size_t)i * cols + c]))
                return bad(err, name, off + 4ull * ((size_t)i * cols + c), "weight is not finite");
    }
    if (used != nf)
        return bad(err, name, keys_off, "feature count does not match the table");
    for (uint32_t c = 0; c < cols; c++)
        if (!isfinite(m->bias[c]))
            return bad(err, name, HDR + pad4(L) + 4 * c, "bias is not finite");
    return CRED_OK;
}

void cred_model_free(cred_model *m)
{
    if (!m)
        return;
    if (m->labels)
        for (uint32_t c = 0; c < m->k; c++)
            free(m->labels[c]);
    free(m->labels);
    free(m->owned);
    if (m->map)
        munmap(m->map, m->map_len);
    free(m);
}

cred_status cred_model_load_mem(const void *p, size_t n, const char *name, cred_model **out,
                                cred_error *err)
{
    cred_model *m = calloc(1, sizeof *m);
    if (!m)
        return cred__err(err, CRED_ENOMEM, "out of memory");
    const unsigned char *base = p;
    if ((uintptr_t)p % 4) { /* arrays are used in place: they must be aligned */
        m->owned = malloc(n ? n : 1);
        if (!m->owned) {
            free(m);
            return cred__err(err, CRED_ENOMEM, "out of memory");
        }
        memcpy(m->owned, p, n);
        base = m->owned;
    }
    cred_status st = parse(base, n, name, m, err);
    if (st) {
        cred_model_free(m);
        return st;
    }
    *out = m;
    return CRED_OK;
}

cred_status cred_model_load(const char *path, cred_model **out, cred_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return cred__err(err, CRED_EIO, "%s: not a regular file", path);
    }
    size_t n = (size_t)sb.st_size;
    if (n < HDR) {
        close(fd);
        return cred__err(err, CRED_EDATA,
                         "%s: truncated model at offset %zu: the header needs %u bytes", path, n,
                         HDR);
    }
    void *map = mmap(NULL, n, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED)
        return cred__err(err, CRED_EIO, "%s: mmap: %s", path, strerror(errno));
    cred_model *m = calloc(1, sizeof *m);
    if (!m) {
        munmap(map, n);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    m->map = map;
    m->map_len = n;
    cred_status st = parse(map, n, path, m, err);
    if (st) {
        cred_model_free(m);
        return st;
    }
    *out = m;
    return CRED_OK;
}
