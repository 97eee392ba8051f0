from .base import Area, Sector
from .plans import (
    PlanAttachment,
    PlanIndexPage,
    PlanKind,
    PlanMap,
    PlanPage,
    PlanStatus,
)
from .projects import (
    ProcurementNotice,
    ProjectAttachment,
    ProjectIndexPage,
    ProjectKind,
    ProjectPage,
    ProjectStatus,
)

__all__ = [
    "Area",
    "PlanAttachment",
    "PlanIndexPage",
    "PlanKind",
    "PlanMap",
    "PlanPage",
    "PlanStatus",
    "ProcurementNotice",
    "ProjectAttachment",
    "ProjectIndexPage",
    "ProjectKind",
    "ProjectPage",
    "ProjectStatus",
    "Sector",
]
