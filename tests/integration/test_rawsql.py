"""Plain SQL on the hot path writes rows the ORM reads back the same, on both databases, and
the transaction's `Raw` is its own."""

import json
from datetime import UTC, datetime

from sqlalchemy import select

from twofold.domain.vocab import Role, TemplateKey
from twofold.services import accounts, retros, teams
from twofold.services.context import Ctx
from twofold.store.queries import event_writes
from twofold.store.rawsql import Raw
from twofold.store.tables import EventRow, RetroRow


def _two_boards(ctx: Ctx) -> list[str]:
    user = accounts.create_user(ctx, "raw@example.com", "correct horse battery", "Ray")
    team = teams.do_create_team(ctx, user, "Raw", Role.ENG)
    return [
        retros.do_create_retro(
            ctx,
            user,
            team.team.id,
            title=f"Board {i}",
            sprint_name=None,
            sprint_start=None,
            sprint_end=None,
            template=TemplateKey.PM_ENGINEERING,
        ).retro.id
        for i in range(2)
    ]


def test_rows_inserted_and_updated_together_read_back_as_written(ctx: Ctx) -> None:
    first, second = _two_boards(ctx)
    at = datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=UTC)
    bodies = [
        {"text": 'quotes " and \\ backslashes, {braces}, commas', "n": 1},
        {"text": "é ✓ — and a line\nbreak inside a string"},
    ]
    with ctx.db.write() as tx:
        raw = Raw.of(tx)
        raw.insert(
            "board_events",
            event_writes.COLUMN_TYPES,
            [
                {
                    "retro_id": rid,
                    "seq": 1000 + i,
                    "type": "timer_set",
                    "payload": json.dumps(body),
                    "visibility": "all" if i == 0 else "m:someone",
                    "public_payload": None if i == 0 else json.dumps({"hidden": True}),
                    "created_at": raw.when(at),
                }
                for i, (rid, body) in enumerate(zip((first, second), bodies, strict=True))
            ],
        )
        raw.update(
            "retros",
            "id",
            {"id": "text", "last_seq": "integer"},
            [{"id": first, "last_seq": 1000}, {"id": second, "last_seq": 1001}],
        )
    with ctx.db.read() as tx:
        rows = tx.scalars(select(EventRow).where(EventRow.seq >= 1000).order_by(EventRow.seq))
        got = [(r.retro_id, r.seq, r.payload, r.visibility, r.public_payload) for r in rows]
        seqs = {r[0]: r[1] for r in tx.execute(select(RetroRow.id, RetroRow.last_seq))}
        stamps = {Raw.read_when(r.created_at) for r in tx.scalars(select(EventRow))}
    assert got == [
        (first, 1000, bodies[0], "all", None),
        (second, 1001, bodies[1], "m:someone", {"hidden": True}),
    ]
    assert seqs == {first: 1000, second: 1001}
    assert at in stamps


def test_a_transaction_keeps_one_raw_and_the_next_gets_its_own(ctx: Ctx) -> None:
    with ctx.db.write() as tx:
        raw = Raw.of(tx)
        assert Raw.of(tx) is raw
    with ctx.db.write() as tx:
        assert Raw.of(tx) is not raw
