/* claims_int.h - internals shared by the claims module (src/claims/). */
#ifndef CREDENCE_CLAIMS_INT_H
#define CREDENCE_CLAIMS_INT_H

#include "internal.h"

#include <pthread.h>
#include <sqlite3.h>

struct cred_claims {
    sqlite3 *db;
    char *path;
    bool writable, in_tx;
    pthread_mutex_t lock;          /* serializes searches on a shared handle */
    sqlite3_stmt *put, *search;    /* prepared once, reset after each use */
    double w[CRED_CLAIMS_NFEAT + 1]; /* re-ranker: bias, then the features */
    double threshold;
    CRED__VEC(uint64_t) stop;      /* hashes of stop words, sorted */
};

/* The re-ranker's feature names in order (docs/claims.md). */
extern const char *const cred__claims_feat_names[CRED_CLAIMS_NFEAT];

/* Copies s[0..n) as valid UTF-8 without C0/C1 controls (tab, newline become
 * a space) and U+FEFF, trimmed; NULL on allocation failure. */
char *cred__claims_clean_text(const char *s, size_t n);

/* A 64-bit FNV-1a hash of a lower-cased word. */
uint64_t cred__claims_hash(const char *s, size_t n);
bool cred__claims_is_stop(const cred_claims *db, uint64_t h);

#endif
