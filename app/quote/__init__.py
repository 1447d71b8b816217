"""The penalty quote (issue 12): the customer's exit options side by side, Qt-free.

A `QuoteSubject` (a stored contract or a prospect) and a notice date give a `Quote` (app.quote.model);
the screen (ui/screens/quote.py), the printed quote (app/notices/quote_document.py) and the command
line (app/cli/quote.py) all show that one value.
"""
from app.quote.articles import ArticleRef, articles_for
from app.quote.model import USER_KEY, Quote, QuoteColumn, QuoteInputError, Refusal, build_quote
from app.quote.subject import Addressee, QuoteSubject

__all__ = [
    "USER_KEY", "Addressee", "ArticleRef", "Quote", "QuoteColumn", "QuoteInputError", "QuoteSubject", "Refusal",
    "articles_for", "build_quote",
]
