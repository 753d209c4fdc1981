from clients.models.audit import AuditEvent
from clients.models.client import Client, Sex
from clients.models.intake import Clearance, Intake, IntakeLink, IntakeSource, IntakeStatus
from clients.models.sessions import (
    SESSION_LENGTHS,
    Activity,
    ActivityScore,
    CalendarFeed,
    CheckIn,
    Note,
    NoteAmendment,
    PlanFocus,
    PlanItem,
    Session,
    SessionStatus,
)
from clients.models.sheets import (
    EntrySwitch,
    Sheet,
    SheetItem,
    SheetLink,
    SheetLinkEvent,
    SheetStatus,
)

__all__ = [
    "SESSION_LENGTHS",
    "Activity",
    "ActivityScore",
    "AuditEvent",
    "CalendarFeed",
    "CheckIn",
    "Clearance",
    "Client",
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
