"""Shards of a batch: N shards hold every picture of a folder exactly once, the split depends only on each
picture's place below its folder (not where the folder is mounted), and ``--shard`` parses or says why not."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.jobs.batch_inputs import BatchItem, collect_items
from srcnn_gui.core.jobs.run_record import RECORD_NAME
from srcnn_gui.core.jobs.shards import Shard, parse_shard, record_name, shard_items, shard_key


def _tree(root: Path, count: int) -> Path:
    """``count`` tiny PNGs spread over nested folders, some sharing a name in different folders."""
    from PIL import Image

    pixels = np.random.default_rng(0).integers(0, 256, (4, 5, 3), dtype=np.uint8)
    for index in range(count):
        folder = root / f"d{index % 4}" / ("deep" if index % 3 else "")
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(pixels).save(folder / f"p{index // 2}.png")
    return root


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_n_shards_cover_every_picture_exactly_once(tmp_path, count):
    root = _tree(tmp_path / "in", 40)
    items, problems = collect_items([root], tmp_path / "out")
    assert not problems and len(items) == 40
    shares = [shard_items(items, Shard(index, count)) for index in range(count)]
    taken = [item.source for share in shares for item in share]
    assert sorted(taken) == sorted(item.source for item in items)  # none missed, none twice
    if count > 1:
        assert all(len(share) < len(items) for share in shares)  # the work is actually divided


def test_the_split_depends_on_the_place_below_the_folder_not_on_where_it_is(tmp_path):
    here = _tree(tmp_path / "here", 30)
    there = shutil.copytree(here, tmp_path / "mounted" / "elsewhere")
    shard = Shard(1, 3)

    def places(root: Path) -> list[str]:
        items, _ = collect_items([root], tmp_path / "out")
        return sorted(shard_key(item) for item in shard_items(items, shard))

    assert places(here) == places(there) and places(here)
    assert shard_key(BatchItem(here / "d1" / "deep" / "p0.png", here)) == "d1/deep/p0.png"
    assert shard_key(BatchItem(here / "d1" / "p3.png")) == "p3.png"  # named by itself: its name


@pytest.mark.parametrize("text", ["3/3", "1", "a/2", "0/0", "-1/2", "1/2/3"])
def test_a_bad_shard_is_refused_in_words(text):
    with pytest.raises(ConfigError, match="K/N|runs from 0"):
        parse_shard(text)


def test_each_shard_writes_its_own_record():
    assert parse_shard("2/5") == Shard(2, 5)
    names = {record_name(Shard(index, 5)) for index in range(5)}
    assert len(names) == 5 and RECORD_NAME not in names
    assert record_name(None) == record_name(Shard(0, 1)) == RECORD_NAME
