"""One server: the citizens' page, the officials' chat, the document view and the JSON API."""
