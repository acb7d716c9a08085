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
    retro_id: Mapped[str] = mapped_column(ForeignKey("retros.id", ondelete="CASCADE"), index=True)
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
    visibility: Mapped[str] = mapped_column(String(16), default="all")
    created_at: Mapped[datetime]


Index("ix_login_failures_key_at", LoginFailureRow.key, LoginFailureRow.at)
