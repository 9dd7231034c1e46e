/* common.c - helpers shared by the subcommands (see cli.h). */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <errno.h>
#include <jansson.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void cli_error(const cli_global *g, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", g && g->prog ? g->prog : "credence");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_exit_for(cred_status st)
{
    switch (st) {
    case CRED_OK: return CLI_OK;
    case CRED_EINVAL: return CLI_USAGE;
    case CRED_ETOOBIG:
    case CRED_EIO:
    case CRED_EFORMAT: return CLI_INPUT;
    case CRED_EDATA: return CLI_DATA;
    case CRED_ENOMEM: return CLI_INTERNAL;
    }
    return CLI_INTERNAL;
}

static char *human(size_t n, char *buf, size_t cap)
{
    if (n % (1u << 30) == 0)
        snprintf(buf, cap, "%zu GiB", n >> 30);
    else if (n % (1u << 20) == 0)
        snprintf(buf, cap, "%zu MiB", n >> 20);
    else
        snprintf(buf, cap, "%zu bytes", n);
    return buf;
}

int cli_read_file(const cli_global *g, const char *path, size_t limit, char **buf, size_t *n)
{
    bool is_stdin = !path || strcmp(path, "-") == 0;
    const char *name = is_stdin ? "<stdin>" : path;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY);
    if (fd < 0) {
        cli_error(g, "%s: %s", name, strerror(errno));
        return CLI_INPUT;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        cli_error(g, "%s: is a directory", name);
        if (!is_stdin)
            close(fd);
        return CLI_INPUT;
    }
    char hb[32];
    if (S_ISREG(st.st_mode) && (size_t)st.st_size > limit) {
        cli_error(g, "%s: %lld bytes is over the input limit of %s (see --max-bytes)", name,
                  (long long)st.st_size, human(limit, hb, sizeof hb));
        if (!is_stdin)
            close(fd);
        return CLI_INPUT;
    }
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536, len = 0;
    char *p = malloc(cap);
    int rc = CLI_OK;
    while (p) {
        if (len == cap) {
            size_t nc = cap * 2;
            char *q = realloc(p, nc);
            if (!q) {
                free(p);
                p = NULL;
                break;
            }
            p = q;
            cap = nc;
        }
        ssize_t k = read(fd, p + len, cap - len);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            cli_error(g, "%s: %s", name, strerror(errno));
            rc = CLI_INPUT;
            break;
        }
        if (k == 0)
            break;
        len += (size_t)k;
        if (len > limit) {
            cli_error(g, "%s: input is over the limit of %s (see --max-bytes)", name,
                      human(limit, hb, sizeof hb));
            rc = CLI_INPUT;
            break;
        }
    }
    if (!is_stdin)
        close(fd);
    if (!p) {
        cli_error(g, "%s: out of memory", name);
        return CLI_INTERNAL;
    }
    if (rc) {
        free(p);
        return rc;
    }
    *buf = p;
    *n = len;
    return CLI_OK;
}

bool cli_parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-')
        return false;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s)
        return false;
    unsigned shift = 0;
    if (*end == 'k' || *end == 'K')
        shift = 10, end++;
    else if (*end == 'm' || *end == 'M')
        shift = 20, end++;
    else if (*end == 'g' || *end == 'G')
        shift = 30, end++;
    if (*end)
        return false;
    if (shift && v > (~0ull >> shift))
        return false;
    *out = (size_t)(v << shift);
    return true;
}

bool cli_opt_max_bytes(const cli_global *g, const char *arg, size_t *out)
{
    size_t v;
    if (!cli_parse_size(arg, &v) || v == 0 || v > CRED_MAX_INPUT) {
        cli_error(g, "--max-bytes: '%s' is not a size between 1 and 256M", arg);
        return false;
    }
    *out = v;
    return true;
}

bool cli_opt_long(const cli_global *g, const char *opt, const char *arg, long lo, long hi,
                  long *out)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || *end || end == arg || v < lo || v > hi) {
        cli_error(g, "%s: '%s' is not a number between %ld and %ld", opt, arg, lo, hi);
        return false;
    }
    *out = v;
    return true;
}

cred_ctx *cli_ctx(const cli_global *g, int *exit_code)
{
    cred_error err = {0};
    cred_ctx *ctx = cred_ctx_new(g->data_dir, &err);
    if (!ctx) {
        cli_error(g, "%s", err.msg);
        *exit_code = cli_exit_for(err.code);
    }
    return ctx;
}

int cli_clean_input(const cli_global *g, int nargs, char **args, const cred_clean_opts *o,
                    cred_ctx **ctx, cred_doc **doc, const char **path)
{
    *ctx = NULL;
    *doc = NULL;
    if (nargs > 1) {
        cli_error(g, "expected at most one FILE, got %d (see --help)", nargs);
        return CLI_USAGE;
    }
    const char *name = nargs == 1 ? args[0] : "-";
    if (path)
        *path = name;
    int rc;
    if (!(*ctx = cli_ctx(g, &rc)))
        return rc;
    char *buf;
    size_t n;
    if ((rc = cli_read_file(g, name, o->max_input ? o->max_input : CRED_MAX_INPUT, &buf, &n))) {
        cred_ctx_free(*ctx);
        *ctx = NULL;
        return rc;
    }
    cred_error err = {0};
    cred_status st = cred_clean(*ctx, buf, n, o, doc, &err);
    free(buf);
    if (st) {
        cli_error(g, "%s: %s", name, err.msg);
        cred_ctx_free(*ctx);
        *ctx = NULL;
        return cli_exit_for(st);
    }
    return CLI_OK;
}

bool cli_write(const cli_global *g, const char *p, size_t n)
{
    if (n && fwrite(p, 1, n, stdout) != n) {
        cli_error(g, "write error: %s", strerror(errno));
        return false;
    }
    return true;
}

int cli_print_json(const cli_global *g, json_t *root, bool pretty, size_t flags)
{
    char *s = root ? json_dumps(root, (pretty ? JSON_INDENT(2) : JSON_COMPACT) |
                                          JSON_PRESERVE_ORDER | flags)
                   : NULL;
    json_decref(root);
    if (!s) {
        cli_error(g, "out of memory");
        return CLI_INTERNAL;
    }
    bool ok = cli_write(g, s, strlen(s)) && cli_write(g, "\n", 1);
    free(s);
    return ok ? CLI_OK : CLI_INTERNAL;
}

json_t *cli_json_take(char *s)
{
    json_t *j = s ? json_loads(s, JSON_ALLOW_NUL, NULL) : NULL;
    free(s);
    return j;
}

void cli_buf_put(cli_buf *b, const char *p, size_t n)
{
    if (b->oom || n == 0)
        return;
    if (n >= b->cap - b->n || !b->p) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap - b->n <= n) {
            if (cap > SIZE_MAX / 2) {
                b->oom = true;
                return;
            }
            cap *= 2;
        }
        char *q = realloc(b->p, cap);
        if (!q) {
            b->oom = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, p, n);
    b->n += n;
    b->p[b->n] = '\0';
}

void cli_buf_putc(cli_buf *b, char c) { cli_buf_put(b, &c, 1); }

void cli_buf_free(cli_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

int cli_bad_option(const cli_global *g, int c, const char *arg)
{
    if (c == ':')
        cli_error(g, "option '%s' needs a value (see --help)", arg ? arg : "?");
    else
        cli_error(g, "unknown option '%s' (see --help)", arg ? arg : "?");
    return CLI_USAGE;
}

/* The directory of the running executable (readlink /proc/self/exe): where
 * the engine looks for its model and claims DB, never the working
 * directory.  False when it cannot be read. */
bool cli_exe_dir(char *out, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    if (n <= 0 || (size_t)n >= cap - 1)
        return false;
    out[n] = 0;
    char *slash = strrchr(out, '/');
    if (!slash)
        return false;
    if (slash == out)
        slash[1] = 0;
    else
        *slash = 0;
    return true;
}
