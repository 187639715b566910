"""cibuildwheel `before-all` on Windows and macOS: static SQLite and Lua 5.4 into a prefix.

The same pinned, SHA-256-checked source archives as tools/cibw-before-all.sh (the Linux images)
are read from that script, so the versions live in one place; cmake/deps/CMakeLists.txt builds
them with the platform's compiler (MSVC on Windows, Apple clang on macOS, both archs through
CMAKE_OSX_ARCHITECTURES / ARCHFLAGS). Usage: python tools/cibw_deps.py PREFIX
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pins() -> dict[str, str]:
    """VAR=value lines of tools/cibw-before-all.sh, with $VAR references expanded."""
    values: dict[str, str] = {}
    for line in (ROOT / "tools" / "cibw-before-all.sh").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(SQLITE|LUA)_([A-Z0-9]+)=(\S+)", line)
        if m:
            value = re.sub(r"\$(\w+)", lambda v: values[v.group(1)], m.group(3))
            values[f"{m.group(1)}_{m.group(2)}"] = value
    return values


def fetch(url: str, sha256: str, dest: Path) -> Path:
    path = dest / url.rsplit("/", 1)[1]
    with urllib.request.urlopen(url, timeout=120) as response:
        path.write_bytes(response.read())
    got = hashlib.sha256(path.read_bytes()).hexdigest()
    if got != sha256:
        sys.exit(f"cibw_deps: SHA-256 mismatch for {url}: expected {sha256}, got {got}")
    print(f"cibw_deps: {path.name}: SHA-256 verified", flush=True)
    with tarfile.open(path) as tar:
        tar.extractall(dest)
    return path


def main() -> None:
    prefix = Path(sys.argv[1]).resolve()
    p = pins()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        fetch(p["SQLITE_URL"], p["SQLITE_SHA256"], work)
        fetch(p["LUA_URL"], p["LUA_SHA256"], work)
        build = work / "build"
        configure = [
            "cmake",
            "-S",
            str(ROOT / "cmake" / "deps"),
            "-B",
            str(build),
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DCMAKE_INSTALL_PREFIX={prefix}",
            f"-DSQLITE_SRC={(work / p['SQLITE_DIR']).as_posix()}",
            f"-DLUA_SRC={(work / ('lua-' + p['LUA_VERSION']) / 'src').as_posix()}",
        ]
        if sys.platform == "darwin":
            # both wheel archs link the same universal static libraries
            configure.append("-DCMAKE_OSX_ARCHITECTURES=x86_64;arm64")
        if os.name == "nt":
            # the dynamic C runtime (/MD), as libquiver_c and the extension use
            configure.append("-DCMAKE_MSVC_RUNTIME_LIBRARY=MultiThreadedDLL")
        subprocess.run(configure, check=True)
        subprocess.run(["cmake", "--build", str(build), "--config", "Release", "--parallel"], check=True)
        subprocess.run(["cmake", "--install", str(build), "--config", "Release"], check=True)
    print(f"cibw_deps: SQLite {p['SQLITE_VERSION']} and Lua {p['LUA_VERSION']} installed into {prefix}")


if __name__ == "__main__":
    main()
