"""Print `name==version` for the lowest version every ranged runtime dependency claims.

CI installs policyc under these constraints in a second fresh virtualenv and builds, so
the lower ends of the ranges in pyproject.toml are proven, not just declared (the upper
ends are proven by the main virtualenv, which takes the newest releases).
"""

import re
import sys
import tomllib

with open(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml", "rb") as handle:
    project = tomllib.load(handle)["project"]
for requirement in project["dependencies"]:
    found = re.match(r"([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*>=\s*([0-9][^,;\s]*)", requirement)
    if found:
        print(f"{found[1]}=={found[2]}")
