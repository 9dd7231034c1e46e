#!/usr/bin/env bash
# The library boundary (docs/api.md): libcredence.so exports exactly the
# functions declared with CRED_API in include/credence/*.h (no cred__ or an_
# internals), its soname follows the versioning policy, the CLI uses nothing
# but that API, and a program built against include/ and the shared library
# sees the run-time version, the options structs' sizes and reserved room,
# and the public JSON calls (tests/api/consumer.c).
set -u
BUILD=${BUILD:-build}
C=${CREDENCE:-$BUILD/credence}
SO=$BUILD/libcredence.so
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
. "$(dirname "$0")/lib.sh"
echo "1..10"

# Exported (defined, dynamic) symbols.  Names starting with "_" belong to the
# compiler and the sanitizer runtimes (SAN=1 builds), not to us.
nm -D --defined-only "$SO" | awk '{print $NF}' | grep -v '^_' | LC_ALL=C sort -u >"$tmp/exported"
# Declared public functions: the identifier before "(" on every CRED_API line.
sed -n 's/^CRED_API .*[^A-Za-z0-9_]\([A-Za-z_][A-Za-z0-9_]*\)(.*/\1/p' include/credence/*.h |
    LC_ALL=C sort -u >"$tmp/declared"

t "libcredence.so exports symbols (nm -D works)" test -s "$tmp/exported"
t "no internal symbol exported (cred__*, an_*, or anything not cred_*)" \
    sh -c "! grep -vE '^cred_[a-z0-9]' '$tmp/exported' && ! grep -E '^cred__' '$tmp/exported'"
LC_ALL=C comm -23 "$tmp/exported" "$tmp/declared" >"$tmp/undeclared"
t "every exported symbol is declared with CRED_API in include/" test ! -s "$tmp/undeclared"
sed 's/^/# exported, not declared: /' "$tmp/undeclared"
LC_ALL=C comm -13 "$tmp/exported" "$tmp/declared" >"$tmp/missing"
t "every CRED_API declaration is exported" test ! -s "$tmp/missing"
sed 's/^/# declared, not exported: /' "$tmp/missing"

# The soname: libcredence.so.MAJOR from 1.0 on, libcredence.so.0.MINOR before.
major=$(sed -n 's/^#define CRED_VERSION_MAJOR \([0-9]*\)$/\1/p' include/credence/core.h)
minor=$(sed -n 's/^#define CRED_VERSION_MINOR \([0-9]*\)$/\1/p' include/credence/core.h)
patch=$(sed -n 's/^#define CRED_VERSION_PATCH \([0-9]*\)$/\1/p' include/credence/core.h)
if [ "$major" = 0 ]; then want_so=libcredence.so.0.$minor; else want_so=libcredence.so.$major; fi
soname=$(objdump -p "$SO" 2>/dev/null | awk '$1 == "SONAME" {print $2}')
t "soname $soname follows the policy ($want_so)" test "$soname" = "$want_so"
t "CRED_VERSION is MAJOR.MINOR.PATCH" \
    grep -q "^#define CRED_VERSION \"$major\.$minor\.$patch\"" include/credence/core.h
t "credence --version prints the run-time version" \
    test "$("$C" --version)" = "credence $major.$minor.$patch"

# The CLI is a client of the public API: it references no library symbol that
# the shared library does not export, and includes nothing from src/.
for o in "$BUILD"/obj/cli/*.o; do nm -u "$o"; done | awk '{print $NF}' |
    grep -E '^(cred_|an_)' | LC_ALL=C sort -u >"$tmp/cli_uses"
LC_ALL=C comm -23 "$tmp/cli_uses" "$tmp/exported" >"$tmp/cli_internal"
t "the CLI uses only exported library symbols" \
    sh -c "test -s '$tmp/cli_uses' && test ! -s '$tmp/cli_internal'"
sed 's/^/# CLI uses internal: /' "$tmp/cli_internal"
t "the CLI includes nothing from src/" \
    sh -c "! grep -nE '#include \"(\\.\\./src/|internal\\.h|[a-z_]*_int\\.h|an\\.h|page\\.h)' cli/*.c cli/*.h"

# A program built like an outside caller's: include/ only, the shared library.
san=""
[ "${SAN:-}" = 1 ] && san="-fsanitize=address,undefined"
if cc -std=c11 -Wall -Wextra -Werror $san -Iinclude -o "$tmp/consumer" tests/api/consumer.c \
    -L"$BUILD" -lcredence 2>"$tmp/cc"; then
    ln -s "$(cd "$BUILD" && pwd)/libcredence.so" "$tmp/$soname" # what the loader looks for
    LD_LIBRARY_PATH="$tmp" "$tmp/consumer" >"$tmp/out" 2>&1
    rc=$?
    sed 's/^/# /' "$tmp/out"
    t "tests/api/consumer.c against libcredence.so: all checks pass" \
        sh -c "[ $rc = 0 ] && grep -q '^ok' '$tmp/out' && ! grep -q '^not ok' '$tmp/out'"
else
    sed 's/^/# /' "$tmp/cc" | head -10
    t "tests/api/consumer.c builds against include/ and libcredence.so" false
fi
