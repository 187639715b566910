"""The names a Windows DLL exports, read from its PE export table (Microsoft's "PE Format"
specification: the optional header's first data directory). MSVC installs have no ``nm``; this
reads the file itself, so the packaging test lists libquiver_c.dll's exports on Windows the way
``nm -D`` lists libquiver_c.so's, and tools/windows-check.sh checks it on the MinGW-built DLL.

    python tests/support/pe_exports.py build/windows/libquiver_c.dll   # one name a line
"""

from __future__ import annotations

import struct
import sys


def pe_exported_names(image: bytes) -> set[str]:
    """The exported function names of the PE image (DLL) ``image``; ValueError if it is not one."""
    if image[:2] != b"MZ" or len(image) < 0x40:
        raise ValueError("not a PE image (no MZ header)")
    pe = struct.unpack_from("<I", image, 0x3C)[0]
    if image[pe : pe + 4] != b"PE\0\0":
        raise ValueError("not a PE image (no PE signature)")
    sections, optional_size = struct.unpack_from("<H12xH", image, pe + 6)
    optional = pe + 24
    magic = struct.unpack_from("<H", image, optional)[0]
    directories = optional + {0x10B: 96, 0x20B: 112}[magic]  # PE32, PE32+
    export_rva, export_size = struct.unpack_from("<II", image, directories)
    if export_size == 0:
        return set()

    table = optional + optional_size  # the section headers, 40 bytes each
    spans = [struct.unpack_from("<8xIIII", image, table + 40 * i) for i in range(sections)]

    def offset(rva: int) -> int:
        for virtual_size, address, raw_size, raw_pointer in spans:
            if address <= rva < address + max(virtual_size, raw_size):
                return rva - address + raw_pointer
        raise ValueError(f"RVA {rva:#x} is in no section")

    directory = offset(export_rva)
    count, names_rva = struct.unpack_from("<24xI4xI", image, directory)
    names = offset(names_rva)
    result = set()
    for i in range(count):
        start = offset(struct.unpack_from("<I", image, names + 4 * i)[0])
        result.add(image[start : image.index(b"\0", start)].decode("ascii"))
    return result


if __name__ == "__main__":
    with open(sys.argv[1], "rb") as f:
        print("\n".join(sorted(pe_exported_names(f.read()))))
