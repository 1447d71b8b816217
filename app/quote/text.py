"""The quote written for people: one set of labels and cell texts for the screen, the PDF and the CLI."""
from __future__ import annotations

from app.formatting import format_date, yen
from app.labels import DOCUMENT_KIND_LABELS
from app.notices.kinds import DocumentKind
from app.quote.model import Quote, QuoteColumn
from app.terms import default_registry

ROW_LABELS = (
    "通知の到達期限",
    "最終利用日",
    "今後の月額費用（終了月まで）",
    "解約違約金",
    "消費税",
    "合計",
    "最安との差額",
    "備考",
)
TOTAL_ROW = ROW_LABELS.index("合計")
CHEAPEST_MARK = "【最安】"
TITLE = DOCUMENT_KIND_LABELS[DocumentKind.PENALTY_QUOTE]


def header(column: QuoteColumn) -> str:
    return (CHEAPEST_MARK if column.cheapest else "") + column.label


def difference_text(column: QuoteColumn) -> str:
    if not column.available:
        return "—"
    if column.cheapest:
        return "最安"
    if column.difference == 0:
        return "同額"
    return f"+{yen(column.difference)}"


def column_cells(column: QuoteColumn, style: str) -> tuple[str, ...]:
    """The texts of one column, in ROW_LABELS order; an unavailable option shows dashes and why."""
    if not column.available:
        return ("—",) * (len(ROW_LABELS) - 1) + (column.note,)
    penalty = yen(column.penalty)
    if column.penalty:
        penalty += f"（{column.remaining_months}ヶ月分）"
    return (
        format_date(column.notice_by, style),
        format_date(column.last_service_day, style),
        yen(column.fees_billed),
        penalty,
        yen(column.tax),
        yen(column.total),
        difference_text(column),
        column.note,
    )


def summary(quote: Quote, style: str) -> str:
    return (f"通知到達日 {format_date(quote.notice_date, style)} の場合、終了できる日は "
            f"{format_date(quote.earliest_end, style)} から {format_date(quote.latest_end, style)} まで")


def earlier_terms_note(quote: Quote, style: str) -> str:
    """For the account manager: the notice date is before the revision of the profile used."""
    effective = format_date(default_registry().by_id(quote.profile_id).effective, style)
    return f"通知日が{effective}改定前のため、改定後の約款で計算しています（改定前の約款版）"


def customer_notes(quote: Quote) -> tuple[str, ...]:
    """The notes the customer reads under the table (screen and paper); the tax rate is the one the
    figures used (the profile in force on the notice date)."""
    rate = default_registry().by_id(quote.profile_id).consumption_rate_percent
    return (
        f"消費税は月額費用に{rate}%。解約違約金の消費税区分: {quote.penalty_tax_note}。"
        "今後の月額費用は通知到達月から終了月までの合計です（終了月は1ヶ月分）。",
        "解約の通知は到達後、当社の同意なく撤回できません。送付前にこのお見積りをご確認ください。",
    )
