"""Numbers, percentages, metres, dates and times as a person reads them in their language
(Babel's locale data: "80,8 %" and "1 225 m" in Swedish, "80.8%" and "1,225 m" in English), and
every time in Europe/Stockholm whatever zone it was stored in (UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

STOCKHOLM = ZoneInfo("Europe/Stockholm")
#: The portal's and letters' language codes → Babel locales.
LOCALES = {"sv": "sv_SE", "sv-easy": "sv_SE", "en": "en_GB"}


def babel_locale(lang: str) -> str:
    """The Babel locale of a language code (Swedish for unknown codes: the authority's own)."""
    return LOCALES.get(lang, lang.replace("-", "_") if lang else "sv_SE")


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A number with the locale's grouping and decimal sign."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(round(float(value), decimals), format=pattern,
                          locale=babel_locale(lang))


def percent(share: float, lang: str, decimals: int = 1) -> str:
    """A share (0–1) as a percentage in the locale's way ("80,8 %", "80.8%")."""
    locale = Locale.parse(babel_locale(lang))
    pattern = locale.percent_formats[None].pattern
    last = pattern.rfind("0")
    if decimals:
        pattern = pattern[:last + 1] + "." + "0" * decimals + pattern[last + 1:]
    return format_percent(float(share), format=pattern, locale=locale)


def metres(value: float, lang: str) -> str:
    """A distance in whole metres ("1 225 m"), with a no-break space before the unit."""
    return f"{number(value, lang)}\u00a0m"


def local_time(at: datetime | None) -> str:
    """A stored time as Swedish time (YYYY-MM-DD HH:MM, the Swedish standard way); naive
    times are taken to be UTC, as the store keeps them; "" for none."""
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def local_date(at: datetime | date | None, lang: str = "sv") -> str:
    """The date of a stored time in Sweden (ISO YYYY-MM-DD), "" for none."""
    if at is None:
        return ""
    if isinstance(at, datetime):
        at = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(STOCKHOLM).date()
    return _babel_date(at, format="yyyy-MM-dd", locale=babel_locale(lang))


def day_words(day: date | None, lang: str = "sv") -> str:
    """A day as a family reads it: "31 mars 2027", "March 31, 2027"; "" for none."""
    if day is None:
        return ""
    return _babel_date(day, format="long", locale=babel_locale(lang))


def last_day(at: datetime | None, lang: str = "sv") -> str:
    """The last day of a time limit that runs out at `at`: a limit ending at midnight is read
    as the day before it ("answer by 3 February", not "by 4 February 00:00")."""
    if at is None:
        return ""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return local_date(at - timedelta(microseconds=1), lang)


def language_name(code: str) -> str:
    """A language's name in itself ("Svenska", "English", "العربية"): how a language is offered
    to the people who speak it."""
    if code == "sv-easy":
        return "Lätt svenska"  # easy-read Swedish (lättläst), a register of Swedish
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return code
    return (name or code)[:1].upper() + (name or code)[1:]
