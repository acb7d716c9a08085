"""A team's own set of guided prompts."""

from dataclasses import dataclass
from datetime import datetime

from twofold.domain.prompts import PromptSet
from twofold.domain.stored import read_lenient
from twofold.store.database import Tx
from twofold.store.queries.ids import now
from twofold.store.tables import TeamPromptsRow


@dataclass(frozen=True)
class StoredPrompts:
    prompts: PromptSet
    custom: bool
    updated_at: datetime | None
    updated_by: str | None


def prompts_of(tx: Tx, team_id: str) -> StoredPrompts:
    """The team's prompts; the built-in set until the team saves its own."""
    row = tx.get(TeamPromptsRow, team_id)
    if row is None:
        return StoredPrompts(PromptSet.default(), False, None, None)
    # A stored set that no longer reads falls back to the built-in prompts, not to an error.
    read = read_lenient(PromptSet, row.data, PromptSet.default())
    return StoredPrompts(read.value, True, row.updated_at, row.updated_by)


def save_prompts(tx: Tx, team_id: str, prompts: PromptSet, user_id: str) -> None:
    data = prompts.model_dump(mode="json")
    row = tx.get(TeamPromptsRow, team_id)
    if row is None:
        tx.add(TeamPromptsRow(team_id=team_id, data=data, updated_at=now(), updated_by=user_id))
    else:
        row.data = data
        row.updated_at = now()
        row.updated_by = user_id
    tx.flush()


def reset_prompts(tx: Tx, team_id: str) -> None:
    row = tx.get(TeamPromptsRow, team_id)
    if row is not None:
        tx.delete(row)
        tx.flush()
