"""Table definitions. Rows never leave the store: queries turn them into domain entities."""

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from twofold.store.types import UTCDateTime

ID = String(32)


class Base(DeclarativeBase):
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON()}


class UserRow(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    is_owner: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    theme: Mapped[str] = mapped_column(String(8), default="system", server_default="system")
    language: Mapped[str] = mapped_column(String(8), default="auto", server_default="auto")


class SessionRow(Base):
    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    guest_id: Mapped[str | None] = mapped_column(
        ForeignKey("guests.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class IdentityRow(Base):
    """A sign-in provider's person joined to an account, keyed by the provider's (issuer,
    subject), which stays the same when the person's email changes there."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("issuer", "subject", name="uq_identities_issuer_subject"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(300))
    subject: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime]
    last_signin_at: Mapped[datetime | None]


class SsoAttemptRow(Base):
    """A provider sign-in between leaving for the provider and coming back: the state, nonce and
    PKCE verifier it must match, and, once the provider answered for an email that already has
    a password account, the identity waiting for that password."""

    __tablename__ = "sso_attempts"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    state_hash: Mapped[str] = mapped_column(String(64), unique=True)
    nonce: Mapped[str] = mapped_column(String(64))
    code_verifier: Mapped[str] = mapped_column(String(128))
    return_path: Mapped[str] = mapped_column(String(500))
    linking_user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    pending_issuer: Mapped[str | None] = mapped_column(String(300))
    pending_subject: Mapped[str | None] = mapped_column(String(255))
    pending_email: Mapped[str | None] = mapped_column(String(254))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime] = mapped_column(index=True)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]


class LoginFailureRow(Base):
    """Failed sign-ins, counted per key (an email, or a client address) across every app process
    to slow password guessing."""

    __tablename__ = "login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(300))
    at: Mapped[datetime]


class TeamRow(Base):
    __tablename__ = "teams"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]
    side_grouping: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    """Role name to `product`, `engineering` or `apart`; None for the default grouping."""
    language: Mapped[str] = mapped_column(String(8), default="en", server_default="en")
    """`en`, `de` or `fr`: what the server writes for the whole team."""


class MembershipRow(Base):
    __tablename__ = "memberships"
    team_id: Mapped[str] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(16))
    is_facilitator: Mapped[bool] = mapped_column(Boolean, default=False)
    joined_at: Mapped[datetime]


class InviteRow(Base):
    __tablename__ = "invites"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    retro_id: Mapped[str | None] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    # For people outside the team: the link lets them into its retro as a guest, nothing more.
    guests_only: Mapped[bool] = mapped_column(Boolean, default=False)


class RetroRow(Base):
    __tablename__ = "retros"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    sprint_name: Mapped[str | None] = mapped_column(String(80))
    sprint_start: Mapped[date | None] = mapped_column(Date)
    sprint_end: Mapped[date | None] = mapped_column(Date)
    template: Mapped[str] = mapped_column(String(32))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    # The board's event sequence; bumping it locks the row, which orders concurrent writers.
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    phase: Mapped[str] = mapped_column(String(16), default="check_in")
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    timer_ends_at: Mapped[datetime | None]
    timer_seconds: Mapped[int | None] = mapped_column(Integer)
    topic_id: Mapped[str | None] = mapped_column(String(32))
    # A retro made from a team's own template keeps its name and a copy of it (columns, prompts,
    # settings), so renaming or deleting the template later leaves the retro as it was.
    template_name: Mapped[str | None] = mapped_column(String(80))
    template_data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # When the retro last moved to the closed phase (None while open), for the team's list.
    closed_at: Mapped[datetime | None]
    # Archived retros leave the team's list but keep everything; None while not archived.
    archived_at: Mapped[datetime | None]
    # Raised by every change to what the company view counts (action items, signals, capacity,
    # radar answers, the team's sides), in the change's transaction: a rollup counted at an
    # older version is not read (`store.queries.rollups`). On PostgreSQL, closed retros are also
    # indexed by team and sprint end (migration 0021, an expression index kept out of here).
    figures_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class RetroRollupRow(Base):
    """What the company view needs of a closed retro, counted once by the worker rather than on
    every view: its action items by outcome, its share of capacity on tech debt and its radar's
    product-minus-engineering gap per dimension. Valid only while `version` equals the retro's
    `figures_version`."""

    __tablename__ = "retro_rollups"
    retro_id: Mapped[str] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer)
    agreed: Mapped[int] = mapped_column(Integer)
    done: Mapped[int] = mapped_column(Integer)
    dropped: Mapped[int] = mapped_column(Integer)
    still_open: Mapped[int] = mapped_column(Integer)
    carried: Mapped[int] = mapped_column(Integer)
    debt_share: Mapped[float | None]
    # The radar's gap per dimension (None where it showed none): plain columns, as decoding
    # JSON for a thousand-odd retros cost the company view more than reading them.
    gap_requirements_clarity: Mapped[float | None]
    gap_velocity_quality: Mapped[float | None]
    gap_tech_debt: Mapped[float | None]
    gap_estimation: Mapped[float | None]
    gap_communication: Mapped[float | None]


class GuestRow(Base):
    __tablename__ = "guests"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]


class ColumnRow(Base):
    __tablename__ = "board_columns"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(60))
    position: Mapped[int] = mapped_column(Integer)
    polarities: Mapped[str] = mapped_column(String(64))


class CardRow(Base):
    __tablename__ = "cards"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    # Indexed with the author's role and friction point (below), so counts by role and by
    # friction point over many retros are read from the index alone.
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"))
    column_id: Mapped[str] = mapped_column(
        ForeignKey("board_columns.id", ondelete="RESTRICT"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    polarity: Mapped[str] = mapped_column(String(16))
    friction: Mapped[str | None] = mapped_column(String(32))
    author_role: Mapped[str] = mapped_column(String(16))
    author_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_guest_id: Mapped[str | None] = mapped_column(
        ForeignKey("guests.id", ondelete="SET NULL")
    )
    author_name: Mapped[str] = mapped_column(String(80))
    group_id: Mapped[str | None] = mapped_column(
        ForeignKey("card_groups.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class EventRow(Base):
    __tablename__ = "board_events"
    __table_args__ = (UniqueConstraint("retro_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]]
    # Who gets `payload`: "all", "members", or one participant key; everyone else gets
    # `public_payload`.
    visibility: Mapped[str] = mapped_column(String(40), default="all")
    public_payload: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]


class CardGroupRow(Base):
    __tablename__ = "card_groups"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime]


class VoteRow(Base):
    __tablename__ = "votes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Indexed with the voter (below), for votes counted by who cast them.
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"))
    # A topic is a group, or a card that is in no group.
    topic_id: Mapped[str] = mapped_column(String(32))
    voter: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]


class ReactionRow(Base):
    __tablename__ = "reactions"
    card_id: Mapped[str] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True
    )
    participant: Mapped[str] = mapped_column(String(40), primary_key=True)
    emoji: Mapped[str] = mapped_column(String(16), primary_key=True)
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)


class ParticipantStateRow(Base):
    """What a participant said about themselves in this retro: ready for a phase, check-in line."""

    __tablename__ = "participant_states"
    retro_id: Mapped[str] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True
    )
    participant: Mapped[str] = mapped_column(String(40), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(80))
    role: Mapped[str] = mapped_column(String(16))
    ready_phase: Mapped[str | None] = mapped_column(String(16))
    check_in: Mapped[str | None] = mapped_column(String(200))


class TopicNoteRow(Base):
    __tablename__ = "topic_notes"
    retro_id: Mapped[str] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime]


class ActionItemRow(Base):
    __tablename__ = "action_items"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    retro_id: Mapped[str | None] = mapped_column(
        ForeignKey("retros.id", ondelete="SET NULL"), index=True
    )
    topic_id: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    owner_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    owner_name: Mapped[str | None] = mapped_column(String(80))
    due: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
    # Empty on items agreed before categories and joint owners existed.
    category: Mapped[str | None] = mapped_column(String(32))
    owner_kind: Mapped[str | None] = mapped_column(String(8))
    joint_pm_user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL", name="fk_action_items_joint_pm_user_id_users")
    )
    joint_tech_lead_user_id: Mapped[str | None] = mapped_column(
        ForeignKey(
            "users.id", ondelete="SET NULL", name="fk_action_items_joint_tech_lead_user_id_users"
        )
    )
    carry_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    drop_reason: Mapped[str | None] = mapped_column(String(500))
    closed_on: Mapped[date | None] = mapped_column(Date)
    # Not a foreign key: the item outlives the card it came from.
    source_card_id: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime | None]


class BoardCommandRow(Base):
    """Commands already applied, by the client's command id, so a re-sent one is applied once."""

    __tablename__ = "board_commands"
    retro_id: Mapped[str] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True
    )
    participant: Mapped[str] = mapped_column(String(40), primary_key=True)
    command_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    # What the first application answered (e.g. the new card's id), repeated to a re-send.
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]


Index("ix_login_failures_key_at", LoginFailureRow.key, LoginFailureRow.at)
Index("ix_cards_retro_role_friction", CardRow.retro_id, CardRow.author_role, CardRow.friction)
Index("ix_votes_retro_voter", VoteRow.retro_id, VoteRow.voter)
# Who wrote in a topic's notes is found from the commands that saved them; the other events,
# most of a board's log, stay out of this index.
_NOTES_SAVED = text("type = 'notes_saved'")
Index(
    "ix_board_events_notes_saved",
    EventRow.retro_id,
    EventRow.seq,
    postgresql_where=_NOTES_SAVED,
    sqlite_where=_NOTES_SAVED,
)


class DebtItemRow(Base):
    __tablename__ = "debt_items"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    area: Mapped[str] = mapped_column(String(80), default="")
    # Each score stays empty until its side enters it; the ranking lists such items apart.
    drag_hours: Mapped[float | None]
    impact: Mapped[int | None] = mapped_column(Integer)
    effort: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Who last gave the engineering scores (drag, effort) and the PM's impact score.
    eng_scored_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    pm_scored_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class DebtLinkRow(Base):
    """What raised a debt item: a card or an action item. The target is not a foreign key
    because it points at one of two tables; a link to something since deleted stays harmless."""

    __tablename__ = "debt_links"
    debt_id: Mapped[str] = mapped_column(
        ForeignKey("debt_items.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    target_id: Mapped[str] = mapped_column(ID, primary_key=True, index=True)
    retro_id: Mapped[str | None] = mapped_column(
        ForeignKey("retros.id", ondelete="SET NULL"), index=True
    )


class DebtCapacityRow(Base):
    """A sprint's planned points and how many of them go to tech debt; one row per retro, the
    retro standing for its sprint."""

    __tablename__ = "debt_capacity"
    retro_id: Mapped[str] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True
    )
    total_points: Mapped[float]
    debt_points: Mapped[float]


class SprintSignalsRow(Base):
    """What a team recorded about the sprint a retro looks back on; `data` is the validated
    signals as JSON, so adding a signal needs no migration."""

    __tablename__ = "sprint_signals"
    retro_id: Mapped[str] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[dict[str, Any]]
    # The last edit of the figures; a satisfaction pulse changes neither, so the time of a
    # pulse is never tied to a person.
    updated_at: Mapped[datetime | None]
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class PulseGiverRow(Base):
    """Who has given their satisfaction pulse in a retro, so each person gives one. Nothing here
    links a person to a score: the scores are kept, sorted, in `sprint_signals.data`, and this
    table has no time or order to line the two up with."""

    __tablename__ = "sprint_pulse_givers"
    retro_id: Mapped[str] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True
    )
    participant: Mapped[str] = mapped_column(String(40), primary_key=True)


class RadarAnswerRow(Base):
    """One participant's health-radar rating of one dimension in a retro. The participant's key
    is kept only so they can change their answer and read it back; nothing outside the store
    reads it, and answers leave the server as averages per side (`queries.radar`). The role is
    the one they answered in, so a later change of role does not move an answer across sides.
    No time is kept, so an answer cannot be matched to the moment someone was seen giving it."""

    __tablename__ = "radar_answers"
    retro_id: Mapped[str] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True
    )
    participant: Mapped[str] = mapped_column(String(40), primary_key=True)
    dimension: Mapped[str] = mapped_column(String(40), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    score: Mapped[int] = mapped_column(Integer)


# Every column the averages per side read, so a trends page's tallies come from the index.
Index(
    "ix_radar_answers_tally",
    RadarAnswerRow.retro_id,
    RadarAnswerRow.dimension,
    RadarAnswerRow.role,
    RadarAnswerRow.score,
)


class TeamRadarDimensionRow(Base):
    """A team's own health-radar dimension. Answers to it are kept in `radar_answers` under its
    id, so renaming it keeps them; retiring it sets `retired_at` and keeps the row, so the
    retros that asked it still show it. A retro asks the dimensions in use when it was
    created (`domain.radar_dimensions.asked_at`)."""

    __tablename__ = "team_radar_dimensions"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(40))
    added_at: Mapped[datetime]
    added_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    retired_at: Mapped[datetime | None]


class TeamThresholdsRow(Base):
    """A team's own healthy ranges. `data` holds only the thresholds the team changed, so the
    others follow the defaults, today's and future ones."""

    __tablename__ = "team_thresholds"
    team_id: Mapped[str] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class RitualRow(Base):
    """A team's recurring meeting. `recurrence` is the validated `domain.rituals.Recurrence` as
    JSON, so a new way of repeating needs no migration."""

    __tablename__ = "rituals"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(120))
    recurrence: Mapped[dict[str, Any]]
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class TeamAgreementsRow(Base):
    """A team's working agreements, once it changes the defaults; no row means the defaults."""

    __tablename__ = "team_agreements"
    team_id: Mapped[str] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    definition_of_done: Mapped[list[str]] = mapped_column(JSON)
    acceptance_template: Mapped[str] = mapped_column(Text)
    pairing_points_over: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime]


class StoryPairingRow(Base):
    """A PM + tech-lead pairing held on a story before planning. The story lives in the team's
    tracker, so it is kept by reference and title, not by a key into Twofold."""

    __tablename__ = "story_pairings"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    story_ref: Mapped[str] = mapped_column(String(64), default="")
    story_title: Mapped[str] = mapped_column(String(200))
    points: Mapped[float | None]
    paired_on: Mapped[date] = mapped_column(Date)
    pm_user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    tech_lead_user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]


class TeamPromptsRow(Base):
    """A team's own guided prompts, replacing the built-in set as a whole; no row means the
    team follows the built-in set, including when a later version improves it. `data` is the
    validated `PromptSet` as JSON, so the prompt's fields can grow without a migration."""

    __tablename__ = "team_prompts"
    team_id: Mapped[str] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]
    updated_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ActionReviewRow(Base):
    """What a retro decided about an earlier action item in its review phase, one decision per
    item and retro, so the history of carry-overs and drops can be read back."""

    __tablename__ = "action_reviews"
    __table_args__ = (UniqueConstraint("action_id", "retro_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[str] = mapped_column(ForeignKey("action_items.id", ondelete="CASCADE"))
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(500))
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(40))


class TeamTemplateRow(Base):
    """A team's own retro template. `data` is the validated `CustomTemplate` as JSON (name and
    description included), so a template's parts can grow without a migration; `name` is kept
    beside it for listing and for the one-name-per-team check."""

    __tablename__ = "team_templates"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    data: Mapped[dict[str, Any]]
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class PasswordResetRow(Base):
    """One-time links the instance owner made for someone to choose a new password. Only a
    keyed hash of the link's secret is kept, so the table alone opens no account."""

    __tablename__ = "password_resets"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    # A newer link for the same account ends this one: only the latest link works.
    replaced_at: Mapped[datetime | None]


class SummaryShareRow(Base):
    """Read-only links to a retro's closing summary for people without an account. Only a
    keyed hash of the link's secret is kept; a revoked link keeps its row, so the list says
    what was shared and when it stopped."""

    __tablename__ = "summary_shares"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class OutboxRow(Base):
    """Work for the worker, written in the same transaction as the change that calls for it,
    so it is neither lost when the change commits nor done when the change rolls back. A worker
    owns a row while `claimed_by` is set and `claim_expires_at` is ahead; a claim that runs out
    (its worker died) lets another worker take the row again."""

    __tablename__ = "outbox"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]
    available_at: Mapped[datetime]
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(100))
    claim_expires_at: Mapped[datetime | None]
    done_at: Mapped[datetime | None]
    # Set when the retries ran out: the row stays, with its error, for people to see.
    failed_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    # The team a row is about, so the team's facilitators can see its deliveries; none for
    # work that belongs to no team (mail to one account).
    team_id: Mapped[str | None] = mapped_column(ID, index=True)
    # Work that is due at a time rather than caused by a request (a reminder, an agenda) is
    # looked for by every worker on every pass; the key makes the first one's row the only one.
    dedupe_key: Mapped[str | None] = mapped_column(String(200))


Index("ix_outbox_due", OutboxRow.done_at, OutboxRow.failed_at, OutboxRow.available_at)
Index("ix_outbox_dedupe_key", OutboxRow.dedupe_key, unique=True)


class LogIdentityRow(Base):
    """One row: the identity of this database's board event logs. Live clients are given it
    with every snapshot and send it back when they resume; a restore from a backup replaces it
    (`twofold restore`, `twofold db mark-restored`), so a client that followed the database as
    it was before is sent a fresh snapshot rather than events that no longer fit."""

    __tablename__ = "log_identity"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    log_id: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime]


class HealthReportRow(Base):
    """A Tech Health report asked for, and what became of it. The worker renders it and keeps
    the file under the report directory by the row's id (`file_name` is what it downloads
    as); a failure keeps its reason here, so the job can be tried again and is never lost."""

    __tablename__ = "health_reports"
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    requested_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    format: Mapped[str] = mapped_column(String(8))
    period_from: Mapped[date | None] = mapped_column(Date)
    period_to: Mapped[date | None] = mapped_column(Date)
    last: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    progress: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(120))
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]
    # When the current attempt began: a job running for far longer stopped with its worker.
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


class TeamConnectionRow(Base):
    """A team's connection to a tool it plans in (one per vendor). The secrets are sealed by
    the instance's integrations key before they get here; `secret_hint` is what may be shown."""

    __tablename__ = "team_connections"
    __table_args__ = (UniqueConstraint("team_id", "vendor", name="uq_team_connections_vendor"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    vendor: Mapped[str] = mapped_column(String(16))
    settings: Mapped[dict[str, Any]]
    sealed_token: Mapped[str] = mapped_column(Text)
    secret_hint: Mapped[str] = mapped_column(String(16))
    sealed_webhook_secret: Mapped[str | None] = mapped_column(Text)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]
    # The last test of the connection, run by the worker; `check_pending` while one is queued.
    check_status: Mapped[str | None] = mapped_column(String(32))
    check_message: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime | None]
    check_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    # Until when the tracker has been asked what changed (the polling fallback).
    polled_at: Mapped[datetime | None]


class TicketLinkRow(Base):
    """An action or debt item pushed to a connected tracker: pending while the worker creates
    the ticket, linked once its key is known, with the ticket's last status seen."""

    __tablename__ = "ticket_links"
    __table_args__ = (
        UniqueConstraint("connection_id", "item_kind", "item_id", name="uq_ticket_links_item"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[str] = mapped_column(
        ForeignKey("team_connections.id", ondelete="CASCADE")
    )
    item_kind: Mapped[str] = mapped_column(String(8))
    item_id: Mapped[str] = mapped_column(ID)
    state: Mapped[str] = mapped_column(String(16))
    key: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(String(400))
    outbox_id: Mapped[str | None] = mapped_column(ID)
    remote_status: Mapped[str | None] = mapped_column(String(80))
    status_by: Mapped[str | None] = mapped_column(String(120))
    status_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class SprintFetchRow(Base):
    """A retro's sprint in the team's tracker: the sprints offered to pick from, the one
    picked, and the figures worked out from it, with the fields people have since set by
    hand (`overridden`), which a fetch never writes over. `request_id` names the newest ask:
    the worker's answer to an older one is dropped."""

    __tablename__ = "sprint_fetches"
    retro_id: Mapped[str] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), primary_key=True
    )
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[str] = mapped_column(
        ForeignKey("team_connections.id", ondelete="CASCADE")
    )
    stage: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    request_id: Mapped[str] = mapped_column(ID)
    outbox_id: Mapped[str | None] = mapped_column(ID)
    error: Mapped[str | None] = mapped_column(Text)
    sprints: Mapped[dict[str, Any] | None]
    sprint_id: Mapped[str | None] = mapped_column(String(32))
    sprint_name: Mapped[str | None] = mapped_column(String(200))
    figures: Mapped[dict[str, Any] | None]
    overridden: Mapped[dict[str, Any]]
    requested_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    requested_at: Mapped[datetime]
    fetched_at: Mapped[datetime | None]


Index("ix_ticket_links_key", TicketLinkRow.connection_id, TicketLinkRow.key)
Index("ix_ticket_links_item", TicketLinkRow.item_kind, TicketLinkRow.item_id)


class ChannelPostRow(Base):
    """A retro summary or a weekly digest posted to a team's chat channel: one row per
    connection and subject (the retro, or the ISO week), kept with the message's id so a
    summary published again updates it where the vendor allows."""

    __tablename__ = "channel_posts"
    __table_args__ = (
        UniqueConstraint("connection_id", "kind", "subject", name="uq_channel_posts_subject"),
    )
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[str] = mapped_column(
        ForeignKey("team_connections.id", ondelete="CASCADE")
    )
    retro_id: Mapped[str | None] = mapped_column(
        ForeignKey("retros.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(32))
    state: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(String(400))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    outbox_id: Mapped[str | None] = mapped_column(ID)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    posted_at: Mapped[datetime | None]


class WikiPageRow(Base):
    """A retro's summary published as a page on one of the team's wiki connections: pending
    while the worker creates or updates it, published once the page's id and address are
    known. One row per retro and connection, so publishing again updates the same page."""

    __tablename__ = "wiki_pages"
    __table_args__ = (UniqueConstraint("connection_id", "retro_id", name="uq_wiki_pages_retro"),)
    id: Mapped[str] = mapped_column(ID, primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
    connection_id: Mapped[str] = mapped_column(
        ForeignKey("team_connections.id", ondelete="CASCADE")
    )
    state: Mapped[str] = mapped_column(String(16))
    remote_id: Mapped[str | None] = mapped_column(String(64))
    url: Mapped[str | None] = mapped_column(String(400))
    version: Mapped[int | None]
    outbox_id: Mapped[str | None] = mapped_column(ID)
    published_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class AuditEventRow(Base):
    """A security-relevant thing that happened (`domain.audit.AuditKind`), kept for the instance
    owner for the configured time. `actor_label` is the name shown for the actor, kept so the
    log still reads after the account is gone; deleting an account rewrites it (and `actor_id`)
    to a former member. `target` names what was acted on (an account, invite, retro...)."""

    __tablename__ = "audit_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(40))
    actor_id: Mapped[str | None] = mapped_column(ID, index=True)
    actor_label: Mapped[str] = mapped_column(String(300))
    team_id: Mapped[str | None] = mapped_column(ID)
    target: Mapped[str | None] = mapped_column(String(300))
    ip: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]]


Index("ix_audit_events_kind_at", AuditEventRow.kind, AuditEventRow.at)


class ItemHistoryRow(Base):
    """One field of an action item or debt item changed (`domain.item_history`). `by_name` keeps
    the name as it was, so the history still reads after a member is renamed; deleting an
    account scrubs it with every other copy of the name."""

    __tablename__ = "item_history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    item_kind: Mapped[str] = mapped_column(String(8))
    item_id: Mapped[str] = mapped_column(ID)
    at: Mapped[datetime]
    field: Mapped[str] = mapped_column(String(20))
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    via: Mapped[str] = mapped_column(String(10))
    by_user_id: Mapped[str | None] = mapped_column(ID)
    by_name: Mapped[str | None] = mapped_column(String(300))
    tracker: Mapped[str | None] = mapped_column(String(16))
    ticket: Mapped[str | None] = mapped_column(String(300))
    note: Mapped[str | None] = mapped_column(Text)


Index("ix_item_history_item", ItemHistoryRow.item_kind, ItemHistoryRow.item_id, ItemHistoryRow.at)
