"""The store: SQLAlchemy models, Alembic migrations, repositories and the append-only audit log
(an adapter: services reach the database only through it)."""
