"""Plain-SQL sections: the ORM is refused inside them, loudly, on both databases, and the board
commands that must stay plain (`execute.PLAIN`) run their handlers inside one."""

import pytest
from sqlalchemy import select

from tests.conftest import World, command
from twofold.services.board import execute
from twofold.services.context import Ctx
from twofold.store.rawsql import OrmInRawSection, Raw, raw_only
from twofold.store.tables import TeamRow


def test_the_orm_is_refused_inside_a_raw_section_and_plain_sql_is_not(
    ctx: Ctx, world: World
) -> None:
    with ctx.db.write() as tx:
        team = tx.scalars(select(TeamRow)).first()
        assert team is not None
        tx.expunge_all()
        with raw_only(tx, "the test's section"):
            assert Raw.of(tx).one("SELECT name FROM teams WHERE id = :id", {"id": team.id}) == (
                team.name,
            )
            with pytest.raises(OrmInRawSection, match="the test's section may use plain SQL"):
                tx.scalars(select(TeamRow))
            with pytest.raises(OrmInRawSection):
                tx.get(TeamRow, team.id)
            tx.add(TeamRow(id="x" * 32, name="Not through the ORM", created_at=team.created_at))
            with pytest.raises(OrmInRawSection, match="changed rows through the ORM"):
                tx.flush()
            tx.expunge_all()
        # Outside the section the ORM works again.
        assert tx.get(TeamRow, team.id) is not None


def test_plain_commands_are_applied_under_the_check(world: World) -> None:
    assert {cls.__name__ for cls in execute.PLAIN} == {"AddCard", "EditCard", "SetReady"}
    rid = str(world.retro["id"])
    added = command(world.eng, rid, "add_card", column_id=world.column_id(), text="Plain")
    command(world.eng, rid, "edit_card", card_id=added["result"]["card_id"], text="Still plain")
    command(world.eng, rid, "set_ready", ready=True)
