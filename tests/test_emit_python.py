"""The typed Python emitter: an importable, stdlib-only, `mypy --strict`-clean package.

The generated package is imported in a separate interpreter started with `-S` (no
site-packages, so neither policyc nor Babel nor pydantic is importable) and only the
generated directory on `PYTHONPATH`; the seed values are asserted through its lookups.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import types
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st
from syrupy.assertion import SnapshotAssertion

from policyc import pipeline
from policyc.emit.python.emitter import PythonEmitter
from policyc.emit.python.names import RESERVED_MODULES, member_name, module_name, package_problem
from policyc.emit.python.runtime import text_module
from policyc.emit.python.source import Raw, assign, call, display_width, string, tuple_of
from policyc.model.ir import Policies

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "policies"
VENDOR = ROOT / "tests" / "cases" / "vendor" / "policies"
HOSTILE = ROOT / "tests" / "cases" / "python-hostile" / "policies"
PYPROJECT = ROOT / "pyproject.toml"
MYPY_CONFIG = ["--config-file", str(PYPROJECT), "--python-version", "3.11"]
SLUG = r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,3}"


@cache
def model(tree: Path) -> Policies:
    result = pipeline.validate([tree])
    assert result.ok and result.policies is not None, [d.message for d in result.diagnostics]
    return result.policies


@cache
def package(tree: Path, name: str = "support_policies") -> dict[str, bytes]:
    """The emitter's artifacts for a tree, by path, with sources named as the CLI names them."""
    emitter = PythonEmitter(name, pipeline.display_name(tree))
    return {a.path: a.data for a in emitter.emit(model(tree))}


def write(files: dict[str, bytes], out: Path) -> Path:
    """Write artifacts under `out`; return the directory to put on `sys.path`."""
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return out / "python"


def isolated(python_dir: Path, script: str) -> Any:
    """Run `script` with only the standard library and `python_dir` importable; its JSON."""
    env = {"PYTHONPATH": str(python_dir), "PYTHONHASHSEED": "0", "PATH": os.environ["PATH"]}
    done = subprocess.run(
        [sys.executable, "-S", "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=python_dir,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# A preamble for the isolated scripts: proves policyc and third-party code are out of reach.
ISOLATION = """
import json, operator, sys
try:
    import policyc
except ModuleNotFoundError:
    pass
else:
    raise SystemExit("policyc is importable: the test is not isolated")

def foreign():
    # (zoneinfo imports sysconfig, which imports its platform's `_sysconfigdata_*` module)
    return sorted(
        m for m in sys.modules
        if m.split(".")[0] not in {*sys.stdlib_module_names, PACKAGE, "__main__"}
        and not m.startswith("_sysconfigdata_")
    )

def fails(fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except Exception as exc:
        return type(exc).__name__
    return None

def plain(messages):
    return {
        str(loc): {k: v if isinstance(v, str) else dict(v) for k, v in catalog.items()}
        for loc, catalog in messages.items()
    }
"""

SEED_SCRIPT = (
    "PACKAGE = 'support_policies'\n"
    + ISOLATION
    + """
from support_policies import PROGRAMMES
from support_policies import dropbox_premium_support as dropbox
from support_policies import zoho_partner_support as zoho

ack = zoho.sla(zoho.Tier.PREMIUM, zoho.Severity.SEV_1, zoho.Metric.ACKNOWLEDGEMENT)
first = dropbox.sla("enhanced", "standard", "first-response")
out = {
    "foreign": foreign(),
    "programmes": sorted(PROGRAMMES),
    "zoho_ack": [ack.min_minutes, ack.max_minutes, ack.exact, ack.calendar.id, ack.exception],
    "zoho_ack_login": [
        ack.calendar_for(case_type="login").id,
        ack.exception_for(case_type=zoho.CaseType.DOWNTIME).exception.id,
        ack.exception_for(case_type=None),
    ],
    "zoho_ack_text": [
        zoho.text(ack.calendar_for(case_type="login").name, "fr"),
        zoho.text(ack.calendar_for(case_type="login").name, "th"),
    ],
    "dropbox_first": [first.min_minutes, first.max_minutes, first.exact, first.calendar.id],
    "dropbox_default": str(dropbox.DEFAULT_SLA_POLICY),
    "san_marino": [str(zoho.region_of("sm"))]
    + [[c.name, c.email, c.label] for c in zoho.escalation("SM", 4)],
    "san_marino_label": zoho.text(zoho.escalation("SM", 4)[0].label, "it"),
    "us_east": [c.name for c in zoho.escalation("US", 4, "US-NY")],
    "us_west": [c.name for c in zoho.escalation("US", 4, "us-west")],
    "us_all": [c.name for c in zoho.escalation("US", 4)],
    "japan": [c.name for c in zoho.escalation("JP", 4)],
    "anz_level_4": [c.name for c in zoho.escalation("AU", 4)],
    "large": [zoho.is_large_account("IN", 99), zoho.is_large_account("IN", 100),
              zoho.is_large_account("us", 70), zoho.is_large_account("ZZ", 10**6)],
    "zoho_resolution": type(zoho.sla("premium", "sev-1", "resolution")).__name__,
    "errors": {
        "unknown tier": fails(zoho.sla, "gold", "sev-1", "acknowledgement"),
        "unknown country": fails(zoho.escalation, "ZZ", 1),
        "missing level": fails(zoho.escalation, "SM", 9),
        "foreign subdivision": fails(zoho.escalation, "US", 4, "CA-ON"),
        "unnamed code": fails(zoho.escalation, "US", 4, "US-XX"),
        "unknown locale": fails(zoho.text, "programme.name", "de"),
        "unknown key": fails(zoho.text, "no.such.key", "en"),
        "frozen": fails(setattr, ack, "min_minutes", 1),
        "read-only": fails(operator.setitem, zoho.SLA, "x", None),
    },
    "messages": {pid: plain(module.MESSAGES) for pid, module in PROGRAMMES.items()},
}
print(json.dumps(out, ensure_ascii=False))
"""
)

HOSTILE_SCRIPT = (
    "PACKAGE = 'support_policies'\n"
    + ISOLATION
    + """
from decimal import Decimal
from support_policies import class_, typing_
from support_policies import PROGRAMMES

out = {
    "foreign": foreign(),
    "modules": {pid: module.__name__ for pid, module in PROGRAMMES.items()},
    "tiers": [[t.name, t.value] for t in class_.Tier],
    "severities": [[s.name, s.value] for s in class_.Severity],
    "calendars": [[c.name, c.value] for c in class_.CalendarId],
    "target": [class_.sla("none", "import", "return").calendar.id,
               class_.sla(class_.Tier.CLASS, "def", "return").max_minutes],
    "contacts": {cid: [c.name, c.phone] for cid, c in class_.CONTACTS.items()},
    "address": class_.CHANNELS[class_.Channel.IF].address,
    "escalation": {
        "us-ny": [c.id for c in class_.escalation("US", 1, "US-NY")],
        "us-wa": [c.id for c in class_.escalation("US", 1, "with")],
        "us": [c.id for c in class_.escalation("US", 1)],
        "de-1": [[c.id, c.title] for c in class_.escalation("DE", 1)],
        "de-2": [[c.id, c.title] for c in class_.escalation("DE", 2)],
        "mc-2": [[c.id, c.label] for c in class_.escalation("mc", 2)],
    },
    "plural": {
        loc: [class_.text("count.items", loc, count=n) for n in (0, 1, 2, 3, 11, 100, 1.5)]
        for loc in ("en", "fr", "ar", "th")
    },
    "greeting": class_.text("greeting", "zh-TW", name='{{ "x" }}', count=Decimal("2.50")),
    "placeholders": class_.text("tier.true", "en", name="N"),
    "no count": fails(class_.text, "count.items", "en"),
    "messages": {pid: plain(module.MESSAGES) for pid, module in PROGRAMMES.items()},
}
print(json.dumps(out, ensure_ascii=False))
"""
)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Any:
    python_dir = write(package(SEEDS), tmp_path_factory.mktemp("seeds"))
    return isolated(python_dir, SEED_SCRIPT)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Any:
    python_dir = write(package(HOSTILE), tmp_path_factory.mktemp("hostile"))
    return isolated(python_dir, HOSTILE_SCRIPT)


def catalog(path: Path) -> dict[str, Any]:
    """A catalog's messages, read with PyYAML (independently of policyc's loader)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    messages: dict[str, Any] = data["messages"]
    return messages


def expected_messages(policies: Policies) -> dict[str, dict[str, dict[str, Any]]]:
    """Every programme's catalogs from the IR, plus the shared calendars' messages."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for pid, prog in policies.programmes.items():
        out[pid] = {}
        for loc in prog.locales:
            found: dict[str, Any] = {}
            for cid in prog.calendars:
                cal = policies.calendars[cid]
                if cal.programme is None:
                    keys = [cal.name, *(h.name for h in cal.holidays)]
                    keys += [e.text for e in cal.exceptions] + ([cal.note] if cal.note else [])
                    found.update({k: policies.chrome_text(k, loc) for k in keys})
            out[pid][loc] = {**found, **prog.catalogs[loc]}
    return out


# -- the seeds, imported in isolation -----------------------------------------------------


def test_seed_package_imports_with_the_standard_library_only(seeds: Any) -> None:
    assert seeds["foreign"] == []
    assert seeds["programmes"] == ["dropbox-premium-support", "zoho-partner-support"]


def test_zoho_sev1_acknowledgement_for_premium_partners(seeds: Any) -> None:
    # business days; the critical case types are worked around the clock
    assert seeds["zoho_ack"] == [60, 180, False, "zoho-business-days", None]
    assert seeds["zoho_ack_login"] == ["always-open", "critical-cases", None]
    fr = catalog(SEEDS / "shared" / "chrome" / "fr.yaml")["calendar.always-open.name"]
    th = catalog(SEEDS / "shared" / "chrome" / "th.yaml")["calendar.always-open.name"]
    assert seeds["zoho_ack_text"] == [fr, th]


def test_dropbox_enhanced_first_response(seeds: Any) -> None:
    assert seeds["dropbox_first"] == [60, 60, True, "always-open"]
    assert seeds["dropbox_default"] == "standard"


def test_san_marino_escalates_to_francesco_orazi(seeds: Any) -> None:
    region, *contacts = seeds["san_marino"]
    assert region == "europe-uk"
    assert contacts == [
        [
            "Francesco Orazi",
            "francesco.orazi@eu.zohocorp.com",
            "escalation.scope.italy-rest-of-europe-2",
        ]
    ]
    it = catalog(SEEDS / "zoho-partner-support" / "catalogs" / "it.yaml")
    assert seeds["san_marino_label"] == it["escalation.scope.italy-rest-of-europe-2"]


def test_sub_territories_split_and_scoped_contacts(seeds: Any) -> None:
    assert seeds["us_east"] == ["Matt"]
    assert seeds["us_west"] == ["Connor"]
    assert seeds["us_all"] == ["Matt", "Connor", "Diana"]
    assert seeds["japan"] == ["Jin san", "Akira san"]
    assert seeds["anz_level_4"] == []
    assert seeds["large"] == [False, True, True, False]


def test_zoho_resolution_is_not_stated_as_the_source_says(seeds: Any) -> None:
    # the Thai page defines resolution time but states no time: a documented cell, no KeyError
    assert seeds["zoho_resolution"] == "NotStated"


def test_lookups_fail_with_the_documented_exceptions(seeds: Any) -> None:
    assert seeds["errors"] == {
        "unknown tier": "ValueError",
        "unknown country": "KeyError",
        "missing level": "KeyError",
        "foreign subdivision": "ValueError",
        "unnamed code": "ValueError",
        "unknown locale": "ValueError",
        "unknown key": "KeyError",
        "frozen": "FrozenInstanceError",
        "read-only": "TypeError",
    }


def test_thai_and_traditional_chinese_strings_are_exact(seeds: Any) -> None:
    zoho_th = catalog(SEEDS / "zoho-partner-support" / "catalogs" / "th.yaml")
    dropbox_tw = catalog(SEEDS / "dropbox-premium-support" / "catalogs" / "zh-TW.yaml")
    messages = seeds["messages"]
    assert messages["zoho-partner-support"]["th"]["programme.name"] == zoho_th["programme.name"]
    key = "article.create-ticket.members-note"
    assert messages["dropbox-premium-support"]["zh-TW"][key] == dropbox_tw[key]
    assert "頂級支援服務" in dropbox_tw[key]  # the seed really is Traditional Chinese


def test_every_seed_message_round_trips_exactly(seeds: Any) -> None:
    assert seeds["messages"] == expected_messages(model(SEEDS))


# -- hostile ids and text -----------------------------------------------------------------


def test_hostile_ids_map_to_valid_names(hostile: Any) -> None:
    assert hostile["foreign"] == []
    assert hostile["modules"] == {
        "class": "support_policies.class_",
        "typing": "support_policies.typing_",
    }
    assert hostile["tiers"] == [["NONE", "none"], ["TRUE", "true"], ["CLASS", "class"]]
    assert hostile["severities"] == [["IMPORT", "import"], ["DEF", "def"]]
    assert hostile["calendars"] == [["MATCH", "match"], ["TYPE", "type"]]
    assert hostile["target"] == ["type", 480]


def test_hostile_strings_round_trip_exactly(hostile: Any) -> None:
    policies = model(HOSTILE)
    contacts = policies.programmes["class"].contacts
    assert hostile["contacts"] == {c.id: [c.name, c.phone] for c in contacts.values()}
    assert '"""' in contacts["self"].name and "\n" in contacts["pass"].name
    assert hostile["address"] == "https://x.example/?q='a'&r=\"b\"\\c{{x}}"
    assert hostile["messages"] == expected_messages(policies)


def test_hostile_escalation_and_titles(hostile: Any) -> None:
    assert hostile["escalation"] == {
        "us-ny": ["self"],
        "us-wa": ["cls"],
        "us": ["self", "cls"],
        "de-1": [["self", "contact.self"]],
        "de-2": [["pass", "contact.self"]],
        "mc-2": [["cls", "escalation.scope"]],
    }


def test_plural_forms_follow_cldr(hostile: Any) -> None:
    en, fr, ar, th = (hostile["plural"][loc] for loc in ("en", "fr", "ar", "th"))
    assert en == [f"{n} item" if n == 1 else f"{n} items" for n in (0, 1, 2, 3, 11, 100, 1.5)]
    assert fr[:3] == ["0 élément", "1 élément", "2 éléments"] and fr[-1] == "1.5 élément"
    assert ar == [
        "لا عناصر 0",
        "عنصر واحد 1",
        "عنصران 2",
        "3 عناصر",
        "11 عنصرًا",
        "100 عنصر",
        "1.5 عنصر",
    ]
    assert th == [f"{n} รายการ" for n in (0, 1, 2, 3, 11, 100, 1.5)]
    assert hostile["greeting"] == '繁體中文：支援服務 {{ "x" }}: 2.50 "{{ ok }}"'
    assert hostile["placeholders"] == "{{ not a placeholder }} N {0} {} }{"
    assert hostile["no count"] == "TypeError"


@pytest.mark.parametrize(
    ("written", "bad"),
    [('"true"', '"True"'), ("none", "my_id"), ("class", "a--b"), ("none", "9lives")],
)
def test_ids_that_are_not_slugs_are_rejected_with_a_location(
    tmp_path: Path, written: str, bad: str
) -> None:
    tree = tmp_path / "policies"
    shutil.copytree(HOSTILE, tree)
    programme = tree / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    line = f"  - {{id: {written}, name: tier."
    assert line in text
    programme.write_text(text.replace(line, f"  - {{id: {bad}, name: tier.", 1), encoding="utf-8")
    lineno = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith(line))
    diags = pipeline.validate([tree]).diagnostics
    located = [
        d
        for d in diags
        if d.code.startswith("PC2") and d.span.file.endswith("programme.yaml")
        and d.span.line == lineno and d.span.col == len("  - {id: ") + 1
    ]  # fmt: skip
    assert located, [(d.code, d.span, d.message) for d in diags]


# -- the code is clean, formatted, exact and deterministic ---------------------------------


@pytest.fixture(scope="module")
def checked_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, vendor and hostile packages (different names) plus every CLDR rule."""
    out = tmp_path_factory.mktemp("check")
    write(package(SEEDS), out)
    write(package(VENDOR, "vendor_policies"), out)
    write(package(HOSTILE, "hostile_policies"), out)
    write(renamed_vendor(["prog-2", "prog-10", "match"], "renamed_policies"), out)
    plurals = out / "python" / "cldr_plurals"
    plurals.mkdir()
    (plurals / "__init__.py").write_text("")
    (plurals / "_text.py").write_text(text_module(cldr_rule_tags()))
    return out / "python"


def renamed_vendor(ids: list[str], name: str) -> dict[str, bytes]:
    """The vendor programme under several ids: module names that sort naturally (`prog_2`
    before `prog_10`) and a soft keyword (`match_`)."""
    policies = model(VENDOR)
    (only,) = policies.programmes.values()
    copies = {pid: only.model_copy(update={"id": pid}) for pid in ids}
    renamed = policies.model_copy(update={"programmes": copies})
    return {a.path: a.data for a in PythonEmitter(name).emit(renamed)}


def test_generated_code_passes_mypy_strict(checked_tree: Path) -> None:
    names = ["support_policies", "vendor_policies", "hostile_policies", "renamed_policies"]
    names.append("cldr_plurals")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *MYPY_CONFIG, *names],
        capture_output=True,
        text=True,
        cwd=checked_tree,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_generated_code_passes_pyright_strict(checked_tree: Path) -> None:
    config = checked_tree / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.11"}))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "pyright", "--outputjson", "--project", str(config), "."],
            capture_output=True,
            text=True,
            cwd=checked_tree,
            check=False,
        )
    finally:
        config.unlink()
    assert done.returncode == 0, done.stdout + done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert summary["filesAnalyzed"] == len(list(checked_tree.rglob("*.py"))), summary
    assert summary["errorCount"] == summary["warningCount"] == 0, summary


def test_generated_code_passes_ruff_default_rules(checked_tree: Path) -> None:
    """Ruff's own defaults (`--isolated`: no project configuration), as released today."""
    ruff = shutil.which("ruff") or pytest.fail("ruff is not installed")
    done = subprocess.run(
        [ruff, "check", "--no-cache", "--isolated", "."],
        capture_output=True,
        text=True,
        cwd=checked_tree,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["check", "format"])
def test_generated_code_passes_ruff(checked_tree: Path, command: list[str]) -> None:
    ruff = shutil.which("ruff") or pytest.fail("ruff is not installed")
    done = subprocess.run(
        [ruff, *command, "--no-cache", "--config", str(PYPROJECT), "."],
        capture_output=True,
        text=True,
        cwd=checked_tree,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "noqa" not in "".join(p.read_text() for p in checked_tree.rglob("*.py"))
    assert "type: ignore" not in "".join(p.read_text() for p in checked_tree.rglob("*.py"))


@pytest.mark.parametrize(
    "name",
    ["__init__.py", "_types.py", "_text.py", "northwind_support.py", "../pyproject.toml"],
)
def test_vendor_package_snapshot(name: str, snapshot: SnapshotAssertion) -> None:
    files = package(VENDOR)
    modules = ["__init__.py", "_businesstime.py", "_requires.py", "_route.py", "_text.py"]
    modules += ["_types.py", "northwind_support.py", "py.typed"]
    assert sorted(files) == [
        "python/pyproject.toml",
        *(f"python/support_policies/{n}" for n in modules),
    ]
    assert files[posixpath.normpath(f"python/support_policies/{name}")].decode() == snapshot


def test_output_is_the_same_from_any_directory_and_hash_seed(tmp_path: Path) -> None:
    """Byte-identical across runs, working directories and PYTHONHASHSEED."""
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from policyc import pipeline\n"
        "from policyc.emit.python.emitter import PythonEmitter\n"
        "tree = Path(sys.argv[1])\n"
        "ir = pipeline.validate([tree]).policies\n"
        "for a in PythonEmitter(None, pipeline.display_name(tree)).emit(ir):\n"
        "    print(a.path, hashlib.sha256(a.data).hexdigest())\n"
    )
    digests = []
    for seed, cwd, tree in [("1", ROOT, "policies"), ("2", tmp_path, str(SEEDS))]:
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": "Pacific/Kiritimati", "LANG": "C"}
        done = subprocess.run(
            [sys.executable, "-c", script, tree],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            check=True,
        )
        digests.append(done.stdout)
    here = "".join(
        f"{path} {hashlib.sha256(data).hexdigest()}\n" for path, data in package(SEEDS).items()
    )
    assert digests == [here, here]


def test_headers_name_the_sources_and_the_content_hash() -> None:
    files = package(SEEDS)
    dropbox = files["python/support_policies/dropbox_premium_support.py"].decode()
    head = dropbox.split('"""')[0]
    assert "#   dropbox-premium-support/programme.yaml\n" in head
    assert "#   dropbox-premium-support/catalogs/th.yaml\n" in head
    assert "#   shared/calendars.yaml\n" in head
    assert "zoho-partner-support" not in head and str(ROOT) not in dropbox
    assert re.search(r'^CONTENT_SHA256: Final = "[0-9a-f]{64}"$', dropbox, re.MULTILINE)
    init = files["python/support_policies/__init__.py"].decode()
    assert re.search(r'^POLICIES_SHA256: Final = "[0-9a-f]{64}"$', init, re.MULTILINE)
    assert not re.search(r"\b20\d\d-\d\d-\d\dT|\btimestamp\b", init + dropbox)


def test_content_hash_changes_with_the_policies() -> None:
    policies = model(VENDOR)
    before = package(VENDOR)["python/support_policies/northwind_support.py"]
    changed = policies.model_copy(
        update={
            "programmes": {
                pid: p.model_copy(update={"valid_from": "2026-02-01"})
                for pid, p in policies.programmes.items()
            }
        }
    )
    after = {a.path: a.data for a in PythonEmitter().emit(changed)}
    new = after["python/support_policies/northwind_support.py"]
    digest = re.compile(rb'CONTENT_SHA256: Final = "([0-9a-f]{64})"')
    old_hash, new_hash = digest.search(before), digest.search(new)
    assert old_hash and new_hash and old_hash.group(1) != new_hash.group(1)


# -- CLDR plural rules compiled to Python ---------------------------------------------------


@cache
def cldr_rule_tags() -> list[str]:
    """One locale (as a BCP 47 tag) for each distinct CLDR plural rule Babel knows."""
    from babel import Locale, localedata

    seen: dict[tuple[tuple[str, str], ...], str] = {}
    for ident in sorted(localedata.locale_identifiers()):
        rules = tuple(sorted(Locale.parse(ident).plural_form.rules.items()))
        seen.setdefault(rules, ident.replace("_", "-"))
    return sorted(seen.values())


def test_compiled_plural_rules_agree_with_babel() -> None:
    from babel import Locale

    module = types.ModuleType("compiled_plurals")
    exec(compile(text_module(cldr_rule_tags()), "<_text.py>", "exec"), module.__dict__)
    category: Callable[[str, object], str] = module.plural_category
    numbers: list[int | float | Decimal] = [*range(0, 230), 1000, 1001, 100000, 1000000]
    numbers += [2000000, 1000001, 21000, 101000, 0.5, 1.5, 2.0, 11.5, 21.3, 100.0]
    numbers += [Decimal("1.50"), Decimal("2.0"), Decimal("0.30"), Decimal("12.10"), Decimal("1E+6")]
    for tag in cldr_rule_tags():
        rule = Locale.parse(tag.replace("-", "_")).plural_form
        wrong = [(n, category(tag, n), rule(n)) for n in numbers if category(tag, n) != rule(n)]
        assert wrong == [], tag
    assert len(cldr_rule_tags()) > 30


def test_plural_operands_follow_cldr_for_leading_zero_fractions() -> None:
    module = types.ModuleType("compiled_plurals")
    exec(compile(text_module(["en"]), "<_text.py>", "exec"), module.__dict__)
    assert tuple(module.operands(Decimal("0.05"))) == (Decimal("0.05"), 0, 2, 2, 5, 5, 0)
    assert tuple(module.operands(-3)) == (Decimal(3), 3, 0, 0, 0, 0, 0)
    with pytest.raises(ValueError):
        module.operands(float("nan"))


# -- names and literals ---------------------------------------------------------------------


def test_module_names_follow_the_documented_rule() -> None:
    assert module_name("zoho-partner-support") == "zoho_partner_support"
    assert module_name("class") == "class_"
    assert module_name("match") == "match_"
    assert module_name("type") == "type_"
    assert module_name("typing") == "typing_"
    assert module_name("none") == "none"
    assert member_name("sev-1") == "SEV_1" and member_name("zh-TW") == "ZH_TW"
    assert member_name("none") == "NONE" and member_name("es-419") == "ES_419"
    with pytest.raises(ValueError):
        member_name("not an id")


@given(st.lists(st.from_regex(SLUG, fullmatch=True), unique=True, max_size=30))
def test_names_are_collision_free_identifiers(ids: list[str]) -> None:
    for name in [module_name(i) for i in ids] + [member_name(i) for i in ids]:
        assert name.isidentifier() and not __import__("keyword").iskeyword(name)
    assert len({module_name(i) for i in ids}) == len(ids)
    assert len({member_name(i) for i in ids}) == len(ids)
    assert not {module_name(i) for i in ids} & RESERVED_MODULES


def test_package_names_are_checked() -> None:
    assert package_problem("support_policies") is None
    assert package_problem("acme_support") is None
    for bad in ["1x", "class", "my-package", "json", "_private", ""]:
        assert package_problem(bad), bad


@given(st.text())
def test_string_literals_are_exact(text: str) -> None:
    literal = string(text)
    assert ast.literal_eval(literal) == text
    assert "\n" not in literal and "\r" not in literal
    assert literal[0] == ('"' if text.count('"') <= text.count("'") else "'")


def test_layout_keeps_short_values_flat_and_explodes_long_ones() -> None:
    short = call("Contact", id=Raw('"a"'), name=Raw('"b"'))
    assert assign("X", short) == ['X = Contact(id="a", name="b")']
    wide = call("Contact", id=Raw(string("中" * 45)), names=tuple_of([Raw('"x"')] * 2))
    assert display_width("中" * 45) == 90
    assert assign("X", wide) == [
        "X = Contact(",
        f'    id="{"中" * 45}",',
        '    names=("x", "x"),',
        ")",
    ]
    assert assign("    Y", Raw('"' + "y" * 95 + '"')) == ["    Y = " + '"' + "y" * 95 + '"']


# -- the CLI ----------------------------------------------------------------------------------


def test_build_writes_the_package_under_the_chosen_name(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "generated"
    done = run("build", "--policies", str(VENDOR), "--out", str(out), "--python-package", "acme")
    assert done.exit_code == 0, done.output
    assert (out / "python" / "acme" / "northwind_support.py").is_file()
    assert (out / "python" / "acme" / "py.typed").is_file()
    assert not (out / "python" / "support_policies").exists()
    done = run("build", "--policies", str(VENDOR), "--out", str(out))
    assert done.exit_code == 0 and "up to date" not in done.output
    assert (out / "python" / "support_policies" / "__init__.py").is_file()
    assert not (out / "python" / "acme").exists()
    done = run("build", "--policies", str(VENDOR), "--out", str(out), "--check")
    assert done.exit_code == 0, done.output
    done = run("build", "--policies", str(VENDOR), "--out", str(out), "--python-package", "acme")
    assert done.exit_code == 0 and "up to date" not in done.output


@pytest.mark.parametrize(
    "name",
    ["1acme", "import", "json", "my-pkg", "pkg\n", "pkg\r", "sitecustomize", "usercustomize"],
)
def test_build_rejects_a_bad_package_name(
    run: Callable[..., Result], tmp_path: Path, name: str
) -> None:
    done = run("build", "--policies", str(VENDOR), "--out", str(tmp_path / "g"), "--python-package", name)  # fmt: skip
    assert done.exit_code == 2
    assert "Invalid value for '--python-package'" in done.output
    assert not (tmp_path / "g").exists()
