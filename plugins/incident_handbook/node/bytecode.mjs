// Python run inside Pyodide by the Node scripts here: compile the .py
// members of a zip to UNCHECKED hash-based .pyc (PEP 552), so the importer
// never looks for the source, which is no longer in the zip.
//
// Shared by precompile-stdlib.mjs (the engine package, whole) and trim-stdlib.mjs (only the
// modules a walk of every tree imported). `keep`, if given, names the members
// to keep (source names, "json/__init__.py"); the rest are dropped. `stored`
// leaves the members uncompressed so that HTTP compression (brotli, gzip)
// works across the whole archive: measured smaller on the wire than
// per-member deflate, and nothing to inflate at import. `optimize=2` drops
// docstrings and asserts (as `python -OO`): a third of the bytes.

export const PRECOMPILE = `
import importlib._bootstrap_external as bootstrap_external
import importlib.util
import io
import zipfile

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644 << 16
DIR_MODE = (0o040755 << 16) | 0x10  # MS-DOS directory flag as well


def _member(name, is_dir, compress):
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.create_system = 3  # Unix, so external_attr means a mode
    info.external_attr = DIR_MODE if is_dir else FILE_MODE
    info.compress_type = zipfile.ZIP_STORED if is_dir else compress
    return info


def _without_lines(code):
    consts = tuple(_without_lines(c) if isinstance(c, type(code)) else c for c in code.co_consts)
    return code.replace(co_linetable=b"", co_consts=consts)


def precompile(source_zip, mount_path, out_path, keep=None, stored=False, optimize=0, strip_lines=False):
    compiled = copied = 0
    kept_as_source = []
    keep = None if keep is None else set(keep)
    with zipfile.ZipFile(source_zip) as src:
        members = {}
        for info in src.infolist():
            name = info.filename
            if keep is not None and name not in keep:
                continue
            data = src.read(info)
            if name.endswith(".py"):
                try:
                    code = compile(
                        data, mount_path + "/" + name, "exec",
                        dont_inherit=True, optimize=optimize,
                    )
                except SyntaxError:
                    # Leave it importable from source rather than drop it.
                    kept_as_source.append(name)
                    members[name] = data
                    continue
                if strip_lines:
                    code = _without_lines(code)
                pyc = bootstrap_external._code_to_hash_pyc(
                    code, importlib.util.source_hash(data), checked=False
                )
                members[name + "c"] = bytes(pyc)
                compiled += 1
            else:
                members[name] = data
                copied += 1

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name in sorted(members):
            is_dir = name.endswith("/")
            out.writestr(
                _member(name, is_dir, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED),
                members[name],
                compresslevel=None if stored else 9,
            )
    with open(out_path, "wb") as f:
        f.write(buffer.getvalue())
    return compiled, copied, kept_as_source
`;
