"""How long deleting an account takes, as the board log grows.

Deleting searches every text and JSON column of every table for the person's id and email
(`store.queries.personal_data.scrub`), so its cost follows the size of the database, mostly the
board event logs. This loads the demo team into a SQLite file, adds board events in steps, and
times the owner deleting one more demo person at each step (no password check: the owner
confirms with the person's email).
"""

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from twofold.services import accounts, demo, personal_data
from twofold.services.context import Ctx
from twofold.services.demo_data import PEOPLE
from twofold.services.maintenance import upgrade_schema
from twofold.settings import Settings
from twofold.store.queries import users as user_q
from twofold.store.tables import EventRow, RetroRow

STEPS = (0, 50_000, 200_000)


def _filler(retro_id: str, first_seq: int, count: int, person: str) -> list[dict[str, Any]]:
    """Card events as a busy board writes them; one in a thousand is the person's."""
    at = datetime.now(UTC)
    return [
        {
            "retro_id": retro_id,
            "seq": first_seq + i,
            "type": "card_added",
            "visibility": "all",
            "payload": {
                "type": "card_added",
                "card": {
                    "id": f"bench{first_seq + i}",
                    "column_id": "bench",
                    "text": f"A card of a busy board, number {i}",
                    "author_id": person if i % 1000 == 0 else "m:somebody",
                    "author_name": "Somebody",
                },
            },
            "public_payload": None,
            "created_at": at,
        }
        for i in range(count)
    ]


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="twofold-bench-deletion-"))
    settings = Settings(data_dir=folder, secret_key="bench", _env_file=None)
    ctx = Ctx.from_settings(settings)
    upgrade_schema(ctx)
    owner = accounts.create_user(ctx, "owner@bench.local", "a bench password", "Owner")
    demo.load_demo(ctx)
    print("account deletion on SQLite (demo team plus filler board events)")
    for step, (email, _, _) in zip(STEPS, PEOPLE[1:], strict=False):
        with ctx.db.write() as tx:
            person = user_q.user_by_email(tx, email)
            assert person is not None
            retro_id = tx.scalar(select(RetroRow.id).order_by(RetroRow.id).limit(1))
            assert retro_id is not None
            top = tx.scalar(select(func.max(EventRow.seq)).where(EventRow.retro_id == retro_id))
            for start in range(0, step, 10_000):
                first = (top or 0) + 1 + start
                tx.execute(insert(EventRow), _filler(retro_id, first, 10_000, person.id))
            events = tx.scalar(select(func.count()).select_from(EventRow))
        began = time.perf_counter()
        personal_data.do_delete_account(ctx, owner, person.id, password=None, confirm=email)
        took = time.perf_counter() - began
        print(f"  {events:>8,} board events: deleted in {took:.2f} s")
    ctx.close()
