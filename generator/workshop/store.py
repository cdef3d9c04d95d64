"""Where a workshop keeps its rooms, submissions and rendered reports: SQLAlchemy 2 Core over SQLite or PostgreSQL.

The same statements run on both. SQLite (the default, one file) runs in WAL mode with `synchronous=FULL`, so a
submission the server acknowledged is on disk before the reply leaves. The schema is versioned with Alembic
(generator/workshop/migrations); `Store.open` upgrades an older database in place. The web process keeps nothing
of its own: every request reads the database, so several processes can serve one room.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

__all__ = [
    "ROUNDS",
    "DealCheckRow",
    "Peers",
    "Receipt",
    "Refused",
    "Room",
    "Store",
    "Submission",
    "hash_secret",
    "now_iso",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0005"
ROUNDS = ("before", "after")

metadata = sa.MetaData()
rooms = sa.Table(
    "rooms",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("expires_at", sa.String(32), nullable=False),
    sa.Column("closed_at", sa.String(32)),
    sa.Column("current_round", sa.String(10), nullable=False, server_default="before"),
)
room_tokens = sa.Table(
    "room_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("created_at", sa.String(32), nullable=False),
)
submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant", sa.String(64), nullable=False),
    sa.Column("questionnaire", sa.String(100), nullable=False),
    sa.Column("version", sa.Integer),
    sa.Column("name", sa.Text),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("scores", sa.Text, nullable=False),
    sa.Column("received_at", sa.String(32), nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.Column("revision", sa.Integer, nullable=False, server_default="1"),
    sa.Column("round", sa.String(10), nullable=False, server_default="before"),
    # The text the scores were scored with (workshop/rescore.py `questionnaire_hash`); None before 0005
    sa.Column("questionnaire_hash", sa.String(16)),
    sa.UniqueConstraint("room_id", "participant", "questionnaire", "round", name="uq_submission_per_participant_round"),
    sa.CheckConstraint("round IN ('before', 'after')", name="ck_submission_round"),
)
deal_checks = sa.Table(
    "deal_checks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room_id", sa.String(32), sa.ForeignKey("rooms.id", ondelete="CASCADE"), nullable=False),
    sa.Column("pair", sa.String(40), nullable=False),
    sa.Column("role", sa.String(10), nullable=False),
    sa.Column("participant", sa.String(64), nullable=False),
    sa.Column("limit_value", sa.Float, nullable=False),
    sa.Column("consent", sa.Boolean, nullable=False),
    sa.Column("updated_at", sa.String(32), nullable=False),
    sa.UniqueConstraint("room_id", "pair", "role", name="uq_deal_check_side"),
)
reports = sa.Table(
    "reports",
    metadata,
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("filename", sa.String(200), nullable=False),
    sa.Column("pdf", sa.LargeBinary, nullable=False),
    sa.Column("rendered_at", sa.String(32), nullable=False),
)


# For a questionnaire whose reports read the answers of others (the role-play's debrief pairs people by the code
# on their card): the group a stored answers document belongs to, None when it is in none. A changed send drops
# the PDFs of the others in its group, before and after the change.
Peers = Callable[[Mapping[str, Any]], str | None]


def now_iso(moment: datetime | None = None) -> str:
    """A UTC time as fixed-width ISO 8601 text: sorts and compares the same way in SQLite and PostgreSQL."""
    return (moment or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def hash_secret(secret: str) -> str:
    """SHA-256 of a token or participant key: the database never holds a secret that would let someone in."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Room:
    id: str
    created_at: str
    expires_at: str
    closed_at: str | None
    current_round: str = "before"  # the round a submission sent now belongs to: the room decides, not the sender

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class DealCheckRow:
    """One side's private limit in the paired deal check; `participant` is the hash of their key."""

    pair: str
    role: str
    participant: str
    limit: float
    consent: bool


@dataclass(frozen=True)
class Receipt:
    """What the server acknowledged: the stored submission's id and revision (1 on the first send)."""

    id: int
    revision: int
    received_at: str
    updated_at: str
    round: str
    participant: str  # the pseudonym the stored document carries (see `pseudonym`)
    # A first-round send changes what the same person's second-round report compares with: that submission's
    # (id, revision), whose PDF was dropped and is to be made again; None when they have no second round.
    stale_after: tuple[int, int] | None = None
    # False when the send repeated what was stored (the same document, apart from the time the browser stamped
    # on it): acknowledged, but the row, its revision and its report stay as they were.
    changed: bool = True
    # (id, revision) of the others in the sender's group (see `Peers`) whose PDFs this send dropped.
    stale_peers: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Refused:
    """Why a submission was not stored: the room is closed or gone ("closed"), or the sender expected another
    round than the one the room collects ("round"); `current_round` is the room's."""

    reason: str
    current_round: str | None = None


@dataclass(frozen=True)
class Submission:
    id: int
    questionnaire: str
    name: str | None
    document: dict[str, Any]
    scores: dict[str, Any]
    received_at: str
    updated_at: str
    revision: int
    round: str = "before"
    participant: str = ""  # the hash of the participant's key: pairs their rounds, never lets anyone in
    room_id: str = ""
    version: int | None = None  # of the questionnaire, as the server scored it
    questionnaire_hash: str | None = None  # of the questionnaire's text it was scored with; None: not recorded

    def exported(self) -> dict[str, Any]:
        """The answers document as exports carry it: with its round and the participant's pseudonym, taken from
        the row (documents stored before rounds existed do not say them)."""
        return {**self.document, "round": self.round, "participant": pseudonym(self.room_id, self.participant)}


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def database_url(value: str) -> str:
    """A --database value as a SQLAlchemy URL: a plain path means a SQLite file; postgresql:// means psycopg 3."""
    if "://" not in value:
        return "sqlite:///" + str(Path(value).expanduser().resolve())
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    return value


def make_engine(url: str) -> Engine:
    """An engine with the durability settings above; SQLite gets its pragmas on every new connection."""
    url = database_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=8)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision` with Alembic; PostgreSQL serialises concurrent upgrades with a lock.

    SQLite rebuilds a table to change its constraints; its foreign keys are off meanwhile (dropping the old table
    would otherwise cascade into the tables that refer to it) and checked before they are on again.
    """
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as conn:
        sqlite_db = conn.dialect.name == "sqlite"
        if sqlite_db:  # outside any transaction, where SQLite ignores this pragma
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.commit()
        try:
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    conn.execute(sa.text("SELECT pg_advisory_xact_lock(424242)"))
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                if sqlite_db and (broken := conn.exec_driver_sql("PRAGMA foreign_key_check").first()) is not None:
                    raise RuntimeError(f"the schema upgrade left a dangling reference in {broken[0]}")
        finally:
            if sqlite_db:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.commit()


def schema_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


class Store:
    """Every read and write of a workshop; one instance per process, shared by its request threads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    def _insert(self, table: sa.Table) -> Any:
        return (postgresql.insert if self.engine.dialect.name == "postgresql" else sqlite.insert)(table)

    # ------------------------------------------------------------------ rooms and tokens

    def open_room(self, *, new: bool = False, keep_days: int = 30, now: datetime | None = None) -> Room:
        """The newest open, unexpired room (after a restart or a crash), or a new one when asked or none is left."""
        moment = now or datetime.now(UTC)
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # two servers starting at once resume one room, not two
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(424243)"))
            if not new:
                row = conn.execute(
                    sa.select(rooms)
                    .where(rooms.c.closed_at.is_(None), rooms.c.expires_at > now_iso(moment))
                    .order_by(rooms.c.created_at.desc())
                    .limit(1)
                ).first()
                if row is not None:
                    return Room(**row._mapping)
            room = Room(secrets.token_hex(16), now_iso(moment), now_iso(moment + timedelta(days=keep_days)), None)
            conn.execute(sa.insert(rooms).values(**room.__dict__))
            return room

    def room(self, room_id: str) -> Room | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(rooms).where(rooms.c.id == room_id)).first()
        return Room(**row._mapping) if row is not None else None

    def new_token(self, room_id: str) -> str:
        """A fresh facilitator token for the room; only its hash is stored."""
        token = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            conn.execute(
                sa.insert(room_tokens).values(token_hash=hash_secret(token), room_id=room_id, created_at=now_iso())
            )
        return token

    def token_matches(self, room_id: str, token: str) -> bool:
        """Whether `token` is one of the room's tokens, comparing every stored hash in constant time."""
        if not token or len(token) > 200:
            return False
        presented = hash_secret(token)
        with self.engine.connect() as conn:
            hashes = conn.execute(sa.select(room_tokens.c.token_hash).where(room_tokens.c.room_id == room_id)).scalars()
            found = False
            for stored in hashes:
                found |= hmac.compare_digest(stored, presented)
        return found

    def set_round(self, room_id: str, round_: str) -> None:
        """Make `round_` the round that submissions sent from now on belong to."""
        if round_ not in ROUNDS:
            raise ValueError(f"{round_!r} is not a round")
        with self.engine.begin() as conn:
            conn.execute(sa.update(rooms).where(rooms.c.id == room_id).values(current_round=round_))

    def set_closed(self, room_id: str, closed: bool) -> None:
        with self.engine.begin() as conn:
            conn.execute(sa.update(rooms).where(rooms.c.id == room_id).values(closed_at=now_iso() if closed else None))

    def purge_room(self, room_id: str) -> None:
        """Delete a room with every submission, report and token (explicit deletes: SQLite may lack cascades)."""
        with self.engine.begin() as conn:
            ids = sa.select(submissions.c.id).where(submissions.c.room_id == room_id).scalar_subquery()
            conn.execute(sa.delete(reports).where(reports.c.submission_id.in_(ids)))
            conn.execute(sa.delete(submissions).where(submissions.c.room_id == room_id))
            conn.execute(sa.delete(deal_checks).where(deal_checks.c.room_id == room_id))
            conn.execute(sa.delete(room_tokens).where(room_tokens.c.room_id == room_id))
            conn.execute(sa.delete(rooms).where(rooms.c.id == room_id))

    def purge_submissions(self, room_id: str) -> int:
        """Delete every submission and report of a room, keeping the room and its tokens; returns how many."""
        with self.engine.begin() as conn:
            ids = sa.select(submissions.c.id).where(submissions.c.room_id == room_id).scalar_subquery()
            conn.execute(sa.delete(reports).where(reports.c.submission_id.in_(ids)))
            gone = conn.execute(sa.delete(submissions).where(submissions.c.room_id == room_id))
            conn.execute(sa.delete(deal_checks).where(deal_checks.c.room_id == room_id))
        return int(gone.rowcount)

    def purge_expired(self, now: datetime | None = None) -> list[str]:
        """Delete every room whose expiry date has passed; returns their ids."""
        with self.engine.connect() as conn:
            expired = list(conn.execute(sa.select(rooms.c.id).where(rooms.c.expires_at <= now_iso(now))).scalars())
        for room_id in expired:
            self.purge_room(room_id)
        return expired

    # ------------------------------------------------------------------ the paired deal check

    def set_deal_check(
        self, room_id: str, participant_key: str, pair: str, role: str, limit: float, consent: bool
    ) -> bool:
        """Keep one side's private limit (one entry per participant: a new one replaces their earlier one).

        False when another participant already holds this pair's role: the pair code or the role is wrong.
        """
        who = hash_secret(participant_key)
        side = (deal_checks.c.room_id == room_id) & (deal_checks.c.pair == pair) & (deal_checks.c.role == role)
        try:
            with self.engine.begin() as conn:
                holder = conn.execute(sa.select(deal_checks.c.participant).where(side)).scalar_one_or_none()
                if holder is not None and holder != who:
                    return False
                conn.execute(
                    sa.delete(deal_checks).where(
                        (deal_checks.c.room_id == room_id) & (deal_checks.c.participant == who)
                    )
                )
                conn.execute(
                    sa.insert(deal_checks).values(
                        room_id=room_id,
                        pair=pair,
                        role=role,
                        participant=who,
                        limit_value=float(limit),
                        consent=bool(consent),
                        updated_at=now_iso(),
                    )
                )
        except sa.exc.IntegrityError:  # another participant took the side at the same moment
            return False
        return True

    def deal_checks(self, room_id: str) -> list[DealCheckRow]:
        """Every side's entry in the room, by pair code and role."""
        query = (
            sa.select(
                deal_checks.c.pair,
                deal_checks.c.role,
                deal_checks.c.participant,
                deal_checks.c.limit_value,
                deal_checks.c.consent,
            )
            .where(deal_checks.c.room_id == room_id)
            .order_by(deal_checks.c.pair, deal_checks.c.role)
        )
        with self.engine.connect() as conn:
            return [DealCheckRow(r[0], r[1], r[2], float(r[3]), bool(r[4])) for r in conn.execute(query)]

    # ------------------------------------------------------------------ submissions

    def submit(
        self,
        room_id: str,
        participant_key: str,
        questionnaire: str,
        version: int | None,
        name: str | None,
        document: Mapping[str, Any],
        scores: Mapping[str, Any],
        *,
        expect_round: str | None = None,
        peers: Peers | None = None,
        questionnaire_hash: str | None = None,
    ) -> Receipt | Refused:
        """Store a participant's answers in the room's current round, replacing their earlier ones for the same
        questionnaire and round (one statement). Refused when the room is closed or gone, or is not collecting
        `expect_round` (both read in the same transaction as the write). The same answers sent again (a retry, or
        Send pressed twice) are acknowledged with the stored row unchanged: no new revision, so no new report.

        The stored document says its round and the participant's pseudonym (see `pseudonym`), so an export
        pairs the rounds when `dealcraft report` reads it back. A new 'before' answer makes the participant's
        'after' report stale: that report compares the two; with `peers`, a changed send makes the reports of
        the others in its old and new group stale."""
        moment = now_iso()
        who = hash_secret(participant_key)
        values = {
            "room_id": room_id,
            "participant": who,
            "questionnaire": questionnaire,
            "version": version,
            "name": name,
            "scores": json.dumps(scores, sort_keys=True, separators=(",", ":")),
            "received_at": moment,
            "updated_at": moment,
            "revision": 1,
            "questionnaire_hash": questionnaire_hash,
        }
        with self.engine.begin() as conn:
            room = conn.execute(
                sa.select(rooms.c.closed_at, rooms.c.current_round).where(rooms.c.id == room_id)
            ).first()
            if room is None or room.closed_at is not None:
                return Refused("closed", room.current_round if room is not None else None)
            if expect_round is not None and expect_round != room.current_round:
                return Refused("round", room.current_round)
            stored = {**document, "round": room.current_round, "participant": pseudonym(room_id, who)}
            values["round"] = room.current_round
            values["document"] = json.dumps(stored, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
            key = sa.and_(
                submissions.c.room_id == room_id,
                submissions.c.participant == who,
                submissions.c.questionnaire == questionnaire,
                submissions.c.round == room.current_round,
            )
            # Their stored documents of this questionnaire in either round: a debrief sent in both rounds is one
            # debrief (report/debrief.py `latest_debriefs`), so a send changes what the groups of both read
            mine = (
                conn.execute(
                    sa.select(submissions.c.document).where(
                        submissions.c.room_id == room_id,
                        submissions.c.participant == who,
                        submissions.c.questionnaire == questionnaire,
                    )
                ).scalars()
                if peers
                else ()
            )
            before = [json.loads(d) for d in mine]
            stmt = self._insert(submissions).values(**values)
            returned = (
                submissions.c.id,
                submissions.c.revision,
                submissions.c.received_at,
                submissions.c.updated_at,
                submissions.c.round,
            )
            # The update's condition is part of the one statement, so two identical sends racing bump once.
            stmt = stmt.on_conflict_do_update(
                index_elements=["room_id", "participant", "questionnaire", "round"],
                set_={
                    "version": stmt.excluded.version,
                    "name": stmt.excluded.name,
                    "document": stmt.excluded.document,
                    "scores": stmt.excluded.scores,
                    "updated_at": stmt.excluded.updated_at,
                    "revision": submissions.c.revision + 1,
                    "questionnaire_hash": stmt.excluded.questionnaire_hash,
                },
                where=sa.or_(
                    self._content(submissions.c.document).is_distinct_from(self._content(stmt.excluded.document)),
                    submissions.c.scores.is_distinct_from(stmt.excluded.scores),
                ),
            ).returning(*returned)
            row = conn.execute(stmt).first()
            changed = row is not None
            if row is None:  # the same answers again: acknowledge what is stored
                row = conn.execute(sa.select(*returned).where(key)).one()
            stale = None
            if changed and row.round == "before":
                stale = self._forget_after_report(conn, room_id, who, questionnaire)
            stale_peers: tuple[tuple[int, int], ...] = ()
            if changed and peers is not None:
                groups = {g for g in (peers(d) for d in [stored, *before]) if g is not None}
                stale_peers = self._forget_peer_reports(conn, room_id, questionnaire, row.id, groups, peers)
        alias = pseudonym(room_id, who)
        return Receipt(
            row.id, row.revision, row.received_at, row.updated_at, row.round, alias, stale, changed, stale_peers
        )

    def _content(self, document: Any) -> Any:
        """A stored document (JSON text) without `submitted_at`, comparable in SQL: a send is new when this
        differs. The browser stamps the time on every press of Send, so it alone does not make answers new."""
        if self.engine.dialect.name == "postgresql":
            return sa.cast(document, postgresql.JSONB).op("-")(sa.literal_column("'submitted_at'"))
        return sa.func.json_remove(document, "$.submitted_at")

    def _forget_after_report(
        self, conn: Connection, room_id: str, who: str, questionnaire: str
    ) -> tuple[int, int] | None:
        """Drop the PDF of this participant's 'after' submission (it compares with the 'before' one that changed);
        that submission's (id, revision), or None when there is none."""
        after = conn.execute(
            sa.select(submissions.c.id, submissions.c.revision).where(
                submissions.c.room_id == room_id,
                submissions.c.participant == who,
                submissions.c.questionnaire == questionnaire,
                submissions.c.round == "after",
            )
        ).first()
        if after is None:
            return None
        conn.execute(sa.delete(reports).where(reports.c.submission_id == after.id))
        return int(after.id), int(after.revision)

    def _peer_rows(
        self, conn: Connection, room_id: str, questionnaire: str, own_id: int, groups: set[str], peers: Peers
    ) -> list[tuple[int, int]]:
        """(id, revision) of the room's other submissions of this questionnaire whose group is one of `groups`."""
        if not groups:
            return []
        rows = conn.execute(
            sa.select(submissions.c.id, submissions.c.revision, submissions.c.document).where(
                submissions.c.room_id == room_id,
                submissions.c.questionnaire == questionnaire,
                submissions.c.id != own_id,
            )
        ).all()
        return sorted((int(r.id), int(r.revision)) for r in rows if peers(json.loads(r.document)) in groups)

    def _forget_peer_reports(
        self, conn: Connection, room_id: str, questionnaire: str, own_id: int, groups: set[str], peers: Peers
    ) -> tuple[tuple[int, int], ...]:
        """Drop the PDFs of the others in these groups (their reports read the answers that changed); their
        (id, revision)."""
        found = self._peer_rows(conn, room_id, questionnaire, own_id, groups, peers)
        if found:
            conn.execute(sa.delete(reports).where(reports.c.submission_id.in_([i for i, _ in found])))
        return tuple(found)

    def _peer_revisions(self, conn: Connection, submission_id: int, peers: Peers) -> frozenset[tuple[int, int]]:
        row = conn.execute(
            sa.select(submissions.c.room_id, submissions.c.questionnaire, submissions.c.participant).where(
                submissions.c.id == submission_id
            )
        ).first()
        if row is None:
            return frozenset()
        mine = conn.execute(  # this one and the same person's send in the other round (one debrief, two sends)
            sa.select(submissions.c.document).where(
                submissions.c.room_id == row.room_id,
                submissions.c.participant == row.participant,
                submissions.c.questionnaire == row.questionnaire,
            )
        ).scalars()
        groups = {g for g in (peers(json.loads(d)) for d in mine) if g is not None}
        if not groups:
            return frozenset()
        rows = conn.execute(
            sa.select(
                submissions.c.id, submissions.c.revision, submissions.c.participant, submissions.c.document
            ).where(
                submissions.c.room_id == row.room_id,
                submissions.c.questionnaire == row.questionnaire,
                submissions.c.id != submission_id,
            )
        ).all()
        # The others in the groups, and each one's send in the other round wherever it points: which of a
        # person's two sends counts (the latest) decides what this report reads, so a change to either shows
        people = {r.participant for r in rows if peers(json.loads(r.document)) in groups}
        return frozenset((int(r.id), int(r.revision)) for r in rows if r.participant in people)

    def peer_revisions(self, submission_id: int, peers: Peers) -> frozenset[tuple[int, int]]:
        """(id, revision) of the others in this submission's group, and of their sends in the other round: what its
        report reads besides its own answers (checked again when the PDF is kept, see `save_report`)."""
        with self.engine.connect() as conn:
            return self._peer_revisions(conn, submission_id, peers)

    def own_submission(
        self, room_id: str, participant_key: str, questionnaire: str, round_: str | None = None
    ) -> Submission | None:
        """A participant's own submission, found only through their key, never by id: of `round_`, or by default
        their latest round (the 'after' one once they sent it)."""
        query = sa.select(submissions).where(
            submissions.c.room_id == room_id,
            submissions.c.participant == hash_secret(participant_key),
            submissions.c.questionnaire == questionnaire,
        )
        if round_ is not None:
            query = query.where(submissions.c.round == round_)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        found = sorted((_submission(r) for r in rows), key=lambda s: ROUNDS.index(s.round))
        return found[-1] if found else None

    @staticmethod
    def _first_round_of(submission_id: int) -> sa.Select[Any]:
        """The 'before' submission of the same room, participant and questionnaire as this one when it is an
        'after' one (no row otherwise): the one rule pairing a second round with its first."""
        after = submissions.alias("after")
        return sa.select(submissions).join(
            after,
            sa.and_(
                after.c.id == submission_id,
                after.c.round == "after",
                submissions.c.room_id == after.c.room_id,
                submissions.c.participant == after.c.participant,
                submissions.c.questionnaire == after.c.questionnaire,
                submissions.c.round == "before",
            ),
        )

    def first_round(self, room_id: str, submission_id: int) -> Submission | None:
        """The 'before' submission of the same participant and questionnaire as this one when it is an 'after'
        one; None otherwise, or when they sent no first round."""
        with self.engine.connect() as conn:
            row = conn.execute(self._first_round_of(submission_id).where(submissions.c.room_id == room_id)).first()
        return _submission(row) if row is not None else None

    def submissions(self, room_id: str, questionnaire: str | None = None) -> Iterator[Submission]:
        """Every submission of the room in the order they first arrived."""
        query = sa.select(submissions).where(submissions.c.room_id == room_id).order_by(submissions.c.id)
        if questionnaire is not None:
            query = query.where(submissions.c.questionnaire == questionnaire)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        for row in rows:
            yield _submission(row)

    def submission(self, room_id: str, submission_id: int) -> Submission | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(submissions).where(submissions.c.room_id == room_id, submissions.c.id == submission_id)
            ).first()
        return _submission(row) if row is not None else None

    def revision(self, room_id: str, submission_id: int) -> int | None:
        """The submission's current revision, or None when it is gone (a cheap check before work on it)."""
        with self.engine.connect() as conn:
            found = conn.execute(
                sa.select(submissions.c.revision).where(
                    submissions.c.room_id == room_id, submissions.c.id == submission_id
                )
            ).scalar_one_or_none()
        return None if found is None else int(found)

    def counts(self, room_id: str) -> dict[str, int]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(submissions.c.questionnaire, sa.func.count())
                .where(submissions.c.room_id == room_id)
                .group_by(submissions.c.questionnaire)
            ).all()
        return {qid: int(n) for qid, n in rows}

    def round_counts(self, room_id: str) -> dict[str, dict[str, int]]:
        """How many submissions each questionnaire has in each round (both rounds always present)."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(submissions.c.questionnaire, submissions.c.round, sa.func.count())
                .where(submissions.c.room_id == room_id)
                .group_by(submissions.c.questionnaire, submissions.c.round)
            ).all()
        counts: dict[str, dict[str, int]] = {}
        for qid, round_, n in rows:
            counts.setdefault(qid, dict.fromkeys(ROUNDS, 0))[round_] = int(n)
        return counts

    def scored_otherwise(
        self, room_id: str, questionnaire: str, version: int, questionnaire_hash: str
    ) -> list[Submission]:
        """The room's submissions of this questionnaire and version whose scores were stored with another text of
        it, or with no record of which (rows stored before the hash was): see workshop/rescore.py."""
        query = (
            sa.select(submissions)
            .where(
                submissions.c.room_id == room_id,
                submissions.c.questionnaire == questionnaire,
                submissions.c.version == version,
                sa.or_(
                    submissions.c.questionnaire_hash.is_(None),
                    submissions.c.questionnaire_hash != questionnaire_hash,
                ),
            )
            .order_by(submissions.c.id)
        )
        with self.engine.connect() as conn:
            return [_submission(row) for row in conn.execute(query).all()]

    def rescored(
        self, submission_id: int, revision: int, scores: Mapping[str, Any], questionnaire_hash: str, *, remake: bool
    ) -> bool:
        """Store scores worked out again with the questionnaire's current text, and that text's hash; with
        `remake`, drop the PDF (made from the earlier text) so the report is made again. Nothing happens when the
        submission was re-sent meanwhile (its `revision` moved on: the re-send was scored with the current text);
        True when stored. The revision stays: the participant sent nothing new."""
        with self.engine.begin() as conn:
            done = conn.execute(
                sa.update(submissions)
                .where(submissions.c.id == submission_id, submissions.c.revision == revision)
                .values(
                    scores=json.dumps(scores, sort_keys=True, separators=(",", ":")),
                    questionnaire_hash=questionnaire_hash,
                )
            )
            if done.rowcount and remake:
                conn.execute(sa.delete(reports).where(reports.c.submission_id == submission_id))
        return bool(done.rowcount)

    def delete_submission(self, room_id: str, submission_id: int, peers: Mapping[str, Peers] | None = None) -> bool:
        """Delete one submission and its PDF; the reports that read it (its 'after' round's; when `peers` has a
        rule for its questionnaire, those of its group and of the group of the same person's send in the other
        round) lose their PDFs too, to be made again (`stale_reports`)."""
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(
                    submissions.c.participant, submissions.c.questionnaire, submissions.c.round, submissions.c.document
                ).where(submissions.c.room_id == room_id, submissions.c.id == submission_id)
            ).first()
            if row is None:
                return False
            conn.execute(sa.delete(reports).where(reports.c.submission_id == submission_id))
            conn.execute(sa.delete(submissions).where(submissions.c.id == submission_id))
            if row.round == "before":
                self._forget_after_report(conn, room_id, row.participant, row.questionnaire)
            if (rule := (peers or {}).get(row.questionnaire)) is not None:
                # Their send in the other round (one debrief, two sends: the latest counts) counts again once this
                # one is gone, so the group it names reads other answers now too, as the deleted one's does.
                theirs = conn.execute(
                    sa.select(submissions.c.document).where(
                        submissions.c.room_id == room_id,
                        submissions.c.participant == row.participant,
                        submissions.c.questionnaire == row.questionnaire,
                    )
                ).scalars()
                groups = {g for g in (rule(json.loads(d)) for d in [row.document, *theirs]) if g is not None}
                self._forget_peer_reports(conn, room_id, row.questionnaire, submission_id, groups, rule)
        return True

    # ------------------------------------------------------------------ rendered reports

    def save_report(
        self,
        submission_id: int,
        revision: int,
        filename: str,
        pdf: bytes,
        *,
        first_round: tuple[int, int] | Literal["unchecked"] | None = "unchecked",
        peers: tuple[Peers, frozenset[tuple[int, int]]] | None = None,
    ) -> bool:
        """Keep a rendered PDF unless the submission moved on (re-sent) or is gone; True when it was kept.

        A second-round report compares with the first round it was rendered with: `first_round` is that
        submission's (id, revision), None when there was none; the PDF is not kept when the first round changed
        meanwhile (the send that changed it queued the report again). Likewise a report that read its group's
        answers (`peers`: the rule and the `peer_revisions` it was rendered with) is not kept when they changed."""
        with self.engine.begin() as conn:
            current = conn.execute(
                sa.select(submissions.c.revision).where(submissions.c.id == submission_id)
            ).scalar_one_or_none()
            if current != revision:
                return False
            if first_round != "unchecked":
                now = conn.execute(
                    self._first_round_of(submission_id).with_only_columns(submissions.c.id, submissions.c.revision)
                ).first()
                if (None if now is None else (int(now.id), int(now.revision))) != first_round:
                    return False
            if peers is not None and self._peer_revisions(conn, submission_id, peers[0]) != peers[1]:
                return False
            stmt = self._insert(reports).values(
                submission_id=submission_id, revision=revision, filename=filename, pdf=pdf, rendered_at=now_iso()
            )
            conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=["submission_id"],
                    set_={
                        "revision": stmt.excluded.revision,
                        "filename": stmt.excluded.filename,
                        "pdf": stmt.excluded.pdf,
                        "rendered_at": stmt.excluded.rendered_at,
                    },
                )
            )
        return True

    def report(self, submission_id: int, revision: int) -> tuple[str, bytes] | None:
        """The stored PDF (file name, bytes) of exactly this revision, or None when it is not rendered yet."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(reports.c.filename, reports.c.pdf).where(
                    reports.c.submission_id == submission_id, reports.c.revision == revision
                )
            ).first()
        return (row.filename, bytes(row.pdf)) if row is not None else None

    def stale_reports(self, room_id: str) -> list[tuple[int, int]]:
        """(submission id, revision) of every submission whose current revision has no PDF yet."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(submissions.c.id, submissions.c.revision)
                .select_from(
                    submissions.outerjoin(
                        reports,
                        sa.and_(
                            reports.c.submission_id == submissions.c.id, reports.c.revision == submissions.c.revision
                        ),
                    )
                )
                .where(submissions.c.room_id == room_id, reports.c.submission_id.is_(None))
                .order_by(submissions.c.id)
            ).all()
        return [(int(i), int(r)) for i, r in rows]

    def connection(self) -> Connection:
        return self.engine.connect()


def pseudonym(room_id: str, participant_hash: str) -> str:
    """The participant key an export carries: stable across the rounds of one room, unrelated to the secret key or
    its hash, and different in another room (one browser at two workshops is not linked by their exports)."""
    text = f"dealcraft-participant:{room_id}:{participant_hash}"
    return "p-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _submission(row: Any) -> Submission:
    m = row._mapping
    return Submission(
        id=int(m["id"]),
        questionnaire=m["questionnaire"],
        name=m["name"],
        document=json.loads(m["document"]),
        scores=json.loads(m["scores"]),
        received_at=m["received_at"],
        updated_at=m["updated_at"],
        revision=int(m["revision"]),
        round=m["round"],
        participant=m["participant"],
        room_id=m["room_id"],
        version=m["version"],
        questionnaire_hash=m["questionnaire_hash"],
    )
