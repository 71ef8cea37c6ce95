"""What a batch has finished, so that running the same command again goes on where it stopped.

Each output written is recorded as one line of ``.srcnn-gui-done.jsonl`` in the output folder: the
output's place, its size, the source (path, size, modification time) and a digest of the settings that
shape the result (size asked for, pattern, model, denoise, precision). An existing output counts as
done when its line matches all of these: the same picture upscaled the same way. Anything else at that
name (another run's result, a file of the user's, a changed picture) is not ours to skip or replace.

Lines are appended whole to a file opened for appending, and flushed to disk, so two runs on one
machine may share the record. A full disk leaves the record as it was: a new record is written
atomically (never empty), and a line that does not fit is cut off again, so no half line spoils the one
after it; the result stays, and the batch says once, at the end, that the record could not be saved
(:meth:`RunRecord.notes`). A record found empty or with damaged lines (a crash, a full disk of an older
version) counts for what it still says, with a note. Runs split across machines (``--shard``) each write
a record of their own (:func:`record_name`), and every run reads them all.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from srcnn_gui.core.atomic import atomic_path, write_problem
from srcnn_gui.core.file_kinds import not_a_regular_file
from srcnn_gui.core.progress import counted

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
        self._damage: dict[Path, str] = {}  # each record found damaged: how
        self._unsaved = 0  # results written whose line could not be saved
        self._save_problem = ""
        self._entries = self._read()

    def _read(self) -> dict[str, dict[str, Any]]:
        return _entries(self.output, self._damage)

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
        """Record ``target`` as finished. A line that cannot be saved (a full disk) only costs the resume: the
        record stays as it was and :meth:`notes` says so."""
        try:
            entry = self._entry(source, target)
        except OSError:
            return  # the result is gone already (removed by hand?): nothing to record
        try:
            _append_whole(self.path, (json.dumps(entry) + "\n").encode("utf-8"))
        except OSError as exc:
            self._unsaved += 1
            self._save_problem = write_problem(exc)
        self._entries[entry["output"]] = entry

    def notes(self, remedy: str) -> list[str]:
        """What the user should know about the record, said once at the end of the batch: records found empty
        or damaged, and results whose line could not be saved; ``remedy`` says how to replace a result anyway."""
        said = [f"resume record {record} was found {damage}: results it does not list are not counted as done, "
                f"and an existing one is kept and listed ({remedy})" for record, damage in sorted(self._damage.items())]
        if self._unsaved:
            them = "it" if self._unsaved == 1 else "them"
            said.append(f"resume record could not be saved: {self._save_problem} ({self.path}); "
                        f"{counted(self._unsaved, 'result')} written but not recorded: a later run of this batch "
                        f"keeps and lists {them} rather than counting {them} as done ({remedy})")
        return said


def recorded_outputs(output: Path) -> set[Path]:
    """Every output the records in ``output`` list, whatever the settings that made it: results of this command,
    never pictures to upscale."""
    return {output / place for place in _entries(output, {})}


def _entries(output: Path, damage: dict[Path, str]) -> dict[str, dict[str, Any]]:
    """The records' lines in ``output`` by the output's place; a line cut short by a crash is left out and each
    record found empty or damaged is put in ``damage``, with how."""
    entries: dict[str, dict[str, Any]] = {}
    try:
        records = sorted(output.glob(_RECORDS))
    except OSError:
        return entries
    for record, lines in _lines(records):
        if not lines:
            damage[record] = "empty (0 bytes)"
        unreadable = 0
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                unreadable += 1
                continue
            if isinstance(entry, dict) and isinstance(entry.get("output"), str):
                entries[entry["output"]] = entry
        if unreadable:
            damage[record] = f"damaged ({counted(unreadable, 'line')} unreadable)"
    return entries


def _append_whole(path: Path, data: bytes) -> None:
    """Add ``data`` at the end of ``path``, flushed to disk, whole or not at all (:class:`OSError` then).

    A new record is written atomically, so a full disk never leaves an empty one; bytes appended to one
    that do not all fit are cut off again, since half a line would also spoil the line after it.
    """
    if not path.exists():
        try:
            with atomic_path(path, replace=False) as tmp:
                _write_synced(tmp, data, os.O_WRONLY)
            return
        except FileExistsError:
            pass  # another run on this folder made it meanwhile: add to theirs
    _write_synced(path, data, os.O_WRONLY | os.O_APPEND)


def _write_synced(path: Path, data: bytes, flags: int) -> None:
    """Write ``data`` at the end of the file ``path`` and flush it to disk; on failure the file is cut back."""
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    try:
        start = os.fstat(fd).st_size
        try:
            written = 0
            while written < len(data):  # a write may take only part when the disk fills
                written += os.write(fd, data[written:])
            os.fsync(fd)
        except OSError:
            os.ftruncate(fd, start)
            raise
    finally:
        os.close(fd)


def _lines(records: list[Path]) -> list[tuple[Path, list[str]]]:
    """Each record that can be read (one being written by another run still counts) and its lines."""
    found: list[tuple[Path, list[str]]] = []
    for record in records:
        if not_a_regular_file(record):
            continue  # a named pipe by a record's name would never end
        try:
            found.append((record, record.read_text(encoding="utf-8", errors="replace").splitlines()))
        except OSError:
            continue
    return found
