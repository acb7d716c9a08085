"""A company's retro history written straight into the tables, for the insights bench.

Every team holds a retro a sprint (two weeks) for years, with cards, groups, votes, notes,
action items, signals, radar answers, participants with roles and debt items. Values are drawn
from a seeded random generator with some spread between teams (how many people, how they vote,
which friction points they raise), so the planner sees distributions like real ones rather than
uniform filler. PostgreSQL is filled with COPY; SQLite, which the bench fills with one team
only, with batched inserts.
"""

import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Table, func, insert, select

from twofold.domain.vocab import Friction, Role
from twofold.services.context import Ctx
from twofold.services.rollups import do_sweep
from twofold.store.database import Database, Tx
from twofold.store.tables import Base, TeamRow

SPRINT_DAYS = 14
TEAMS_PER_BATCH = 10
CATEGORIES = ("requirements_clarity", "velocity_quality", "tech_debt", "communication_rituals")
COLUMNS = (
    ("Went well", "went_well"),
    ("Didn't go well", "didnt_go_well"),
    ("Proposals", "proposal"),
)
PHRASES = (
    "Stories arrived without acceptance criteria",
    "Pairing on the payment flow paid off",
    "Flaky end-to-end tests blocked merges",
    "Estimates were off for anything touching billing",
    "Stand-ups ran long again",
    "Design handed over early, which helped",
    "Scope grew mid-sprint twice",
    "The release checklist caught a migration problem",
    "Nobody owned the on-call follow-ups",
    "QA found the same regression twice",
    "We should split the legacy module before adding to it",
    "Product and engineering agreed the goal on day one",
)
VIEWER_EMAIL = "bench-viewer@example.com"


@dataclass(frozen=True)
class Size:
    teams: int
    years: int
    sprints_per_year: int = 26
    cards_per_retro: int = 50

    def __str__(self) -> str:
        return (
            f"{self.teams} teams x {self.years} years x {self.sprints_per_year} sprints, "
            f"~{self.cards_per_retro} cards a retro"
        )


@dataclass
class Seeded:
    """What was written, kept to pick what to measure and to check the measures against."""

    viewer_id: str = ""
    team_ids: list[str] = field(default_factory=list)
    retros: dict[str, list[str]] = field(default_factory=dict)
    """Each team's closed retros, oldest first."""
    cards: dict[str, int] = field(default_factory=dict)
    friction_cards: dict[str, int] = field(default_factory=dict)
    actions: dict[str, int] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))


Rows = dict[str, list[dict[str, Any]]]
Person = tuple[str, str, Role, str | None, str | None]
"""(participant key, name, role, user id, guest id)"""


class _Generator:
    """Rows for a batch of teams, table by table."""

    def __init__(self, rng: random.Random, size: Size, today: date, seeded: Seeded) -> None:
        self.rng = rng
        self.size = size
        self.today = today
        self.seeded = seeded
        self.rows: Rows = defaultdict(list)

    def new_id(self) -> str:
        return f"{self.rng.getrandbits(128):032x}"

    def at(self, day: date, hour: int = 10) -> datetime:
        return datetime.combine(day, time(hour, self.rng.randrange(60)), tzinfo=UTC)

    def add(self, table: str, **values: Any) -> None:
        self.rows[table].append(values)

    def viewer(self) -> None:
        self.seeded.viewer_id = self.new_id()
        self._user(self.seeded.viewer_id, VIEWER_EMAIL, "Bench Viewer", owner=True)

    def _user(self, user_id: str, email: str, name: str, *, owner: bool = False) -> None:
        self.add(
            "users",
            id=user_id,
            email=email,
            display_name=name,
            password_hash="!",
            is_owner=owner,
            created_at=self.at(self.today - timedelta(days=365 * self.size.years + 30)),
        )

    def team(self, number: int) -> None:
        rng = self.rng
        team_id = self.new_id()
        self.seeded.team_ids.append(team_id)
        began = self.today - timedelta(days=365 * self.size.years)
        self.add("teams", id=team_id, name=f"Team {number:03d}", created_at=self.at(began))
        self.add(
            "memberships",
            team_id=team_id,
            user_id=self.seeded.viewer_id,
            role=Role.EM.value,
            is_facilitator=True,
            joined_at=self.at(began),
        )
        roles = [Role.PM, Role.TECH_LEAD] + [Role.ENG] * rng.randint(3, 7)
        roles += [Role.DESIGN] * (rng.random() < 0.6) + [Role.QA] * (rng.random() < 0.5)
        members: list[tuple[str, str, Role]] = []
        for i, role in enumerate(roles):
            user_id = self.new_id()
            name = f"{role.value.title()} {number:03d}-{i}"
            self._user(user_id, f"t{number}-{i}@example.com", name)
            self.add(
                "memberships",
                team_id=team_id,
                user_id=user_id,
                role=role.value,
                is_facilitator=i == 0,
                joined_at=self.at(began),
            )
            members.append((user_id, name, role))
        # Each team leans towards its own friction points and voting habits.
        leaning = [rng.random() ** 2 for _ in Friction]
        for kind, title in (("standup", "Daily stand-up"), ("planning", "Sprint planning")):
            self.add(
                "rituals",
                id=self.new_id(),
                team_id=team_id,
                kind=kind,
                title=title,
                recurrence={"every": "week", "weekday": rng.randrange(5)},
                created_by=members[0][0],
                created_at=self.at(began + timedelta(days=rng.randrange(365 * self.size.years))),
                updated_at=self.at(self.today),
            )
        sprints = self.size.years * self.size.sprints_per_year
        first = self.today - timedelta(days=SPRINT_DAYS * sprints)
        closed: list[str] = []
        for s in range(sprints):
            start = first + timedelta(days=SPRINT_DAYS * s)
            last = s == sprints - 1
            retro_id = self._retro(team_id, s, start, members, leaning, still_open=last)
            if not last:
                closed.append(retro_id)
        self.seeded.retros[team_id] = closed

    def _retro(
        self,
        team_id: str,
        number: int,
        start: date,
        members: list[tuple[str, str, Role]],
        leaning: list[float],
        *,
        still_open: bool,
    ) -> str:
        rng = self.rng
        retro_id = self.new_id()
        end = start + timedelta(days=SPRINT_DAYS - 1)
        created = self.at(end, 13)
        anonymous = rng.random() < 0.15
        # Who came: most of the team, now and then a guest.
        people: list[Person] = [
            (f"m:{uid}", name, role, uid, None)
            for uid, name, role in members
            if rng.random() < 0.85
        ] or [(f"m:{members[0][0]}", members[0][1], members[0][2], members[0][0], None)]
        if rng.random() < 0.1:
            guest_id = self.new_id()
            role = rng.choice((Role.DESIGN, Role.QA))
            self.add(
                "guests",
                id=guest_id,
                retro_id=retro_id,
                display_name="Visiting guest",
                role=role.value,
                created_at=created,
            )
            people.append((f"g:{guest_id}", "Visiting guest", role, None, guest_id))
        for key, name, role, _uid, _gid in people:
            self.add(
                "participant_states",
                retro_id=retro_id,
                participant=key,
                display_name=name,
                role=role.value,
                ready_phase=None,
                check_in=rng.choice((None, None, "Tired but fine", "Good sprint")),
            )
        columns = []
        for position, (title, polarity) in enumerate(COLUMNS):
            column_id = self.new_id()
            columns.append((column_id, polarity))
            self.add(
                "board_columns",
                id=column_id,
                retro_id=retro_id,
                title=title,
                position=position,
                polarities=polarity,
            )
        groups = [self.new_id() for _ in range(rng.randint(2, 8))]
        for n, group_id in enumerate(groups):
            self.add(
                "card_groups",
                id=group_id,
                retro_id=retro_id,
                title=f"Theme {n + 1}",
                created_at=created,
            )
        mean = self.size.cards_per_retro
        card_count = max(3, round(rng.gauss(mean, mean * 0.3)))
        ungrouped: list[str] = []
        friction_cards = 0
        # Engineers write most cards; a PM or a designer writes a few more each than one engineer.
        weights = [3.0 if role in (Role.PM, Role.DESIGN) else 2.0 for _, _, role, _, _ in people]
        card_ids = []
        for _ in range(card_count):
            key, name, role, uid, gid = rng.choices(people, weights)[0]
            column_id, polarity = rng.choice(columns)
            friction: str | None = None
            if rng.random() < 0.6:
                friction = rng.choices(list(Friction), leaning)[0].value
                friction_cards += 1
            card_id = self.new_id()
            card_ids.append(card_id)
            in_group = rng.choice(groups) if rng.random() < 0.55 else None
            if in_group is None:
                ungrouped.append(card_id)
            self.add(
                "cards",
                id=card_id,
                retro_id=retro_id,
                column_id=column_id,
                text=f"{rng.choice(PHRASES)} ({rng.randrange(1000)})",
                polarity=polarity,
                friction=friction,
                author_role=role.value,
                author_user_id=uid,
                author_guest_id=gid,
                author_name="" if anonymous else name,
                group_id=in_group,
                created_at=created,
                updated_at=created,
            )
        topics = groups + ungrouped
        # Votes pile up on a few topics.
        topic_weights = [rng.random() ** 3 for _ in topics]
        for key, *_ in people:
            for _ in range(rng.randint(2, 5)):
                self.add(
                    "votes",
                    retro_id=retro_id,
                    topic_id=rng.choices(topics, topic_weights)[0],
                    voter=key,
                    created_at=created,
                )
        seq = 0
        facilitator = people[0][0]
        for topic_id in rng.sample(topics, min(len(topics), rng.randint(0, 3))):
            note = "We agreed to try it for one sprint."
            self.add(
                "topic_notes", retro_id=retro_id, topic_id=topic_id, text=note, updated_at=created
            )
            for writer in {facilitator, rng.choice(people)[0]}:
                seq += 1
                self.add(
                    "board_events",
                    retro_id=retro_id,
                    seq=seq,
                    type="notes_saved",
                    payload={"topic_id": topic_id, "text": note},
                    visibility="all",
                    public_payload=None,
                    created_at=created,
                )
                self.add(
                    "board_commands",
                    retro_id=retro_id,
                    participant=writer,
                    command_id=self.new_id(),
                    seq=seq,
                    result=None,
                    created_at=created,
                )
        self._actions(team_id, retro_id, end, people, topics, still_open)
        self._signals(retro_id, end)
        if rng.random() < 0.5:
            for key, _name, role, _uid, _gid in people:
                if rng.random() < 0.7:
                    # Product roles rate a little lower than engineering, as the radar shows.
                    bias = -0.5 if role in (Role.PM, Role.DESIGN) else 0.3
                    for dimension in Friction:
                        score = min(5, max(1, round(rng.gauss(3.2 + bias, 1.0))))
                        self.add(
                            "radar_answers",
                            retro_id=retro_id,
                            participant=key,
                            dimension=dimension.value,
                            role=role.value,
                            score=score,
                        )
        if rng.random() < 0.45:
            self._debt(team_id, retro_id, end, people, card_ids)
        settings = {"anonymous": anonymous}
        self.add(
            "retros",
            id=retro_id,
            team_id=team_id,
            title=f"Sprint {number + 1} retro",
            sprint_name=f"Sprint {number + 1}",
            sprint_start=start if rng.random() < 0.9 else None,
            sprint_end=end if rng.random() < 0.95 else None,
            template="pm_engineering",
            created_by=people[0][3],
            created_at=created,
            last_seq=seq,
            phase="vote" if still_open else "closed",
            settings=settings,
            timer_ends_at=None,
            timer_seconds=None,
            topic_id=None,
            template_name=None,
            template_data=None,
            closed_at=None if still_open else created + timedelta(hours=1),
            archived_at=None,
        )
        if not still_open:
            self.seeded.cards[retro_id] = card_count
            self.seeded.friction_cards[retro_id] = friction_cards
        return retro_id

    def _actions(
        self,
        team_id: str,
        retro_id: str,
        end: date,
        people: list[Person],
        topics: list[str],
        still_open: bool,
    ) -> None:
        rng = self.rng
        owners = [p for p in people if p[3] is not None]
        count = rng.choices((0, 1, 2, 3, 4, 5), (1, 3, 4, 3, 2, 1))[0]
        age = (self.today - end).days
        for _ in range(count):
            if age > 60:
                status = rng.choices(("done", "dropped", "open"), (7, 2, 1))[0]
            else:
                status = rng.choices(("open", "in_progress", "done", "dropped"), (4, 3, 2, 1))[0]
            joint = rng.random() < 0.15
            owner = rng.choice(owners) if owners else None
            self.add(
                "action_items",
                id=self.new_id(),
                team_id=team_id,
                retro_id=retro_id,
                topic_id=rng.choice(topics),
                title=f"Follow up: {rng.choice(PHRASES).lower()}",
                owner_user_id=None if joint or owner is None else owner[3],
                owner_name=None if joint or owner is None else owner[1],
                due=end + timedelta(days=rng.randint(7, 28)),
                status=status,
                created_by=people[0][0],
                created_at=self.at(end, 14),
                category=rng.choice((*CATEGORIES, None)),
                owner_kind="joint" if joint else ("person" if owner else None),
                joint_pm_user_id=None,
                joint_tech_lead_user_id=None,
                carry_count=rng.choices((0, 1, 2, 3), (6, 2, 1, 1))[0],
                drop_reason="Overtaken by events" if status == "dropped" else None,
                closed_on=end + timedelta(days=rng.randint(2, 40)) if status == "done" else None,
                source_card_id=None,
                updated_at=self.at(end, 15),
            )
        if not still_open:
            self.seeded.actions[retro_id] = count

    def _signals(self, retro_id: str, end: date) -> None:
        rng = self.rng
        if rng.random() < 0.15:
            return
        committed = rng.randint(6, 20)
        points = float(rng.randint(20, 60))
        data: dict[str, Any] = {
            "stories_committed": committed,
            "stories_completed": rng.randint(max(0, committed - 6), committed),
            "points_committed": points,
            "points_completed": round(points * rng.uniform(0.5, 1.0)),
            "stories_rejected_in_qa": rng.choices(range(5), (6, 3, 2, 1, 1))[0],
            "rework_days": round(rng.uniform(0, 6), 1),
            "stories_added_after_start": rng.randint(0, 4),
            "stories_removed_after_start": rng.randint(0, 3),
            "clarifying_questions": rng.randint(0, 15),
            "shipped_on_time": rng.random() < 0.7,
            "satisfaction_pulses": sorted(
                rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 5, 3), k=rng.randint(0, 9))
            ),
        }
        if rng.random() < 0.5:
            data["tech_debt_share"] = round(rng.uniform(0, 40), 1)
        if rng.random() < 0.2:
            data["nps_change"] = rng.randint(-10, 10)
        self.add(
            "sprint_signals",
            retro_id=retro_id,
            data=data,
            updated_at=self.at(end, 16),
            updated_by=None,
        )
        if rng.random() < 0.4:
            total = float(rng.randint(20, 60))
            self.add(
                "debt_capacity",
                retro_id=retro_id,
                total_points=total,
                debt_points=round(total * rng.uniform(0, 0.4), 1),
            )

    def _debt(
        self,
        team_id: str,
        retro_id: str,
        end: date,
        people: list[Person],
        card_ids: list[str],
    ) -> None:
        rng = self.rng
        debt_id = self.new_id()
        age = (self.today - end).days
        status = (
            rng.choices(("done", "wont_fix", "open", "planned"), (6, 2, 1, 1))[0]
            if age > 120
            else rng.choices(("open", "planned", "in_progress", "done"), (5, 2, 2, 1))[0]
        )
        self.add(
            "debt_items",
            id=debt_id,
            team_id=team_id,
            title=f"Debt: {rng.choice(PHRASES).lower()}",
            description="",
            area=rng.choice(("billing", "search", "accounts", "reports", "")),
            drag_hours=rng.choice((None, round(rng.uniform(1, 20), 1))),
            impact=rng.choice((None, 1, 2, 3, 4, 5)),
            effort=rng.choice((None, 1, 2, 3, 5, 8)),
            status=status,
            created_by=people[0][3],
            eng_scored_by=None,
            pm_scored_by=None,
            created_at=self.at(end, 15),
            updated_at=self.at(min(self.today, end + timedelta(days=rng.randint(1, 200)))),
        )
        if card_ids:
            self.add(
                "debt_links",
                debt_id=debt_id,
                kind="card",
                target_id=rng.choice(card_ids),
                retro_id=retro_id,
            )


Writer = Callable[[Tx, Table, list[dict[str, Any]]], None]


def _copy(tx: Tx, table: Table, rows: list[dict[str, Any]]) -> None:
    """COPY into PostgreSQL: an order of magnitude quicker than inserts for millions of rows."""
    names = list(rows[0])
    quoted = ", ".join(f'"{n}"' for n in names)
    raw = tx.connection().connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([json.dumps(v) if isinstance(v, dict) else v for v in row.values()])


def _insert(tx: Tx, table: Table, rows: list[dict[str, Any]]) -> None:
    tx.execute(insert(table), rows)


def _batches(size: Size, rng: random.Random, today: date, seeded: Seeded) -> Iterator[Rows]:
    first = _Generator(rng, size, today, seeded)
    first.viewer()
    pending = first
    for number in range(1, size.teams + 1):
        pending.team(number)
        if number % TEAMS_PER_BATCH == 0 or number == size.teams:
            yield pending.rows
            pending = _Generator(rng, size, today, seeded)


def seed(db: Database, size: Size, *, seed_value: int = 14, today: date | None = None) -> Seeded:
    """Write `size`'s history into the migrated, empty database behind `db`."""
    with db.read() as tx:
        if tx.execute(select(func.count()).select_from(TeamRow)).scalar_one():
            raise ValueError("The database already holds teams: seed an empty one.")
    rng = random.Random(seed_value)
    seeded = Seeded()
    write: Writer = _insert if db.is_sqlite else _copy
    ordered = list(Base.metadata.sorted_tables)
    for rows in _batches(size, rng, today or datetime.now(UTC).date(), seeded):
        with db.write() as tx:
            for table in ordered:
                found = rows.get(table.name)
                if found:
                    write(tx, table, found)
                    seeded.rows[table.name] += len(found)
    seeded.rows["retro_rollups"] = roll_up(db)
    return seeded


ROLL_UP_BATCH = 2000


def roll_up(db: Database) -> int:
    """Write every closed retro's rollup as the worker would (its sweep, in bigger batches), so
    the company view is timed on the path it takes once the worker has caught up. How many."""
    ctx = Ctx(db)
    written = 0
    while found := do_sweep(ctx, ROLL_UP_BATCH):
        written += found
    return written
