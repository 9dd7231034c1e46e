#!/bin/sh
# scripts/setup.sh - one-step set-up on Debian 12 (run as root, or with sudo):
# installs the Debian packages credence needs that are missing, builds, and
# scores an example article from examples/ (credence score).
#
#   --deps-only   install packages, do not build
#   --bench       also install the benchmark peers (fasttext, liblinear-tools)
#                 and chromium (HTML report screenshots)
set -eu
cd "$(dirname "$0")/.."

# Build and test dependencies (Debian package names; jq: JSON checks in tests/t_analysis*.sh).
PKGS="build-essential pkg-config libutf8proc-dev libpcre2-dev libjansson-dev libsqlite3-dev
libxml2-dev libgumbo-dev libcmocka-dev valgrind python3 jq"
# credence serve: libmicrohttpd (HTTP server); curl: tests/t_serve.sh
PKGS="$PKGS libmicrohttpd-dev curl"
# credence worker: hiredis; redis-server (and redis-cli): tests/t_worker.sh runs its own (docs/scale.md)
PKGS="$PKGS libhiredis-dev redis-server"
# clang and its libFuzzer runtime: `make fuzz`, `make fuzz-smoke` (docs/security.md)
PKGS="$PKGS clang libclang-rt-14-dev"
# chromium: headless screenshot of `credence score --html` (tests/t_score.sh
# skips that check without it); gnuplot-nox: the reliability diagram of
# bench/verdict.py
BENCH_PKGS="fasttext liblinear-tools hyperfine chromium gnuplot-nox"
# node and npm for the readability.js peer: Debian's, unless a node with npm
# is already installed (Debian's npm conflicts with other node builds)
command -v npm >/dev/null 2>&1 || BENCH_PKGS="$BENCH_PKGS nodejs npm"

deps_only=0 bench=0
for a in "$@"; do
    case $a in
    --deps-only) deps_only=1 ;;
    --bench) bench=1 ;;
    *) echo "setup.sh: unknown option '$a'" >&2; exit 2 ;;
    esac
done
[ $bench = 1 ] && PKGS="$PKGS $BENCH_PKGS"

missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "setup: installing$missing" >&2
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi
[ $deps_only = 1 ] && exit 0

make -j"$(nproc)"
echo "setup: build done; scoring examples/scraped-blog.txt:" >&2
./build/credence score examples/scraped-blog.txt
