"""Every model, re-exported so Alembic and the app see the whole schema."""

from madfam.models.analytics import AnalyticsEvent
from madfam.models.api import ApiToken, IdempotentResponse
from madfam.models.assessment import Assessment
from madfam.models.booking import Availability, Meeting
from madfam.models.calculation import Calculation
from madfam.models.email import EmailQueue
from madfam.models.flag import FeatureFlag, FeatureFlagChange
from madfam.models.inbound import InboundWebhook
from madfam.models.integration import Integration
from madfam.models.lead import Lead, LeadActivity, LeadNote
from madfam.models.nurture import NurtureStep
from madfam.models.privacy import AuditLog, PrivacyRequest, Suppression
from madfam.models.user import Session, User
from madfam.models.webhook import WebhookAttempt, WebhookDelivery

__all__ = [
    "AnalyticsEvent",
    "ApiToken",
    "Assessment",
    "AuditLog",
    "Availability",
    "Calculation",
    "EmailQueue",
    "FeatureFlag",
    "FeatureFlagChange",
    "IdempotentResponse",
    "InboundWebhook",
    "Integration",
    "Lead",
    "LeadActivity",
    "LeadNote",
    "Meeting",
    "NurtureStep",
    "PrivacyRequest",
    "Session",
    "Suppression",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
]
