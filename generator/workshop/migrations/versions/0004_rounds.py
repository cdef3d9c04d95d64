"""Before-and-after rounds: the room says which round it collects, and a participant may hold one submission per
round of a questionnaire. Everything sent so far was the first round.

SQLite cannot drop a unique constraint, so the submissions table is rebuilt (batch mode); store.upgrade turns
SQLite's foreign keys off around it, or dropping the old table would cascade into the stored reports.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"


def upgrade() -> None:
    with op.batch_alter_table("rooms") as batch:
        batch.add_column(sa.Column("current_round", sa.String(10), nullable=False, server_default="before"))
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("round", sa.String(10), nullable=False, server_default="before"))
        batch.drop_constraint("uq_submission_per_participant", type_="unique")
        batch.create_unique_constraint(
            "uq_submission_per_participant_round", ["room_id", "participant", "questionnaire", "round"]
        )
        batch.create_check_constraint("ck_submission_round", "round IN ('before', 'after')")
