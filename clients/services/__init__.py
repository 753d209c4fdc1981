"""Workflows of a client's care record, one module per resource: clients, intakes,
sessions, plans, notes, sheets, links, and the client's current screening.

Each function takes plain values and `by=user` (never a request), so views, management
commands and tests call the same code.
"""
