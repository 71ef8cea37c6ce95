"""What a path names: what kind of thing, checked before anything opens it, and which file it is.

Opening a named pipe for reading waits for a writer forever, and a device may never end, so every
reader of pictures and model files asks here first; the answer is a phrase for the user's message.

Two paths name the same file when :func:`file_identity` gives one answer for both: a picture named
twice (``dir/a.png`` and found again through ``dir``, through a link, or as ``dir/../dir/a.png``) is one
picture wherever inputs are gathered.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_NOT_REGULAR = {
    stat.S_IFDIR: "a folder", stat.S_IFIFO: "a named pipe (fifo)", stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket",
}


def not_a_regular_file(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` is not a regular file we may open ("a named pipe (fifo)", "a link to a missing file",
    "no such file", ...), or None when it is one (links are followed)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return "a link to a missing file" if os.path.islink(path) else "no such file"
    except PermissionError:
        return "cannot be read: permission denied (on the file or a folder above it)"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    return _NOT_REGULAR.get(stat.S_IFMT(info.st_mode))


def file_identity(path: str | os.PathLike[str]) -> Path:
    """Which file ``path`` names, however it is named: the absolute path with links followed and ``..`` resolved."""
    return Path(os.path.realpath(path))


def refusal(path: str | os.PathLike[str], what: str) -> str | None:
    """A message naming ``path`` when it may not be opened as ``what`` ("model file"), else None:
    "x.pt: a named pipe (fifo), not a model file", "x.pt: no such model file"."""
    problem = not_a_regular_file(path)
    if problem is None:
        return None
    if problem == "no such file":
        return f"{os.fspath(path)}: no such {what}"
    return f"{os.fspath(path)}: {problem}, not a {what}" if problem.startswith("a ") else f"{os.fspath(path)}: {problem}"
