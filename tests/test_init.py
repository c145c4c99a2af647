"""A tool that installs: `newswiki init`, `--project DIR`, and the wheel in a fresh venv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

import generator.runtime.options as run_options

from .cli import invoke
from .conftest import REPO, SEEDS
from .test_workflows import workflow_problems

TEMPLATE = REPO / "generator" / "project_template"


def test_the_template_is_the_repositorys_configuration() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "sync_template.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    "path", sorted((TEMPLATE / "github" / "workflows").glob("*.yml")), ids=lambda p: p.name
)
def test_the_template_workflows_are_safe(path: Path) -> None:
    assert workflow_problems(path.read_text("utf-8")) == []


def test_init_creates_a_project_that_builds_from_another_folder(tmp_path: Path) -> None:
    wiki = tmp_path / "wiki"
    result = invoke("init", wiki)
    assert result.returncode == 0, result.stderr
    for name in (
        "mkdocs.yml",
        "docs/index.md",
        "docs/about.md",
        "overrides/main.html",
        "registry/actors.yml",
        "registry/topics.yml",
        "seeds/.gitkeep",
        ".github/workflows/deploy.yml",
        ".github/workflows/pr.yml",
        ".gitignore",
        "requirements.txt",
    ):
        assert (wiki / name).is_file(), name
    for seed in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(seed, wiki / "seeds" / seed.name)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chdir(elsewhere)
    # --project before the sub-command: seeds, registry, config, site and cache from DIR.
    built = invoke("--project", wiki, "build", "--site-url", "https://example.org/w/")
    assert built.returncode == 0, built.stderr
    assert "Done: 2 articles" in built.stderr
    assert (wiki / "site" / "index.html").is_file() and (wiki / ".cache").is_dir()
    assert list(elsewhere.iterdir()) == []
    # ...or after it.
    checked = invoke("check", "--project", wiki)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", "utf-8")
    result = invoke("init", tmp_path)
    assert result.returncode == 2
    assert "not an empty folder" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_outside_a_project_the_error_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As when installed from a wheel: no source checkout to fall back on.
    monkeypatch.setattr(run_options, "REPO_ROOT", tmp_path / "site-packages")
    result = invoke("build")
    assert result.returncode == 2
    assert "no wiki project" in result.stderr and "newswiki init" in result.stderr
    missing = invoke("--project", tmp_path / "nothing", "build")
    assert missing.returncode == 2 and "no mkdocs.yml" in missing.stderr


@pytest.mark.slow
def test_the_wheel_installs_a_newswiki_that_inits_and_builds(tmp_path: Path) -> None:
    """Build the wheel, install it into a fresh venv (offline: its dependencies come from
    this environment through a .pth file, the package only from the wheel), then
    `newswiki init` and `newswiki build` in a folder far from the repository."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    shutil.copytree(
        REPO / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--no-build-isolation",
            "--wheel-dir",
            str(wheels),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    [wheel] = wheels.glob("newswiki_generator-*.whl")

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # This environment's dependencies, after the venv's own site-packages. Its .pth
    # files (the editable install of this checkout) are not read from there.
    (Path(purelib) / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-index",
            "--no-deps",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    newswiki = env_dir / "bin" / "newswiki"
    assert newswiki.is_file()

    work = tmp_path / "work"
    work.mkdir()
    clean_env = {"PATH": f"{env_dir / 'bin'}:/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1"}

    def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(newswiki), *map(str, args)],
            cwd=cwd,
            env=clean_env,
            capture_output=True,
            text=True,
            check=False,
        )

    where = subprocess.run(
        [str(python), "-c", "import generator; print(generator.__file__)"],
        cwd=work,
        env=clean_env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(purelib), where  # the wheel's copy, not this checkout

    outside = run("build", cwd=work)
    assert outside.returncode == 2 and "newswiki init" in outside.stderr

    assert run("init", "wiki", cwd=work).returncode == 0
    # Hidden names come out of the wheel too (renamed from github/ and gitignore).
    assert (work / "wiki" / ".github" / "workflows" / "deploy.yml").is_file()
    assert (work / "wiki" / ".gitignore").is_file()
    for seed in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(seed, work / "wiki" / "seeds" / seed.name)
    built = run("build", "--site-url", "https://example.org/wiki/", cwd=work / "wiki")
    assert built.returncode == 0, built.stderr
    assert "Done: 2 articles" in built.stderr
    site = work / "wiki" / "site"
    assert (site / "sitemap.xml").read_text("utf-8").count("<loc>") > 10
    assert (site / "feeds" / "articles.xml").is_file() and (site / "data" / "corpus.json").is_file()
