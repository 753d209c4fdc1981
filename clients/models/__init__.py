"""A client's care record, one module per resource: clients, intakes, sessions, plans,
notes, sheets, links, the daily log, and the audit trail."""

from clients.models.audit import AuditEvent
from clients.models.clients import Client, Sex
from clients.models.intakes import Clearance, Intake, IntakeSource, IntakeStatus
from clients.models.links import IntakeLink, SheetLink, SheetLinkEvent
from clients.models.logs import DailyLog
from clients.models.notes import MAX_ACTIVITIES, Activity, ActivityScore, Note, NoteAmendment
from clients.models.plans import PlanItem
from clients.models.sessions import (
    SESSION_LENGTHS,
    CalendarFeed,
    CheckIn,
    PlanFocus,
    Session,
    SessionStatus,
)
from clients.models.sheets import EntrySwitch, Sheet, SheetItem, SheetStatus

__all__ = [
    "MAX_ACTIVITIES",
    "SESSION_LENGTHS",
    "Activity",
    "ActivityScore",
    "AuditEvent",
    "CalendarFeed",
    "CheckIn",
    "Clearance",
    "Client",
    "DailyLog",
    "EntrySwitch",
    "Intake",
    "IntakeLink",
    "IntakeSource",
    "IntakeStatus",
    "Note",
    "NoteAmendment",
    "PlanFocus",
    "PlanItem",
    "Session",
    "SessionStatus",
    "Sex",
    "Sheet",
    "SheetItem",
    "SheetLink",
    "SheetLinkEvent",
    "SheetStatus",
]
