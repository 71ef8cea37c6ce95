"""Where things live on disk: shipped resources and weights, the user's models, the benchmark data.

Each location is decided in exactly one function here. The shipped ``weights/`` and ``resources/``
are found by ``shipped_data_dir``: package data in an installed wheel, the project root in a
source checkout (editable install), the bundle folder in a PyInstaller build.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

APP_NAME = "srcnn-gui"


def project_root() -> Path:
    """The folder holding ``srcnn_gui/`` (in a source checkout also ``weights/`` and ``resources/``)."""
    return Path(__file__).resolve().parents[2]


def shipped_data_dir() -> Path:
    """The folder holding the shipped ``weights/`` and ``resources/``.

    A PyInstaller bundle keeps them in its own folder (``srcnn_gui.spec``); a wheel carries them as
    package data in ``srcnn_gui/_shipped`` (``setup.py``); a source checkout has them at its root.
    """
    if getattr(sys, "frozen", False):
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]
    packaged = resources.files("srcnn_gui") / "_shipped"
    # An installed wheel is a plain folder, so its package data is a real path that torch and glob can use.
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return project_root()


def resources_dir() -> Path:
    """Icons, styles and the sample image."""
    return shipped_data_dir() / "resources"


def shipped_weights_dir() -> Path:
    """Models that ship with the application; ``SRCNN_WEIGHTS_DIR`` overrides."""
    override = os.environ.get("SRCNN_WEIGHTS_DIR")
    return Path(override) if override else shipped_data_dir() / "weights"


def user_weights_dir() -> Path:
    """Models the user trained; ``SRCNN_USER_WEIGHTS_DIR`` overrides the platform's data folder."""
    override = os.environ.get("SRCNN_USER_WEIGHTS_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False) / "models"


def result_cache_dir() -> Path:
    """Where the window keeps large results while it shows them (removed when done with); ``SRCNN_CACHE_DIR``
    overrides the platform's cache folder."""
    override = os.environ.get("SRCNN_CACHE_DIR")
    return Path(override) if override else user_cache_path(APP_NAME, appauthor=False) / "results"


def user_checkpoints_dir() -> Path:
    """Training states of the user's runs: a subfolder of the model folder, so they never show up as models."""
    return user_weights_dir() / "checkpoints"


def experiment_runs_dir() -> Path:
    """Training states of the paper's experiment (``srcnn-gui experiment``), resumable: the checkout's
    ``weights/checkpoints/experiment``, which never ships."""
    return project_root() / "weights" / "checkpoints" / "experiment"


def experiment_results_dir() -> Path:
    """Where the experiment's table, JSON and plot go: the checkout's ``docs/experiments``."""
    return project_root() / "docs" / "experiments"


def datasets_dir() -> Path:
    """The shared benchmark sets (T91, Set5, Set14); ``SRCNN_DATASETS`` overrides.

    By default they sit in ``../shared/datasets`` beside the project root and are never copied in.
    """
    override = os.environ.get("SRCNN_DATASETS")
    return Path(override) if override else project_root().parent / "shared" / "datasets"


def published_models_dir() -> Path:
    """Published models from elsewhere (the authors' weights): test data and anchors, never shipped.

    ``../shared/models`` beside the project root; ``SRCNN_PUBLISHED_MODELS`` overrides.
    """
    override = os.environ.get("SRCNN_PUBLISHED_MODELS")
    return Path(override) if override else project_root().parent / "shared" / "models"


def icon_path() -> Path:
    """The application icon (also used by the Linux .desktop entry)."""
    return resources_dir() / "icon.png"


def sample_image_path() -> Path:
    """The picture the self-test and the GUI's first start use."""
    return resources_dir() / "sample.png"
