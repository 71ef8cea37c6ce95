"""A regular install works: the sdist holds what a wheel needs, and the wheel ships the models and resources."""

from __future__ import annotations

import json
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


def _spec_excludes() -> list[str]:
    """The modules srcnn_gui.spec leaves out of the PyInstaller bundle (its ``excludes`` list)."""
    import ast

    tree = ast.parse((ROOT / "srcnn_gui.spec").read_text(encoding="utf-8"))
    (value,) = [node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == "excludes" for t in node.targets)]
    return ast.literal_eval(value)


def test_the_bundle_leaves_out_nothing_that_importing_a_mat_model_loads(tmp_path: Path):
    """Model › Import of the authors' .mat file in a frozen build: every module it loads is bundled."""
    import numpy as np
    import scipy.io

    source = tmp_path / "x2.mat"
    rng = np.random.default_rng(0)
    scipy.io.savemat(source, {"weights_conv1": rng.random((81, 8)), "biases_conv1": rng.random((8, 1)),
                              "weights_conv2": rng.random((8, 4)), "biases_conv2": rng.random((4, 1)),
                              "weights_conv3": rng.random((4, 25)), "biases_conv3": rng.random((1, 1))})
    code = ("import json, sys\nfrom srcnn_gui.core.models.importing import import_model\n"
            f"print(import_model({str(source)!r}, 2, out={str(tmp_path / 'x2.pt')!r}).name)\n"
            "print(json.dumps(sorted(sys.modules)))")
    loaded = json.loads(_run([sys.executable, "-c", code]).stdout.splitlines()[-1])
    assert "scipy.io" in loaded  # the reader ran
    excludes = _spec_excludes()
    assert [m for m in loaded if any(m == e or m.startswith(e + ".") for e in excludes)] == []
