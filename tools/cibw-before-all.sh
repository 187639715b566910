#!/usr/bin/env bash
# cibuildwheel `before-all` (see [tool.cibuildwheel] in pyproject.toml): provide SQLite >= 3.37
# and Lua 5.4, headers and libraries, inside a manylinux or musllinux build image.
#
# - The distribution's packages are used where they are new enough (musllinux/Alpine:
#   sqlite-dev and lua5.4-dev; a RHEL-family image whose sqlite-devel / lua-devel qualify).
# - Otherwise (the RHEL-family manylinux images ship SQLite 3.26-3.34 and, on manylinux_2_28,
#   Lua 5.3) the pinned source archives below are downloaded, their SHA-256 checked, and static,
#   position-independent libraries are installed into $QUIVER_DEPS_PREFIX (default /usr/local,
#   which CMake searches before /usr). libquiver_c links them in and keeps their symbols hidden.
#
# This is the only place a quiverdb build touches the network, and it runs only inside
# cibuildwheel's container, never in a normal `pip install` / tools/dev-install.sh build.
#
# Environment (all optional; for trying the script outside cibuildwheel):
#   QUIVER_DEPS_PREFIX=DIR        install prefix for source builds (default /usr/local)
#   QUIVER_DEPS_ARCHIVES=DIR      take the archives from DIR instead of downloading (still checked)
#   QUIVER_DEPS_FROM_SOURCE=1     skip the distribution's packages
set -euo pipefail

SQLITE_VERSION=3.52.0
SQLITE_DIR=sqlite-autoconf-3520000
SQLITE_ARCHIVE=$SQLITE_DIR.tar.gz
SQLITE_URL=https://www.sqlite.org/2026/$SQLITE_ARCHIVE
SQLITE_SHA256=f6b50b0c103392af32a8be15b2b9d25959de9a00a70c3979128aafeaa5338b3f
SQLITE_MINIMUM=3.37.0    # STRICT tables

LUA_VERSION=5.4.7
LUA_ARCHIVE=lua-$LUA_VERSION.tar.gz
LUA_URL=https://www.lua.org/ftp/$LUA_ARCHIVE
LUA_SHA256=9fbf5e28ef86c69858f6d3d34eccc32e911c1a28b4120ff3e84aaa70cfbf1e30

PREFIX=${QUIVER_DEPS_PREFIX:-/usr/local}
ARCHIVES=${QUIVER_DEPS_ARCHIVES:-}
FROM_SOURCE=${QUIVER_DEPS_FROM_SOURCE:-0}
JOBS=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

log() { echo "cibw-before-all: $*" >&2; }
die() { echo "cibw-before-all: error: $*" >&2; exit 1; }

# version_ge A B: A >= B, comparing dot-separated numbers (no sort -V: busybox may lack it)
version_ge() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        na = split(a, x, "."); nb = split(b, y, "."); n = na > nb ? na : nb
        for (i = 1; i <= n; i++) { if (x[i] + 0 > y[i] + 0) exit 0; if (x[i] + 0 < y[i] + 0) exit 1 }
        exit 0 }'
}

if command -v apk >/dev/null 2>&1; then PM=apk
elif command -v dnf >/dev/null 2>&1; then PM=dnf
elif command -v yum >/dev/null 2>&1; then PM=yum
else PM=none
fi

# newest version of a package the image's package manager offers ("" if unknown)
distro_version() {
    case $PM in
        apk) apk search -x "$1" 2>/dev/null | sed -n "s/^$1-\([0-9][0-9.]*\)-r[0-9]*\$/\1/p" | head -n 1 ;;
        dnf | yum) $PM -q info "$1" 2>/dev/null | sed -n 's/^Version *: *//p' | head -n 1 ;;
        *) echo "" ;;
    esac
}

distro_install() {
    log "installing the distribution's $*"
    case $PM in
        apk) apk add --no-cache "$@" ;;
        dnf | yum) $PM install -y -q "$@" ;;
    esac
}

# fetch ARCHIVE URL SHA256 -> path of the verified archive
fetch() {
    local name=$1 url=$2 sha=$3 dest
    dest=$WORK/$name
    if [ -n "$ARCHIVES" ]; then
        cp "$ARCHIVES/$name" "$dest" || die "$name is not in $ARCHIVES"
    elif command -v curl >/dev/null 2>&1; then
        curl -fsSL --retry 3 -o "$dest" "$url" || die "cannot download $url"
    elif command -v wget >/dev/null 2>&1; then
        wget -q -O "$dest" "$url" || die "cannot download $url"
    else
        die "neither curl nor wget is available to download $url"
    fi
    local got
    got=$(sha256sum "$dest" | awk '{print $1}')
    [ "$got" = "$sha" ] || die "SHA-256 mismatch for $name: expected $sha, got $got"
    log "$name: SHA-256 verified"
    echo "$dest"
}

build_sqlite() {
    local archive
    archive=$(fetch "$SQLITE_ARCHIVE" "$SQLITE_URL" "$SQLITE_SHA256")
    tar -xzf "$archive" -C "$WORK"
    log "building SQLite $SQLITE_VERSION (static, PIC) into $PREFIX"
    # the amalgamation alone: one object, the options Debian's and Alpine's builds enable
    mkdir -p "$PREFIX/include" "$PREFIX/lib"
    (
        cd "$WORK/$SQLITE_DIR"
        ${CC:-cc} -O2 -fPIC -DSQLITE_THREADSAFE=1 -DHAVE_USLEEP=1 -DHAVE_LOCALTIME_R=1 -DHAVE_GMTIME_R=1 \
            -DHAVE_FDATASYNC=1 -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 \
            -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 \
            -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_DBSTAT_VTAB \
            -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_SECURE_DELETE -DSQLITE_MAX_VARIABLE_NUMBER=250000 \
            -c sqlite3.c -o sqlite3.o
        ar rcs "$PREFIX/lib/libsqlite3.a" sqlite3.o
        cp sqlite3.h sqlite3ext.h "$PREFIX/include/"
    )
}

build_lua() {
    local archive
    archive=$(fetch "$LUA_ARCHIVE" "$LUA_URL" "$LUA_SHA256")
    tar -xzf "$archive" -C "$WORK"
    log "building Lua $LUA_VERSION (static, PIC, as C) into $PREFIX"
    mkdir -p "$PREFIX/include" "$PREFIX/lib"
    make -s -C "$WORK/lua-$LUA_VERSION/src" -j"$JOBS" liblua.a CC="${CC:-cc}" \
        SYSCFLAGS="-DLUA_USE_LINUX" MYCFLAGS="-fPIC"
    (cd "$WORK/lua-$LUA_VERSION/src" && cp lua.h luaconf.h lualib.h lauxlib.h lua.hpp "$PREFIX/include/")
    # named like the distributions' library, so CMake's find_library(lua5.4 ...) picks it first
    cp "$WORK/lua-$LUA_VERSION/src/liblua.a" "$PREFIX/lib/liblua5.4.a"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/quiver-deps.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

[ "$PM" = apk ] && apk update -q >/dev/null 2>&1 || true

# ---- SQLite ---------------------------------------------------------------
sqlite_pkg=sqlite-devel; [ "$PM" = apk ] && sqlite_pkg=sqlite-dev
v=""; [ "$FROM_SOURCE" = 1 ] || v=$(distro_version $sqlite_pkg)
if [ -n "$v" ] && version_ge "$v" "$SQLITE_MINIMUM"; then
    distro_install $sqlite_pkg
else
    log "distribution SQLite: ${v:-not offered or skipped}; need >= $SQLITE_MINIMUM: building from source"
    build_sqlite
fi

# ---- Lua 5.4 --------------------------------------------------------------
lua_pkg=lua-devel; [ "$PM" = apk ] && lua_pkg=lua5.4-dev
v=""; [ "$FROM_SOURCE" = 1 ] || v=$(distro_version $lua_pkg)
case $v in
    5.4 | 5.4.*) distro_install $lua_pkg ;;
    *)
        log "distribution Lua: ${v:-not offered or skipped}; need 5.4: building from source"
        build_lua
        ;;
esac
log "done"
