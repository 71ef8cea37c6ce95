"""The architecture experiment writes a table, a JSON file and a plot from real (short) runs."""

from __future__ import annotations

import json

from PIL import Image

from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.images.writing import save_image
from srcnn_gui.core.training.experiment import ExperimentPlan, collect_results, run_experiment, write_results


def test_short_experiment_produces_results_for_every_arch(tmp_path, datasets):
    train = tmp_path / "train"
    for name in ("t8", "t9"):
        save_image(train / f"{name}.png", load_image(datasets / "T91" / f"{name}.png"))
    val = tmp_path / "val"
    save_image(val / "head.png", load_image(datasets / "Set5" / "head_GT.png")[80:200, 80:200])
    plan = ExperimentPlan(train=train, val=val, runs=tmp_path / "runs", steps=12, eval_every=6, batch_size=4, label=16,
                          archs=("9-1-5", "9-1-1-5"))
    reports = list(run_experiment(plan))
    assert {arch for arch, _ in reports} == {"9-1-5", "9-1-1-5"}
    histories = collect_results(plan)
    assert [h["step"] for h in histories["9-1-1-5"]] == [6, 12]
    paths = write_results(plan, histories, tmp_path / "out")
    data = json.loads((tmp_path / "out" / "results.json").read_text())
    assert data["runs"]["9-1-5"][-1]["psnr"] == histories["9-1-5"][-1]["psnr"]
    table = (tmp_path / "out" / "results.md").read_text()
    assert "| 9-1-1-5 | 4 | 12 |" in table
    with Image.open(paths[-1]) as plot:
        assert plot.size[0] > 300
    # A second call resumes finished runs instead of training again.
    assert list(run_experiment(plan)) == []
