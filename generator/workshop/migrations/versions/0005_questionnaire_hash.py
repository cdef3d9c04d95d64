"""Each submission records the hash of the questionnaire text it was scored with (site/compile.py `content_hash`).

A facilitator may edit a questionnaire without raising its version and start the server again: the server then
finds the rows scored with another text and scores them again (store.Store.rescore). Rows stored before this
revision have no hash: they are checked once, at the next start-up.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("questionnaire_hash", sa.String(16)))
