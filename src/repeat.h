/* repeat.h - repeated paragraphs and sentences (repeat.c). Internal. */
#ifndef CREDENCE_REPEAT_H
#define CREDENCE_REPEAT_H

#include "internal.h"

/*
 * Finds body paragraphs and sentences of `text` that repeat an earlier one.
 * The first `n_title` sentences are the title's and are never dropped (a
 * lede that restates the headline is normal).  Records one CRED_EDIT_REPEAT
 * per repeat (origins from `t`) and returns in *drops (malloc'd, sorted,
 * non-overlapping) the ranges of `text` to remove.  False on allocation
 * failure.
 */
bool cred__repeats(const char *text, const cred_sentence *sents, size_t ns, size_t n_title,
                   const cred_paragraph *paras, size_t np, cred__edits *ed,
                   const cred__tbuf *t, cred_span **drops, size_t *ndrops);

/* Minimum words for a sentence to count as a repeat (shorter ones, such as
 * "Read more." or "He said.", repeat innocently). */
#define CRED__REPEAT_MIN_WORDS 6

#endif
