"""Where CPU work runs: long-lived, warmed worker processes, or this process for the CLI.

UMAP's first fit in a new process spends ~20 s compiling, and the embedding model takes ~3 s
to load, so workers are started once, warmed once, and reused for every map.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")


class Compute:
    """Runs CPU-bound functions off the event loop.

    `processes=0` uses one thread of this process (the command line: nothing else to serve);
    `processes>0` uses that many worker processes, each warmed at start.
    """

    def __init__(self, *, processes: int = 0, warm: bool = True) -> None:
        self.processes = processes
        self._warm = warm
        self._executor: Executor | None = None

    def start(self) -> None:
        if self._executor is not None:
            return
        if self.processes > 0:
            context = multiprocessing.get_context("spawn")
            self._executor = ProcessPoolExecutor(
                max_workers=self.processes,
                mp_context=context,
                initializer=warm_up if self._warm else None,
            )
        else:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tastemap")
            if self._warm:
                self._executor.submit(warm_up)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Run `fn(*args)` in the pool and wait for it without blocking the loop."""
        self.start()
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, fn, *args)

    async def warm(self) -> None:
        """Make sure every worker has finished warming up."""
        self.start()
        await asyncio.gather(*(self.run(_ready) for _ in range(max(self.processes, 1))))

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _ready() -> bool:
    return True


def warm_up() -> None:
    """Load the embedding model and compile UMAP's code in this process."""
    import numpy as np

    from engine.embed import local_model
    from engine.reduce import reduce

    started = time.perf_counter()
    local_model().encode(["warm up"])
    rng = np.random.default_rng(0)
    reduce(rng.normal(size=(40, 16)).astype(np.float32), seed=0)
    # TODO: libraries of 4,096 items and more switch to approximate neighbours, whose first
    # call in a process compiles for ~45 s; warming that too would cost every worker as much
    # at start, so it waits for the first big library (measure how common those are first).
    logger.info("worker warmed in %.1f s", time.perf_counter() - started)
