"""Writing files so that a crash or a full disk never leaves a half-written file behind.

A file is written to a temporary beside it and renamed into place when complete. Temporaries are
named ``.srcnn-<host>-<pid>-<random>.part``: short, so that a final name up to the file system's 255
bytes still works, and telling which process made them, so that a later run can remove those whose
process is gone (a ``kill -9``, a power cut) without touching those of a run still going.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from srcnn_gui.core.file_kinds import not_a_regular_file
from srcnn_gui.core.interruptions import interruptions_held

TEMP_PREFIX = ".srcnn-"
TEMP_SUFFIX = ".part"
# Where a temporary's process cannot be asked about (another machine on a shared folder, Windows),
# it counts as abandoned once it has not changed for this long.
STALE_AFTER_S = 24 * 3600
# File systems without hard links (FAT, some network shares) answer os.link with one of these.
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK, errno.ENOSYS})
# Why a write failed, in the user's words, for the errors a user can do something about.
_WRITE_PROBLEMS = {
    errno.EACCES: "the folder is read-only or we may not write there",
    errno.EPERM: "the folder is read-only or we may not write there",
    errno.EROFS: "the disk is read-only",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file is larger than this disk or account allows",
    errno.EEXIST: "a file of that name appeared while ours was written (another program?); it was kept",
    errno.ENAMETOOLONG: "the name is longer than this file system allows",
}


def write_problem(exc: OSError) -> str:
    """Why writing failed, in words for a message after "cannot write: " ("the disk is full")."""
    return _WRITE_PROBLEMS.get(exc.errno or 0, exc.strerror or str(exc))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _host() -> str:
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:4]


def _our_prefix() -> str:
    """The start of our temporaries' names: which machine and process made them (:func:`_abandoned`)."""
    return f"{TEMP_PREFIX}{_host()}-{os.getpid()}-"


def _finish_without_replacing(tmp: Path, path: Path) -> None:
    """Give the complete ``tmp`` the name ``path`` unless a file of that name exists by now.

    A hard link is made atomically and fails if the name is taken, so a file another program wrote
    meanwhile is never replaced; where links are not supported the check and the rename are apart.
    """
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise FileExistsError(errno.EEXIST, "a file of this name appeared while ours was written", str(path)) from None
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
        if path.exists():
            raise FileExistsError(errno.EEXIST, "a file of this name appeared while ours was written", str(path)) from None
        os.replace(tmp, path)
        return
    tmp.unlink()


@contextmanager
def atomic_path(path: Path, *, replace: bool = True, published: Callable[[], None] | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it takes the name ``path``.

    Readers see the old file or the new one, never a partial one. With ``replace`` false a file that
    appeared under ``path`` meanwhile is kept and :class:`FileExistsError` raised. On error the
    temporary file is removed and ``path`` is untouched. ``published`` runs right after the rename, with
    it as one step that a Ctrl-C does not cut (:func:`interruptions_held`): a resume record line, say.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=_our_prefix(), suffix=TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the file normal permissions
        with interruptions_held():
            if replace:
                os.replace(tmp, path)
            else:
                _finish_without_replacing(tmp, path)
            if published is not None:
                published()
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def temporary_folder(parent: Path) -> Path:
    """A new folder in ``parent`` named as our temporaries are, so a later run removes it if this process
    dies without doing so (:func:`remove_abandoned_temporaries`)."""
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_our_prefix(), suffix=TEMP_SUFFIX, dir=parent))


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, flushed to disk before the rename."""
    with atomic_path(path) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def destination_problem(path: Path) -> str | None:
    """Why no file can be written at ``path``, in words for a message after "cannot write: ", or None when one can;
    asked before the work that makes the file, so that work is not done for nothing.

    Nothing is left behind: the nearest folder above ``path`` that exists is tried by creating one of our
    temporaries in it and removing it again, since only trying tells (permissions, ACLs, a read-only disk,
    a network share); the folders below it are made when the file is written. A full disk is found only
    then: an empty temporary still fits on one.
    """
    if path.exists():
        kind = not_a_regular_file(path)
        if kind:
            return f"it is {kind}, not a file"
    base = next((folder for folder in path.parents if folder.exists() or folder.is_symlink()), None)
    if base is None:
        return None  # nothing above it exists (another drive not mounted?); writing says what is wrong
    if not base.is_dir():
        return f"{base} is not a folder"
    try:
        fd, name = tempfile.mkstemp(prefix=_our_prefix(), suffix=TEMP_SUFFIX, dir=base)
    except OSError as exc:
        return write_problem(exc)
    os.close(fd)
    os.unlink(name)
    return None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _abandoned(tmp: Path) -> bool:
    parts = tmp.name[len(TEMP_PREFIX) : -len(TEMP_SUFFIX)].split("-")
    if len(parts) != 3 or not parts[1].isdigit():
        return False
    host, pid = parts[0], int(parts[1])
    if host == _host() and os.name == "posix":
        return pid != os.getpid() and not _process_alive(pid)
    # On Windows os.kill would end the process it asks about, so there only the age tells.
    return time.time() - tmp.stat().st_mtime > STALE_AFTER_S


def remove_abandoned_temporaries(folder: Path) -> list[Path]:
    """Delete the temporaries (files and :func:`temporary_folder` folders) our interrupted runs left in
    ``folder`` (not recursive); the paths removed."""
    removed = []
    try:
        candidates = list(folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"))
    except OSError:
        return []
    for tmp in candidates:
        try:
            if (tmp.is_dir() or tmp.is_file()) and _abandoned(tmp):
                shutil.rmtree(tmp) if tmp.is_dir() else tmp.unlink()
                removed.append(tmp)
        except OSError:
            continue  # gone meanwhile, or not ours to remove: leave it
    return removed
