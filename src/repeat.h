/* repeat.h - repeated paragraphs and sentences (repeat.c). Internal. */
#ifndef CREDENCE_REPEAT_H
#define CREDENCE_REPEAT_H

#include "internal.h"

/*
 * Finds body sentences of the text `t` that repeat an earlier one.  The first
 * `n_title` sentences are the title's and are never marked (a lede that
 * restates the headline is normal).  Sets dropped[i] for each repeat (the
 * caller zeroes the array, ns entries), counts them in *ndropped, and
 * records the edits: one per wholly repeated paragraph, else one per
 * sentence.  False on allocation failure.
 */
bool cred__repeats(const cred_sentence *sents, size_t ns, size_t n_title,
                   const cred_paragraph *paras, size_t np, cred__edits *ed,
                   const cred__tbuf *t, bool *dropped, size_t *ndropped);

/* Minimum words for a sentence to count as a repeat (shorter ones, such as
 * "Read more." or "He said.", repeat innocently). */
#define CRED__REPEAT_MIN_WORDS 6

#endif
