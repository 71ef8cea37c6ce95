"""Where the shipped models and resources are found: source checkout or frozen bundle (a wheel:
tests/test_packaging.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import srcnn_gui
from srcnn_gui.core.paths import sample_image_path, shipped_data_dir, shipped_weights_dir

CHECKOUT = Path(srcnn_gui.__file__).resolve().parents[1]


def test_a_source_checkout_uses_the_folders_at_its_root(monkeypatch):
    monkeypatch.delenv("SRCNN_WEIGHTS_DIR", raising=False)
    assert shipped_data_dir() == CHECKOUT
    assert shipped_weights_dir() == CHECKOUT / "weights" and sample_image_path().is_file()


def test_a_frozen_build_uses_its_bundle_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("SRCNN_WEIGHTS_DIR", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert shipped_weights_dir() == tmp_path / "weights"
    assert sample_image_path() == tmp_path / "resources" / "sample.png"


def test_the_experiment_keeps_its_runs_out_of_the_shipped_models_and_its_results_in_the_docs():
    from srcnn_gui.core.paths import experiment_results_dir, experiment_runs_dir

    assert experiment_runs_dir().is_relative_to(CHECKOUT / "weights" / "checkpoints")
    assert experiment_results_dir() == CHECKOUT / "docs" / "experiments"
