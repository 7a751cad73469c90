"""Use the machine's cores for the heavy, independent parts of a build or check.

Workers are forked, so they share the parent's model and compiled word lists
without copying them; only results travel back. Forking is skipped where it
is unsafe or does not pay: under ``mkdocs serve`` (which runs threads), for
small inputs, or when the build asks for one worker (``QMS_WORKERS=1``, read by the pipeline).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Any, Callable, Sequence

_SHARED: list[tuple[Callable[..., Any], Any]] = []  # what a forked worker inherits from its parent


def worker_count(items: int, minimum: int, workers: int | None = None) -> int:
    """``workers`` when the build fixes it, else two where forking is safe and pays."""
    if workers is not None:
        return workers
    if (items < minimum or threading.active_count() > 1
            or "fork" not in multiprocessing.get_all_start_methods()):
        return 1
    return min(2, os.cpu_count() or 1)


def fork_map(function: Callable[[Any, Any], Any], items: Sequence[Any], shared: Any = None,
             minimum: int = 200, while_waiting: Callable[[], Any] | None = None,
             size: int | None = None, workers: int | None = None) -> list[Any]:
    """``[function(shared, item) for item in items]``, split across forked workers when it pays off.

    It pays off when ``size`` (default: the number of items) reaches ``minimum``.
    ``while_waiting`` runs in this process while the workers compute.
    """
    workers = worker_count(len(items) if size is None else size, minimum, workers)
    if workers < 2:
        if while_waiting is not None:
            while_waiting()
        return [function(shared, item) for item in items]
    step = max(1, -(-len(items) // (workers * 4)))  # a few chunks per worker evens out uneven items
    chunks = [list(range(start, min(start + step, len(items)))) for start in range(0, len(items), step)]
    _SHARED.append((function, (shared, items)))
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            pending = pool.map_async(_run_chunk, chunks, chunksize=1)
            if while_waiting is not None:
                while_waiting()
            results = pending.get()
    finally:
        _SHARED.clear()
    return [value for chunk in results for value in chunk]


def _run_chunk(indexes: list[int]) -> list[Any]:
    function, (shared, items) = _SHARED[-1]
    return [function(shared, items[index]) for index in indexes]
