"""The articles of the terms of use a penalty quote rests on (terms-of-service.ja.txt)."""
from __future__ import annotations

from dataclasses import dataclass

from app.terms import ContractTerms, TerminationOptions


@dataclass(frozen=True)
class ArticleRef:
    ref: str  # "第9条第4項"
    summary: str  # what it says, in one line, for the customer


MONTHLY_FEE = ArticleRef("第8条第1項第2号", "月額費用は月単位（開始月のみ日割）")
MINIMUM_TERM = ArticleRef("第9条第1項・第2項", "最低利用期間は1年間、契約期間は当社が通知する期間")
RENEWAL = ArticleRef("第9条第3項", "満了日の1ヶ月前までに終了の申出がない限り、同一条件で1年間更新")
EARLY_TERMINATION = ArticleRef(
    "第9条第4項",
    "終了希望日の1ヶ月前までの書面又は電磁的方法による通知で解約。残存期間の利用料相当額が解約違約金",
)
AFTER_RENEWAL = ArticleRef("第9条第4項但し書", "更新後に行われる解約の通知には解約違約金は発生しない")
CHANGE_CONTRACT = ArticleRef("第10条", "変更契約の月額費用は変更後のサービス開始月から適用")


def articles_for(terms: ContractTerms, options: TerminationOptions) -> tuple[ArticleRef, ...]:
    """第9条第4項 with its proviso and 9.3 always; the minimum term in the initial term; 第10条 with change contracts."""
    refs = [EARLY_TERMINATION, AFTER_RENEWAL, RENEWAL]
    if options.notice_date <= terms.chain().initial_end:
        refs.append(MINIMUM_TERM)
    refs.append(MONTHLY_FEE)
    if terms.schedule.changes:
        refs.append(CHANGE_CONTRACT)
    return tuple(refs)
