"""The command line's work on the portal's database: one engine from $DATABASE_URL, disposed
after, and a database that fails said in one line with what was left unchanged."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from huvudman.store.database import database_url, make_engine

T = TypeVar("T")


def on_database(console: Console, work: Callable[[Engine], T], unchanged: str) -> T | None:
    """`work`'s result on $DATABASE_URL's engine; None (said why, and `unchanged`) when the
    database fails."""
    engine = make_engine(database_url())
    try:
        return work(engine)
    except SQLAlchemyError as err:
        console.print(f"[bold red]error:[/] {str(err).splitlines()[0]}; {unchanged}",
                      highlight=False)
        return None
    finally:
        engine.dispose()
