"""Loading the models when the server starts: in the background, and harmless when it fails."""

import logging

import pytest
from fastapi.testclient import TestClient

from twofold.api.app import create_app
from twofold.insights.friction.dataset import load_examples
from twofold.insights.friction.refits import TeamModels
from twofold.insights.friction.suggester import Suggester
from twofold.services.context import Ctx
from twofold.settings import Settings
from twofold.store.database import Database

WAIT = 120  # bounds a broken start only; a small model fits in well under a second


def _ctx(settings: Settings, base: Suggester) -> Ctx:
    return Ctx(
        Database(settings.database_url, secret=settings.secret_key), friction=TeamModels(base)
    )


def test_the_suggester_is_fitted_when_the_server_starts(settings: Settings) -> None:
    base = Suggester(load_examples()[::40])
    ctx = _ctx(settings, base)
    app = create_app(settings.model_copy(update={"warm_models": True}), ctx=ctx)
    assert not base.fitted
    with TestClient(app) as client:
        app.state.warming.join(WAIT)
        assert base.fitted
        assert client.get("/healthz").status_code == 200
    ctx.db.dispose()


def test_nothing_is_loaded_at_start_when_turned_off(settings: Settings) -> None:
    base = Suggester(load_examples()[::40])
    ctx = _ctx(settings, base)
    app = create_app(settings.model_copy(update={"warm_models": False}), ctx=ctx)
    with TestClient(app) as client:
        assert client.get("/healthz").status_code == 200
        assert not hasattr(app.state, "warming")
    assert not base.fitted
    ctx.db.dispose()


def test_a_model_that_cannot_load_is_logged_and_the_server_serves(
    settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    broken = Suggester([])  # nothing to learn from: the fit fails
    ctx = _ctx(settings, broken)
    app = create_app(settings.model_copy(update={"warm_models": True}), ctx=ctx)
    with caplog.at_level(logging.ERROR, logger="twofold.warm_up"), TestClient(app) as client:
        app.state.warming.join(WAIT)
        assert client.get("/healthz").status_code == 200
    assert not broken.fitted
    assert "The friction suggester could not be loaded at start" in caplog.text
    ctx.db.dispose()
