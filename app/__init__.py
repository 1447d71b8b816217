"""Core of the Security Plus account-manager tool: no Qt in here (see ui/ for the window)."""
