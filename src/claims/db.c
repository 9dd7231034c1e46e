/*
 * db.c - the claims DB file: open (and check that it is one), create the
 * schema, put claims, transactions, statistics, the default location, and
 * the verdict labels.
 *
 * What it does: one SQLite file per DB.  `claims` holds the records (id is
 * unique: putting an id again updates it, ON CONFLICT DO UPDATE) and
 * `claims_fts` is an FTS5 index of claim and title with the porter stemmer,
 * an external-content table kept in step by triggers, so the text is stored
 * once.  PRAGMA application_id ("CRED") says the file is ours and PRAGMA
 * user_version the schema version (CRED_CLAIMS_SCHEMA): a file that is
 * another SQLite database, or ours at another version, is refused with a
 * message rather than half-read (tests/t_claims.sh).
 *
 * What it does not: migrate.  A DB of another version is rebuilt from its
 * sources (`credence claims build`); the claims are third-party text that
 * is never the only copy.
 *
 * Why SQLite: FTS5 gives BM25 with field weights and the porter stemmer in a
 * library Debian ships, atomic builds (one transaction: an interrupted build
 * rolls back from the journal), and many readers on one file.
 */
#include "claims/claims_int.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CRED_PREFIX
#define CRED_PREFIX "/usr/local"
#endif

#define CLAIMS_APP_ID 0x43524544 /* "CRED" */

static const char *const verdict_names[CRED_CLAIM__COUNT] = {
    "unrated", "false", "mostly-false", "mixed", "mostly-true", "true"};

const char *cred_claim_verdict_name(cred_claim_verdict v)
{
    return (unsigned)v < CRED_CLAIM__COUNT ? verdict_names[v] : "unrated";
}

static cred_claim_verdict verdict_from_name(const char *s, size_t n)
{
    for (int i = 0; i < CRED_CLAIM__COUNT; i++)
        if (strlen(verdict_names[i]) == n && !memcmp(verdict_names[i], s, n))
            return (cred_claim_verdict)i;
    return CRED_CLAIM__COUNT;
}

/* Lower case, '-' and '_' as spaces, runs of spaces as one, trimmed. */
static size_t label_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    bool space = false;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '-' || c == '_' || c == ' ' || c == '\t') {
            space = k > 0;
            continue;
        }
        if (space && k + 2 < cap)
            out[k++] = ' ';
        space = false;
        out[k++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    out[k] = 0;
    return k;
}

cred_claim_verdict cred_claim_verdict_parse(const char *raw, size_t n)
{
    if (!raw)
        return CRED_CLAIM_UNRATED;
    char key[128], lab[128];
    size_t kn = label_key(raw, n, key, sizeof key);
    if (!kn)
        return CRED_CLAIM_UNRATED;
    /* Our own names first ("mostly-false" reads as itself). */
    for (int i = 0; i < CRED_CLAIM__COUNT; i++) {
        char nk[32];
        label_key(verdict_names[i], strlen(verdict_names[i]), nk, sizeof nk);
        if (!strcmp(nk, key))
            return (cred_claim_verdict)i;
    }
    for (size_t f = 0; f < cred__embedded_count; f++) {
        if (strcmp(cred__embedded_files[f].name, "claims/verdicts.tsv"))
            continue;
        cred__lines it;
        cred__lines_init(&it, (cred_str){(const char *)cred__embedded_files[f].data,
                                         cred__embedded_files[f].len});
        cred_str line, fld[3];
        while (cred__lines_next(&it, &line)) {
            if (cred__split_tabs(line, fld, 3) != 2)
                continue;
            label_key(fld[0].p, fld[0].n, lab, sizeof lab);
            if (!strcmp(lab, key)) {
                cred_claim_verdict v = verdict_from_name(fld[1].p, fld[1].n);
                return v == CRED_CLAIM__COUNT ? CRED_CLAIM_UNRATED : v;
            }
        }
    }
    return CRED_CLAIM_UNRATED;
}

/* ---- text ------------------------------------------------------------------ */

uint64_t cred__claims_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c += 32;
        h = (h ^ c) * 1099511628211ull;
    }
    return h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

bool cred__claims_is_stop(const cred_claims *db, uint64_t h)
{
    return db->stop.n && bsearch(&h, db->stop.v, db->stop.n, sizeof h, cmp_u64);
}

/* Length of the valid UTF-8 sequence at s[0..n), its code point in *cp; 0
 * when invalid: the library's one decoder (util.c). */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    int32_t v = 0;
    size_t len = cred__utf8_decode(s, n, &v);
    *cp = (uint32_t)v;
    return len;
}

char *cred__claims_clean_text(const char *s, size_t n)
{
    char *out = malloc(n + 1);
    if (!out)
        return NULL;
    size_t k = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_seq(u + i, n - i, &cp);
        if (!len) { /* an invalid byte (a stray C1 byte of LIAR): dropped */
            i++;
            continue;
        }
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            if (k && out[k - 1] != ' ')
                out[k++] = ' ';
        } else if (cp >= 0x20 && cp != 0x7F && !(cp >= 0x80 && cp <= 0x9F) && cp != 0xFEFF) {
            memcpy(out + k, s + i, len);
            k += len;
        }
        i += len;
    }
    while (k && out[k - 1] == ' ')
        k--;
    size_t b = 0;
    while (b < k && out[b] == ' ')
        b++;
    memmove(out, out + b, k - b);
    out[k - b] = 0;
    return out;
}

/* ---- the re-ranker's data ------------------------------------------------- */

const char *const cred__claims_feat_names[CRED_CLAIMS_NFEAT] = {
    "s_rel",       "s_log", "claim_rel", "title_rel", "rank_inv", "claim_cover",
    "title_cover", "caps",  "nums",      "num_miss",  "shingle",  "len_ratio"};

static cred_status load_rerank(cred_claims *db, const char *data_dir, cred_error *err)
{
    const char *name = "claims/rerank.tsv";
    cred_str text = {NULL, 0};
    char *owned = NULL;
    if (data_dir) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", data_dir, name);
        FILE *f = fopen(path, "rb");
        if (f) {
            cred__buf b = {0};
            char tmp[4096];
            size_t r;
            while ((r = fread(tmp, 1, sizeof tmp, f)) > 0)
                cred__buf_put(&b, tmp, r);
            fclose(f);
            if (b.oom) {
                cred__buf_free(&b);
                return cred__err(err, CRED_ENOMEM, "out of memory");
            }
            size_t n;
            owned = cred__buf_take(&b, &n);
            text = (cred_str){owned ? owned : "", owned ? n : 0};
        }
    }
    if (!text.p) {
        for (size_t f = 0; f < cred__embedded_count; f++)
            if (!strcmp(cred__embedded_files[f].name, name))
                text = (cred_str){(const char *)cred__embedded_files[f].data,
                                  cred__embedded_files[f].len};
    }
    if (!text.p)
        return cred__err(err, CRED_EDATA, "%s: missing", name);
    cred_status st = CRED_OK;
    cred__lines it;
    cred__lines_init(&it, text);
    cred_str line, fld[4];
    db->threshold = 0.5;
    while (!st && cred__lines_next(&it, &line)) {
        size_t nf = cred__split_tabs(line, fld, 4);
        char num[64];
        if (nf >= 2 && fld[0].n == 4 && !memcmp(fld[0].p, "stop", 4)) {
            const char *p = fld[1].p, *e = line.p + line.n;
            while (p < e) {
                while (p < e && (*p == ' ' || *p == '\t'))
                    p++;
                const char *w = p;
                while (p < e && *p != ' ' && *p != '\t')
                    p++;
                if (p > w && !CRED__VEC_PUSH(db->stop, cred__claims_hash(w, (size_t)(p - w))))
                    st = cred__err(err, CRED_ENOMEM, "out of memory");
            }
            continue;
        }
        cred_str val = nf == 2 ? fld[1] : nf == 3 ? fld[2] : (cred_str){NULL, 0};
        char *end = NULL;
        double v = 0;
        if (val.p && val.n < sizeof num) {
            memcpy(num, val.p, val.n);
            num[val.n] = 0;
            errno = 0;
            v = strtod(num, &end);
        }
        if (!val.p || !end || *end || end == num || errno) {
            st = cred__err(err, CRED_EDATA, "%s:%zu: expected `weight NAME VALUE`, "
                           "`threshold P` or `stop WORDS`", name, it.line);
        } else if (nf == 2 && fld[0].n == 9 && !memcmp(fld[0].p, "threshold", 9)) {
            db->threshold = v;
        } else if (nf == 3 && fld[0].n == 6 && !memcmp(fld[0].p, "weight", 6)) {
            int k = -1;
            if (fld[1].n == 4 && !memcmp(fld[1].p, "bias", 4))
                k = 0;
            for (int i = 0; i < CRED_CLAIMS_NFEAT && k < 0; i++)
                if (strlen(cred__claims_feat_names[i]) == fld[1].n &&
                    !memcmp(cred__claims_feat_names[i], fld[1].p, fld[1].n))
                    k = i + 1;
            if (k < 0)
                st = cred__err(err, CRED_EDATA, "%s:%zu: unknown feature '%.*s'", name,
                               it.line, (int)fld[1].n, fld[1].p);
            else
                db->w[k] = v;
        } else {
            st = cred__err(err, CRED_EDATA, "%s:%zu: unknown setting", name, it.line);
        }
    }
    free(owned);
    if (!st && db->stop.n)
        qsort(db->stop.v, db->stop.n, sizeof *db->stop.v, cmp_u64);
    return st;
}

/* ---- open / close ----------------------------------------------------------- */

static const char schema_sql[] =
    "CREATE TABLE claims("
    " n INTEGER PRIMARY KEY,"
    " id TEXT NOT NULL UNIQUE,"
    " claim TEXT NOT NULL,"
    " title TEXT NOT NULL DEFAULT '',"
    " verdict TEXT NOT NULL DEFAULT 'unrated',"
    " verdict_raw TEXT NOT NULL DEFAULT '',"
    " fact_checker TEXT NOT NULL DEFAULT '',"
    " url TEXT NOT NULL DEFAULT '',"
    " date TEXT NOT NULL DEFAULT '',"
    " language TEXT NOT NULL DEFAULT '',"
    " speaker TEXT NOT NULL DEFAULT '',"
    " context TEXT NOT NULL DEFAULT '');"
    "CREATE VIRTUAL TABLE claims_fts USING fts5(claim, title, content='claims',"
    " content_rowid='n', tokenize='porter unicode61 remove_diacritics 2');"
    "CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN"
    " INSERT INTO claims_fts(rowid, claim, title) VALUES (new.n, new.claim, new.title); END;"
    "CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN"
    " INSERT INTO claims_fts(claims_fts, rowid, claim, title)"
    " VALUES ('delete', old.n, old.claim, old.title); END;"
    "CREATE TRIGGER claims_au AFTER UPDATE ON claims BEGIN"
    " INSERT INTO claims_fts(claims_fts, rowid, claim, title)"
    " VALUES ('delete', old.n, old.claim, old.title);"
    " INSERT INTO claims_fts(rowid, claim, title) VALUES (new.n, new.claim, new.title); END;"
    "PRAGMA application_id = 1129465156;"
    "PRAGMA user_version = 1;";

static const char put_sql[] =
    "INSERT INTO claims(id, claim, title, verdict, verdict_raw, fact_checker, url, date,"
    " language, speaker, context) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
    " ON CONFLICT(id) DO UPDATE SET claim = excluded.claim, title = excluded.title,"
    " verdict = excluded.verdict, verdict_raw = excluded.verdict_raw,"
    " fact_checker = excluded.fact_checker, url = excluded.url, date = excluded.date,"
    " language = excluded.language, speaker = excluded.speaker, context = excluded.context";

static cred_status sql_err(cred_claims *db, cred_error *err, const char *what)
{
    int code = sqlite3_errcode(db->db);
    cred_status st = code == SQLITE_NOMEM ? CRED_ENOMEM
                     : code == SQLITE_NOTADB || code == SQLITE_CORRUPT ? CRED_EFORMAT
                                                                       : CRED_EIO;
    if (code == SQLITE_NOTADB)
        return cred__err(err, st, "%s: not a credence claims DB (not an SQLite file)", db->path);
    return cred__err(err, st, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->db));
}

static cred_status pragma_int(cred_claims *db, const char *sql, long long *out, cred_error *err)
{
    sqlite3_stmt *s = NULL;
    if (sqlite3_prepare_v2(db->db, sql, -1, &s, NULL) != SQLITE_OK)
        return sql_err(db, err, "reading the DB");
    int rc = sqlite3_step(s);
    *out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return sql_err(db, err, "reading the DB");
    return CRED_OK;
}

static cred_status check_or_create(cred_claims *db, cred_error *err)
{
    long long app, ver, ntab;
    cred_status st;
    if ((st = pragma_int(db, "PRAGMA application_id", &app, err)) ||
        (st = pragma_int(db, "PRAGMA user_version", &ver, err)) ||
        (st = pragma_int(db, "SELECT count(*) FROM sqlite_master", &ntab, err)))
        return st;
    if (app == 0 && ver == 0 && ntab == 0) {
        if (!db->writable)
            return cred__err(err, CRED_EFORMAT, "%s: empty file: not a credence claims DB "
                             "(build one with `credence claims build`)", db->path);
        char *msg = NULL;
        if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
            return sql_err(db, err, "creating the schema");
        if (sqlite3_exec(db->db, schema_sql, NULL, NULL, &msg) != SQLITE_OK ||
            sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
            cred__err(err, CRED_EIO, "%s: creating the schema: %s", db->path,
                      msg ? msg : sqlite3_errmsg(db->db));
            sqlite3_free(msg);
            sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
            return err ? err->code : CRED_EIO;
        }
        return CRED_OK;
    }
    if (app != CLAIMS_APP_ID)
        return cred__err(err, CRED_EFORMAT, "%s: not a credence claims DB (an SQLite file of "
                         "another application)", db->path);
    if (ver != CRED_CLAIMS_SCHEMA)
        return cred__err(err, CRED_EFORMAT, "%s: claims DB schema version %lld, this credence "
                         "reads %d: rebuild it with `credence claims build`", db->path, ver,
                         CRED_CLAIMS_SCHEMA);
    return CRED_OK;
}

cred_status cred_claims_open(const char *path, unsigned flags, const char *data_dir,
                             cred_claims **out, cred_error *err)
{
    if (!out || !path || !*path)
        return cred__err(err, CRED_EINVAL, "cred_claims_open: no path");
    *out = NULL;
    struct stat sb;
    bool write = flags & CRED_CLAIMS_WRITE;
    if (stat(path, &sb) != 0 && (!write || errno != ENOENT))
        return cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return cred__err(err, CRED_EIO, "%s: is a directory", path);
    cred_claims *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        return cred__err(err, CRED_ENOMEM, "out of memory");
    }
    db->writable = write;
    pthread_mutex_init(&db->lock, NULL);
    cred_status st = load_rerank(db, data_dir, err);
    if (st)
        goto fail;
    int oflags = write ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path, &db->db, oflags | SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK) {
        st = db->db ? sql_err(db, err, "opening") : cred__err(err, CRED_ENOMEM, "out of memory");
        goto fail;
    }
    sqlite3_busy_timeout(db->db, 5000);
    if ((st = check_or_create(db, err)))
        goto fail;
    if (write && sqlite3_prepare_v2(db->db, put_sql, -1, &db->put, NULL) != SQLITE_OK) {
        st = sql_err(db, err, "preparing");
        goto fail;
    }
    /* A corrupt index shows at the first search; check the structure now so
     * that opening is where a broken file is reported. */
    long long nrows;
    if ((st = pragma_int(db, "SELECT count(*) FROM claims", &nrows, err)))
        goto fail;
    *out = db;
    return CRED_OK;
fail:
    cred_claims_close(db);
    return st;
}

void cred_claims_close(cred_claims *db)
{
    if (!db)
        return;
    if (db->in_tx)
        cred_claims_rollback(db);
    sqlite3_finalize(db->put);
    sqlite3_finalize(db->search);
    sqlite3_close(db->db);
    pthread_mutex_destroy(&db->lock);
    free(db->stop.v);
    free(db->path);
    free(db);
}

double cred_claims_threshold(const cred_claims *db) { return db ? db->threshold : 0.5; }

/* ---- the default DB ------------------------------------------------------ */

cred_status cred_claims_find(const char *path, char *out, size_t cap, cred_error *err)
{
    if (!out || !cap)
        return cred__err(err, CRED_EINVAL, "cred_claims_find: no buffer");
    out[0] = 0;
    const char *env = getenv("CREDENCE_CLAIMS");
    if (!path && env && *env)
        path = env;
    if (path) {
        if (strlen(path) >= cap)
            return cred__err(err, CRED_EINVAL, "%s: path too long", path);
        strcpy(out, path);
        if (access(path, R_OK) != 0)
            return cred__err(err, CRED_EIO, "%s: %s", path, strerror(errno));
        return CRED_OK;
    }
    char exe[4096], cand[3][4200];
    size_t nc = 0;
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k > 0 && (size_t)k < sizeof exe - 1) {
        exe[k] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0; /* the executable's directory */
            char *up = strrchr(exe, '/');
            if (up) {
                *up = 0;
                snprintf(cand[nc++], sizeof cand[0], "%s/share/credence/claims.db", exe);
                *up = '/';
            }
            snprintf(cand[nc++], sizeof cand[0], "%s/claims.db", exe);
        }
    }
    snprintf(cand[nc++], sizeof cand[0], "%s/share/credence/claims.db", CRED_PREFIX);
    for (size_t i = 0; i < nc; i++) {
        if (access(cand[i], R_OK) == 0 && strlen(cand[i]) < cap) {
            strcpy(out, cand[i]);
            return CRED_OK;
        }
    }
    return cred__err(err, CRED_EIO, "no claims DB (looked for $CREDENCE_CLAIMS%s%s%s%s%s%s; "
                     "build one with `make claims-db` or `credence claims build`)",
                     nc > 0 ? ", " : "", nc > 0 ? cand[0] : "", nc > 1 ? ", " : "",
                     nc > 1 ? cand[1] : "", nc > 2 ? ", " : "", nc > 2 ? cand[2] : "");
}

/* ---- writing --------------------------------------------------------------- */

cred_status cred_claims_begin(cred_claims *db, cred_error *err)
{
    if (!db || !db->writable)
        return cred__err(err, CRED_EINVAL, "claims DB not opened for writing");
    if (db->in_tx)
        return cred__err(err, CRED_EINVAL, "%s: a transaction is already open", db->path);
    if (sqlite3_exec(db->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return sql_err(db, err, "starting a transaction");
    db->in_tx = true;
    return CRED_OK;
}

cred_status cred_claims_commit(cred_claims *db, cred_error *err)
{
    if (!db || !db->in_tx)
        return cred__err(err, CRED_EINVAL, "no transaction to commit");
    if (sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        cred_status st = sql_err(db, err, "committing");
        cred_claims_rollback(db);
        return st;
    }
    db->in_tx = false;
    return CRED_OK;
}

void cred_claims_rollback(cred_claims *db)
{
    if (!db || !db->in_tx)
        return;
    sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = false;
}

cred_status cred_claims_put(cred_claims *db, const cred_claim *c, cred_error *err)
{
    if (!db || !db->writable || !db->put)
        return cred__err(err, CRED_EINVAL, "claims DB not opened for writing");
    if (!c || !c->id || !c->claim)
        return cred__err(err, CRED_EINVAL, "a claim needs an id and a text");
    const char *in[11] = {c->id,           c->claim,  c->title,
                          cred_claim_verdict_name(c->verdict),
                          c->verdict_raw,  c->fact_checker, c->url,
                          c->date,         c->language,     c->speaker,
                          c->context};
    char *clean[11] = {0};
    cred_status st = CRED_OK;
    for (int i = 0; i < 11 && !st; i++) {
        const char *s = in[i] ? in[i] : "";
        if (!(clean[i] = cred__claims_clean_text(s, strlen(s))))
            st = cred__err(err, CRED_ENOMEM, "out of memory");
    }
    if (!st && (!clean[0][0] || !clean[1][0]))
        st = cred__err(err, CRED_EINVAL, "a claim needs a non-empty id and text");
    if (!st) {
        sqlite3_reset(db->put);
        for (int i = 0; i < 11; i++)
            sqlite3_bind_text(db->put, i + 1, clean[i], -1, SQLITE_TRANSIENT);
        if (sqlite3_step(db->put) != SQLITE_DONE)
            st = sql_err(db, err, "storing a claim");
        sqlite3_reset(db->put);
    }
    for (int i = 0; i < 11; i++)
        free(clean[i]);
    return st;
}

/* ---- statistics ---------------------------------------------------------- */

cred_status cred_claims_stats_get(const cred_claims *cdb, cred_claims_stats *st, cred_error *err)
{
    if (!cdb || !st)
        return cred__err(err, CRED_EINVAL, "cred_claims_stats_get: no DB");
    cred_claims *db = (cred_claims *)cdb;
    memset(st, 0, sizeof *st);
    st->schema = CRED_CLAIMS_SCHEMA;
    cred_status s = CRED_OK;
    pthread_mutex_lock(&db->lock);
    if (!(s = pragma_int(db, "SELECT count(*) FROM claims", &st->n_claims, err)) &&
        !(s = pragma_int(db, "SELECT count(DISTINCT fact_checker) FROM claims",
                         &st->n_fact_checkers, err)) &&
        !(s = pragma_int(db, "SELECT count(DISTINCT language) FROM claims", &st->n_languages,
                         err))) {
        sqlite3_stmt *q = NULL;
        if (sqlite3_prepare_v2(db->db, "SELECT verdict, count(*) FROM claims GROUP BY verdict",
                               -1, &q, NULL) != SQLITE_OK) {
            s = sql_err(db, err, "reading the DB");
        } else {
            int rc;
            while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
                const char *v = (const char *)sqlite3_column_text(q, 0);
                cred_claim_verdict k = v ? verdict_from_name(v, strlen(v)) : CRED_CLAIM__COUNT;
                st->by_verdict[k == CRED_CLAIM__COUNT ? CRED_CLAIM_UNRATED : k] +=
                    sqlite3_column_int64(q, 1);
            }
            if (rc != SQLITE_DONE)
                s = sql_err(db, err, "reading the DB");
            sqlite3_finalize(q);
        }
    }
    pthread_mutex_unlock(&db->lock);
    return s;
}
