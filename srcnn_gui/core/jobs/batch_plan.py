"""A batch decided whole before anything is written: its pictures, each one's models and output, what is refused.

* A picture found in a folder keeps its place below that folder: ``photos/a/x.png`` goes to
  ``OUT/a/x_srcnn_x3.png``, so ``a/x.png`` and ``b/x.png`` never meet. A file named by itself goes
  straight into ``OUT``.
* Without an output folder a result goes beside its original (``photo.jpg`` -> ``photo_srcnn_x3.png``),
  and a folder's pictures into a folder beside it (``photos_srcnn_x3/``), never among the inputs.
* Each picture's models are chosen here by the one rule (:class:`ModelChooser`: its factor, and with
  denoise ``auto`` its JPEG quality), so the CLI, the window's batch and its *Upscale to file…* give a
  picture the same model; the output name may say which (``{model}``).
* Two pictures that would still get one output (``photo.jpg`` and ``photo.png``) are both refused,
  before anything is written, with a message naming the other
  (:func:`~srcnn_gui.core.images.output_names.colliding_targets`).

:func:`~srcnn_gui.core.jobs.batch.run_batch` then runs the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from srcnn_gui.core.errors import failure_message
from srcnn_gui.core.file_kinds import file_identity
from srcnn_gui.core.images.jpeg import file_quality
from srcnn_gui.core.images.output_names import (
    DEFAULT_PATTERN,
    colliding_targets,
    name_problem,
    output_name,
)
from srcnn_gui.core.images.output_size import OutputSize
from srcnn_gui.core.images.reading import check_picture_file
from srcnn_gui.core.inference.file_to_file import file_factor
from srcnn_gui.core.inference.model_choice import Choice, ModelChooser
from srcnn_gui.core.jobs.batch_inputs import BatchItem
from srcnn_gui.core.jobs.run_record import RECORD_NAME, recorded_outputs, settings_digest


@dataclass(frozen=True)
class Remedies:
    """What the user can do about a refused picture, in the words of the interface that runs the batch."""

    collision: str = "put {ext} in --pattern to tell them apart"
    long_name: str = "rename the picture or use a shorter --pattern"
    exists: str = "use --overwrite to replace it"


@dataclass(frozen=True)
class PlannedFile:
    """One picture of a plan: where its result goes and the models chosen for it."""

    source: Path
    target: Path
    choice: Choice
    quality: int | None  # its JPEG quality as read from the file; None: not a JPEG


@dataclass(frozen=True)
class BatchPlan:
    """What a batch will do: the files to upscale and the pictures already refused, each message naming it.

    ``total`` counts the pictures asked for (planned and refused ones; paths that are no pictures are
    only in ``problems``). ``record_folder`` keeps the resume record
    (:mod:`~srcnn_gui.core.jobs.run_record`) under ``settings`` (a digest of what shapes the results);
    None for one picture to a file of the user's choosing, which is not a batch to resume.
    """

    files: list[PlannedFile]
    problems: list[str]
    total: int
    size: OutputSize
    inputs: frozenset[Path] = frozenset()  # pictures asked for, results not proven ours (file_identity): never replaced
    record_folder: Path | None = None
    settings: str = ""
    remedies: Remedies = field(default_factory=Remedies)
    record_name: str = RECORD_NAME  # this run's own record in record_folder (one per shard)


def _choose(source: Path, chooser: ModelChooser, size: OutputSize) -> tuple[Choice, int | None]:
    check_picture_file(source)  # before anything opens it: a named pipe would block
    quality = file_quality(source)
    # An output size gives each picture its own factor, and the factor picks the models.
    return chooser.choose(quality, file_factor(source, size)), quality


def plan_batch(items: Iterable[BatchItem], output: Path | None, chooser: ModelChooser, size: OutputSize, *,
               pattern: str = DEFAULT_PATTERN, remedies: Remedies = Remedies(), results: Iterable[Path] = ()) -> BatchPlan:
    """Each picture's models and output below ``output`` (None: beside the original, and no resume record),
    named by ``pattern``; a picture whose models or name cannot be had, or whose output would be another's
    too, is refused with a message naming it.

    ``items`` are sorted out (:func:`~srcnn_gui.core.jobs.batch_inputs.sort_inputs`: each picture once);
    ``results`` are the earlier results set apart from them: those the resume record does not list as this
    command's are kept as safe from replacement as the pictures, since only their names say what they are.
    """
    items = list(items)
    named: dict[BatchItem, tuple[Path, Choice, int | None]] = {}
    problems: list[str] = []
    for item in items:
        try:
            choice, quality = _choose(item.source, chooser, size)
            name = output_name(item.source, size.label(), pattern, choice.info.name)
        except Exception as exc:  # whatever goes wrong with one picture is that picture's failure
            problems.append(failure_message(item.source, exc))
            continue
        problem = name_problem(name, remedies.long_name)
        if problem:
            problems.append(f"{item.source}: {problem}")
            continue
        named[item] = item.result_folder(output, size.label()) / name, choice, quality
    for clash in colliding_targets({item: target for item, (target, _, _) in named.items()}):
        for item in clash:
            others = " and ".join(str(other.source) for other in clash if other is not item)
            problems.append(f"{item.source}: its output {named.pop(item)[0]} would also be that of {others}, so "
                            f"neither is written; {remedies.collision}")
    files = [PlannedFile(item.source, target, choice, quality) for item, (target, choice, quality) in named.items()]
    settings = settings_digest({"size": size.label(), "pattern": pattern, **chooser.result_settings()})
    ours = set() if output is None else {file_identity(path) for path in recorded_outputs(output)}
    inputs = frozenset({file_identity(item.source) for item in items} | ({file_identity(path) for path in results} - ours))
    return BatchPlan(files, problems, len(items), size, inputs, output, settings, remedies)


def plan_file(source: Path, target: Path, chooser: ModelChooser, size: OutputSize) -> BatchPlan:
    """One picture straight to ``target`` (a name the user chose): its models as a batch would choose them."""
    try:
        choice, quality = _choose(source, chooser, size)
    except Exception as exc:  # a picture that cannot be planned is refused, named, as in a batch
        return BatchPlan([], [failure_message(source, exc)], 1, size)
    return BatchPlan([PlannedFile(source, target, choice, quality)], [], 1, size, frozenset({file_identity(source)}))
