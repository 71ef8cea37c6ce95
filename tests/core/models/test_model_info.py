"""A model file's metadata, read without torch, is what torch reads; other files go through torch."""

from __future__ import annotations

import subprocess
import sys

import pytest
import torch

from srcnn_gui.core.errors import ModelLoadError
from srcnn_gui.core.models.files import load_model, save_model
from srcnn_gui.core.models.model_info import read_info
from srcnn_gui.core.models.network import build_model
from srcnn_gui.core.models.registry import list_models


def test_every_shipped_model_reads_as_torch_reads_it():
    shipped = [m for m in list_models() if m.shipped]
    assert len(shipped) >= 3
    for info in shipped:
        _, loaded = load_model(info.path)  # through torch.load(weights_only=True)
        assert (info.scale, info.config, info.meta) == (loaded.scale, loaded.config, loaded.meta)


def test_reading_the_metadata_loads_no_torch():
    info = list_models()[0]
    code = f"import sys; from srcnn_gui.core.models.model_info import read_info; read_info({str(info.path)!r}); print('torch' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_a_file_with_more_than_plain_values_is_read_by_torch(tmp_path):
    """A torch.Size in the metadata is beyond the plain reader's allow-list but within torch's."""
    path = save_model(tmp_path / "sized.pt", build_model("9-1-5"), 2, {"patch": torch.Size([33, 33])})
    assert read_info(path).meta["patch"] == torch.Size([33, 33])


def test_a_file_torch_refuses_is_refused_with_its_name(tmp_path):
    path = tmp_path / "evil.pt"
    torch.save({"format": "srcnn-gui/1", "scale": 2, "config": {"arch": "9-1-5"}, "state_dict": {}, "meta": {"x": print}}, path)
    with pytest.raises(ModelLoadError, match=r"evil\.pt: not a readable model file"):
        read_info(path)
