"""Issued documents: issue (one or a batch), reprint byte-identical, list per contract.

Issuing:
1. the contracts are read, the next document number taken as max(sequence) + 1, the letters built;
2. each PDF is rendered to a temporary ``.part`` name in the documents folder and fsync'ed (no
   transaction is held meanwhile);
3. in one transaction: if the next free number is still the one the letters carry, the
   IssuedDocument rows and their audit entries are written (the unique sequence refuses a number
   another process took at the same moment), the temporary files are renamed into place, then it
   commits. If another program recorded documents meanwhile, all is built again (a few times).
A crash or a cancel before the commit leaves no row, and the numbers were never given (a file
renamed just before a crash is unrecorded; the next issue removes it). So every recorded
document has its PDF, and a document number is never given twice.

A document rendered by its own code (the penalty quote, app/quote) is issued through
``issue_ready``: the same numbering, temporary file, row, audit entry and rename, for one file.

Several documents may share one file (a batch printed as one PDF, or one file per customer):
each row names its pages. ``stored_pdf`` returns the stored bytes after checking their SHA-256,
with the document's pages in them (the window previews and prints only those).
"""
from __future__ import annotations

import hashlib
import io
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO, Protocol

import platformdirs
from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.models import Contract, Customer, IssuedDocument
from app.notices.builders import BuildOptions, IssueContext, NotApplicable, build, document_number
from app.labels import document_kind_label
from app.notices.kinds import DocumentKind
from app.notices.layout import Letter, Sender, render_letters
from app.notices.sources import LetterFacts, load_facts
from app.notices.templates import TemplateError, common_values
from app.settings import APP_NAME, Settings, missing_company_fields
from app.store.engine import session_scope
from app.store.sqlite_file import fsync_dir
from app.usecases.audit import snapshot, write_audit
from app.usecases.context import UseCaseContext
from app.usecases.errors import NotFoundError, StateError, ValidationError

DOCUMENTS_DIR_NAME = "documents"
ORPHAN_AGE_SECONDS = 600  # an unrecorded file older than this is left over from a crash


class Grouping(StrEnum):
    ONE_FILE = "one_file"  # all documents of the batch in one PDF
    PER_CUSTOMER = "per_customer"  # one PDF per customer
    PER_DOCUMENT = "per_document"  # one PDF per document


class Progress(Protocol):
    """What a batch reports to (ui/workers.Progress has this shape): counts, text, cancel flag."""

    def report(self, done: int, total: int, text: str = "") -> None: ...

    @property
    def cancelled(self) -> bool: ...


class _NoProgress:
    def report(self, done: int, total: int, text: str = "") -> None:
        return None

    @property
    def cancelled(self) -> bool:
        return False


class Cancelled(Exception):
    """The user cancelled the batch: nothing was recorded and no file was left behind."""


class MissingCompanyProfile(ValidationError):
    """The sender's company profile is incomplete: a notice is never printed with it blank."""

    def __init__(self, missing: Sequence[str]) -> None:
        super().__init__(f"差出人の会社情報が未設定です（{'、'.join(missing)}）。設定してから印刷してください", "company")
        self.missing = list(missing)


class DocumentDamaged(StateError):
    """The stored PDF is missing or no longer matches its SHA-256."""


@dataclass(frozen=True)
class IssueRequest:
    kind: DocumentKind
    contract_id: int
    options: BuildOptions = BuildOptions()


@dataclass(frozen=True)
class DocumentRow:
    id: int
    number: str
    kind: str
    kind_label: str
    contract_id: int | None
    contract_number: str
    company: str
    issue_date: date
    subject: str
    amount: int
    file_name: str
    first_page: int
    page_count: int
    batch: str


@dataclass
class IssueResult:
    documents: list[DocumentRow] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (contract id, reason)


def documents_dir(database_path: Path | None = None) -> Path:
    """Issued PDFs live beside the database file, or in the user data folder (PostgreSQL)."""
    if database_path is not None:
        return database_path.parent / DOCUMENTS_DIR_NAME
    return Path(platformdirs.user_data_dir(APP_NAME)) / DOCUMENTS_DIR_NAME


def require_company_profile(settings: Settings) -> Sender:
    missing = missing_company_fields(settings)
    if missing:
        raise MissingCompanyProfile(missing)
    return Sender.from_settings(settings)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(session: Session, root: Path, now: datetime) -> int:
    """Delete what a crashed issue left: ``.part`` files of dead processes, and unrecorded PDFs
    older than ORPHAN_AGE_SECONDS at `now` (the context's clock: a clockless context's midnight
    keeps today's files, which is the safe side)."""
    if not root.is_dir():
        return 0
    now_seconds = now.timestamp()
    recorded = set(session.exec(select(IssuedDocument.file_name).distinct()).all())
    removed = 0
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        try:
            if path.suffix == ".part":
                pid = int(path.stem.rsplit(".", 1)[-1])
                if _pid_alive(pid) and pid != os.getpid():
                    continue
            elif path.suffix != ".pdf" or name in recorded or now_seconds - path.stat().st_mtime < ORPHAN_AGE_SECONDS:
                continue
            path.unlink()
            removed += 1
        except (OSError, ValueError):
            continue
    return removed


def _next_sequence(session: Session) -> int:
    current = session.exec(select(func.max(IssuedDocument.sequence))).one()
    return int(current or 0) + 1


def _number(issue_date: date, sequence: int) -> str:
    return document_number(common_values()["number_prefix"], issue_date, sequence)


def _file_names(root: Path, issue_date: date, stem: str) -> tuple[Path, Path]:
    """(temporary, final) names of a file to issue: <root>/<year>/<stem>.pdf, the temporary one
    beside it named for this process (so that remove_leftovers knows whose it is)."""
    final = root / str(issue_date.year) / f"{stem}.pdf"
    final.parent.mkdir(parents=True, exist_ok=True)
    return final.with_name(f".{final.stem}.{os.getpid()}.part"), final


@contextmanager
def _synced(temp: Path) -> Iterator[BinaryIO]:
    """The temporary file open for writing, flushed and fsync'ed when the block ends."""
    with open(temp, "wb") as handle:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def _move_into_place(moves: Sequence[tuple[Path, Path]], finals: list[Path]) -> None:
    """Rename each temporary file to its final name (inside the recording transaction), then
    fsync their folders; `finals` collects what was renamed, for _discard if the commit fails."""
    for temp, final in moves:
        os.replace(temp, final)
        finals.append(final)
    for directory in {final.parent for _, final in moves}:
        fsync_dir(directory)


def _groups(letters: list[tuple[IssueRequest, Letter, int]], grouping: Grouping,
            customer_of: dict[int, int]) -> list[list[tuple[IssueRequest, Letter, int]]]:
    if grouping == Grouping.ONE_FILE:
        return [letters] if letters else []
    if grouping == Grouping.PER_DOCUMENT:
        return [[item] for item in letters]
    groups: dict[int, list[tuple[IssueRequest, Letter, int]]] = {}
    for item in letters:
        groups.setdefault(customer_of[item[0].contract_id], []).append(item)
    return list(groups.values())


class _RenderProgress(list[int]):
    """The page-mark sink of render_letters: reports each letter drawn and honours cancel."""

    def __init__(self, progress: Progress, offset: int, total: int) -> None:
        super().__init__()
        self.progress, self.offset, self.total = progress, offset, total

    def append(self, page: int) -> None:
        if self.progress.cancelled:
            raise Cancelled()
        super().append(page)
        self.progress.report(self.offset + len(self), self.total, "PDFを作成しています")


Built = list[tuple[IssueRequest, Letter, int]]  # (request, letter, sequence)
ATTEMPTS = 3  # another program took the numbers meanwhile: build, render and record again
NUMBERS_TAKEN = "同時に別の文書が発行されたため文書番号を確保できませんでした。もう一度実行してください"


def issue_documents(
    engine: Engine,
    ctx: UseCaseContext,
    settings: Settings,
    requests: Sequence[IssueRequest],
    *,
    root: Path,
    grouping: Grouping = Grouping.ONE_FILE,
    progress: Progress | None = None,
    skip_not_applicable: bool | None = None,
    batch: str = "",
) -> IssueResult:
    """Issue the documents asked for; all are recorded together or none (see the module doc).

    A request that does not apply (e.g. no overdue payment) is skipped in a batch and refused
    for a single document (`skip_not_applicable` defaults to "more than one request").
    The letters are built and rendered outside the writing transaction (a long batch does not
    hold the database); the rows are written only if the numbers are still free, else the whole
    batch is built again with the next free numbers.
    Raises MissingCompanyProfile, Cancelled, NotFoundError, StateError.
    """
    sender = require_company_profile(settings)
    progress = progress or _NoProgress()
    if skip_not_applicable is None:
        skip_not_applicable = len(requests) > 1
    ic = IssueContext(ctx.today, sender, settings.date_style, ctx.reading)
    with Session(engine) as session:  # reads the recorded file names; deletes only unrecorded files
        remove_leftovers(session, root, ctx.now())
    for attempt in range(ATTEMPTS):
        temps: list[Path] = []
        finals: list[Path] = []
        try:
            with Session(engine) as session:  # read only
                facts = load_facts(session, [r.contract_id for r in requests])
                first_sequence = _next_sequence(session)
            result = IssueResult()
            built = _build(requests, facts, first_sequence, ctx, ic, progress, result, skip_not_applicable)
            pending = _render(built, facts, grouping, root, ctx, progress, len(requests), temps)
            with session_scope(engine) as session:
                if _next_sequence(session) != first_sequence:
                    raise _NumbersTaken()
                _record(session, ctx, pending, facts, root, batch, result)
                session.flush()
                _move_into_place([(temp, final) for temp, final, _, _ in pending], finals)
                result.files.extend(finals)
            return result
        except (_NumbersTaken, IntegrityError) as exc:
            _discard(temps, finals)
            if attempt == ATTEMPTS - 1:
                raise StateError(NUMBERS_TAKEN) from exc
        except TemplateError as exc:
            _discard(temps, finals)
            raise StateError(str(exc)) from exc
        except BaseException:
            _discard(temps, finals)
            raise
    raise AssertionError("unreachable")


class _NumbersTaken(Exception):
    """Another program recorded documents while this batch was being rendered."""


def _build(requests: Sequence[IssueRequest], facts: dict[int, LetterFacts], sequence: int, ctx: UseCaseContext,
           ic: IssueContext, progress: Progress, result: IssueResult, skip_not_applicable: bool) -> Built:
    built: Built = []
    total = len(requests) * 2
    for index, request in enumerate(requests):
        if progress.cancelled:
            raise Cancelled()
        contract = facts.get(request.contract_id)
        if contract is None:
            if not skip_not_applicable:
                raise NotFoundError(f"契約（id {request.contract_id}）が見つかりません", "contract")
            result.skipped.append((request.contract_id, "契約が見つかりません"))
            continue
        try:
            letter = build(request.kind, contract, _number(ctx.today, sequence), ic, request.options)
        except NotApplicable as exc:
            if not skip_not_applicable:
                raise StateError(str(exc)) from exc
            result.skipped.append((request.contract_id, str(exc)))
            continue
        built.append((request, letter, sequence))
        sequence += 1
        if index % 20 == 0:
            progress.report(index + 1, total, "通知書を準備しています")
    if not built:
        raise StateError("発行できる通知書がありません" + (f"（{result.skipped[0][1]}）" if result.skipped else ""))
    return built


Pending = list[tuple[Path, Path, Built, list[tuple[int, int]]]]  # (temp, final, letters, page ranges)


def _render(built: Built, facts: dict[int, LetterFacts], grouping: Grouping, root: Path, ctx: UseCaseContext,
            progress: Progress, requested: int, temps: list[Path]) -> Pending:
    """Each file rendered to a temporary name beside its final one, fsync'ed."""
    customer_of = {cid: f.customer_id for cid, f in facts.items()}
    pending: Pending = []
    done, total = requested, requested + len(built)
    for group in _groups(built, grouping, customer_of):
        first, last = group[0][1].document_number, group[-1][1].document_number
        stem = first if len(group) == 1 else f"{first}_{last.rsplit('-', 1)[-1]}"
        temp, final = _file_names(root, ctx.today, stem)
        temps.append(temp)
        with _synced(temp) as handle:
            pages = render_letters([letter for _, letter, _ in group], handle,
                                   marks=_RenderProgress(progress, done, total))
        done += len(group)
        pending.append((temp, final, group, pages))
    if progress.cancelled:
        raise Cancelled()
    progress.report(total, total, "記録しています")
    return pending


def _record(session: Session, ctx: UseCaseContext, pending: Pending, facts: dict[int, LetterFacts], root: Path,
            batch: str, result: IssueResult) -> None:
    for temp, final, group, pages in pending:
        digest = _sha256(temp)
        file_name = final.relative_to(root).as_posix()
        for (request, letter, seq), (first_page, page_count) in zip(group, pages):
            row = IssuedDocument(
                sequence=seq, document_number=letter.document_number, kind=request.kind.value,
                contract_id=request.contract_id, issue_date=letter.issue_date, subject=letter.subject,
                amount=int(letter.meta.get("amount", 0)), file_name=file_name, file_sha256=digest,
                first_page=first_page, page_count=page_count, batch=batch, actor=ctx.actor, created_at=ctx.now(),
            )
            write_audit(session, ctx, action="issue_document", row=row, before=None, contract_id=request.contract_id,
                        summary=f"{document_kind_label(request.kind)}を発行（文書番号 {letter.document_number}）")
            contract = facts[request.contract_id]
            result.documents.append(_row(row, contract.number, contract.addressee.company))


def _discard(temps: list[Path], finals: list[Path]) -> None:
    for path in [*temps, *finals]:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


@dataclass(frozen=True)
class ReadyDocument:
    """A document rendered by its own code (the penalty quote), issued like a notice."""

    kind: DocumentKind
    contract_id: int | None  # None: a prospect's document, recorded without a contract
    subject: str
    amount: int
    render: Callable[[str], bytes]  # the document number -> the PDF
    summary: Callable[[str], str]  # the document number -> the audit entry's summary
    page_count: int = 1


@dataclass(frozen=True)
class IssuedFile:
    document_id: int
    document_number: str
    path: Path
    data: bytes


def issue_ready(engine: Engine, ctx: UseCaseContext, document: ReadyDocument, *, root: Path) -> IssuedFile:
    """Number, render, store and record one ready-made document on ctx.today, in one transaction
    (one short file: the number is taken and the PDF rendered inside it). A failure leaves neither
    a row nor a file; StateError when another program took the number at the same moment."""
    temps: list[Path] = []
    finals: list[Path] = []
    try:
        with session_scope(engine) as session:
            sequence = _next_sequence(session)
            number = _number(ctx.today, sequence)
            data = document.render(number)
            temp, final = _file_names(root, ctx.today, number)
            temps.append(temp)
            with _synced(temp) as handle:
                handle.write(data)
            row = IssuedDocument(
                sequence=sequence, document_number=number, kind=document.kind.value,
                contract_id=document.contract_id, issue_date=ctx.today, subject=document.subject,
                amount=document.amount, file_name=final.relative_to(root).as_posix(),
                file_sha256=hashlib.sha256(data).hexdigest(), first_page=1, page_count=document.page_count,
                actor=ctx.actor, created_at=ctx.now(),
            )
            document_id = write_audit(session, ctx, action="issue_document", row=row, before=None,
                                      contract_id=document.contract_id, summary=document.summary(number))
            session.flush()
            _move_into_place([(temp, final)], finals)
    except IntegrityError as exc:
        _discard(temps, finals)
        raise StateError(NUMBERS_TAKEN) from exc
    except BaseException:
        _discard(temps, finals)
        raise
    return IssuedFile(document_id, number, final, data)


def issue_one(engine: Engine, ctx: UseCaseContext, settings: Settings, kind: DocumentKind, contract_id: int, *,
              root: Path, options: BuildOptions = BuildOptions()) -> DocumentRow:
    """Issue one document for one contract; NotApplicable reasons come back as StateError."""
    result = issue_documents(engine, ctx, settings, [IssueRequest(kind, contract_id, options)], root=root,
                             grouping=Grouping.PER_DOCUMENT)
    return result.documents[0]


def preview_letter(engine: Engine, ctx: UseCaseContext, settings: Settings, kind: DocumentKind, contract_id: int,
                   options: BuildOptions = BuildOptions()) -> bytes:
    """The PDF as it would be issued now, numbered 見本 (nothing is written; a read never writes)."""
    sender = require_company_profile(settings)
    with session_scope(engine) as session:
        facts = load_facts(session, [contract_id]).get(contract_id)
    if facts is None:
        raise NotFoundError(f"契約（id {contract_id}）が見つかりません", "contract")
    ic = IssueContext(ctx.today, sender, settings.date_style, ctx.reading)
    try:
        letter = build(kind, facts, "（発行時に採番）", ic, options)
    except NotApplicable as exc:
        raise StateError(str(exc)) from exc
    except TemplateError as exc:
        raise StateError(str(exc)) from exc
    buffer = io.BytesIO()
    render_letters([letter], buffer)
    return buffer.getvalue()


def _row(doc: IssuedDocument, contract_number: str, company: str) -> DocumentRow:
    return DocumentRow(
        id=int(doc.id),  # type: ignore[arg-type]
        number=doc.document_number, kind=doc.kind, kind_label=document_kind_label(doc.kind), contract_id=doc.contract_id,
        contract_number=contract_number, company=company, issue_date=doc.issue_date, subject=doc.subject,
        amount=doc.amount, file_name=doc.file_name, first_page=doc.first_page, page_count=doc.page_count,
        batch=doc.batch,
    )


def list_documents(engine: Engine, *, contract_id: int | None = None, kind: DocumentKind | None = None,
                   limit: int = 500) -> list[DocumentRow]:
    """Issued documents, newest first (of one contract, or of one kind)."""
    query = (
        select(IssuedDocument, Contract.number, Customer.company_name)
        .join(Contract, col(IssuedDocument.contract_id) == col(Contract.id), isouter=True)
        .join(Customer, col(Contract.customer_id) == col(Customer.id), isouter=True)
    )
    if contract_id is not None:
        query = query.where(IssuedDocument.contract_id == contract_id)
    if kind is not None:
        query = query.where(IssuedDocument.kind == kind.value)
    query = query.order_by(col(IssuedDocument.sequence).desc()).limit(limit)
    with Session(engine) as session:
        return [_row(doc, number or "", company or "") for doc, number, company in session.exec(query)]


def _load(engine: Engine, document_id: int) -> IssuedDocument:
    with Session(engine) as session:
        doc = session.get(IssuedDocument, document_id)
    if doc is None:
        raise NotFoundError(f"発行文書（id {document_id}）が見つかりません", "document")
    return doc


@dataclass(frozen=True)
class StoredPdf:
    """A stored PDF as it was issued, and where the document is in it."""

    data: bytes  # the file, byte for byte
    number: str
    first_page: int  # 1-based
    page_count: int
    shared: bool  # the file also holds other documents of its batch

    @property
    def pages_text(self) -> str:
        last = self.first_page + self.page_count - 1
        return f"{self.first_page}ページ" if last == self.first_page else f"{self.first_page}～{last}ページ"


def load_pdf(engine: Engine, document_id: int, *, root: Path) -> bytes:
    """The stored PDF file holding the document, byte for byte, after checking its SHA-256."""
    return stored_pdf(engine, document_id, root=root).data


def stored_pdf(engine: Engine, document_id: int, *, root: Path) -> StoredPdf:
    """The stored file of the document (checked against its SHA-256) and the document's pages in it.

    A document of a batch printed as one PDF shares its file: the preview shows and prints only
    its pages (the file itself is never rewritten, so it stays what was sent)."""
    doc = _load(engine, document_id)
    path = root / doc.file_name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentDamaged(f"文書 {doc.document_number} のPDFが見つかりません: {path}") from exc
    if hashlib.sha256(data).hexdigest() != doc.file_sha256:
        raise DocumentDamaged(f"文書 {doc.document_number} のPDFが発行時から変更されています（{path}）")
    with Session(engine) as session:
        sharing = session.exec(select(func.count()).select_from(IssuedDocument)
                               .where(IssuedDocument.file_name == doc.file_name)).one()
    return StoredPdf(data, doc.document_number, doc.first_page, doc.page_count, int(sharing) > 1)


def record_reprint(engine: Engine, ctx: UseCaseContext, document_id: int, *, root: Path) -> StoredPdf:
    """Reprint: the stored PDF, byte-identical, with an audit entry saying who reprinted when."""
    stored = stored_pdf(engine, document_id, root=root)
    with session_scope(engine) as session:
        doc = session.get(IssuedDocument, document_id)
        assert doc is not None
        write_audit(session, ctx, action="reprint_document", row=doc, before=snapshot(doc),
                    contract_id=doc.contract_id, extra={"reprinted": True},
                    summary=f"{document_kind_label(doc.kind)}を再印刷（文書番号 {doc.document_number}）")
    return stored

