"""Running a coroutine from a sync test, whatever else the session has running."""

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")


def run_in_own_loop(scenario: Callable[[], Awaitable[T]]) -> T:
    """The browser tests keep Playwright's event loop running in the main thread for the whole
    session, and `asyncio.run` refuses to start inside a running loop; a thread of its own gives
    the scenario a fresh loop wherever the test runs in the suite."""

    async def main() -> T:
        return await scenario()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, main()).result()
