from clients.models.audit import AuditEvent
from clients.models.client import Client, Sex
from clients.models.intake import Clearance, Intake, IntakeLink, IntakeSource, IntakeStatus

__all__ = [
    "AuditEvent",
    "Clearance",
    "Client",
    "Intake",
    "IntakeLink",
    "IntakeSource",
    "IntakeStatus",
    "Sex",
]
