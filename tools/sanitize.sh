#!/usr/bin/env bash
# Build quiverdb (engine, libquiver_c, _quiver_cffi) with AddressSanitizer +
# UndefinedBehaviorSanitizer (CMake option QUIVER_SANITIZE=ON, docs/reliability.md) into a
# private venv and run the whole test suite under it with the ASan runtime preloaded.
#
#   tools/sanitize.sh [PYTEST ARGS...]      e.g. tools/sanitize.sh -x tests/reliability/test_reliability_fuzz.py
#
# Fails when pytest fails, when ASan/UBSan report anything (they abort the process), or when
# LeakSanitizer reports a leak with a frame in quiverdb's own code (src/quiver/, libquiver_c,
# _quiver_cffi, _rows). Leaks that are entirely CPython's, cffi's or the compilers' (the packaging tests
# run gcc) are suppressed by tools/lsan-suppressions.txt or counted apart.
#
# Environment: QUIVER_SANITIZE_DIR (default build/sanitize: venv/, build/, logs/).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
dir=${QUIVER_SANITIZE_DIR:-$root/build/sanitize}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
venv=$dir/venv
logs=$dir/logs
start=$(date +%s)

bash tools/system-deps.sh
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "scikit-build-core>=0.10" "cffi>=1.17.1"
fi
# the test extras as pyproject.toml lists them
"$venv/bin/python" - "$root/pyproject.toml" > "$dir/test-requirements.txt" <<'EOF'
import sys, tomllib
print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["optional-dependencies"]["test"]))
EOF
"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$dir/test-requirements.txt"

echo "==== sanitize: building with QUIVER_SANITIZE=ON (RelWithDebInfo)"
"$venv/bin/python" -m pip install -q --disable-pip-version-check --no-build-isolation --no-deps \
    -C build-dir="$dir/build" -C cmake.build-type=RelWithDebInfo \
    -C cmake.define.QUIVER_SANITIZE=ON "$root"
built=$(date +%s)
echo "built in $((built - start)) s"

libasan=$(gcc -print-file-name=libasan.so)
libubsan=$(gcc -print-file-name=libubsan.so)
[ -f "$libasan" ] || { echo "sanitize: libasan not found (gcc -print-file-name=libasan.so)" >&2; exit 1; }
rm -rf "$logs" "$dir/procs"
mkdir -p "$logs" "$dir/procs"
chmod 1777 "$logs" "$dir/procs"  # tests that drop to an unprivileged user write their reports here too
# Name every Python process of the run (report files are named by pid only): a sitecustomize
# in the private venv writes procs/<pid> = its command line, and the scan prints it per report.
site=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
cat > "$site/sitecustomize.py" <<PY
import os, sys
if os.environ.get("QUIVER_SANITIZE_PROCS"):
    try:
        with open(os.path.join(os.environ["QUIVER_SANITIZE_PROCS"], str(os.getpid())), "w") as f:
            f.write(" ".join([sys.executable] + sys.argv) + "\\n")
    except OSError:
        pass
PY
export QUIVER_SANITIZE_PROCS=$dir/procs

# CPython is not instrumented: preload the runtime. Every ASan or UBSan error aborts the process
# (SIGABRT: a crash the tests see); leak reports are written per process into logs/ (child
# processes inherit all of this) and do not change exit codes: the scan below fails the run on
# any leak with a frame in quiverdb's code. pymalloc stays on: CPython's small objects live in
# its own arenas, invisible to LSan.
export LD_PRELOAD="$libasan $libubsan"
# intercept_tls_get_addr=0: gcc 12's LeakSanitizer misreads glibc 2.36's dynamic TLS bookkeeping
# of dlopen'd libraries (here libquiver_c's thread_local error text): its exit-time tracer
# dereferences a bogus "DTLS" range, crashes and aborts the process (rc 134, seen in CLI
# children once the library's layout shifted). Without the interception the dynamic TLS blocks
# are still ordinary heap chunks reached from the thread's DTV, so leaks are still found.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1:exitcode=0:log_path=$logs/asan:strict_string_checks=1:allocator_may_return_null=1:malloc_context_size=40:intercept_tls_get_addr=0"
export LSAN_OPTIONS="suppressions=$root/tools/lsan-suppressions.txt:print_suppressions=1:report_objects=0"
# UBSan reports go to stderr (logs/pytest.txt for the test process)
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:abort_on_error=1"
export QUIVER_UNDER_SANITIZER=1

# Canary: a C result deliberately never freed must show up as a leak with a quiverdb frame, or
# the run would prove nothing (a runtime that is not loaded, or leak checking switched off).
canary=$dir/canary
rm -rf "$canary"
mkdir -p "$canary"
ASAN_OPTIONS="${ASAN_OPTIONS/log_path=$logs\/asan/log_path=$canary/asan}" "$venv/bin/python" - <<'PY'
from quiverdb import Database
from quiverdb._quiver_cffi import ffi, lib
db = Database.from_schema(":memory:", "tests/schemas/valid/collections.sql")
db.create_element("Collection", label="a", some_integer=5)
out, n = ffi.new("int64_t **"), ffi.new("size_t *")
assert lib.quiver_database_read_scalar_integers(db._ptr, b"Collection", b"some_integer", out, n) == 0
PY
if ! grep -qs "quiver_database_read_scalar_integers" "$canary"/asan.*; then
    echo "sanitize: the canary leak was not reported: LeakSanitizer is not working" >&2
    exit 1
fi
echo "==== sanitize: canary leak reported (LeakSanitizer works)"

echo "==== sanitize: pytest under ASan+UBSan+LSan"
set +e
"$venv/bin/python" -m pytest -q -p no:cacheprovider "${@:-tests}" 2>&1 | tee "$logs/pytest.txt"
rc=${PIPESTATUS[0]}
set -e
unset LD_PRELOAD
end=$(date +%s)

# every report file; a leak counts as ours when one of its frames is in quiverdb's code
scan=0
"$venv/bin/python" - "$logs" "$root" "$dir/procs" <<'EOF' || scan=$?
import pathlib, re, sys
logs, root, procs = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])


def process_of(report: pathlib.Path) -> str:
    """The command line of the process that wrote an asan.<pid> report (sitecustomize above)."""
    argv = procs / report.name.rsplit(".", 1)[-1]
    return argv.read_text(errors="replace").strip() if argv.exists() else "(not a Python process)"


ours_re = re.compile(r"(/src/quiver/|libquiver_c\.so|_quiver_cffi[^ ]*\.so|/_quiver_cffi\.c|/_rows\.c|/_rows[^ /]*\.so)")
errors, others, suppressed = [], 0, []
for f in sorted(logs.iterdir()):
    text = f.read_text(errors="replace")
    if f.name == "pytest.txt":  # UBSan reports and anything a child printed
        for m in re.finditer(r"runtime error:.*|ERROR: AddressSanitizer.*", text):
            errors.append(f"pytest output: {m.group(0)}")
        continue
    for block in re.split(r"\n(?=(?:Direct|Indirect) leak of )", text):
        if re.match(r"(Direct|Indirect) leak of ", block):
            stack = block.split("\n\n")[0]
            if ours_re.search(stack):
                errors.append(f"{f.name} [{process_of(f)}]: {stack}")
            else:
                others += 1
        elif "Suppressions used:" in block:
            suppressed.append(block[block.index("Suppressions used:"):].strip())
    if re.search(r"ERROR: AddressSanitizer|runtime error:|ERROR: UndefinedBehaviorSanitizer", text):
        errors.append(f"{f.name}:\n{text[:6000]}")
for e in errors:
    print(e, "\n")
print(f"sanitizer report files: {len(list(logs.iterdir())) - 1}; reports in quiverdb code: {len(errors)}; "
      f"leak reports without a quiverdb frame (CPython, cffi, toolchain; not counted): {others}")
sys.exit(1 if errors else 0)
EOF
echo "==== sanitize: pytest exit $rc, reports scan exit $scan; build $((built - start)) s, tests $((end - built)) s"
[ "$rc" -eq 0 ] && [ "$scan" -eq 0 ]
