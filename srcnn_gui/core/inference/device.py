"""Choosing the compute device: CUDA, then Apple MPS, then the CPU."""

from __future__ import annotations

import torch

from srcnn_gui.core.errors import DeviceUnavailableError
from srcnn_gui.core.inference.device_choices import AUTO, CPU, CUDA, DEVICE_CHOICES, MPS


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend and backend.is_available())


def available_devices() -> list[str]:
    """Devices usable on this machine, best first; the CPU is always last."""
    found = []
    if torch.cuda.is_available():
        found.append(CUDA)
    if _mps_available():
        found.append(MPS)
    return found + [CPU]


def select_device(preference: str = AUTO) -> torch.device:
    """The device to run on: ``auto`` picks the best available, a name insists on that one."""
    preference = preference.lower()
    if preference not in DEVICE_CHOICES:
        raise DeviceUnavailableError(f"unknown device '{preference}' (choose from {', '.join(DEVICE_CHOICES)})")
    available = available_devices()
    if preference == AUTO:
        return torch.device(available[0])
    if preference not in available:
        raise DeviceUnavailableError(f"device '{preference}' is not available here (available: {', '.join(available)})")
    return torch.device(preference)


def native_bf16(device: torch.device) -> bool:
    """True where bfloat16 matmuls run in hardware: CUDA, and CPUs with AVX512-BF16 or AMX.

    On other CPUs bfloat16 is emulated and slower than float32.
    """
    if device.type == "cuda":
        return True
    if device.type != "cpu":
        return False
    probe = getattr(torch.cpu, "_is_avx512_bf16_supported", None)
    amx = getattr(torch.cpu, "_is_amx_tile_supported", None)
    return bool((probe and probe()) or (amx and amx()))


def describe_device(device: torch.device) -> str:
    """What the status bar says about where the work runs: the GPU's name, or the CPU threads."""
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    if device.type == "mps":
        return "Apple GPU (MPS)"
    return f"CPU, {torch.get_num_threads()} threads"
