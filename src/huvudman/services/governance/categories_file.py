"""A municipality's own kinds of deviation, from the TOML file named by $HUVUDMAN_CATEGORIES:
read, checked by `governance.categories`, and put in force for the portal and the commands.

    [[category]]
    code = "vandalism"
    chain = "school"            # school, placement or administration
    respond = "2 working days"  # or "24 hours"
    resolve = "10 working days"
    name = { sv = "Skadegörelse", en = "Vandalism" }
    about = { sv = "Något förstört med avsikt.", en = "Something destroyed on purpose." }

    [[category]]                # a built-in kind with a shorter time to respond
    code = "complaint"
    respond = "1 working day"
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from huvudman.governance.categories import BadCategory, Configured, configure
from huvudman.governance.deviations import BUILT_IN, CATEGORIES, use_categories
from huvudman.store.models import Deviation
from huvudman.words.catalogs import translations
from huvudman.words.governance import CATEGORY_FILE_ERRORS, use_category_names

ENVIRONMENT = "HUVUDMAN_CATEGORIES"


class CategoriesRefused(ValueError):
    """The categories file cannot be used; the message says where and why (in Swedish and
    English: it is read by whoever starts the service)."""


def read_categories(path: Path) -> Configured:
    """The kinds a file configures, with the built-in ones."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise CategoriesRefused(f"{path}: {err.strerror or err}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise CategoriesRefused(f"{path}: {err}") from None
    entries = document.get("category", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CategoriesRefused(f"{path}: {_words('not_a_table')}")
    try:
        return configure(entries)
    except BadCategory as err:
        raise CategoriesRefused(f"{path}: [[category]] {err.entry}, {err.key}: "
                                f"{_words(err.code)}") from None


def install(configured: Configured) -> None:
    """Put the configured kinds and their names in force."""
    use_categories(configured.categories)
    use_category_names(configured.names)


def install_from_environment() -> Configured | None:
    """The kinds of $HUVUDMAN_CATEGORIES put in force (the built-in ones alone without it)."""
    name = os.environ.get(ENVIRONMENT, "").strip()
    if not name:
        install(Configured(dict(BUILT_IN), {}))
        return None
    configured = read_categories(Path(name))
    install(configured)
    return configured


def _words(code: str) -> str:
    sv, en = translations("sv").gettext, translations("en").gettext
    message = CATEGORY_FILE_ERRORS[code]
    return f"{sv(message)} ({en(message)})"


def kinds_in_use_but_gone(session: Session) -> dict[str, int]:
    """Kinds that cases in the database have but the configuration no longer names (with how
    many cases): a configuration must keep every kind that has cases."""
    used = dict(session.execute(select(Deviation.category, func.count())
                                .group_by(Deviation.category)).all())
    return {code: n for code, n in used.items() if code not in CATEGORIES}


def check_kinds_in_use(session: Session) -> None:
    """Refuse a configuration that drops a kind some cases have."""
    gone = kinds_in_use_but_gone(session)
    if gone:
        listed = ", ".join(f"{code} ({n})" for code, n in sorted(gone.items()))
        raise CategoriesRefused(f"{_words('in_use')}: {listed}")
