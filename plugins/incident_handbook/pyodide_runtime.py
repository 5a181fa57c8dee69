"""Put the Pyodide runtime and the decision engine into the built site.

The wizards run ``incident_engine`` in the reader's browser under Pyodide, in a
module worker, fully offline: nothing is fetched from a CDN. The MkDocs plugin
calls these functions from ``on_post_build``; this module itself is standard
library only and knows nothing about MkDocs.

Layout of the built site, relative to the assets directory
``<site_dir>/assets/handbook/`` (the browser modules resolve every URL from
their own ``import.meta.url``, so the site also works under a sub-path)::

    assets/handbook/
        engine-boot.mjs              the one module that starts the engine (head of wizard pages)
        engine-client.mjs            main-thread API: getEngine(), progress, stall timeout
        engine-worker.mjs            module worker that boots Pyodide
        pyodide/                     RUNTIME_DIRNAME, filled by copy_runtime()
            pyodide.mjs              loadPyodide()
            pyodide.asm.mjs          Emscripten glue, imported by pyodide.mjs
            pyodide.asm.wasm         CPython 3.14 (must be served as application/wasm)
            python_stdlib.pyc.zip    STDLIB_FILENAME: trimmed_runtime(), only what the engine uses
            runtime.json             RUNTIME_MANIFEST: the one name the worker knows; it names
                                     the rest, carries the lock file's header, and lists the
                                     bytes of every file a cold boot downloads (progress bar)
            snapshot.hbsnap          SNAPSHOT_FILENAME, optional, from memory_snapshot()
        engine/
            incident_engine.zip      ENGINE_ARCHIVE_PATH, from trimmed_runtime(): the engine modules
                                     the wizards use, as .pyc, imported from the zip at ENGINE_MOUNT
            trees.json               ENGINE_TREES_PATH: every tree, set up once by the worker

The ``.mjs`` files are package data under ``assets/handbook/`` and are
copied with the other assets; this module only fills ``pyodide/`` and
``engine/``.

Typical use in the plugin::

    pyodide_dir = find_pyodide(project_root)
    cache = project_root / ".cache" / "pyodide"
    engine = precompiled_engine(pyodide_dir, engine_package_dir, cache)
    stdlib, engine = trimmed_runtime(pyodide_dir, engine, trees_json, cache)
    copy_runtime(pyodide_dir, stdlib, assets / RUNTIME_DIRNAME, engine=engine, trees_json=trees_json)

Optional and EXPERIMENTAL (undocumented Pyodide API, ~12 MB more to
download, measured ~0.3 s faster on loopback): make a memory snapshot and
pass it as ``copy_runtime(..., snapshot=memory_snapshot(pyodide_dir,
stdlib_zip, cache))``. The worker uses it only if its recorded Pyodide
version equals the runtime's, and boots normally if it fails in any way.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

__all__ = [
    "ENGINE_ARCHIVE_PATH",
    "ENGINE_FILE_SUFFIXES",
    "ENGINE_MODULE",
    "ENGINE_MOUNT",
    "ENGINE_TREES_PATH",
    "LOCK_FILENAME",
    "PYODIDE_FILES",
    "PYODIDE_GLUE",
    "PYODIDE_LOADER",
    "RUNTIME_DIRNAME",
    "RUNTIME_MANIFEST",
    "SNAPSHOT_FILENAME",
    "STDLIB_FILENAME",
    "PrecompileFailed",
    "PyodideRuntimeError",
    "RuntimeMissing",
    "build_engine_archive",
    "copy_runtime",
    "find_pyodide",
    "memory_snapshot",
    "pinned_pyodide_version",
    "precompiled_engine",
    "trimmed_runtime",
]

#: Directory under ``assets/handbook/`` that holds the runtime.
RUNTIME_DIRNAME = "pyodide"
#: Name of the precompiled standard library inside RUNTIME_DIRNAME.
STDLIB_FILENAME = "python_stdlib.pyc.zip"
#: Written by copy_runtime(); tells the worker what to load.
RUNTIME_MANIFEST = "runtime.json"
#: Name of the optional memory snapshot inside RUNTIME_DIRNAME.
SNAPSHOT_FILENAME = "snapshot.hbsnap"
#: Path of the engine archive, relative to ``assets/handbook/``.
ENGINE_ARCHIVE_PATH = "engine/incident_engine.zip"
#: Every decision tree of the site (``tree_to_dict`` of each, a JSON list), set up once by the worker.
ENGINE_TREES_PATH = "engine/trees.json"
#: The module that exports ``loadPyodide()``, and the Emscripten glue it imports (the worker preloads it).
PYODIDE_LOADER = "pyodide.mjs"
PYODIDE_GLUE = "pyodide.asm.mjs"
#: Files of the npm package that ``loadPyodide()`` fetches (checked with a
#: network log). ``python_stdlib.zip`` is replaced by STDLIB_FILENAME; the
#: ``.js`` (classic) build, source maps, consoles and type stubs are not needed.
PYODIDE_FILES = (PYODIDE_LOADER, PYODIDE_GLUE, "pyodide.asm.wasm")
#: ``pyodide-lock.json`` (120 kB) is not copied: the engine loads no package,
#: so the manifest carries the lock file's header with no packages, passed to
#: ``loadPyodide({lockFileContents})``.
LOCK_FILENAME = "pyodide-lock.json"
#: The module the worker imports; ``new_session(trees_json)`` returns ``handle(str) -> str``.
ENGINE_MODULE = "incident_engine.browser"

#: What build_engine_archive() puts in the archive by default: the sources and
#: the engine's package data (JSON schemas read with importlib.resources).
ENGINE_FILE_SUFFIXES = (".py", ".json")

_PACKAGE = "pyodide"
_NODE_DIR = Path(__file__).parent / "node"
_PRECOMPILE_SCRIPT = _NODE_DIR / "precompile-stdlib.mjs"
_TRIM_SCRIPT = _NODE_DIR / "trim-stdlib.mjs"
_BYTECODE = _NODE_DIR / "bytecode.mjs"
_SNAPSHOT_SCRIPT = _NODE_DIR / "make-snapshot.mjs"
# Zip timestamps before 1980 are not representable; any fixed date will do.
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_NODE_TIMEOUT_S = 600


class PyodideRuntimeError(Exception):
    """The runtime could not be put into the site; the message is for people."""


class RuntimeMissing(PyodideRuntimeError):
    """A tool or package the build needs is absent or at the wrong version."""


class PrecompileFailed(PyodideRuntimeError):
    """A Node script that precompiles Python for the runtime (the engine, the trimmed standard library) failed."""


def pinned_pyodide_version(project_root: Path) -> str:
    """Return the exact ``pyodide`` version pinned in ``project_root/package.json``.

    Raises RuntimeMissing if package.json is absent or does not pin an exact
    version (a range like ``^314.0.7`` would let a rebuild change the runtime).
    """
    manifest = Path(project_root) / "package.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuntimeMissing(f"{manifest}: not found; the Pyodide runtime is pinned there") from None
    except (OSError, ValueError) as error:
        raise RuntimeMissing(f"{manifest}: cannot be read: {error}") from None
    version = (data.get("dependencies") or {}).get(_PACKAGE)
    if not isinstance(version, str) or not version:
        raise RuntimeMissing(f"{manifest}: no '{_PACKAGE}' in dependencies")
    if not version[0].isdigit() or any(c in version for c in "^~<>=*x| "):
        raise RuntimeMissing(
            f"{manifest}: '{_PACKAGE}' must be pinned to an exact version, "
            f"not {version!r} (run `npm install --save-exact {_PACKAGE}@<version>`)"
        )
    return version


def find_pyodide(project_root: Path) -> Path:
    """Return ``project_root/node_modules/pyodide``, checked against the pin.

    Raises RuntimeMissing with a message that says what to run when the
    package is absent, incomplete or not the version package.json pins.
    """
    project_root = Path(project_root)
    pinned = pinned_pyodide_version(project_root)
    pyodide_dir = project_root / "node_modules" / _PACKAGE
    manifest = pyodide_dir / "package.json"
    try:
        installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except FileNotFoundError:
        raise RuntimeMissing(
            f"the Pyodide runtime is not installed ({pyodide_dir} is missing): run `npm ci` in {project_root}"
        ) from None
    except (OSError, ValueError) as error:
        raise RuntimeMissing(f"{manifest}: cannot be read ({error}): run `npm ci` in {project_root}") from None
    if installed != pinned:
        raise RuntimeMissing(
            f"node_modules has pyodide {installed} but package.json pins {pinned}: run `npm ci` in {project_root}"
        )
    missing = [name for name in (*PYODIDE_FILES, LOCK_FILENAME, "python_stdlib.zip") if not (pyodide_dir / name).is_file()]
    if missing:
        raise RuntimeMissing(
            f"{pyodide_dir} is incomplete (missing {', '.join(missing)}): run `npm ci` in {project_root}"
        )
    return pyodide_dir


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _installed_version(pyodide_dir: Path) -> str:
    try:
        return str(json.loads((pyodide_dir / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError) as error:
        raise RuntimeMissing(f"{pyodide_dir}: not a Pyodide npm package ({error}): run `npm ci`") from None


def _run_node(script: Path, args: list[str], target: Path, what: str) -> Path:
    """Run a Node script that writes ``target`` (atomically); return ``target``."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeMissing(f"Node.js is needed to {what}, but `node` is not on PATH: install Node.js 20 or later")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(
            [node, str(script), *args, str(target)],
            capture_output=True,
            text=True,
            timeout=_NODE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PrecompileFailed(f"could not {what}: took over {_NODE_TIMEOUT_S} s; gave up") from None
    if result.returncode != 0 or not target.is_file():
        detail = (result.stderr or result.stdout).strip().splitlines()[-10:]
        raise PrecompileFailed(f"could not {what} (node exited with {result.returncode}):\n" + "\n".join(detail))
    return target


#: Where the worker puts the engine archive; it imports straight from the zip.
ENGINE_MOUNT = "/lib/handbook_engine.zip"


def precompiled_engine(pyodide_dir: Path, package_dir: Path, cache_dir: Path) -> Path:
    """A zip of the engine package with every module compiled to Pyodide's bytecode.

    Importing the engine from source cost ~90 ms of compiling in the worker;
    from unchecked hash-based .pyc it costs next to nothing. Cached by the
    Pyodide version and the hashes of the script and of the package's zip,
    so only a change to the engine's code runs Node again.
    """
    cache_dir = Path(cache_dir)
    source = build_engine_archive(package_dir, cache_dir / "engine-source.zip")
    version = _installed_version(Path(pyodide_dir))
    key = hashlib.sha256()
    for path in (_PRECOMPILE_SCRIPT, _BYTECODE, source):
        key.update(_sha256(path).encode())
    target = cache_dir / f"engine-{version}-{key.hexdigest()[:16]}.pyc.zip"
    if target.is_file():
        return target
    return _run_node(
        _PRECOMPILE_SCRIPT,
        [str(pyodide_dir), str(source), ENGINE_MOUNT],
        target,
        "precompile the decision engine",
    )


def trimmed_runtime(pyodide_dir: Path, engine_zip: Path, trees_json: str, cache_dir: Path) -> tuple[Path, Path]:
    """Only the standard library and engine modules the wizards use, precompiled: made once.

    Returns ``(stdlib_zip, engine_zip)``: the zip for ``stdLibURL``, and
    ``engine_zip`` (from precompiled_engine()) with only the engine modules
    the walks loaded (no build-time checks, no schemas).

    ``node/trim-stdlib.mjs`` boots the pinned Pyodide, mounts ``engine_zip``
    (the archive the site ships) as the worker does, sets up ``trees_json``
    and walks every path of every tree through the browser façade; it packs
    the modules Python loaded (boot included) as ``python -OO`` bytecode
    without line tables, stored uncompressed for HTTP compression, then boots
    again from that archive alone and walks everything again. A walk that
    imports something not shipped fails the build here (PrecompileFailed).
    Measured: 126 modules, 2.1 MB raw, 0.48 MB with brotli, 0.65 MB gzip;
    the whole precompiled standard library is 4.5 MB that no server shrinks.
    Tracebacks through the standard library then show no line numbers (the
    engine's own modules keep theirs).

    Cached by the Pyodide version and the hashes of the scripts, of the stock
    stdlib, of the engine archive and of the trees.
    """
    stdlib = _trimmed(pyodide_dir, engine_zip, trees_json, cache_dir)
    return stdlib, stdlib.with_name(stdlib.name.removesuffix(".zip") + ".engine.zip")


def _trimmed(pyodide_dir: Path, engine_zip: Path, trees_json: str, cache_dir: Path) -> Path:
    pyodide_dir = Path(pyodide_dir)
    cache_dir = Path(cache_dir)
    version = _installed_version(pyodide_dir)
    key = hashlib.sha256()
    for path in (_TRIM_SCRIPT, _BYTECODE, pyodide_dir / "python_stdlib.zip", Path(engine_zip)):
        key.update(_sha256(path).encode())
    key.update(hashlib.sha256(trees_json.encode("utf-8")).hexdigest().encode())
    target = cache_dir / f"python_stdlib-{version}-{key.hexdigest()[:16]}.trimmed.zip"
    if target.is_file() and target.with_name(target.name.removesuffix(".zip") + ".engine.zip").is_file():
        return target
    trees_file = cache_dir / f"trees-{key.hexdigest()[:16]}.json"
    cache_dir.mkdir(parents=True, exist_ok=True)
    trees_file.write_text(trees_json, encoding="utf-8")
    try:
        return _run_node(
            _TRIM_SCRIPT,
            [str(pyodide_dir), str(engine_zip), str(trees_file), ENGINE_MOUNT, ENGINE_MODULE],
            target,
            "pack the standard library the wizards use",
        )
    finally:
        trees_file.unlink(missing_ok=True)


def memory_snapshot(pyodide_dir: Path, stdlib_zip: Path, cache_dir: Path) -> Path:
    """EXPERIMENTAL: return a memory snapshot of Pyodide booted with ``stdlib_zip``.

    Made once by ``node/make-snapshot.mjs`` with Pyodide's undocumented
    ``_makeSnapshot`` option and cached in ``cache_dir``, keyed by the Pyodide
    version and the hashes of the script, of the wasm and of ``stdlib_zip``:
    a snapshot is only valid with the exact runtime and stdlib zip it was
    made with. Ship it only together with that same ``stdlib_zip``.

    Raises RuntimeMissing if Node.js is not installed, PrecompileFailed if
    the script fails.
    """
    pyodide_dir = Path(pyodide_dir)
    version = _installed_version(pyodide_dir)
    key = hashlib.sha256()
    for path in (_SNAPSHOT_SCRIPT, pyodide_dir / "pyodide.asm.wasm", Path(stdlib_zip)):
        key.update(_sha256(path).encode())
    target = Path(cache_dir) / f"snapshot-{version}-{key.hexdigest()[:16]}.hbsnap"
    if target.is_file():
        return target
    return _run_node(
        _SNAPSHOT_SCRIPT,
        [str(pyodide_dir), str(stdlib_zip)],
        target,
        "make a Pyodide memory snapshot",
    )


def copy_runtime(
    pyodide_dir: Path,
    stdlib_zip: Path,
    dest_dir: Path,
    *,
    engine: Path,
    trees_json: str,
    snapshot: Path | None = None,
) -> list[Path]:
    """Copy the files ``loadPyodide()`` fetches into ``dest_dir``; return the copies.

    These are PYODIDE_FILES from the npm package, ``stdlib_zip`` renamed to
    STDLIB_FILENAME (the worker passes it as ``stdLibURL``), ``snapshot`` as
    SNAPSHOT_FILENAME if given, the ``engine`` archive (from
    precompiled_engine() or build_engine_archive()) to ENGINE_ARCHIVE_PATH
    beside ``dest_dir``, ``trees_json`` to ENGINE_TREES_PATH, and RUNTIME_MANIFEST: the one file whose name the
    worker knows. It names everything else — Pyodide's modules, the stdlib, the snapshot, the
    engine archive, where to mount it and which module to import — and lists
    the bytes of every file a cold boot downloads, for the progress bar.
    Nothing else; ``dest_dir`` is created if needed.
    """
    pyodide_dir = Path(pyodide_dir)
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    sources = [(pyodide_dir / name, dest_dir / name) for name in PYODIDE_FILES]
    sources.append((Path(stdlib_zip), dest_dir / STDLIB_FILENAME))
    if snapshot is not None:
        sources.append((Path(snapshot), dest_dir / SNAPSHOT_FILENAME))
    engine_target = dest_dir.parent / ENGINE_ARCHIVE_PATH
    engine_target.parent.mkdir(parents=True, exist_ok=True)
    sources.append((Path(engine), engine_target))
    trees_target = dest_dir.parent / ENGINE_TREES_PATH
    trees_target.write_text(trees_json, encoding="utf-8")
    copied = [trees_target]
    for source, target in sources:
        if not source.is_file():
            raise RuntimeMissing(f"{source} is missing: run `npm ci`")
        shutil.copyfile(source, target)
        copied.append(target)
    engine_url = "../" + ENGINE_ARCHIVE_PATH  # relative to runtime.json
    trees_url = "../" + ENGINE_TREES_PATH
    cold = [*PYODIDE_FILES, STDLIB_FILENAME]
    manifest = {
        "pyodide": _installed_version(pyodide_dir),
        "loader": PYODIDE_LOADER,
        "glue": PYODIDE_GLUE,
        "stdlib": STDLIB_FILENAME,
        "snapshot": SNAPSHOT_FILENAME if snapshot is not None else None,
        "lock": _lock_header(pyodide_dir),
        "engine": {"archive": engine_url, "mount": ENGINE_MOUNT, "module": ENGINE_MODULE, "trees": trees_url},
        "download": {**{name: (dest_dir / name).stat().st_size for name in cold},
                     engine_url: engine_target.stat().st_size, trees_url: trees_target.stat().st_size},
    }
    stale = dest_dir / SNAPSHOT_FILENAME
    if snapshot is None and stale.exists():
        stale.unlink()  # never leave a snapshot the manifest does not name
    manifest_path = dest_dir / RUNTIME_MANIFEST
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    copied.append(manifest_path)
    return copied


def _lock_header(pyodide_dir: Path) -> dict:
    """Pyodide's lock file without its packages: what loadPyodide() checks at boot."""
    path = Path(pyodide_dir) / LOCK_FILENAME
    try:
        lock = json.loads(path.read_text(encoding="utf-8"))
        return {"info": dict(lock["info"]), "packages": {}}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise RuntimeMissing(f"{path}: cannot be read ({error}): run `npm ci`") from None


def build_engine_archive(
    package_dir: Path,
    dest_zip: Path,
    *,
    suffixes: tuple[str, ...] = ENGINE_FILE_SUFFIXES,
) -> Path:
    """Zip the pure-Python package ``package_dir`` for the worker; return ``dest_zip``.

    Members are ``<package name>/…`` files whose names end with one of
    ``suffixes``: the sources and the package data the engine reads through
    ``importlib.resources`` (its JSON schemas). Never ``__pycache__``, hidden
    files or directories. Sorted, with fixed timestamps and modes, so the same
    sources give the same bytes (with the same zlib). The worker writes it to
    ENGINE_MOUNT and imports ``<package name>.browser`` from the zip (zipimport).
    """
    package_dir = Path(package_dir)
    if not (package_dir / "__init__.py").is_file():
        raise FileNotFoundError(f"{package_dir} is not a Python package (no __init__.py)")
    root = package_dir.parent
    members = []
    for dirpath, dirnames, filenames in os.walk(package_dir):
        dirnames[:] = [d for d in dirnames if d != "__pycache__" and not d.startswith(".")]
        members.extend(
            Path(dirpath, name) for name in filenames if name.endswith(suffixes) and not name.startswith(".")
        )
    members.sort(key=lambda path: path.relative_to(root).as_posix())

    dest_zip = Path(dest_zip)
    dest_zip.parent.mkdir(parents=True, exist_ok=True)
    partial = dest_zip.with_name(f"{dest_zip.name}.partial-{os.getpid()}")  # two builds at once each write their own
    with zipfile.ZipFile(partial, "w") as archive:
        for path in members:
            info = zipfile.ZipInfo(path.relative_to(root).as_posix(), date_time=_FIXED_DATE)
            info.create_system = 3  # Unix, so external_attr is a mode
            info.external_attr = 0o100644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    os.replace(partial, dest_zip)
    return dest_zip
