/*
 * fix_hooks.h - testing hooks of fix.c (not installed, not public API).
 *
 * CRED__FIX_SLOW, or-ed into the flags of cred_fix_text(), turns off fix.c's
 * fast paths (lines copied after one scan, curly quotes straightened in
 * place), so tests/unit/test_fix.c can check that the fast paths give exactly
 * what the full ftfy loop gives.
 */
#ifndef CREDENCE_FIX_HOOKS_H
#define CREDENCE_FIX_HOOKS_H

#define CRED__FIX_SLOW (1u << 30)

#endif
