"""Speed of the engine against plain PyTorch and ONNX Runtime, measured side by side in one run.

Three paths run the network on the same input (SRCNN: the bicubic luminance it refines; FSRCNN: the low-res
luminance it enlarges), for the same output size:

- *plain*: ``model(x)`` in float32 eager PyTorch, the whole image at once (no tiles, no tricks);
- *engine*: :meth:`Upscaler.enhance_luminance` (FSRCNN: :meth:`Upscaler.upscale_luminance`), exactly what the
  window and ``upscale`` run;
- *ONNX Runtime*, where it is installed (an optional extra): the same network in its CPU provider,
  the faster of two configurations (:mod:`~srcnn_gui.core.bench.onnx_peer`).

Repeats of the paths alternate, so a background load slows all alike, each timed run right after an
untimed one of the same path (timed warm, as in a batch); each path's figure is the median of its repeats,
and the ratios engine/plain and engine/ONNX Runtime are the figures that carry over to another machine. GFLOP/s are effective: the direct convolution's multiply-adds
(:func:`macs_per_pixel`, two FLOPs each) over the time, whatever algorithm ran. Peak memory is the rise of the process's resident memory (CPU) or of the allocator's peak
(CUDA) during a path's runs. The same run also times large matrix products, the practical peak of
the machine in its current state, so achieved GFLOP/s can be read against it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path

import numpy as np
import torch
from torch import nn

from srcnn_gui.core.bench import onnx_peer
from srcnn_gui.core.errors import ConfigError
from srcnn_gui.core.evaluation.protocol import evaluate_folder
from srcnn_gui.core.images.colour import luminance
from srcnn_gui.core.images.reading import load_image
from srcnn_gui.core.inference.device import native_bf16, select_device
from srcnn_gui.core.inference.tiling import DEFAULT_TILING, Tiling
from srcnn_gui.core.inference.upscaler import Upscaler
from srcnn_gui.core.models.architecture import FSRCNN_DECONV_KERNEL
from srcnn_gui.core.models.files import load_model
from srcnn_gui.core.models.model_info import ModelInfo
from srcnn_gui.core.models.network import Network
from srcnn_gui.core.paths import sample_image_path

# Output sizes the issue asks for: a 1 MP picture and a 12 MP (4000 x 3000) camera photo.
SIZES = {"1MP": (1024, 1024), "12MP": (3000, 4000)}
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def macs_per_pixel(model: Network) -> float:
    """Multiply-adds the network spends on one output pixel (borders aside; FSRCNN's deconvolution as the
    paper counts it, one tap per input map for each output pixel under each kernel position)."""
    per_input = sum(m.in_channels * m.out_channels * m.kernel_size[0] * m.kernel_size[1]
                    for m in model.body if isinstance(m, nn.Conv2d))
    if not model.enlarges:
        return per_input
    return (per_input + model.d * FSRCNN_DECONV_KERNEL**2) / model.scale**2


def network_input(model: Network, height: int, width: int) -> np.ndarray:
    """What the network reads for an output of ``height`` x ``width``: a luminance of that size (SRCNN) or of
    the low-res picture (FSRCNN)."""
    factor = model.input_factor
    return benchmark_luminance(height // factor, width // factor)


def engine_pass(upscaler: Upscaler) -> Callable[[np.ndarray], np.ndarray]:
    """The engine on the network's input: SRCNN refines it, FSRCNN enlarges it."""
    return upscaler.upscale_luminance if upscaler.enlarges else upscaler.enhance_luminance


def benchmark_luminance(height: int, width: int) -> np.ndarray:
    """A real picture's luminance (the bundled sample, mirrored to fill) of the given size."""
    sample = luminance(load_image(sample_image_path()))[:height, :width]
    filled = np.pad(sample, ((0, height - sample.shape[0]), (0, width - sample.shape[1])), mode="symmetric")
    return np.ascontiguousarray(filled, dtype=np.float32)


class PeakMemory:
    """Highest rise of memory over the level at the start, while the ``with`` block runs.

    CPU: the process's resident set, sampled every few milliseconds from ``/proc`` (``None`` where
    there is no ``/proc``). CUDA: the caching allocator's own peak counter.
    """

    def __init__(self, device: torch.device) -> None:
        self.device = device
        self.peak_bytes: int | None = None
        self._stop = threading.Event()

    @staticmethod
    def _resident() -> int | None:
        try:
            pages = int(Path("/proc/self/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            return None
        return pages * _PAGE_SIZE

    def _sample(self, base: int) -> None:
        peak = 0
        while not self._stop.wait(0.005):
            peak = max(peak, (self._resident() or base) - base)
        self.peak_bytes = max(peak, (self._resident() or base) - base)

    def __enter__(self) -> PeakMemory:
        _return_freed_memory()
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
            torch.cuda.reset_peak_memory_stats(self.device)
            self._base = torch.cuda.memory_allocated(self.device)
        elif (base := self._resident()) is not None:
            self._thread = threading.Thread(target=self._sample, args=(base,), daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
            self.peak_bytes = torch.cuda.max_memory_allocated(self.device) - self._base
        elif hasattr(self, "_thread"):
            self._stop.set()
            self._thread.join()


def _return_freed_memory() -> None:
    """Hand freed heap memory back to the system (glibc), so a rise in resident memory is all new.

    Without it a path measured after another reuses that one's freed memory and looks smaller.
    """
    try:
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


@dataclass(frozen=True)
class PathFigures:
    """One path at one size: median seconds over the repeats, throughput, peak memory."""

    seconds: float
    repeats: int
    mp_per_s: float
    gflop_per_s: float
    peak_mb: float | None


@dataclass(frozen=True)
class SpeedRow:
    """Plain and engine side by side for one model at one output size."""

    model: str
    arch: str
    scale: int
    size: str
    megapixels: float
    precision: str
    tile: int | None  # tile side, None for the whole image at once
    plain: PathFigures | None  # None: skipped (too large for the plain path's whole-image pass)
    engine: PathFigures
    method: str = "direct"  # how the engine ran the middle layer (Upscaler.method)
    onnxruntime: PathFigures | None = None  # None: not installed, or not asked for
    ort_configuration: str | None = None  # which of onnx_peer.CONFIGURATIONS was the faster

    @property
    def ratio(self) -> float | None:
        """Engine speed over plain speed (> 1: the engine is faster)."""
        return None if self.plain is None else self.plain.seconds / self.engine.seconds

    @property
    def ort_ratio(self) -> float | None:
        """Engine speed over ONNX Runtime's best (> 1: the engine is faster)."""
        return None if self.onnxruntime is None else self.onnxruntime.seconds / self.engine.seconds


def _synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def plain_refine(model: Network, device: torch.device) -> Callable[[np.ndarray], np.ndarray]:
    """The plain path: ``model(x)`` in float32 eager PyTorch on the whole luminance."""
    model = model.eval().to(device, torch.float32)

    def refine(y: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            out = model(torch.from_numpy(np.ascontiguousarray(y, dtype=np.float32))[None, None].to(device))
        return out[0, 0].cpu().numpy()

    return refine


def _timed(fn: Callable[[], object], device: torch.device) -> float:
    _synchronize(device)
    started = time.perf_counter()
    fn()
    _synchronize(device)
    return time.perf_counter() - started


def measure_speed(
    info: ModelInfo,
    size: str,
    *,
    upscaler: Upscaler,
    repeats: int = 3,
    plain_max_mp: float = 16.0,
    onnxruntime: bool = True,
) -> SpeedRow:
    """Time plain, engine and ONNX Runtime paths on a ``size`` output (a key of :data:`SIZES`), alternating.

    ONNX Runtime runs only on the CPU, where it is installed and ``onnxruntime`` is set; its
    whole-picture configuration is skipped above ``plain_max_mp`` like the plain path.
    """
    model, _ = load_model(info.path)
    y = network_input(model, *SIZES[size])
    factor = model.input_factor
    height, width = y.shape[0] * factor, y.shape[1] * factor  # FSRCNN: whole low-res pixels, so a little less
    megapixels = height * width / 1e6
    device = upscaler.device
    plain = plain_refine(model, device) if megapixels <= plain_max_mp else None
    engine = engine_pass(upscaler)
    runs = {"engine": lambda: engine(y)}
    if plain is not None:
        runs["plain"] = lambda: plain(y)
    if onnxruntime and device.type == "cpu" and onnx_peer.available():
        for configuration in onnx_peer.CONFIGURATIONS:
            if configuration != "whole" or megapixels <= plain_max_mp:
                runs[f"ort-{configuration}"] = partial(onnx_peer.ort_refine(model, configuration, torch.get_num_threads()), y)
    # The first run of each path is untimed (library start-up is measured by first_call_seconds);
    # it measures peak memory, whose sampling thread would otherwise share the cores with the timing.
    peaks: dict[str, int | None] = {}
    for name, run in runs.items():
        with PeakMemory(device) as memory:
            _timed(run, device)
        peaks[name] = memory.peak_bytes
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            # Timed warm, as in a batch: right after an untimed run of the same path, which takes the
            # state the previous path left (its heap, its caches, ONNX Runtime's spinning threads).
            # Timed cold, FSRCNN's 12 ms runs read up to 2x slower after ONNX Runtime's tiles.
            _timed(run, device)
            times[name].append(_timed(run, device))
    flops = 2 * macs_per_pixel(model) * height * width

    def figures(name: str) -> PathFigures | None:
        if name not in times:
            return None
        seconds = statistics.median(times[name])
        peak = peaks[name]
        return PathFigures(seconds, len(times[name]), megapixels / seconds, flops / seconds / 1e9,
                           None if peak is None else peak / 2**20)

    engine = figures("engine")
    assert engine is not None
    ort = [(figures(name), name.removeprefix("ort-")) for name in times if name.startswith("ort-")]
    best_ort, ort_configuration = min(ort, key=lambda pair: pair[0].seconds) if ort else (None, None)  # type: ignore[union-attr]
    return SpeedRow(info.name, info.arch, info.scale, size, megapixels, upscaler.precision, upscaler.tile_side,
                    figures("plain"), engine, upscaler.method, best_ort, ort_configuration)


def psnr_difference(info: ModelInfo, upscaler: Upscaler, folder: Path) -> dict[str, float]:
    """Mean Y-PSNR of plain and engine paths on a benchmark folder (literature protocol)."""
    model, _ = load_model(info.path)
    plain_pass = plain_refine(model, upscaler.device)
    if model.enlarges:
        plain = evaluate_folder(folder, info.scale, None, upscale=lambda low, _: plain_pass(low)).summary()["srcnn_psnr"]
    else:
        plain = evaluate_folder(folder, info.scale, plain_pass).summary()["srcnn_psnr"]
    engine = evaluate_folder(folder, info.scale, None, upscale=upscaler.upscale_luminance).summary()["srcnn_psnr"]
    return {"plain_psnr": float(plain), "engine_psnr": float(engine), "psnr_diff": float(engine - plain)}


def first_call_seconds(info: ModelInfo, device: str = "auto") -> dict[str, float]:
    """What the first upscale after start-up pays: loading the model, then a 1 MP pass, then again.

    Meaningful only as the first torch work of the process (later calls find libraries warm).
    """
    started = time.perf_counter()
    upscaler = Upscaler.from_info(info, device=device)
    loaded = time.perf_counter()
    y = network_input(upscaler.model, *SIZES["1MP"])
    engine = engine_pass(upscaler)
    engine(y)
    first = time.perf_counter()
    engine(y)
    second = time.perf_counter()
    return {"load_s": loaded - started, "first_1mp_s": first - loaded, "second_1mp_s": second - first}


def matmul_gflops(device: torch.device, dtype: torch.dtype, n: int = 2048, repeats: int = 5) -> float:
    """Achieved GFLOP/s of an n x n matrix product: the machine's practical peak right now."""
    a = torch.randn(n, n, device=device).to(dtype)
    b = torch.randn(n, n, device=device).to(dtype)
    torch.mm(a, b)
    seconds = statistics.median(_timed(lambda: torch.mm(a, b), device) for _ in range(repeats))
    return 2 * n**3 / seconds / 1e9


def _onnxruntime_version() -> str | None:
    if not onnx_peer.available():
        return None
    import onnxruntime

    return str(onnxruntime.__version__)


def cpu_flags() -> list[str]:
    """The CPU's vector-extension flags that decide which kernels run (Linux; empty elsewhere)."""
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return []
    flags = next((line.split(":", 1)[1].split() for line in text.splitlines() if line.startswith("flags")), [])
    return sorted(f for f in set(flags) if f.startswith(("avx512", "amx", "avx2", "fma")))


def row_dict(row: SpeedRow) -> dict[str, object]:
    """A row as plain values for JSON."""
    return {**asdict(row), "ratio": row.ratio, "ort_ratio": row.ort_ratio}


def iter_speed(
    models: list[ModelInfo], sizes: list[str], *, device: str = "auto", tiling: Tiling = DEFAULT_TILING,
    repeats: int = 3, plain_max_mp: float = 16.0, onnxruntime: bool = True,
) -> Iterator[SpeedRow]:
    """One :class:`SpeedRow` per model and size, in order (for progress display)."""
    for info in models:
        model, _ = load_model(info.path)
        upscaler = Upscaler(model, info.scale, device=device, tiling=tiling)
        for size in sizes:
            yield measure_speed(info, size, upscaler=upscaler, repeats=repeats, plain_max_mp=plain_max_mp, onnxruntime=onnxruntime)


def run_benchmark(
    models: list[ModelInfo],
    sizes: list[str],
    *,
    device: str = "auto",
    tiling: Tiling = DEFAULT_TILING,
    repeats: int = 3,
    plain_max_mp: float = 16.0,
    psnr_folder: Path | None = None,
    step: Callable[[str], None] | None = None,
    onnxruntime: bool = True,
) -> dict[str, object]:
    """Everything ``srcnn-gui benchmark`` reports, as plain values; ``step`` hears each stage's name.

    The start-up cost is measured first, while the process's libraries are still cold.
    """
    if not models:
        raise ConfigError("no models to benchmark")
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        raise ConfigError(f"unknown size(s) {', '.join(unknown)} (choose from {', '.join(SIZES)})")
    report: dict[str, object] = {}
    if step:
        step(f"start-up cost, {models[0].name}")
    report["startup"] = first_call_seconds(models[0], device)
    torch_device = select_device(device)
    report["machine"] = {
        "device": torch_device.type,
        "threads": torch.get_num_threads(),
        "cpu_flags": cpu_flags(),
        "torch": torch.__version__,
        "matmul_gflops_fp32": matmul_gflops(torch_device, torch.float32),
        "matmul_gflops_bf16": matmul_gflops(torch_device, torch.bfloat16) if native_bf16(torch_device) else None,
        "onnxruntime": _onnxruntime_version() if onnxruntime else None,
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
    }
    rows = []
    for info in models:
        for size in sizes:
            if step:
                step(f"speed, {info.name} {size}")
            rows.append(next(iter_speed([info], [size], device=device, tiling=tiling, repeats=repeats,
                                        plain_max_mp=plain_max_mp, onnxruntime=onnxruntime)))
    report["rows"] = [row_dict(r) for r in rows]
    if psnr_folder is not None:
        psnr = {}
        for info in models:
            if step:
                step(f"PSNR on {psnr_folder.name}, {info.name}")
            psnr[info.name] = psnr_difference(info, Upscaler.from_info(info, device=device), psnr_folder)
        report["psnr_folder"] = str(psnr_folder)
        report["psnr"] = psnr
    return report


REFERENCE_ARCH = "9-5-5"  # the engine every other model's speed is set against (the paper's best SRCNN)


def engine_speedups(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Each model's engine speed over the 9-5-5 engine's of the same scale and output size, in one run."""
    reference = {(row["scale"], row["size"]): row for row in rows if row["arch"] == REFERENCE_ARCH}
    speedups = []
    for row in rows:
        base = reference.get((row["scale"], row["size"]))
        if base is not None and row is not base:
            speedups.append({"model": row["model"], "against": base["model"], "size": row["size"],
                             "speedup": row["engine"]["mp_per_s"] / base["engine"]["mp_per_s"]})  # type: ignore[index]
    return speedups


def render_report(report: dict[str, object]) -> str:
    """The human-readable tables of a :func:`run_benchmark` report (Markdown)."""
    machine = report["machine"]
    assert isinstance(machine, dict)

    def num(value: object, fmt: str) -> str:
        return "—" if value is None else format(value, fmt)

    lines = [
        f"Device {machine['device']}, {machine['threads']} threads, torch {machine['torch']}; "
        f"CPU flags: {' '.join(machine['cpu_flags']) or 'n/a'}; ONNX Runtime {machine.get('onnxruntime') or 'not installed'}; "
        f"load average at the start {num(machine.get('load_average'), '.2f')}.",
        f"Matrix-product peak measured in this run: fp32 {machine['matmul_gflops_fp32']:.0f} GFLOP/s"
        + (f", bf16 {machine['matmul_gflops_bf16']:.0f} GFLOP/s." if machine["matmul_gflops_bf16"] else "."),
        "",
        "| model | output | plain MP/s | ORT MP/s | engine MP/s | engine/plain | engine/ORT "
        "| GFLOP/s plain / ORT / engine | peak MB plain / ORT / engine | engine | ORT |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    rows = report["rows"]
    assert isinstance(rows, list)
    for row in rows:
        plain, ort, engine = row["plain"] or {}, row.get("onnxruntime") or {}, row["engine"]
        gflops = " / ".join(num(path.get("gflop_per_s"), ".0f") for path in (plain, ort, engine))
        peaks = " / ".join(num(path.get("peak_mb"), ".0f") for path in (plain, ort, engine))
        lines.append(
            f"| {row['model']} | {row['size']} | {num(plain.get('mp_per_s'), '.2f')} | {num(ort.get('mp_per_s'), '.2f')} | "
            f"{engine['mp_per_s']:.2f} | {num(row['ratio'], '.2f')}x | {num(row.get('ort_ratio'), '.2f')}x | {gflops} | {peaks} | "
            f"{row['precision']} {row.get('method', '')}, tile {row['tile'] or 'none'} | {row.get('ort_configuration') or '—'} |")
    speedups = engine_speedups(rows)
    if speedups:
        lines += ["", "Engine speed against SRCNN 9-5-5's engine, same scale and output, same run: " + "; ".join(
            f"{s['model']} {s['speedup']:.1f}x {s['against']} ({s['size']})" for s in speedups) + "."]
    startup = report["startup"]
    assert isinstance(startup, dict)
    lines += ["", f"Start-up: model load {startup['load_s']:.2f} s; first 1 MP pass {startup['first_1mp_s']:.2f} s, "
              f"second {startup['second_1mp_s']:.2f} s (warm-up cost {startup['first_1mp_s'] - startup['second_1mp_s']:+.2f} s)."]
    psnr = report.get("psnr")
    if isinstance(psnr, dict):
        lines += ["", "| model | plain PSNR (dB) | engine PSNR (dB) | difference (dB) |", "|---|---:|---:|---:|"]
        lines += [f"| {name} | {p['plain_psnr']:.4f} | {p['engine_psnr']:.4f} | {p['psnr_diff']:+.4f} |" for name, p in psnr.items()]
    return "\n".join(lines)
