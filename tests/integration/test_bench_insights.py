"""The insights bench at a tiny size, on both databases, so its seeding and timing keep working
as the schema and the services change: what the trends count must be what was seeded."""

from collections import Counter

import pytest
from bench.insights import measure, viewer
from bench.insights_seed import Size, seed

from twofold.services import summary, team_comparison, trends
from twofold.services.context import Ctx

TINY = Size(teams=2, years=1, sprints_per_year=4, cards_per_retro=12)


def test_seeded_history_reads_back_as_seeded(ctx: Ctx) -> None:
    seeded = seed(ctx.db, TINY)
    user = viewer(ctx, seeded)
    assert len(seeded.team_ids) == 2
    for team_id in seeded.team_ids:
        # Each team's last sprint is still open: three closed retros a team.
        closed = seeded.retros[team_id]
        assert len(closed) == 3
        found = trends.team_trends(ctx, user, team_id, last=12)
        assert [s.retro.id for s in found.sprints] == closed
        for sprint in found.sprints:
            assert sprint.actions.agreed == seeded.actions[sprint.retro.id]
        friction = Counter[str]()
        for retro_id, _point, _role, cards in found.friction:
            friction[retro_id] += cards
        assert {r: friction[r] for r in closed} == {r: seeded.friction_cards[r] for r in closed}
        last = summary.closing_summary(ctx, user, closed[-1])
        assert sum(len(t.cards) for t in last.topics) == seeded.cards[closed[-1]]
    company = team_comparison.company(ctx, user, last=6)
    assert [t.sprints for t in company.teams] == [3, 3]
    assert sum(t.follow_through.agreed for t in company.teams) == sum(seeded.actions.values())


def test_measures_every_view_with_its_target(ctx: Ctx) -> None:
    figures = measure(ctx, seed(ctx.db, TINY), runs=2)
    assert [f.target_ms for f in figures] == [100, 50, 300, None]
    for figure in figures:
        assert 0 < figure.p50_ms <= figure.p95_ms
        assert figure.name in figure.line()


def test_a_second_seed_into_the_same_database_is_refused(ctx: Ctx) -> None:
    seed(ctx.db, TINY)
    with pytest.raises(ValueError, match="already holds teams"):
        seed(ctx.db, TINY)
