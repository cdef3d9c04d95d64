"""The paired deal check of the role-play: each side's private walk-away limit, by pair code and role."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "deal_checks",
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
