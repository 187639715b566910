"""Build script for the compiled CFFI API-mode extension ``quiverdb._quiver_cffi``.

The cdef is generated from the public headers in ``include/quiver/c/`` so each
declaration is written once: the preprocessor lines, ``extern "C"`` braces and the
export macro are dropped and the rest is handed to ``cdef``. ``set_source`` then
includes the real headers, so the C compiler checks every declaration against them.

CMake runs ``python build_ffi.py --emit OUT.c``; tests import :func:`make_ffi`.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from cffi import FFI

ROOT = Path(__file__).resolve().parent
INCLUDE_DIR = ROOT / "include"
HEADERS = ["common.h", "options.h", "database.h", "element.h", "lua_runner.h", "columns.h", "bulk.h"]
MODULE_NAME = "quiverdb._quiver_cffi"

# Python callbacks defined in the package with @ffi.def_extern (see quiverdb/_c_api.py).
EXTERN_PYTHON = """
extern "Python" void _quiver_log_trampoline(int level, const char* message, void* user_data);
struct ArrowArrayStream* quiver_py_arrow_stream_new(void);
void quiver_py_arrow_stream_delete(struct ArrowArrayStream* stream);
void* quiver_py_arrow_stream_capsule_destructor(void);
const char* quiver_py_arrow_stream_capsule_name(void);
"""

# C compiled into the extension only (it needs Python.h, which libquiver_c never sees): the
# PyCapsule of the Arrow PyCapsule interface ("arrow_array_stream") owns a malloc'ed
# ArrowArrayStream; its destructor releases the stream unless a consumer moved it out (release
# set to NULL), then frees the struct. quiverdb/_arrow.py makes the capsule with PyCapsule_New.
EXTENSION_SOURCE = """
#include <stdlib.h>

static const char quiver_py_stream_name[] = "arrow_array_stream";

static struct ArrowArrayStream* quiver_py_arrow_stream_new(void) {
    return (struct ArrowArrayStream*)calloc(1, sizeof(struct ArrowArrayStream));
}

static void quiver_py_arrow_stream_delete(struct ArrowArrayStream* stream) {
    if (stream == NULL) return;
    if (stream->release != NULL) stream->release(stream);
    free(stream);
}

static void quiver_py_stream_capsule_destructor(PyObject* capsule) {
    struct ArrowArrayStream* stream =
        (struct ArrowArrayStream*)PyCapsule_GetPointer(capsule, quiver_py_stream_name);
    if (stream == NULL) {
        PyErr_Clear();
        return;
    }
    quiver_py_arrow_stream_delete(stream);
}

static void* quiver_py_arrow_stream_capsule_destructor(void) {
    return (void*)&quiver_py_stream_capsule_destructor;
}

static const char* quiver_py_arrow_stream_capsule_name(void) {
    return quiver_py_stream_name;
}
"""


def header_cdef(name: str) -> str:
    """Return the cffi-parsable body of one public header."""
    text = (INCLUDE_DIR / "quiver" / "c" / name).read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)  # block comments
    text = re.sub(r"//[^\n]*", "", text)
    out = []
    for line in text.splitlines():
        stripped = line.strip()
        # preprocessor lines and the braces of `extern "C" { ... }` are not declarations
        if stripped.startswith("#") or stripped in ('extern "C" {', "}"):
            continue
        out.append(line)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(out))
    body = body.replace("QUIVER_C_API ", "")
    return body


def full_cdef() -> str:
    parts = []
    seen_element_typedef = False
    for name in HEADERS:
        body = header_cdef(name)
        # quiver_element_t is typedef'd in database.h and element.h; cdef wants it once
        td = "typedef struct quiver_element quiver_element_t;"
        if td in body:
            if seen_element_typedef:
                body = body.replace(td, "")
            seen_element_typedef = True
        parts.append(body)
    return "\n".join(parts)


def make_ffi(cdef: str | None = None, module_name: str = MODULE_NAME, extra_cdef: str = EXTERN_PYTHON) -> FFI:
    ffibuilder = FFI()
    ffibuilder.cdef((full_cdef() if cdef is None else cdef) + extra_cdef)
    includes = "\n".join(f'#include "quiver/c/{h}"' for h in HEADERS) + "\n" + EXTENSION_SOURCE
    ffibuilder.set_source(module_name, includes, include_dirs=[str(INCLUDE_DIR)], libraries=["quiver_c"])
    return ffibuilder


ffibuilder = make_ffi()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--emit", metavar="OUT_C", required=True, help="write the generated C source here")
    args = parser.parse_args()
    out = Path(args.emit)
    out.parent.mkdir(parents=True, exist_ok=True)
    ffibuilder.emit_c_code(str(out))
    # cffi leaves an unchanged file untouched; refresh its mtime so the build step is not rerun forever
    os.utime(out)


if __name__ == "__main__":
    main()
