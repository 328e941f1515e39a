"""Pieces of pages built in Python where a template loop would cost too much: the school
choices of a ranking form (five lists of every school) are rendered once per page."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape


def metres_text(metres: float) -> str:
    """A distance as guardians read it: whole metres, thin groups (1 234 m)."""
    return f"{metres:,.0f}".replace(",", "\u00a0") + "\u00a0m"


def school_options(schools: Sequence[tuple[object, float]], none_label: str,
                   slots: int, chosen: Sequence[str]) -> list[Markup]:
    """The <option>s of each choice slot: every school with its distance, the slot's current
    choice selected."""
    body = "".join(f'<option value="{escape(s.school_id)}">{escape(s.name)} '
                   f"({metres_text(metres)})</option>" for s, metres in schools)
    empty = f'<option value="">{escape(none_label)}</option>'
    out = []
    for k in range(slots):
        html = body
        if k < len(chosen):
            mark = f'<option value="{escape(chosen[k])}">'
            html = html.replace(mark, mark[:-1] + " selected>", 1)
        out.append(Markup(empty + html))
    return out
