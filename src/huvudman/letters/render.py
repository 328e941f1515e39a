"""A letter as HTML (the portal's page, a file to open in a browser): the composed letter laid
out by one Jinja2 template that holds no words of its own."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from jinja2 import Environment, PackageLoader, Template, select_autoescape

from huvudman.letters.compose import RouteDrawing, compose_letter
from huvudman.letters.content import Letter
from huvudman.letters.facts import LetterFacts


@lru_cache(maxsize=1)
def _template() -> Template:
    """The letter template, compiled once per process (compiling costs more than rendering)."""
    env = Environment(loader=PackageLoader("huvudman.letters", "templates"),
                      autoescape=select_autoescape(["html"]), trim_blocks=True,
                      lstrip_blocks=True)
    return env.get_template("letter.html")


def letter_html(letter: Letter) -> str:
    """The composed letter as an HTML document."""
    return _template().render(letter=letter)


def render_letter(f: LetterFacts, code: str, route: RouteDrawing | None = None,
                  appeal_last_day: date | None = None) -> str:
    """The letter for one child in one language as an HTML document (see `compose_letter`)."""
    return letter_html(compose_letter(f, code, route, appeal_last_day))
