"""A batch split across N runs (``upscale --shard K/N``): each run takes a disjoint, stable share.

A picture's shard is a hash of its place below the folder it was found in (the POSIX relative path,
the name alone for a file named by itself), not of its absolute path or of its position in a listing.
So every run of an array job (SLURM ``--array``, a Kubernetes indexed Job) computes the same split on
any machine, whatever the mount point and whatever else the folder holds: together the N shards hold
every picture exactly once. A picture keeps its shard when others are added or removed.

Each shard keeps its own resume record (:func:`record_name`): runs on different machines do not append
to one file, which a network file system does not do atomically. A run reads every shard's record, so
a rerun with another N (or none) still finds what was done.

Light to import (standard library only): a bad ``--shard`` is answered before torch loads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.jobs import run_record
from srcnn_gui.core.jobs.batch_inputs import BatchItem


@dataclass(frozen=True)
class Shard:
    """The ``index``-th (from 0) of ``count`` shares of a batch."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, item: BatchItem) -> bool:
        """True when ``item`` belongs to this shard."""
        return shard_of(shard_key(item), self.count) == self.index


def parse_shard(text: str) -> Shard:
    """``K/N`` as a :class:`Shard`: N runs, K from 0 to N-1 (as SLURM array and Kubernetes completion indexes)."""
    index, _, count = text.partition("/")
    if not (index.strip().isdigit() and count.strip().isdigit()) or int(count) < 1:
        raise ConfigError(f"'{text}': give the shard as K/N, e.g. 0/4 for the first of 4 runs")
    shard = Shard(int(index), int(count))
    if shard.index >= shard.count:
        raise ConfigError(f"'{text}': K runs from 0 to {shard.count - 1} for {shard.count} runs")
    return shard


def shard_key(item: BatchItem) -> str:
    """What decides a picture's shard: its POSIX path below its root (its name when named by itself)."""
    return (item.relative_folder() / PurePath(item.source.name)).as_posix()


def shard_of(key: str, count: int) -> int:
    """The shard (0 to ``count`` - 1) of a key: SHA-256, so equal on every machine and Python (unlike ``hash``)."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()[:8], "big") % count


def shard_items(items: Iterable[BatchItem], shard: Shard) -> list[BatchItem]:
    """The items of ``shard``, in their given order."""
    return [item for item in items if shard.holds(item)]


def record_name(shard: Shard | None) -> str:
    """The resume record a run writes: its own per shard, the batch's when not sharded."""
    if shard is None or shard.count == 1:
        return run_record.record_name()
    return run_record.record_name(f"shard-{shard.index}-of-{shard.count}")
