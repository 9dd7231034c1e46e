/* chrome.h - page-chrome matching (chrome.c). Internal. */
#ifndef CREDENCE_CHROME_H
#define CREDENCE_CHROME_H

#include "internal.h"

typedef struct cred__chrome_hit {
    size_t start, end;  /* byte range in the line */
    const char *rule;   /* rule name, owned by the context */
    const char *reason; /* rule reason, owned by the context */
} cred__chrome_hit;
typedef CRED__VEC(cred__chrome_hit) cred__chrome_hits;

/* Scans one line (whitespace-normalized, trimmed, valid UTF-8).  On return
 * *whole says whether a line rule matched (hits then holds one hit covering
 * the line); otherwise hits holds the inline matches, sorted and
 * non-overlapping.  `hits` is reset first.  False on allocation failure. */
bool cred__chrome_scan(const cred_ctx *ctx, const char *line, size_t n,
                       cred__chrome_hits *hits, bool *whole);

#endif
