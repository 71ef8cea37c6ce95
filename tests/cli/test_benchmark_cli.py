"""``srcnn-gui benchmark``: a table for people, and a JSON last line for scripts."""

from __future__ import annotations

import json

from srcnn_gui.cli import main
from srcnn_gui.core.models.registry import list_models


def test_benchmark_prints_a_table_and_json_with_the_ratio(capsys):
    name = next(m.name for m in list_models() if m.shipped)
    code = main(["benchmark", "--models", name, "--sizes", "1MP", "--repeats", "1", "--no-psnr", "--json"])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert any(line.startswith(f"| {name} | 1MP |") for line in out)
    report = json.loads(out[-1])
    (row,) = report["rows"]
    assert row["model"] == name and row["ratio"] == row["plain"]["seconds"] / row["engine"]["seconds"]
    assert "psnr" not in report and report["machine"]["threads"] >= 1


def test_benchmark_names_an_unknown_model(capsys):
    assert main(["benchmark", "--models", "no-such-model", "--no-psnr"]) == 2
    assert "no-such-model" in capsys.readouterr().err
