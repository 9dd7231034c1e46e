/*
 * read_checkthat.c - `--format checkthat19`: the CheckThat! 2019 task 1
 * debate files (check-worthiness, docs/checkworthy.md).
 *
 * What it does: each non-blank line is `line_no TAB speaker TAB text TAB
 * label` (no header, no quote processing: debate lines hold unbalanced `"`);
 * the record's label is the label column ("0" or "1", anything else is an
 * error), its text the sentence, its title the speaker (so a model trained
 * with it sees the speaker's name as words before the blank line, as the
 * check-worthiness command composes it at prediction) and its id the line
 * number.  A malformed line is "file:line: what" (or skipped and counted
 * with skip_bad), like every reader in readers.c.
 *
 * Why a file of its own: readers.c is shared by every format; this reader
 * only needs the common record store (cred__ds_add) and keeps its quirks
 * here: a leading BOM, CRLF line ends, crowd-reaction lines such as
 * "(APPLAUSE)" that are ordinary records labelled 0.
 */
#include "internal.h"
#include "learn/learn_int.h"

#include <stdio.h>

static cred_status bad(cred_dataset *ds, const cred_read_opts *o, const char *file, size_t line,
                       const char *what, cred_error *err)
{
    if (o->skip_bad) {
        ds->n_bad++;
        return CRED_OK;
    }
    return cred__err(err, CRED_EFORMAT, "%s:%zu: %s", file, line, what);
}

cred_status cred__read_checkthat19(cred_dataset *ds, const cred_read_opts *o, const char *file,
                                   const char *buf, size_t n, cred_error *err)
{
    const char *p = buf, *end = buf + n;
    if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    size_t line = 0;
    cred_status st = CRED_OK;
    while (!st && p < end) {
        const char *e = memchr(p, '\n', (size_t)(end - p));
        if (!e)
            e = end;
        cred_str l = {p, (size_t)(e - p)};
        p = e < end ? e + 1 : e;
        line++;
        if (l.n && l.p[l.n - 1] == '\r')
            l.n--;
        bool blank = true;
        for (size_t i = 0; i < l.n && blank; i++)
            blank = l.p[i] == ' ' || l.p[i] == '\t';
        if (blank)
            continue;
        cred_str f[5];
        size_t k = cred__split_tabs(l, f, 5);
        if (k != 4) {
            char what[96];
            snprintf(what, sizeof what,
                     "expected 4 tab-separated columns (line_no, speaker, text, label), found %zu",
                     k > 4 ? (size_t)5 : k);
            st = bad(ds, o, file, line, what, err);
            continue;
        }
        bool num = f[0].n > 0 && f[0].n < 12;
        for (size_t i = 0; i < f[0].n && num; i++)
            num = f[0].p[i] >= '0' && f[0].p[i] <= '9';
        if (!num) {
            st = bad(ds, o, file, line, "column 1 (line_no) is not a number", err);
            continue;
        }
        cred_str lab = f[3];
        while (lab.n && (lab.p[lab.n - 1] == ' ' || lab.p[lab.n - 1] == '\t'))
            lab.n--;
        if (lab.n != 1 || (lab.p[0] != '0' && lab.p[0] != '1')) {
            st = bad(ds, o, file, line, "column 4 (label) is not 0 or 1", err);
            continue;
        }
        if (!f[2].n) {
            st = bad(ds, o, file, line, "empty text in column 3", err);
            continue;
        }
        st = cred__ds_add(ds, lab, f[2], f[1], f[0], file, line, err);
    }
    return st;
}
