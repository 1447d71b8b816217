"""One module per screen; each is listed in ui/main_window.py's SCREENS registry."""
