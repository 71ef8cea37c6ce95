"""``benchmark --file``: every stage of the path is timed on the picture's bands, the ratio is the engine's time
over the whole path's, and the command prints the table and a JSON line (SRCNN and FSRCNN)."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from srcnn_gui.cli import main
from srcnn_gui.core.bench.file_path import benchmark_file, render_file_benchmark
from srcnn_gui.core.inference.tiling import Tiling
from srcnn_gui.core.inference.upscaler import Upscaler
from tests.core.inference.test_large_images import photo
from tests.core.models.test_fsrcnn import random_fsrcnn


@pytest.fixture()
def picture(tmp_path):
    path = tmp_path / "phone.jpg"
    Image.fromarray(photo(150, 64)).save(path, quality=88)
    return path


def test_the_command_prints_each_stage_and_the_ratio(picture, capsys):
    assert main(["benchmark", "--file", str(picture), "--png-level", "1", "--json"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    report = json.loads(out[-1])
    names = [stage["name"] for stage in report["stages"]]
    assert names[0] == "read and decode" and "network (network_band)" in names and names[-1].endswith("(level 1)")
    assert report["output"] == [300, 128] and report["png_level"] == 1
    assert report["ratio"] == pytest.approx(report["engine_s"] / report["whole_s"])
    assert any(line.startswith("whole path / engine:") for line in out)
    network = next(stage for stage in report["stages"] if stage["name"].startswith("network"))
    assert network["cpu_s"] is None and network["wall_s"] > 0  # its CPU is in the tile threads


def test_an_enlarging_network_is_measured_on_the_low_res_picture(picture):
    upscaler = Upscaler(random_fsrcnn(3), 3, device="cpu", tiling=Tiling(64))
    report = benchmark_file(picture, upscaler, "fsrcnn x3", png_level=4)
    assert report.output == (450, 192) and report.file_mb > 0
    assert all(stage.wall_s > 0 for stage in report.stages)
    assert "fsrcnn x3" in render_file_benchmark(report)
