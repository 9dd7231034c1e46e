/*
 * fuzz_dataset.c - the dataset readers behind `credence train`, `eval` and
 * `predict`: tsv, jsonl and liar from memory (cred_dataset_read_mem), and
 * the directory formats isot (Fake.csv, True.csv), clickbait
 * (clickbait_data, non_clickbait_data) and fakenewsnet
 * (DIR/FakeNewsContent/NAME.json) through cred_dataset_read on a private
 * temporary directory written with the input.
 *
 * The first byte picks the format (and bit 3 skip_bad).  Every record must
 * have a non-empty label and NUL-terminated strings; and the round trip of
 * `--export-tsv` (cred_dataset_write_tsv, then the tsv reader) must give the
 * same records: label with TAB/CR/LF made spaces, text = title "\n\n" text.
 */
#include "fuzz_common.h"

#include <sys/stat.h>
#include <unistd.h>

static char dir[64];

static void put(const char *path, const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f))
        fz_fail("cannot write %s", path);
}

static void tmpdir(void)
{
    if (dir[0])
        return;
    snprintf(dir, sizeof dir, "%s", "/tmp/credence-fuzz-ds.XXXXXX");
    if (!mkdtemp(dir))
        fz_fail("mkdtemp failed");
    char p[128];
    snprintf(p, sizeof p, "%s/fnn", dir);
    mkdir(p, 0700);
    snprintf(p, sizeof p, "%s/fnn/FakeNewsContent", dir);
    mkdir(p, 0700);
}


static void check_str(const char *what, size_t i, cred_str s)
{
    if (!s.p || s.p[s.n] != '\0')
        fz_fail("record %zu: %s is NULL or not NUL-terminated", i, what);
}

static void round_trip(const cred_dataset *ds)
{
    char path[128];
    snprintf(path, sizeof path, "%s/export.tsv", dir);
    cred_error err;
    if (cred_dataset_write_tsv(ds, path, &err) != CRED_OK)
        fz_fail("export: %s", err.msg);
    cred_dataset back = {0};
    cred_status st = cred_dataset_read(&back, CRED_DS_TSV, path, NULL, &err);
    if (st != CRED_OK)
        fz_fail("the exported tsv does not read back: %s", err.msg);
    size_t j = 0;
    for (size_t i = 0; i < ds->n; i++) {
        const cred_record *r = &ds->recs[i];
        /* expected text: title "\n\n" text */
        size_t tn = (r->title.n ? r->title.n + 2 : 0) + r->text.n;
        char *t = malloc(tn + 1);
        if (!t)
            abort();
        size_t k = 0;
        if (r->title.n) {
            memcpy(t, r->title.p, r->title.n);
            memcpy(t + r->title.n, "\n\n", 2);
            k = r->title.n + 2;
        }
        memcpy(t + k, r->text.p, r->text.n);
        if (j >= back.n)
            fz_fail("export round trip: record %zu (line %zu) lost", i, r->line);
        const cred_record *b = &back.recs[j++];
        if (b->text.n != tn || memcmp(b->text.p, t, tn))
            fz_fail("export round trip: record %zu (line %zu) text changed", i, r->line);
        if (b->label.n != r->label.n)
            fz_fail("export round trip: record %zu label length changed", i);
        for (size_t c = 0; c < r->label.n; c++) {
            char x = r->label.p[c];
            if (x == '\t' || x == '\n' || x == '\r')
                x = ' ';
            if (b->label.p[c] != x)
                fz_fail("export round trip: record %zu label changed", i);
        }
        free(t);
    }
    if (j != back.n)
        fz_fail("export round trip: %zu records became %zu", ds->n, back.n);
    cred_dataset_free(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const cred_ds_format fmts[] = {CRED_DS_TSV,  CRED_DS_JSONL,     CRED_DS_LIAR,
                                          CRED_DS_ISOT, CRED_DS_CLICKBAIT, CRED_DS_FAKENEWSNET};
    unsigned o = size ? data[0] : 0;
    const char *in = size ? (const char *)data + 1 : "";
    size_t n = size ? size - 1 : 0;
    cred_ds_format fmt = fmts[(o & 7) % 6];
    cred_read_opts ro;
    cred_read_opts_init(&ro);
    ro.skip_bad = (o >> 3) & 1;
    ro.liar_binary = (o >> 4) & 1;
    tmpdir();
    cred_dataset ds = {0};
    cred_error err;
    cred_status st;
    char a[128], b[128];
    switch (fmt) {
    case CRED_DS_ISOT:
    case CRED_DS_CLICKBAIT:
        snprintf(a, sizeof a, "%s/%s", dir, fmt == CRED_DS_ISOT ? "Fake.csv" : "clickbait_data");
        snprintf(b, sizeof b, "%s/%s", dir, fmt == CRED_DS_ISOT ? "True.csv" : "non_clickbait_data");
        put(a, in, n);
        put(b, in, n);
        st = cred_dataset_read(&ds, fmt, dir, &ro, &err);
        break;
    case CRED_DS_FAKENEWSNET:
        snprintf(a, sizeof a, "%s/fnn/FakeNewsContent/a.json", dir);
        put(a, in, n);
        snprintf(b, sizeof b, "%s/fnn", dir);
        st = cred_dataset_read(&ds, fmt, b, &ro, &err);
        break;
    default:
        st = cred_dataset_read_mem(&ds, fmt, "fuzz.data", in, n, &ro, &err);
        break;
    }
    if (st != CRED_OK) {
        if (st != CRED_EFORMAT && st != CRED_ENOMEM && st != CRED_ETOOBIG)
            fz_fail("reader %s failed with %d: %s", cred_ds_format_name(fmt), (int)st, err.msg);
        cred_dataset_free(&ds);
        return 0;
    }
    for (size_t i = 0; i < ds.n; i++) {
        const cred_record *r = &ds.recs[i];
        if (!r->label.n)
            fz_fail("record %zu has an empty label", i);
        check_str("label", i, r->label);
        check_str("text", i, r->text);
        check_str("title", i, r->title);
        check_str("id", i, r->id);
        if (!r->file)
            fz_fail("record %zu has no file name", i);
    }
    round_trip(&ds);
    cred_dataset_free(&ds);
    return 0;
}
