"""Change contracts (変更契約, Art 10): a new monthly fee from the month the changed service starts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine
from sqlmodel import select

from app.formatting import yen
from app.models import ChangeContract
from app.store.engine import session_scope
from app.usecases import checks
from app.usecases.audit import write_audit
from app.usecases.context import UseCaseContext
from app.usecases.contracts import RUNNING, load_contract, require_status
from app.usecases.derived import apply_derived
from app.usecases.errors import ValidationError, translates_terms_errors


@dataclass(frozen=True)
class ChangeRecorded:
    change_id: int
    warnings: tuple[str, ...]


@translates_terms_errors
def add_change_contract(
    engine: Engine,
    ctx: UseCaseContext,
    contract_id: int,
    *,
    requested_date: date,
    accepted_date: date,
    effective_month: date,
    new_monthly_fee: int,
    one_time_fee: int = 0,
    description: str = "",
) -> ChangeRecorded:
    """Record an accepted change contract.

    `effective_month` is the 1st of the month in which the changed service starts; the new fee
    applies to that whole month (Art 10.2). `one_time_fee` (e.g. an initial fee charged again for
    relocation or a configuration change, tax excluded) is recorded on the change; the amount
    billed for it (tax included) is entered with `payments.add_charge`.
    """
    requested = checks.a_date(requested_date, "requested_date", "申込日")
    accepted = checks.a_date(accepted_date, "accepted_date", "承諾日")
    month = checks.a_date(effective_month, "effective_month", "変更後サービスの開始月")
    checks.money(new_monthly_fee, "new_monthly_fee", "変更後の月額費用", positive=True)
    checks.money(one_time_fee, "one_time_fee", "一時費用")
    text = checks.text(description, "description", "変更内容")
    checks.not_before(accepted, requested, "accepted_date", "承諾日", "申込日")
    checks.not_future(accepted, ctx.today, "accepted_date", "承諾日")
    if month.day != 1:
        raise ValidationError("変更後サービスの開始月は月の初日（1日）で入力してください", "effective_month")
    checks.not_before(month, accepted.replace(day=1), "effective_month", "変更後サービスの開始月", "承諾日の月")
    with session_scope(engine) as session:
        contract = load_contract(session, contract_id)
        require_status(contract, RUNNING, "変更契約を登録")
        checks.not_before(requested, contract.accepted_date, "requested_date", "申込日", "契約の承諾日")
        warnings: list[str] = []
        if contract.start_date is not None:
            checks.not_before(month, contract.start_date.replace(day=1), "effective_month",
                              "変更後サービスの開始月", "サービス開始月")
            if month == contract.start_date.replace(day=1) and contract.start_date.day != 1:
                warnings.append("日割計算となる初月に変更契約が開始します。初月の請求方法を確認してください")
        same_month = session.exec(
            select(ChangeContract.id).where(ChangeContract.contract_id == contract_id,
                                            ChangeContract.effective_month == month)
        ).first()
        if same_month is not None:
            raise ValidationError(f"{month.year}年{month.month}月から効力を生じる変更契約は既に登録されています",
                                  "effective_month")
        change = ChangeContract(contract_id=contract_id, requested_date=requested, accepted_date=accepted,
                                effective_month=month, new_monthly_fee=new_monthly_fee, one_time_fee=one_time_fee,
                                description=text)
        write_audit(session, ctx, action="add_change_contract", row=change, before=None, contract_id=contract_id,
                    summary=f"変更契約: {month.year}年{month.month}月から月額 {yen(new_monthly_fee)}")
        apply_derived(session, contract, ctx.today, ctx.reading)
        return ChangeRecorded(int(change.id), tuple(warnings))  # type: ignore[arg-type]
