"""Prometheus metrics for one app: requests and their latency, counted as they are answered,
and gauges read when scraped (open sockets, the outbox, the worker's lag, the database pool).

Each app has a registry of its own rather than the library's global one, so that several apps
in one process (the tests build many) never count into each other."""

import logging
from collections.abc import Iterator, Sequence

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from twofold.domain.errors import StorageUnavailable
from twofold.live.bus import LiveEvent
from twofold.live.hub import Hub
from twofold.live.team_hub import TeamHub
from twofold.services import outbox
from twofold.services.context import Ctx

log = logging.getLogger(__name__)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
"""Seconds; the board's writes answer in milliseconds, a report download in seconds."""


class _Gauges(Collector):
    """Read at each scrape, so the figures are never older than the scrape itself."""

    def __init__(self, ctx: Ctx, hub: Hub, team_hub: TeamHub) -> None:
        self.ctx = ctx
        self.hub = hub
        self.team_hub = team_hub

    def collect(self) -> Iterator[Metric]:
        boards, sockets = self.hub.open_sockets()
        yield _gauge("twofold_board_sockets", "Board sockets open in this process.", sockets)
        yield _gauge("twofold_boards_open", "Boards with a socket open in this process.", boards)
        yield _gauge(
            "twofold_team_sockets",
            "Team-page sockets open in this process.",
            self.team_hub.open_sockets(),
        )
        for name, value in self.ctx.db.pool_stats().items():
            yield _gauge(f"twofold_db_pool_{name}", f"Database pool: {name}.", value)
        try:
            backlog = outbox.backlog(self.ctx)
        except StorageUnavailable as exc:
            log.warning("metrics: outbox not read, storage unavailable (%s)", exc.reason)
            yield _gauge("twofold_database_up", "The database answered this scrape.", 0)
            return
        yield _gauge("twofold_database_up", "The database answered this scrape.", 1)
        yield _gauge(
            "twofold_outbox_open",
            "Background work not yet done (waiting or retrying).",
            backlog.open,
        )
        yield _gauge(
            "twofold_outbox_failed",
            "Background work given up on after its retries.",
            backlog.failed,
        )
        yield _gauge(
            "twofold_worker_lag_seconds",
            "How long the oldest due background work has waited for a worker.",
            backlog.lag_seconds,
        )


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


class Metrics:
    def __init__(self, ctx: Ctx, hub: Hub, team_hub: TeamHub) -> None:
        self.registry = CollectorRegistry(auto_describe=False)
        self._requests = Counter(
            "twofold_http_requests",
            "HTTP requests answered, by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self._latency = Histogram(
            "twofold_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._events = Counter(
            "twofold_board_events",
            "Board events this process published or heard from other processes.",
            registry=self.registry,
        )
        self.registry.register(_Gauges(ctx, hub, team_hub))
        ctx.bus.subscribe_all(self._published)

    def answered(self, method: str, route: str, status: int, seconds: float) -> None:
        self._requests.labels(method, route, str(status)).inc()
        self._latency.labels(method, route).observe(seconds)

    def _published(self, events: Sequence[LiveEvent]) -> None:
        self._events.inc(len(events))
