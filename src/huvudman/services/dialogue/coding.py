"""Coding the dialogue's material: written feedback (and, as they come, interviews and survey
answers) joins the material as passages with names, numbers and addresses marked out; coders
tag passages with the code tree's sub-codes, shown the model's suggestions with their
confidence — a suggestion counts only when the coder accepts it; agreement between two coders
per code; the coded material exported for QualCoder, NVivo or a spreadsheet.

The rules are `dialogue.themes`, `dialogue.suggest` and `dialogue.agreement`; this module
stores, scopes and audits."""

from __future__ import annotations

import csv
import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime
from threading import Lock
from xml.sax.saxutils import escape, quoteattr

from openpyxl import Workbook
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from huvudman.dialogue import agreement, suggest
from huvudman.dialogue.themes import CODES, THEME_OF
from huvudman.governance.roles import DIALOGUE_CODERS
from huvudman.services.dialogue.feedback import marked_out
from huvudman.services.families.applications import NotAllowed
from huvudman.store import audit_log
from huvudman.store.models import CodedPassage, Coding, Feedback, Passage, User
from huvudman.words.dialogue import FEEDBACK_REFUSALS

#: Who codes the material (and reads it, marked out).
CODERS = DIALOGUE_CODERS
_MODEL_LOCK = Lock()
_MODEL: dict[tuple, suggest.Suggester | None] = {}


def _refused() -> NotAllowed:
    return NotAllowed(FEEDBACK_REFUSALS["not_now"])


def collect_feedback(session: Session, now: datetime) -> int:
    """Written feedback not yet in the material joins it, marked out; how many passages."""
    known = set(session.scalars(select(Passage.source_id).where(Passage.source == "feedback")))
    added = 0
    for item in session.scalars(select(Feedback).order_by(Feedback.id)):
        if item.id in known:
            continue
        session.add(Passage(source="feedback", source_id=item.id,
                            text=marked_out(session, item), quotable=item.consent,
                            added_at=now))
        added += 1
    session.flush()
    return added


def material(session: Session) -> list[Passage]:
    """Every passage, in the order it joined."""
    return list(session.scalars(select(Passage).order_by(Passage.id)))


@dataclass(frozen=True)
class Progress:
    """How far the coding has come."""

    passages: int
    coded_by_me: int
    coded_by_two: int


def progress(session: Session, coder: User) -> Progress:
    """Passages in all, coded by the coder, coded by at least two coders."""
    total = session.scalar(select(func.count()).select_from(Passage)) or 0
    mine = session.scalar(select(func.count()).select_from(CodedPassage).where(
        CodedPassage.coder_id == coder.id)) or 0
    twice = session.scalar(select(func.count()).select_from(
        select(CodedPassage.passage_id).group_by(CodedPassage.passage_id)
        .having(func.count() >= 2).subquery())) or 0
    return Progress(total, mine, twice)


def next_passage(session: Session, coder: User) -> Passage | None:
    """The oldest passage the coder has not coded."""
    done = select(CodedPassage.passage_id).where(CodedPassage.coder_id == coder.id)
    return session.scalars(select(Passage).where(Passage.id.not_in(done))
                           .order_by(Passage.id).limit(1)).first()


def passage_for(session: Session, coder: User, passage_id: int, now: datetime
                ) -> Passage | None:
    """One passage for a coder; the read is audited."""
    if coder.role not in CODERS:
        return None
    passage = session.get(Passage, passage_id)
    if passage is not None:
        audit_log.record(session, coder.email, "read_passage", f"passage:{passage.id}", at=now)
    return passage


def _model(session: Session) -> suggest.Suggester | None:
    """The model of every coded passage (the union of its coders' codes), trained again only
    when the coding has changed."""
    key = (session.scalar(select(func.count()).select_from(CodedPassage)),
           session.scalar(select(func.max(CodedPassage.at))),
           session.scalar(select(func.count()).select_from(Coding)))
    with _MODEL_LOCK:
        if key in _MODEL:
            return _MODEL[key]
    coded = {p: set() for p in session.scalars(select(CodedPassage.passage_id).distinct())}
    for passage_id, code in session.execute(select(Coding.passage_id, Coding.code)):
        coded.setdefault(passage_id, set()).add(code)
    texts = dict(session.execute(select(Passage.id, Passage.text)
                                 .where(Passage.id.in_(list(coded)))).all()) if coded else {}
    ids = sorted(texts)
    model = suggest.train([texts[i] for i in ids], [frozenset(coded[i]) for i in ids])
    with _MODEL_LOCK:
        _MODEL.clear()
        _MODEL[key] = model
    return model


def suggestions(session: Session, passage: Passage) -> list[suggest.Suggestion]:
    """The model's suggestions for a passage (none until enough has been coded)."""
    model = _model(session)
    return suggest.suggest(model, [passage.text])[0] if model is not None else []


def code_passage(session: Session, coder: User, passage_id: int, codes: list[str],
                 accepted: dict[str, float], now: datetime) -> None:
    """The coder's codes for a passage (replacing theirs before); a code taken from a
    suggestion keeps the confidence it was shown with; audited."""
    passage = session.get(Passage, passage_id)
    if passage is None or coder.role not in CODERS or any(c not in CODES for c in codes):
        raise _refused()
    session.execute(delete(Coding).where(Coding.passage_id == passage.id,
                                         Coding.coder_id == coder.id))
    for code in sorted(set(codes)):
        session.add(Coding(passage_id=passage.id, coder_id=coder.id, code=code,
                           suggested=accepted.get(code), at=now))
    if session.get(CodedPassage, (passage.id, coder.id)) is None:
        session.add(CodedPassage(passage_id=passage.id, coder_id=coder.id, at=now))
    audit_log.record(session, coder.email, "code_passage", f"passage:{passage.id}",
                     ", ".join(sorted(set(codes))) or "no code", at=now)


def coders(session: Session) -> list[User]:
    """Everyone who has coded something, by name."""
    ids = select(CodedPassage.coder_id).distinct()
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))


def _codings(session: Session, coder_ids: list[int]) -> dict[int, dict[int, frozenset[str]]]:
    out: dict[int, dict[int, set[str]]] = {c: {} for c in coder_ids}
    for passage_id, coder_id in session.execute(select(CodedPassage.passage_id,
                                                       CodedPassage.coder_id)
                                                .where(CodedPassage.coder_id.in_(coder_ids))):
        out[coder_id][passage_id] = set()
    for passage_id, coder_id, code in session.execute(
            select(Coding.passage_id, Coding.coder_id, Coding.code)
            .where(Coding.coder_id.in_(coder_ids))):
        out[coder_id].setdefault(passage_id, set()).add(code)
    return {c: {p: frozenset(v) for p, v in d.items()} for c, d in out.items()}


def agreement_between(session: Session, first: int, second: int) -> list[agreement.Agreement]:
    """Each code's agreement between two coders (kappa on the passages both coded, alpha)."""
    return agreement.per_code(_codings(session, [first, second]), CODES)


# ---- exports ---------------------------------------------------------------------------------

def _rows(session: Session):
    names = {u.id: u.name for u in coders(session)}
    by_passage: dict[int, dict[int, set[str]]] = {}
    for passage_id, coder_id, code in session.execute(select(Coding.passage_id,
                                                             Coding.coder_id, Coding.code)):
        by_passage.setdefault(passage_id, {}).setdefault(coder_id, set()).add(code)
    for p in session.scalars(select(Passage).order_by(Passage.id)):
        for coder_id, codes in sorted(by_passage.get(p.id, {}).items()):
            for code in sorted(codes):
                yield p, names.get(coder_id, str(coder_id)), code


EXPORT_COLUMNS = ("passage", "source", "quotable", "coder", "theme", "code", "text")


def export_csv(session: Session) -> str:
    """One row per passage, coder and code (the text marked out), as CSV."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for p, coder, code in _rows(session):
        writer.writerow([p.id, p.source, "yes" if p.quotable else "no", coder,
                         THEME_OF[code], code, p.text])
    return out.getvalue()


def export_xlsx(session: Session) -> bytes:
    """The same rows as a spreadsheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "coding"
    sheet.append(list(EXPORT_COLUMNS))
    for p, coder, code in _rows(session):
        sheet.append([p.id, p.source, "yes" if p.quotable else "no", coder, THEME_OF[code],
                      code, p.text])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_qdpx(session: Session, project: str, now: datetime) -> bytes:
    """The material and its coding as a REFI-QDA project (.qdpx: project.qde and the texts),
    which QualCoder, NVivo and ATLAS.ti open: the code tree, each passage a text source, each
    coder's code a coding of the whole passage."""
    def guid(*parts) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, "huvudman:" + ":".join(map(str, parts))))

    stamp = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    people = coders(session)
    users = "".join(f"<User guid={quoteattr(guid('user', u.id))} name={quoteattr(u.name)}/>"
                    for u in people)
    fallback = guid("user", "huvudman")
    users += f"<User guid={quoteattr(fallback)} name=\"huvudman\"/>"
    codes = "".join(
        f"<Code guid={quoteattr(guid('theme', t))} name={quoteattr(t)} isCodable=\"false\">"
        + "".join(f"<Code guid={quoteattr(guid('code', c))} name={quoteattr(c)} "
                  f"isCodable=\"true\"/>" for c in CODES if THEME_OF[c] == t) + "</Code>"
        for t in dict.fromkeys(THEME_OF.values()))
    by_passage: dict[int, list[tuple[int, str]]] = {}
    for passage_id, coder_id, code in session.execute(select(Coding.passage_id,
                                                             Coding.coder_id, Coding.code)):
        by_passage.setdefault(passage_id, []).append((coder_id, code))
    sources, files = [], {}
    for p in session.scalars(select(Passage).order_by(Passage.id)):
        name = f"{p.source}-{p.source_id}.txt"
        files[name] = p.text
        selection = ""
        if by_passage.get(p.id):
            codings = "".join(
                f"<Coding guid={quoteattr(guid('coding', p.id, who, code))} "
                f"creatingUser={quoteattr(guid('user', who))} creationDateTime=\"{stamp}\">"
                f"<CodeRef targetGUID={quoteattr(guid('code', code))}/></Coding>"
                for who, code in sorted(by_passage[p.id]))
            selection = (f"<PlainTextSelection guid={quoteattr(guid('selection', p.id))} "
                         f"name={quoteattr(name)} startPosition=\"0\" "
                         f"endPosition=\"{len(p.text)}\" creatingUser={quoteattr(fallback)} "
                         f"creationDateTime=\"{stamp}\">{codings}</PlainTextSelection>")
        sources.append(f"<TextSource guid={quoteattr(guid('source', p.id))} "
                       f"name={quoteattr(name)} plainTextPath=\"internal://{escape(name)}\" "
                       f"creatingUser={quoteattr(fallback)} creationDateTime=\"{stamp}\">"
                       f"{selection}</TextSource>")
    project_xml = (
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        f"<Project xmlns=\"urn:QDA-XML:project:1.0\" name={quoteattr(project)} "
        f"origin=\"huvudman\" creationDateTime=\"{stamp}\">"
        f"<Users>{users}</Users><CodeBook><Codes>{codes}</Codes></CodeBook>"
        f"<Sources>{''.join(sources)}</Sources></Project>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml)
        for name, text in files.items():
            archive.writestr(f"sources/{name}", text)
    return out.getvalue()
