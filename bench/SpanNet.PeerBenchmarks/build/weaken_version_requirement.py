#!/usr/bin/env python3
"""Mark one symbol-version requirement of an ELF shared library as weak, in place.

TorchSharp-cpu 0.107.0's libLibTorchSharp.so was linked against GCC 13's libstdc++ and so requires the version
GLIBCXX_3.4.32, which Debian 12's libstdc++ (up to GLIBCXX_3.4.30) lacks: the dynamic loader refuses the library
and the first torch call fails. The only symbol bound to that version is std::ios_base_library_init, an empty
marker that <iostream> references but nothing calls. Setting VER_FLG_WEAK on the requirement's Vernaux entry in
.gnu.version_r tells the loader that a missing version is not an error, which is exactly true here.

Usage: weaken_version_requirement.py LIBRARY VERSION
Exits 0 when the requirement is weak afterwards (or the library never required VERSION); the edit is idempotent.
A hard-linked file is first replaced by its own copy, so a package cache it may be linked to stays untouched.
"""
import os
import shutil
import struct
import sys

SHT_GNU_VERNEED = 0x6FFFFFFE
VER_FLG_WEAK = 0x2


def read_cstring(data: bytes, offset: int) -> bytes:
    return data[offset:data.index(b"\0", offset)]


def vernaux_flag_offsets(data: bytes, version: bytes):
    """Yield (file offset of vna_flags, current flags) for every Vernaux entry naming `version`."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a little-endian 64-bit ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _name, kind, _flags, _addr, offset, _size, link, info, _align, _entsize in sections:
        if kind != SHT_GNU_VERNEED:
            continue
        strings = sections[link][4]
        entry = offset
        for _ in range(info):  # sh_info holds the number of Verneed entries
            _vn_version, vn_cnt, _vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", data, entry)
            aux = entry + vn_aux
            for _ in range(vn_cnt):
                _hash, flags, _other, name, vna_next = struct.unpack_from("<IHHII", data, aux)
                if read_cstring(data, strings + name) == version:
                    yield aux + 4, flags
                aux += vna_next
            entry += vn_next


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, version = sys.argv[1], sys.argv[2].encode()
    with open(path, "rb") as f:
        data = bytearray(f.read())
    targets = list(vernaux_flag_offsets(bytes(data), version))
    pending = [(at, flags) for at, flags in targets if not flags & VER_FLG_WEAK]
    if not pending:
        print(f"{path}: requirement {version.decode()} {'already weak' if targets else 'absent'}")
        return 0
    for at, flags in pending:
        struct.pack_into("<H", data, at, flags | VER_FLG_WEAK)
    if os.stat(path).st_nlink > 1:
        copy = path + ".unlinked"
        shutil.copy2(path, copy)
        os.replace(copy, path)
    with open(path, "r+b") as f:
        f.write(data)
    print(f"{path}: marked {len(pending)} requirement(s) of {version.decode()} weak")
    return 0


if __name__ == "__main__":
    sys.exit(main())
