"""Packaging contract of the installed quiverdb (a wheel, or a source build of the sdist).

Everything here inspects the *installed* package, never the checkout, so the same tests run
against a repaired wheel in a fresh virtualenv outside the source tree (tools/wheel-check.sh,
cibuildwheel's test-command):

- the extension is the stable-ABI (abi3) build that pyproject.toml asks for;
- ``libquiver_c`` exports exactly the ``QUIVER_C_API`` functions of the public headers, which
  are installed with the package (``quiverdb/include/quiver/c/*.h``);
- an API-mode CFFI module whose declaration disagrees with a header fails to compile with the
  warnings-as-errors flags our own extension is built with, and the right declaration builds,
  links against the installed ``libquiver_c`` and runs;
- the package metadata, ``quiverdb.__version__`` and the loaded library report one version, and a
  package whose version differs from the loaded library's refuses to import.
"""

from __future__ import annotations

import importlib.machinery
import importlib.metadata
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import cffi
import pytest

import quiverdb
from quiverdb import _quiver_cffi
from support.c_headers import declared_functions
from support.pe_exports import pe_exported_names

PACKAGE_DIR = Path(quiverdb.__file__).resolve().parent
INCLUDE_DIR = PACKAGE_DIR / "include"
HEADER_DIR = INCLUDE_DIR / "quiver" / "c"
HEADERS = ["common.h", "options.h", "database.h", "element.h", "lua_runner.h", "columns.h", "bulk.h"]
# the C library beside the extension: CMake names it libquiver_c on every platform (the "lib"
# prefix is set for MSVC too, as upstream documents libquiver_c.dll)
LIBQUIVER_C = PACKAGE_DIR / {"win32": "libquiver_c.dll", "darwin": "libquiver_c.dylib"}.get(
    sys.platform, "libquiver_c.so"
)
# the stable-ABI extension suffix: .pyd on Windows (python3.dll serves every version)
ABI3_SUFFIX = ".pyd" if sys.platform == "win32" else ".abi3.so"
PLATFORM_TAGS = {"win32": ("win_",), "darwin": ("macosx_",)}.get(sys.platform, ("linux_", "manylinux", "musllinux"))

# The flags CMakeLists.txt compiles quiverdb._quiver_cffi with (keep the two lists equal).
STRICT_FLAGS = [
    "-Werror=conversion",
    "-Werror=incompatible-pointer-types",
    "-Werror=int-conversion",
    "-Werror=implicit-function-declaration",
    # GCC's name; Clang's is below
    "-Werror=incompatible-pointer-types-discards-qualifiers"
    if sys.platform == "darwin"
    else "-Werror=discarded-qualifiers",
    "-Wno-error=sign-conversion",
]
LIMITED_API = "-DPy_LIMITED_API=0x030A0000"

FREE_THREADED = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


# ---------------------------------------------------------------- (a) abi3 -----------------


def test_extension_is_the_stable_abi_build() -> None:
    """pyproject.toml asks for abi3 (wheel.py-api = "cp310"); only free-threaded CPython,
    which has no classic stable ABI, gets a version-specific extension."""
    name = Path(_quiver_cffi.__file__).name
    if FREE_THREADED:
        assert name == "_quiver_cffi" + sysconfig.get_config_var("EXT_SUFFIX")
    else:
        assert name == "_quiver_cffi" + ABI3_SUFFIX


def test_installed_wheel_is_tagged_abi3() -> None:
    wheel = importlib.metadata.distribution("quiverdb").read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
    assert tags, wheel
    for tag in tags:
        python, abi, platform = tag.split("-", 2)
        if FREE_THREADED:
            assert abi != "abi3", tag
        else:
            assert (python, abi) == ("cp310", "abi3"), tag
        assert platform.startswith(PLATFORM_TAGS), tag


def test_package_loads_from_an_installation_not_a_source_tree() -> None:
    """The library and the headers are files of the installed package."""
    assert Path(_quiver_cffi.__file__).resolve().parent == PACKAGE_DIR
    assert LIBQUIVER_C.is_file()
    assert sorted(p.name for p in HEADER_DIR.glob("*.h")) == sorted(HEADERS)
    assert not (PACKAGE_DIR.parent / "quiver").is_dir(), "a source checkout's src/ is on sys.path"


# --------------------------------------------------- (b) exported symbols == headers --------


def header_functions() -> set[str]:
    return declared_functions(HEADER_DIR)


def exported_functions(library: Path) -> set[str]:
    if sys.platform == "win32":  # no nm with MSVC: the DLL's export table, read directly
        return pe_exported_names(library.read_bytes())
    nm = shutil.which("nm")
    assert nm, "nm (binutils, or Xcode's) is needed to list the library's exported symbols"
    # ELF: the dynamic symbol table; Mach-O: external defined symbols, with a leading underscore
    flags = ["-gU"] if sys.platform == "darwin" else ["-D", "--defined-only"]
    out = subprocess.run([nm, *flags, str(library)], check=True, capture_output=True, text=True).stdout
    symbols = set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            name = fields[2].split("@")[0]
            symbols.add(name[1:] if sys.platform == "darwin" and name.startswith("_") else name)
    return symbols


def test_header_parser_finds_the_upstream_api() -> None:
    names = header_functions()
    assert len(names) >= 93
    assert {
        "quiver_version",
        "quiver_database_open",
        "quiver_element_create",
        "quiver_lua_runner_run",
        "quiver_csv_options_default",
    } <= names


def test_libquiver_c_exports_exactly_the_public_headers() -> None:
    exported = exported_functions(LIBQUIVER_C)
    declared = header_functions()
    assert exported - declared == set(), "exported but not declared in include/quiver/c (stray export)"
    assert declared - exported == set(), "declared in include/quiver/c but not exported"


# ------------------------------------- (c) a wrong cdef does not compile; the right one does --

PRELUDE = """
typedef enum { QUIVER_OK = 0, QUIVER_ERROR = 1 } quiver_error_t;
typedef struct quiver_database quiver_database_t;
typedef struct quiver_element quiver_element_t;
"""

RIGHT = {
    "quiver_version": "const char* quiver_version(void);",
    "quiver_database_close": "quiver_error_t quiver_database_close(quiver_database_t* db);",
    "quiver_element_set_array_integer": "quiver_error_t quiver_element_set_array_integer("
    "quiver_element_t* element, const char* name, const int64_t* values, int32_t count);",
    "quiver_database_current_version": "quiver_error_t quiver_database_current_version("
    "quiver_database_t* db, int64_t* out_version);",
    "quiver_database_path": "quiver_error_t quiver_database_path(quiver_database_t* db, const char** out_path);",
    "quiver_database_free_string": "quiver_error_t quiver_database_free_string(char* str);",
    "quiver_database_is_healthy": "quiver_error_t quiver_database_is_healthy(quiver_database_t* db, int* out_healthy);",
}

WRONG = {
    "pointer-as-integer": "quiver_error_t quiver_database_close(intptr_t db);",
    "int64-count-for-int32": "quiver_error_t quiver_element_set_array_integer("
    "quiver_element_t* element, const char* name, const int64_t* values, int64_t count);",
    "int-out-for-int64": "quiver_error_t quiver_database_current_version(quiver_database_t* db, int* out_version);",
    "const-dropped-from-out-string": "quiver_error_t quiver_database_path(quiver_database_t* db, char** out_path);",
    "const-added-to-freed-string": "quiver_error_t quiver_database_free_string(const char* str);",
    "missing-argument": "quiver_error_t quiver_database_is_healthy(quiver_database_t* db);",
    "integer-return-for-string": "int quiver_version(void);",
}


def compiler() -> list[str]:
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    command = shlex.split(cc)
    assert shutil.which(command[0]), f"a C compiler is needed for this test (tried {cc!r})"
    return command


def build_probe(tmp_path: Path, module: str, cdef: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    """Generate an API-mode module for ``cdef`` against the installed headers and compile it
    the way CMake compiles quiverdb._quiver_cffi, linked to the installed libquiver_c."""
    ffi = cffi.FFI()
    ffi.cdef(PRELUDE + cdef)
    ffi.set_source(module, "\n".join(f'#include "quiver/c/{h}"' for h in HEADERS))
    source = tmp_path / f"{module}.c"
    ffi.emit_c_code(str(source))
    target = tmp_path / f"{module}.abi3.so"
    # Mach-O: Python's symbols are resolved from the interpreter when the module loads
    undefined = ["-undefined", "dynamic_lookup"] if sys.platform == "darwin" else []
    command = [
        *compiler(),
        "-shared",
        "-fPIC",
        "-O0",
        LIMITED_API,
        *STRICT_FLAGS,
        "-I",
        sysconfig.get_paths()["include"],
        "-I",
        str(INCLUDE_DIR),
        str(source),
        "-o",
        str(target),
        f"-L{PACKAGE_DIR}",
        "-lquiver_c",
        f"-Wl,-rpath,{PACKAGE_DIR}",
        *undefined,
    ]
    return subprocess.run(command, capture_output=True, text=True), target


# MSVC has no equivalent of these -Werror flags: the Windows extension is compiled with its
# defaults, and the declarations are the ones checked on Linux and macOS
gcc_or_clang = pytest.mark.skipif(sys.platform == "win32", reason="the strict-declaration flags are GCC's and Clang's")


@gcc_or_clang
@pytest.mark.parametrize("case", sorted(WRONG))
def test_wrong_declaration_fails_to_build(tmp_path: Path, case: str) -> None:
    decl = WRONG[case]
    function = re.search(r"\b(quiver_\w+)\s*\(", decl).group(1)  # type: ignore[union-attr]
    assert decl != RIGHT[function]
    result, target = build_probe(tmp_path, "_quiver_probe_" + case.replace("-", "_"), decl)
    assert result.returncode != 0, f"{decl!r} compiled against the real header"
    assert not target.exists()
    assert function in result.stderr, result.stderr  # failed for the declaration, not the set-up


@gcc_or_clang
def test_right_declarations_build_link_and_run(tmp_path: Path) -> None:
    module = "_quiver_probe_right"
    result, target = build_probe(tmp_path, module, "\n".join(RIGHT.values()))
    assert result.returncode == 0, result.stderr
    loader = importlib.machinery.ExtensionFileLoader(module, str(target))
    spec = importlib.util.spec_from_file_location(module, target, loader=loader)
    assert spec is not None
    probe = importlib.util.module_from_spec(spec)
    loader.exec_module(probe)
    try:
        assert probe.ffi.string(probe.lib.quiver_version()).decode() == quiverdb.__version__
        healthy = probe.ffi.new("int*")
        assert probe.lib.quiver_database_is_healthy(probe.ffi.NULL, healthy) == probe.lib.QUIVER_ERROR
    finally:
        sys.modules.pop(module, None)


# ------------------------------------------------ (d) one version; a mismatch fails at import --


def test_metadata_package_and_library_report_one_version() -> None:
    assert importlib.metadata.version("quiverdb") == quiverdb.__version__ == quiverdb.version()


# A fresh interpreter whose quiverdb._version claims another version than the compiled
# libquiver_c reports (a package upgraded over a stale library, or the reverse).
MISMATCH_PROBE = """
import sys, types
fake = types.ModuleType("quiverdb._version")
fake.__version__ = "0.0.1"
sys.modules["quiverdb._version"] = fake
try:
    import quiverdb
except ImportError as exc:
    print(exc)
    sys.exit(3)
print("imported", quiverdb.__version__)
"""


def test_version_mismatch_with_the_loaded_library_fails_at_import(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", MISMATCH_PROBE], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert result.returncode == 3, result.stdout + result.stderr
    message = result.stdout.strip()
    assert message == (
        f"quiverdb 0.0.1 loaded libquiver_c {quiverdb.version()}: the compiled library "
        "does not match the Python package; reinstall quiverdb"
    ), message


def test_matching_versions_import_in_a_fresh_interpreter(tmp_path: Path) -> None:
    """The probe above fails because of the version alone: unchanged, the same import works."""
    probe = MISMATCH_PROBE.replace('"0.0.1"', repr(quiverdb.__version__))
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"imported {quiverdb.__version__}"
