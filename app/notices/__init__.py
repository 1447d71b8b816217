"""Notices on paper (issue 11): the shared letter layout, the document builders and their templates.

No Qt here. `app.notices.layout` renders letters; `app.notices.builders` turns a stored contract
into a `Letter` of one kind, with wording from the templates in data/notices/.
"""
