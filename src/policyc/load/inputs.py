"""The build's input hash: which policy files count, and how their bytes are hashed.

In: each file's name relative to the policy directory and its raw bytes. Out: one hex
digest, recorded in `manifest.json` as `inputs_sha256`. A file is hashed where it is read
(`file_digest`), so a build hashes exactly the bytes it loaded, without reading its inputs
twice; the up-to-date check (`policyc.output.freshness`) reads them itself and gets the same
digest. Policy-test files do not count: a test never changes an artifact. Whether a file
holds only tests is decided from its parsed documents' kinds, never from its bytes alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from policyc import __version__
from policyc.load.document import Document
from policyc.load.yaml_loader import load_bytes

TEST_KIND = "PolicyTest"


def is_test_file(data: bytes, docs: Sequence[Document] | None = None) -> bool:
    """Whether a policy file holds only PolicyTest documents (`docs`: its documents, if
    parsed already and without errors). A file that does not load counts as policy."""
    if TEST_KIND.encode() not in data:  # a PolicyTest document names its kind: the common case
        return False
    if docs is None:
        docs, problems = load_bytes(data, "<inputs>")
        if problems:
            return False
    return bool(docs) and all(d.kind == TEST_KIND for d in docs)


def file_digest(data: bytes, docs: Sequence[Document] | None = None) -> bytes | None:
    """The SHA-256 of a policy file's bytes, or None for a file of policy tests."""
    return None if is_test_file(data, docs) else hashlib.sha256(data).digest()


def inputs_hash(digests: Iterable[tuple[str, bytes | None]]) -> str:
    """A content hash of policyc's version and each counted file's relative name and
    `file_digest`, in name order."""
    digest = hashlib.sha256(f"policyc {__version__}\n".encode())
    for name, file in sorted((n, d) for n, d in digests if d is not None):
        digest.update(f"{len(name)}:{name}:".encode() + file)
    return digest.hexdigest()
