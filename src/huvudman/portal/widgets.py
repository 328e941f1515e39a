"""Pieces of pages built in Python where a template loop would cost too much: the school
choices of a ranking form (five lists of every school) are rendered once per page."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from huvudman.words.formatting import metres as metres_text


def school_options(schools: Sequence[tuple[object, float]], none_label: str,
                   slots: int, chosen: Sequence[str], lang: str) -> list[Markup]:
    """The <option>s of each choice slot: every school with its distance, the slot's current
    choice selected."""
    body = "".join(f'<option value="{escape(s.school_id)}">{escape(s.name)} '
                   f"({metres_text(metres, lang)})</option>" for s, metres in schools)
    empty = f'<option value="">{escape(none_label)}</option>'
    out = []
    for k in range(slots):
        html = body
        if k < len(chosen):
            mark = f'<option value="{escape(chosen[k])}">'
            html = html.replace(mark, mark[:-1] + " selected>", 1)
        out.append(Markup(empty + html))
    return out


def svg_image(svg: str, alt: str) -> Markup:
    """An SVG drawing as an image: the portal's Content-Security-Policy blocks the inline
    styles chart libraries write into SVG, but a drawing shown as an image keeps its own
    styles; `alt` says what it shows (the figures themselves are in the table beside it)."""
    import base64

    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup(f'<img class="chart" src="data:image/svg+xml;base64,{data}" '
                  f'alt="{escape(alt)}">')
