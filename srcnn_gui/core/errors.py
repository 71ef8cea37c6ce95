"""Exceptions raised by the core. The GUI turns them into dialogs, the CLI into messages."""

from __future__ import annotations

import os


class SrcnnError(Exception):
    """Base class of every error the core raises on purpose."""


class ConfigError(SrcnnError, ValueError):
    """A setting the user gave cannot be used: an option's value, an output pattern, a model name.

    Also a ``ValueError``, so code that checks its arguments the standard way catches it too.
    """


class ImageReadError(SrcnnError):
    """An image file could not be read (missing, not an image, unsupported mode, too large)."""


class ImageWriteError(SrcnnError):
    """An output image could not be written."""


class FileWriteError(SrcnnError):
    """A file other than a picture (a model, an export) cannot be written where asked: the message names it and says why."""


class PictureTooLargeError(SrcnnError):
    """A picture too large to upscale in memory (file to file, in bands, still works)."""


class ModelLoadError(SrcnnError):
    """A model file is missing, unreadable or not one of ours."""


class ModelImportError(ModelLoadError):
    """A published model file cannot be imported: foreign format, wrong shapes, non-finite values."""


class DeviceUnavailableError(SrcnnError):
    """The requested compute device does not exist on this machine."""


class DatasetError(SrcnnError):
    """A folder gave no usable images for training or evaluation."""


class CancelledError(SrcnnError):
    """Long work stopped because the user asked it to."""


class TrainingStateError(ConfigError):
    """A training state file belongs to another run: another network or scale than the one asked for.

    ``mismatch`` says which state and how it differs; ``differences`` maps each setting that differs (``arch``,
    ``scale``, ...) to its value in the state and the value asked for, so that a front end can say how to
    resume it in its own words instead of the general ``advice``.
    """

    def __init__(self, mismatch: str, differences: dict[str, tuple[object, object]], advice: str) -> None:
        super().__init__(f"{mismatch}. {advice}")
        self.mismatch = mismatch
        self.differences = differences


class TrainingDivergedError(SrcnnError):
    """A training run's weights became unusable (a loss that is not finite, or a network whose output is one
    flat value); nothing of them is saved."""


def failure_message(source: str | os.PathLike[str], exc: BaseException, *also: str | os.PathLike[str]) -> str:
    """A message for ``exc``, raised while handling the file ``source``, that names the file.

    Our own messages already name it (or its output, one of ``also``); anything else (a bug, an OS error
    we did not foresee) gets the file's name and the exception's type, so the user learns which file
    failed and a bug report what failed.
    """
    text = str(exc) or type(exc).__name__
    if any(os.fspath(path) in text for path in (source, *also)):
        return text
    kind = "" if isinstance(exc, SrcnnError) else f"unexpected {type(exc).__name__}: "
    return f"{os.fspath(source)}: {kind}{text}"
