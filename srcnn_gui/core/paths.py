"""Where things live on disk: shipped resources and weights, the user's models, the benchmark data.

Each location is decided in exactly one function here. ``weights/`` and ``resources/`` sit at the
project root beside the package (an editable install); a PyInstaller bundle copies them to the same
place relative to the package, so resolving from ``__file__`` works frozen or not.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "srcnn-gui"


def project_root() -> Path:
    """The folder holding ``srcnn_gui/``, ``weights/`` and ``resources/`` (``_internal/`` when frozen)."""
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    """Icons, styles and the sample image."""
    return project_root() / "resources"


def shipped_weights_dir() -> Path:
    """Models that ship with the application; ``SRCNN_WEIGHTS_DIR`` overrides."""
    override = os.environ.get("SRCNN_WEIGHTS_DIR")
    return Path(override) if override else project_root() / "weights"


def user_weights_dir() -> Path:
    """Models the user trained; ``SRCNN_USER_WEIGHTS_DIR`` overrides the platform's data folder."""
    override = os.environ.get("SRCNN_USER_WEIGHTS_DIR")
    return Path(override) if override else user_data_path(APP_NAME, appauthor=False) / "models"


def user_checkpoints_dir() -> Path:
    """Training states of the user's runs: a subfolder of the model folder, so they never show up as models."""
    return user_weights_dir() / "checkpoints"


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
