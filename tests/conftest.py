"""Shared fixtures: the benchmark sets, real images made on the fly, models."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window's large results go to a cache folder of the test run's own, never the user's.
os.environ.setdefault("SRCNN_CACHE_DIR", tempfile.mkdtemp(prefix="srcnn-test-cache-"))

import numpy as np
import pytest

from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.registry import find_model
from srcnn_gui.core.paths import datasets_dir, published_models_dir

SRCNN_X3 = "srcnn-9-5-5-x3"  # the shipped SRCNN of the tests that need one, whatever the default


@pytest.fixture(scope="session")
def datasets() -> Path:
    """The shared benchmark sets; tests that need them are skipped where they are absent."""
    root = datasets_dir()
    if not (root / "Set5").is_dir():
        pytest.skip(f"benchmark sets not found in {root} (set SRCNN_DATASETS)")
    return root


@pytest.fixture(scope="session")
def authors_x4_dump() -> Path:
    """The SRCNN authors' 9-5-5 x4 model as text dumps (../shared/models); skipped where absent."""
    folder = published_models_dir() / "authors-9-5-5-imagenet-x4"
    if not (folder / "weights_conv1.txt").is_file():
        pytest.skip(f"the authors' model dump is not in {folder} (set SRCNN_PUBLISHED_MODELS)")
    return folder


@pytest.fixture(scope="session")
def butterfly(datasets: Path) -> np.ndarray:
    from srcnn_gui.core.images.reading import load_image

    return load_image(datasets / "Set5" / "butterfly_GT.png")


@pytest.fixture(scope="session")
def shipped_x3():
    """The shipped SRCNN 9-5-5 x3: a real, trained network that refines a bicubic enlargement (the engine's SRCNN
    paths: bands, Winograd, bf16), whichever model the application offers by default."""
    return load_model(find_model(SRCNN_X3).path)


@pytest.fixture()
def user_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user model folder, so tests never touch the real one."""
    folder = tmp_path / "user-models"
    monkeypatch.setenv("SRCNN_USER_WEIGHTS_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def three_t91_pictures(datasets: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three T91 pictures in a temporary folder: enough to train a few steps on."""
    from srcnn_gui.core.images.reading import load_image
    from srcnn_gui.core.images.writing import save_image

    folder = tmp_path_factory.mktemp("t91-three")
    for name in ("t1", "t2", "t3"):
        save_image(folder / f"{name}.png", load_image(datasets / "T91" / f"{name}.png"))
    return folder


@pytest.fixture()
def no_shipped_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty shipped-model folder, for tests of the ranking among models the test makes: the shipped ones
    carry held-out figures, which outrank any Set5 one."""
    folder = tmp_path / "no-shipped"
    folder.mkdir()
    monkeypatch.setenv("SRCNN_WEIGHTS_DIR", str(folder))
    return folder


@pytest.fixture()
def clean_shipped_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shipped-model folder with only the clean models (links to ours), so that tests of the denoise
    levels do not depend on which JPEG models ship."""
    from srcnn_gui.core.images.denoise_levels import NO_DENOISE
    from srcnn_gui.core.models.registry import list_models

    folder = tmp_path / "shipped"
    folder.mkdir()
    for info in list_models():
        if info.shipped and info.denoise == NO_DENOISE:
            (folder / info.path.name).symlink_to(info.path)
    monkeypatch.setenv("SRCNN_WEIGHTS_DIR", str(folder))
    return folder


@pytest.fixture()
def medium_model(user_models: Path, clean_shipped_only: Path):
    """The only JPEG model: a user model for x3 marked for medium denoising (the shipped 9-5-5 weights, nudged)."""
    import torch

    from srcnn_gui.core.models.files import save_model
    from srcnn_gui.core.models.model_info import read_info

    model, info = load_model(find_model(SRCNN_X3).path)
    with torch.no_grad():
        model.body[-1].bias += 0.01  # a different network, so the scores tell which one ran
    return read_info(save_model(user_models / "x3-medium.pt", model, 3, {**info.meta, "denoise": "medium", "metrics": {}}))


# How long a reader may wait on a test's named pipe before the watchdog of ``fifos`` lets it go.
FIFO_PATIENCE_S = 20.0


class Fifos:
    """Named pipes of one test. Code that opens one for reading waits for a writer: that is the hang tested
    for, so after :data:`FIFO_PATIENCE_S` a watchdog opens the pipes for writing, which lets such a reader
    go on (it reads nothing), and notes it in :attr:`waited_on`: the test fails, the suite does not hang."""

    def __init__(self) -> None:
        self.made: list[Path] = []
        self.waited_on = False
        self._done = threading.Event()
        self._watchdog = threading.Thread(target=self._release, daemon=True)
        self._watchdog.start()

    def make(self, path: Path) -> Path:
        """A named pipe at ``path``."""
        os.mkfifo(path)
        self.made.append(path)
        return path

    def _release(self) -> None:
        if self._done.wait(FIFO_PATIENCE_S):
            return
        while not self._done.is_set():
            for path in list(self.made):
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))  # fails (ENXIO) unless a reader waits
                    self.waited_on = True
                except OSError:
                    pass
            self._done.wait(0.1)

    def stop(self) -> None:
        self._done.set()
        self._watchdog.join()


@pytest.fixture()
def fifos() -> Iterator[Fifos]:
    """Makes named pipes that cannot hang the test for long (:class:`Fifos`); POSIX only."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("needs named pipes (POSIX)")
    pipes = Fifos()
    yield pipes
    pipes.stop()
