#!/usr/bin/env bash
# `make install` into a scratch DESTDIR, then build and run a small program
# against the installed header, static library and credence.pc.
set -u
BUILD=${BUILD:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "1..6"
if make -s BUILD="$BUILD" DESTDIR="$tmp" PREFIX=/usr/local install >"$tmp/log" 2>&1; then
    echo "ok 1 - make install"
else
    echo "not ok 1 - make install: $(tail -3 "$tmp/log")"
fi
root=$tmp/usr/local
files_ok=1
for f in bin/credence lib/libcredence.a lib/libcredence.so include/credence.h \
    include/credence/core.h lib/pkgconfig/credence.pc share/man/man1/credence.1 \
    share/credence/ATTRIBUTION.md; do
    [ -e "$root/$f" ] || { files_ok=0; echo "# missing $f"; }
done
[ $files_ok = 1 ] && echo "ok 2 - installed files present" || echo "not ok 2 - installed files present"
cat >"$tmp/prog.c" <<'C'
#include <credence.h>
#include <stdio.h>
#include <string.h>
int main(void)
{
    cred_error err;
    cred_ctx *ctx = cred_ctx_new(NULL, &err);
    if (!ctx) return 1;
    const char *in = "Title\n\nBody \xe2\x80\x94 text.";
    cred_doc *doc;
    if (cred_clean(ctx, in, strlen(in), NULL, &doc, &err)) return 2;
    printf("%s|%zu\n", doc->text, doc->n_paragraphs);
    cred_doc_free(doc);
    cred_ctx_free(ctx);
    return 0;
}
C
export PKG_CONFIG_PATH=$root/lib/pkgconfig
san=""
[ "${SAN:-}" = 1 ] && san="-fsanitize=address,undefined"
if cc $san -o "$tmp/prog" "$tmp/prog.c" $(pkg-config --cflags credence | sed "s|-I/usr/local|-I$root|") \
    "$root/lib/libcredence.a" $(pkg-config --static --libs credence | sed 's|-L[^ ]*||; s|-lcredence||') 2>"$tmp/cc"; then
    echo "ok 3 - program builds against the installed header, library and credence.pc"
else
    echo "not ok 3 - build against install: $(head -3 "$tmp/cc")"
fi
if [ -x "$tmp/prog" ] && [ "$("$tmp/prog")" = "$(printf 'Title\n\nBody \xe2\x80\x94 text.|1')" ]; then
    echo "ok 4 - installed library cleans text"
else
    echo "not ok 4 - installed library cleans text"
fi
# The installed binary finds the installed article model by its own
# location (<exe>/../share/credence/models), whatever the working directory.
if [ -f data/models/score-article.model ]; then
    ex=$PWD/examples/wire-report.txt
    (cd / && "$root/bin/credence" score --json "$ex") >"$tmp/inst.json" 2>"$tmp/inst.err"
    if [ -f "$root/share/credence/models/score-article.model" ] && grep -q '"model":{' "$tmp/inst.json" &&
        [ ! -s "$tmp/inst.err" ]; then
        echo "ok 5 - installed credence finds the installed model"
    else
        echo "not ok 5 - installed credence finds the installed model: $(head -1 "$tmp/inst.err")"
    fi
    "$BUILD/credence" score --json "$ex" >"$tmp/tree.json" 2>/dev/null
    if cmp -s "$tmp/inst.json" "$tmp/tree.json"; then
        echo "ok 6 - installed and build-tree credence give the same verdict"
    else
        echo "not ok 6 - installed and build-tree credence give the same verdict"
    fi
else
    echo "ok 5 - installed model # SKIP data/models absent"
    echo "ok 6 - same verdict # SKIP data/models absent"
fi
