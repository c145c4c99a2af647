"""Clean and analyze on a Dask cluster: the same corpus as on local processes.

The cluster is a `distributed.LocalCluster` on 127.0.0.1 with two worker
processes, so articles really travel to other processes and back.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.analyze.registries import load_registries
from generator.benchmarks.scale.corpus import write_corpus
from generator.benchmarks.scale.material import load_material
from generator.commands.build import export_corpus
from generator.errors import UserError
from generator.runtime import dask_cluster as dask_executor
from generator.runtime.options import RunOptions

from .benchscore import BENCH_DIR
from .cli import invoke
from .conftest import REPO

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask-corpus") / "seeds"
    if (BENCH_DIR / "ground-truth.json").is_file():
        material = load_material(BENCH_DIR, REPO / "seeds", load_registries().actors)
        write_corpus(folder, material, 24)
    else:
        folder.mkdir(parents=True)
        for seed in sorted((REPO / "seeds").iterdir()):
            (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(
        host="127.0.0.1",
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


def test_cluster_export_is_the_local_export(corpus: Path, scheduler: str, tmp_path: Path) -> None:
    export_corpus(RunOptions(seeds_dir=corpus, jobs=1, cache_dir=None), tmp_path / "local.json")
    export_corpus(
        RunOptions(seeds_dir=corpus, jobs=1, scheduler=scheduler, cache_dir=None),
        tmp_path / "dask.json",
    )
    assert (tmp_path / "dask.json").read_bytes() == (tmp_path / "local.json").read_bytes()


def test_cli_scheduler_option(corpus: Path, scheduler: str, tmp_path: Path) -> None:
    local = tmp_path / "local.json"
    remote = tmp_path / "remote.json"
    assert invoke("export", "--seeds", corpus, "--out", local, "--no-cache").returncode == 0
    result = invoke(
        "export", "--seeds", corpus, "--out", remote, "--no-cache", "--scheduler", scheduler
    )
    assert result.returncode == 0, result.stderr
    assert remote.read_bytes() == local.read_bytes()


def test_unreachable_scheduler_is_one_line_and_exit_2(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_executor, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(UserError, match="cannot connect to the Dask scheduler"):
        export_corpus(
            RunOptions(seeds_dir=corpus, jobs=1, scheduler="tcp://127.0.0.1:9", cache_dir=None),
            tmp_path / "x.json",
        )


def test_scheduler_without_dask_says_how_to_install_it(corpus: Path, tmp_path: Path) -> None:
    # As if the extra were not installed: importing distributed fails.
    code = (
        "import sys; sys.modules['distributed'] = None; "
        "from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "build", "--seeds", str(corpus), "--site",
         str(tmp_path / "site"), "--scheduler", "tcp://127.0.0.1:8786"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'newswiki-generator[dask]'" in lines[0], lines
    assert not (tmp_path / "site").exists()
