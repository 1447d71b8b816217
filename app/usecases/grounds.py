"""Who may end a contract on which ground of Art 9, 15, 16 (from app.terms.GROUNDS, SPEC 5)."""
from __future__ import annotations

from app import terms

# the customer's notice of ending (Art 9): 9.3 not renewing at the term end, 9.4 terminating early
NOTICE_GROUNDS = ("9.3", "9.4")
PROVIDER_GROUNDS = tuple(code for code, ground in terms.GROUNDS.items() if "provider" in ground.who)
CUSTOMER_GROUNDS = tuple(code for code, ground in terms.GROUNDS.items() if "customer" in ground.who)
# the provider terminating on these grounds claims the 16.3 sum; on the others damages are entered by hand
SUM_16_3_GROUNDS = frozenset(code for code, ground in terms.GROUNDS.items() if ground.provider_money == "16.3")
