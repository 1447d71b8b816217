"""presenters of the window (see ui/main_window.py)."""
