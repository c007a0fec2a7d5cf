"""Is the output already current? Answered from raw bytes, before anything is parsed.

In: the policy directory and the output directory. Out: the inputs' hash, and whether a
build would change nothing, so that `policyc build` can say "up to date" after reading
the files instead of loading, validating, modelling and emitting them.

The output is up to date when all three hold:

1. its manifest records this policyc version and the hash of the raw bytes and relative
   names of every policy file the build reads (`write.inputs_hash`);
2. the files under it are exactly the manifest's, with its sizes and sha256. Hashing
   the whole output takes milliseconds, so modification times are never trusted;
3. the stamp `.policyc_cache/<out>.json` beside it says that a build with this very
   toolchain wrote this very manifest. The toolchain is policyc's own code, templates
   and schemas, the versions of its dependencies and of Python: the version number
   alone would miss an edited emitter in a checkout, or new CLDR data in a Babel
   upgrade. Without a stamp (a fresh clone, CI) the build simply runs in full.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from policyc import __version__
from policyc.load.yaml_loader import MAX_FILE_BYTES, discover
from policyc.paths import schemas_dir
from policyc.policytest import is_test_file
from policyc.write import MANIFEST, inputs_hash, read_manifest, tree_matches

CACHE_DIR = ".policyc_cache"
_PACKAGE = Path(__file__).resolve().parent


def read_inputs(policies: Path) -> list[tuple[str, bytes]] | None:
    """Every policy file the build reads, as (POSIX path relative to `policies`, bytes).

    None when a file is missing, unreadable, not a regular file or too large: the full
    build reports it.
    """
    files, problems = discover([policies])
    if problems:
        return None
    found = []
    for path in files:
        try:
            info = path.stat()
            # never open a FIFO or a device (`evil.yaml -> /dev/zero`): reading would block
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        if is_test_file(data):  # policy tests never change an artifact
            continue
        found.append((path.relative_to(policies).as_posix(), data))
    return found


def hash_inputs(policies: Path) -> str | None:
    files = read_inputs(policies)
    return None if files is None else inputs_hash(files)


def _distributions() -> list[str]:
    """policyc and everything it depends on at run time, as sorted `name==version`."""
    seen: dict[str, str] = {}
    todo = ["policyc"]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            seen[key] = "?"
            continue
        seen[key] = dist.version
        for requirement in dist.requires or []:
            found = re.match(r"[A-Za-z0-9._-]+", requirement)
            if found and "extra ==" not in requirement:
                todo.append(found.group(0))
    return sorted(f"{k}=={v}" for k, v in seen.items())


def _tree_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        found.extend(Path(dirpath) / n for n in filenames if not n.endswith((".pyc", ".pyo")))
    return sorted(found)


@cache
def toolchain() -> str:
    """A hash of everything besides the inputs that decides the output."""
    digest = hashlib.sha256()
    python = ".".join(map(str, sys.version_info[:3]))
    digest.update(f"policyc {__version__}\npython {python}\n".encode())
    for line in _distributions():
        digest.update(f"{line}\n".encode())
    roots = [_PACKAGE]
    schemas = schemas_dir()
    if not schemas.is_relative_to(_PACKAGE):
        roots.append(schemas)
    for root in roots:
        for path in _tree_files(root):
            data = path.read_bytes()
            name = path.relative_to(root).as_posix()
            digest.update(f"{root.name}/{name}:{len(data)}:".encode())
            digest.update(data)
    return digest.hexdigest()


def stamp_path(out: Path) -> Path:
    return out.parent / CACHE_DIR / f"{out.name}.json"


def _stamp(manifest: bytes) -> dict[str, str]:
    return {"manifest_sha256": hashlib.sha256(manifest).hexdigest(), "toolchain": toolchain()}


def record(out: Path, manifest: bytes) -> None:
    """After a build: remember which toolchain wrote this manifest (best effort)."""
    path = stamp_path(out)
    with contextlib.suppress(OSError):
        path.parent.mkdir(exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Created by policyc: build stamps, never commit them.\n*\n")
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        tmp.write_text(json.dumps(_stamp(manifest), sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, path)


def up_to_date(out: Path, input_hash: str) -> bool:
    """Whether building `input_hash` into `out` would leave every byte as it is."""
    recorded = read_manifest(out)
    if recorded is None:
        return False
    if recorded.get("inputs_sha256") != input_hash:
        return False
    if recorded.get("policyc_version") != __version__:
        return False
    try:
        manifest = (out / MANIFEST).read_bytes()
        stamp = json.loads(stamp_path(out).read_bytes())
    except (OSError, ValueError):
        return False
    if stamp != _stamp(manifest):
        return False
    return tree_matches(out, recorded)
