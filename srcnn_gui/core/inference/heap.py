"""The C heap's policy for the engine's feature maps (glibc only; elsewhere nothing changes).

Every layer of a forward pass allocates its output maps afresh: megabytes each, freed a moment later.
glibc returns freed memory at the top of its heap to the system as soon as more than a small threshold
is free, and serves large blocks with fresh ``mmap`` pages, so each pass touches new pages and pays a
page fault per 4 KiB of every map. Measured (2 cores, FSRCNN x3 on 256-pixel low-res tiles, session 16):
float32 30 -> 62 MP/s, bf16 88 -> 91 MP/s, once the heap keeps a pad of freed memory and serves blocks up to
32 MiB itself. The cost is memory kept after a job: up to the trim threshold, plus what fragmentation holds.
This is what PyTorch's CPU tuning guides get from swapping in jemalloc or tcmalloc, without a preload.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

# mallopt parameters (glibc's malloc.h).
_M_TRIM_THRESHOLD = -1
_M_TOP_PAD = -2
_M_MMAP_THRESHOLD = -3
# Blocks up to this size come from the heap; freed memory at its top is returned to the system only beyond the
# trim threshold, and then down to the pad (a large tile's maps, float32, are 8-60 MiB in all).
HEAP_BLOCK_LIMIT_BYTES = 32 * 1024 * 1024
TRIM_THRESHOLD_BYTES = 128 * 1024 * 1024
KEPT_PAD_BYTES = 64 * 1024 * 1024


@functools.cache
def keep_freed_memory() -> bool:
    """Set the heap policy above, once per process; whether it could be set (glibc's ``mallopt``)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    settings = ((_M_MMAP_THRESHOLD, HEAP_BLOCK_LIMIT_BYTES), (_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES), (_M_TOP_PAD, KEPT_PAD_BYTES))
    applied = [bool(mallopt(parameter, value)) for parameter, value in settings]  # each one, even after a refusal
    return all(applied)
