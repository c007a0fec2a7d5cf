"""The build's input hash: which policy files count, and how their bytes are hashed.

In: each file's name relative to the policy directory and its raw bytes. Out: one hex
digest, recorded in `manifest.json` as `inputs_sha256`. A file is hashed where it is read
(`file_digest`), so a build hashes exactly the bytes it loaded, without reading its inputs
twice; the up-to-date check (`policyc.freshness`) reads them itself and gets the same
digest. Policy-test files do not count: a test never changes an artifact.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from policyc import __version__
from policyc.policytest import is_test_file


def file_digest(data: bytes) -> bytes | None:
    """The SHA-256 of a policy file's bytes, or None for a file of policy tests."""
    return None if is_test_file(data) else hashlib.sha256(data).digest()


def inputs_hash(digests: Iterable[tuple[str, bytes | None]]) -> str:
    """A content hash of policyc's version and each counted file's relative name and
    `file_digest`, in name order."""
    digest = hashlib.sha256(f"policyc {__version__}\n".encode())
    for name, file in sorted((n, d) for n, d in digests if d is not None):
        digest.update(f"{len(name)}:{name}:".encode() + file)
    return digest.hexdigest()
