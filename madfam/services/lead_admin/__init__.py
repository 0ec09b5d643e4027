"""Staff work on leads: the filtered list, CSV export, the timeline and status/notes/logs.

The admin blueprint uses this package as one namespace (``lead_admin.list_leads(...)``);
each concern lives in its own module.
"""

from madfam.services.lead_admin.export import CSV_COLUMNS, csv_cell, export_csv
from madfam.services.lead_admin.filters import SORTS, LeadFilters, filtered, ordered
from madfam.services.lead_admin.listing import (
    COUNT_CAP,
    PER_PAGE,
    LeadPage,
    campaigns,
    count_capped,
    list_leads,
)
from madfam.services.lead_admin.mutations import LOG_KINDS, add_note, change_status, log_activity
from madfam.services.lead_admin.timeline import (
    TierChoice,
    TimelineEntry,
    get_lead,
    tier_choice,
    timeline,
)
from madfam.services.leads import score_breakdown

__all__ = [
    "COUNT_CAP",
    "CSV_COLUMNS",
    "LOG_KINDS",
    "PER_PAGE",
    "SORTS",
    "LeadFilters",
    "LeadPage",
    "TierChoice",
    "TimelineEntry",
    "add_note",
    "campaigns",
    "change_status",
    "count_capped",
    "csv_cell",
    "export_csv",
    "filtered",
    "get_lead",
    "list_leads",
    "log_activity",
    "ordered",
    "score_breakdown",
    "tier_choice",
    "timeline",
]
