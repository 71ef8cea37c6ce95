"""A regular install works: the sdist holds what a wheel needs, and the wheel ships the models and resources."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import srcnn_gui

ROOT = Path(srcnn_gui.__file__).resolve().parents[1]
SHIPPED_MODELS = sorted(p.name for p in (ROOT / "weights").glob("*.pt"))


def _run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    assert done.returncode == 0, f"{command}: rc {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.mark.slow
def test_a_wheel_built_from_the_sdist_installs_and_runs_from_another_folder(tmp_path: Path):
    """sdist -> wheel -> fresh venv: ``--self-test`` passes and ``models`` lists the shipped models, run
    outside the source tree (before, a wheel had no weights/ and every command failed)."""
    dist = tmp_path / "dist"
    _run([sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_sdist({str(dist)!r})"], cwd=ROOT)
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path / "src", filter="data")
        names = archive.getnames()
    # Only the models and their card ship, never training states or the run scripts.
    assert not any("checkpoints" in n or n.endswith("runs.sh") for n in names)

    # A fresh venv on the base interpreter: torch and Qt come from its site-packages, srcnn_gui from the wheel only.
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    (source,) = (tmp_path / "src").iterdir()
    _run([str(python), "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(dist), str(source)])
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packaged = archive.namelist()
    assert sorted(Path(n).name for n in packaged if n.startswith("srcnn_gui/_shipped/weights/") and n.endswith(".pt")) == SHIPPED_MODELS
    assert "srcnn_gui/_shipped/resources/sample.png" in packaged
    _run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed", str(wheel)])

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SRCNN_WEIGHTS_DIR")}
    env["SRCNN_USER_WEIGHTS_DIR"] = str(tmp_path / "no-user-models")
    where = _run([str(python), "-c", "import srcnn_gui; print(srcnn_gui.__file__)"], cwd=elsewhere, env=env).stdout
    assert Path(where.strip()).is_relative_to(venv)
    command = str(venv / "bin" / "srcnn-gui")
    assert "self-test ok" in _run([command, "--self-test"], cwd=elsewhere, env=env).stdout
    listed = _run([command, "models"], cwd=elsewhere, env=env).stdout
    assert sorted(line.split(":")[0].strip() + ".pt" for line in listed.splitlines()) == SHIPPED_MODELS
