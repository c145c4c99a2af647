"""The GitHub Actions workflows keep their safety properties.

`workflow_problems` is the rule book; the real workflows must pass it, and
each rule is shown to fail on a workflow that breaks it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"@[0-9a-f]{40}\s+#\s*v\d+(\.\d+)*\s*$")
# The only write scopes any job may hold, and only the Pages deployment holds them.
ALLOWED_WRITES = {"pages", "id-token"}
READ_LEVELS = {"read", "none"}
# A secret in an expression, or passed on to a reusable workflow.
SECRETS = re.compile(r"\$\{\{[^}]*\bsecrets\b|^\s*secrets:", re.MULTILINE)


def load(path: Path) -> dict[str, Any]:
    doc = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(doc, dict), path
    return doc


def triggers(doc: dict[str, Any]) -> set[str]:
    # YAML 1.1 reads the key `on` as the boolean True.
    on = doc.get("on", doc.get(True))
    if isinstance(on, str):
        return {on}
    if isinstance(on, list):
        return {str(item) for item in on}
    if isinstance(on, dict):
        return {str(key) for key in on}
    return set()


def _permission_problems(where: str, permissions: object) -> list[str]:
    if permissions is None:
        return [f"{where}: no permissions block"]
    if permissions in ("read-all", {}):
        return []
    if isinstance(permissions, str):
        return [f"{where}: permissions {permissions!r}"]
    if not isinstance(permissions, dict):
        return [f"{where}: permissions is not a mapping"]
    problems = []
    for scope, level in permissions.items():
        if level in READ_LEVELS:
            continue
        if level == "write" and scope in ALLOWED_WRITES and where != "workflow":
            continue
        problems.append(f"{where}: {scope}: {level}")
    return problems


def _uses_problems(where: str, uses: str, raw: str) -> list[str]:
    if uses.startswith("./"):
        return []
    problems = []
    if not PINNED.match(uses):
        problems.append(f"{where}: {uses} is not pinned to a full commit SHA")
    lines = [ln for ln in raw.splitlines() if uses in ln and "uses:" in ln]
    if not lines or not all(VERSION_COMMENT.search(ln) for ln in lines):
        problems.append(f"{where}: {uses} has no '# vX.Y.Z' comment")
    return problems


def workflow_problems(raw: str) -> list[str]:
    """Every safety rule a workflow breaks (empty when it is fine)."""
    doc = yaml.safe_load(raw)
    if not isinstance(doc, dict):
        return ["not a workflow mapping"]
    problems: list[str] = []
    events = triggers(doc)
    for risky in ("pull_request_target", "workflow_run"):
        if risky in events:
            problems.append(f"runs on {risky}")
    if SECRETS.search(raw):
        problems.append("uses secrets")
    problems += _permission_problems("workflow", doc.get("permissions"))
    jobs = doc.get("jobs") or {}
    for job_id, job in jobs.items():
        where = f"job {job_id}"
        problems += _permission_problems(where, job.get("permissions"))
        writes = {k for k, v in (job.get("permissions") or {}).items() if v == "write"}
        steps = job.get("steps") or []
        if writes and not any("actions/deploy-pages@" in str(s.get("uses", "")) for s in steps):
            problems.append(f"{where}: write permissions but does not deploy Pages")
        if "uses" in job:
            problems += _uses_problems(where, str(job["uses"]), raw)
        for index, step in enumerate(steps):
            at = f"{where} step {step.get('name') or step.get('id') or index}"
            uses = step.get("uses")
            if uses:
                problems += _uses_problems(at, str(uses), raw)
                if str(uses).startswith("actions/checkout@"):
                    settings = step.get("with") or {}
                    if settings.get("persist-credentials") is not False:
                        problems.append(f"{at}: checkout without persist-credentials: false")
            run = step.get("run")
            if run is not None and "${{" in str(run):
                problems.append(f"{at}: expression in run: (pass it through env:)")
    return problems


def workflow_files() -> list[Path]:
    return sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])


# ---------------------------------------------------------------- the real workflows


def test_the_three_workflows_exist() -> None:
    assert {p.name for p in workflow_files()} >= {"test.yml", "pr.yml", "deploy.yml"}


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_workflow_is_safe(path: Path) -> None:
    assert workflow_problems(path.read_text("utf-8")) == []


def test_test_workflow_runs_make_test_with_pip_cache() -> None:
    doc = load(WORKFLOWS / "test.yml")
    # workflow_call: the deploy runs these tests first, on the commit it publishes.
    assert triggers(doc) == {"push", "pull_request", "workflow_call"}
    steps = doc["jobs"]["test"]["steps"]
    setup = next(s for s in steps if str(s.get("uses", "")).startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"].split() == [
        "requirements.lock",
        "requirements-dev.lock",
    ]
    assert any(s.get("run") == "make test" for s in steps)


def test_pr_workflow_checks_summarizes_and_uploads_a_preview() -> None:
    doc = load(WORKFLOWS / "pr.yml")
    assert triggers(doc) == {"pull_request"}
    [job] = doc["jobs"].values()
    steps = job["steps"]
    runs = [str(s.get("run", "")) for s in steps]
    assert any("python -m generator build --site site" in r for r in runs)
    check = next(s for s in steps if "generator check" in str(s.get("run", "")))
    assert '--changed-from "$BASE_SHA"' in check["run"]
    assert '--summary "$GITHUB_STEP_SUMMARY"' in check["run"]
    assert check["env"] == {"BASE_SHA": "${{ github.event.pull_request.base.sha }}"}
    checkout = next(s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0  # the base commit must be there to diff
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] in ("site", "site/")


def test_deploy_workflow_builds_then_deploys_pages() -> None:
    doc = load(WORKFLOWS / "deploy.yml")
    on = doc.get("on", doc.get(True))
    assert on["push"] == {"branches": ["main"]}
    assert "pull_request" not in triggers(doc)
    assert doc["concurrency"]["group"] == "pages"
    test, build, deploy = doc["jobs"]["test"], doc["jobs"]["build"], doc["jobs"]["deploy"]
    # The tests of this very commit, in this run, before anything is built.
    assert test["uses"] == "./.github/workflows/test.yml"
    assert build["needs"] == "test"
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert any(
        str(s.get("uses", "")).startswith("actions/upload-pages-artifact@") for s in build["steps"]
    )
    # Only the runtime pins are installed.
    runs = [str(s.get("run", "")) for s in build["steps"]]
    assert "python -m pip install --require-hashes --no-deps -r requirements.lock" in runs
    assert not any("requirements-dev.lock" in r for r in runs)
    # The published address comes from configure-pages, through the environment.
    configure = next(
        s for s in build["steps"] if str(s.get("uses", "")).startswith("actions/configure-pages@")
    )
    site = next(s for s in build["steps"] if "generator build" in str(s.get("run", "")))
    assert site["env"] == {
        "NEWSWIKI_SITE_URL": "${{ steps." + configure["id"] + ".outputs.base_url }}"
    }
    assert '--site-url "$NEWSWIKI_SITE_URL"' in site["run"]
    assert "--strict" in site["run"]
    names = [s.get("name") for s in build["steps"]]
    assert names.index("Check the seeds") < names.index("Build the site")
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_pull_request_template_asks_for_the_source() -> None:
    text = (REPO / ".github" / "pull_request_template.md").read_text("utf-8")
    for field in ("Source URL", "Publisher", "Publication date", "- [ ]"):
        assert field in text


# ---------------------------------------------------------------- the rules can fail


def _mutations() -> list[tuple[str, str, str, str]]:
    """(workflow, text to replace, replacement, expected problem fragment)."""
    checkout = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0"
    return [
        ("pr.yml", "  pull_request:\n", "  pull_request_target:\n", "pull_request_target"),
        ("test.yml", "\npermissions: {}\n", "\n", "workflow: no permissions block"),
        ("test.yml", "\npermissions: {}\n", "\npermissions: write-all\n", "write-all"),
        ("test.yml", "      contents: read\n", "      contents: write\n", "contents: write"),
        ("pr.yml", checkout, "actions/checkout@v5", "not pinned"),
        ("pr.yml", checkout, checkout.split(" #")[0], "comment"),
        ("test.yml", checkout, "actions/checkout@08c6903 # v5.0.0", "not pinned"),
        ("test.yml", "persist-credentials: false", "persist-credentials: true", "persist"),
        (
            "pr.yml",
            'check --changed-from "$BASE_SHA"',
            "check --changed-from ${{ github.event.pull_request.base.sha }}",
            "expression in run",
        ),
        (
            "deploy.yml",
            "      contents: read\n",
            "      contents: read\n      pages: write\n",
            "does not deploy Pages",
        ),
        (
            "pr.yml",
            "run: python -m generator build",
            "run: X=${{ secrets.TOKEN }} python",
            "secrets",
        ),
    ]


@pytest.mark.parametrize(("name", "old", "new", "expected"), _mutations())
def test_rule_catches_a_broken_workflow(name: str, old: str, new: str, expected: str) -> None:
    raw = (WORKFLOWS / name).read_text("utf-8")
    assert old in raw, f"{name} no longer contains {old!r}: update this test"
    problems = workflow_problems(raw.replace(old, new, 1))
    assert any(expected in p for p in problems), problems


def test_checkout_without_with_block_is_caught() -> None:
    raw = """
on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-24.04
    permissions: {contents: read}
    steps:
      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
"""
    assert workflow_problems(raw) == ["job a step 0: checkout without persist-credentials: false"]
