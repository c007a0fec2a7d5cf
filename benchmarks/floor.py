"""The floor: only parse every policy file with PyYAML's C loader, as fast as PyYAML can.

In: policy directories. Out: the number of YAML documents on stdout. Files are found
as `policyc` finds them (`*.yaml`/`*.yml`, hidden files and directories skipped). No
checks, no positions, no model: what any tool reading these files must at least pay.

    python benchmarks/floor.py policies/
"""

from __future__ import annotations

import os
import sys

import yaml


def yaml_files(root: str) -> list[str]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.endswith((".yaml", ".yml")) and not name.startswith("."):
                found.append(os.path.join(dirpath, name))
    return sorted(found)


def main(argv: list[str]) -> int:
    documents = 0
    for root in argv:
        for path in yaml_files(root):
            with open(path, "rb") as handle:
                data = handle.read()
            documents += sum(1 for _ in yaml.load_all(data, Loader=yaml.CLoader))
    print(documents)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
