"""What a batch has finished, so that running the same command again goes on where it stopped.

Each output written is recorded as one line of ``.srcnn-gui-done.jsonl`` in the output folder: the
output's place, its size, the source (path, size, modification time) and a digest of the settings that
shape the result (size asked for, pattern, model, denoise, precision). An existing output counts as
done when its line matches all of these: the same picture upscaled the same way. Anything else at that
name (another run's result, a file of the user's, a changed picture) is not ours to skip or replace.

Lines are appended whole (one ``write`` on a file opened for appending), so two runs on one machine may
share the record; a line cut short by a crash is ignored. Runs split across machines (``--shard``) each
write a record of their own (:func:`record_name`), and every run reads them all.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

RECORD_NAME = ".srcnn-gui-done.jsonl"
_RECORDS = ".srcnn-gui-done*.jsonl"  # the batch's record and those of its parts


def record_name(part: str = "") -> str:
    """The record file of one part of a batch (``part``, e.g. a shard), or the batch's own."""
    return RECORD_NAME.replace(".jsonl", f".{part}.jsonl") if part else RECORD_NAME


def settings_digest(settings: dict[str, Any]) -> str:
    """A short digest of the settings that shape a batch's results."""
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()[:16]


class RunRecord:
    """The finished outputs below one output folder, for one digest of settings; written to ``name``, read
    from every record in the folder."""

    def __init__(self, output: Path, digest: str, name: str = RECORD_NAME) -> None:
        self.output = output
        self.path = output / name
        self.digest = digest
        self._entries = self._read()

    def _read(self) -> dict[str, dict[str, Any]]:
        return _entries(self.output)

    def _entry(self, source: Path, target: Path) -> dict[str, Any]:
        source_stat, target_stat = source.stat(), target.stat()
        return {"output": self._place(target), "output_size": target_stat.st_size, "source": str(source.resolve()),
                "source_size": source_stat.st_size, "source_mtime_ns": source_stat.st_mtime_ns, "settings": self.digest}

    def _place(self, target: Path) -> str:
        return Path(os.path.relpath(target, self.output)).as_posix()

    def is_done(self, source: Path, target: Path) -> bool:
        """True when ``target`` is this run's result for ``source`` as it is now."""
        try:
            place, entry = self._place(target), self._entry(source, target)
        except OSError:
            return False
        if place not in self._entries:
            self._entries = self._read()  # another run on this folder may have finished it since we looked
        return self._entries.get(place) == entry

    def add(self, source: Path, target: Path) -> None:
        """Record ``target`` as finished; a record that cannot be written only costs the resume."""
        try:
            entry = self._entry(source, target)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry) + "\n")
        except OSError:
            return
        self._entries[entry["output"]] = entry


def recorded_outputs(output: Path) -> set[Path]:
    """Every output the records in ``output`` list, whatever the settings that made it: results of this command,
    never pictures to upscale."""
    return {output / place for place in _entries(output)}


def _entries(output: Path) -> dict[str, dict[str, Any]]:
    """The records' lines in ``output`` by the output's place; a line cut short by a crash is left out."""
    entries: dict[str, dict[str, Any]] = {}
    try:
        records = sorted(output.glob(_RECORDS))
    except OSError:
        return entries
    for line in _lines(records):
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # cut short by a crash
        if isinstance(entry, dict) and isinstance(entry.get("output"), str):
            entries[entry["output"]] = entry
    return entries


def _lines(records: list[Path]) -> list[str]:
    """The lines of the records that can be read (one being written by another run still counts)."""
    lines: list[str] = []
    for record in records:
        try:
            lines.extend(record.read_text(encoding="utf-8", errors="replace").splitlines())
        except OSError:
            continue
    return lines
