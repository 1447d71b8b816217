"""Child process of tests/notices/test_batch.py: issue renewal batches in a loop until killed.

    python -m tests.notices.batch_child DB_URL ROOT

Prints "committed N" after each batch commits and "rendering" while a batch renders, so the
parent can kill it in the middle of one.
"""
from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from app.models import Contract
from app.notices.builders import BuildOptions
from app.notices.kinds import DocumentKind
from app.store.engine import make_engine
from app.usecases.context import UseCaseContext
from app.usecases.documents import Grouping, IssueRequest, issue_documents
from tests.notices.conftest import settings_for

TODAY = date(2026, 3, 2)


class SlowProgress:
    def report(self, done: int, total: int, text: str = "") -> None:
        if done > total // 2:
            print("rendering", flush=True)
            time.sleep(0.01)

    @property
    def cancelled(self) -> bool:
        return False


def main() -> None:
    engine = make_engine(sys.argv[1])
    root = Path(sys.argv[2])
    with Session(engine) as session:
        ids = [int(i) for i in session.exec(select(Contract.id).order_by(col(Contract.id))).all()]  # type: ignore[arg-type]
    requests = [IssueRequest(DocumentKind.RENEWAL, cid, BuildOptions()) for cid in ids]
    ctx = UseCaseContext("山田 太郎", TODAY)
    for n in range(1000):
        grouping = (Grouping.ONE_FILE, Grouping.PER_DOCUMENT)[n % 2]
        issue_documents(engine, ctx, settings_for(), requests, root=root, grouping=grouping, progress=SlowProgress())
        print(f"committed {n}", flush=True)


if __name__ == "__main__":
    main()
