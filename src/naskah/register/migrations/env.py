"""Alembic environment of naskah's database, run programmatically by naskah.register.basis.

The caller passes an open connection (already inside a transaction that holds the migration lock)
in ``config.attributes["connection"]``; offline (SQL script) mode is not supported.
"""

from __future__ import annotations

from alembic import context

from naskah.register.skema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs the alembic CLI
    raise RuntimeError(
        "naskah's migrations run from naskah.register.buka_register, not the alembic CLI"
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
