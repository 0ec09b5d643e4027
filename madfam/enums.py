"""Enumerations shared by models and pure rules. Stored in the database by name."""

from enum import StrEnum


class ServiceTier(StrEnum):
    L1_ESSENTIALS = "L1_ESSENTIALS"
    L2_ADVANCED = "L2_ADVANCED"
    L3_CONSULTING = "L3_CONSULTING"
    L4_PLATFORMS = "L4_PLATFORMS"
    L5_STRATEGIC = "L5_STRATEGIC"


class LeadStatus(StrEnum):
    NEW = "NEW"
    CONTACTED = "CONTACTED"
    QUALIFIED = "QUALIFIED"
    UNQUALIFIED = "UNQUALIFIED"
    CONVERTED = "CONVERTED"
    LOST = "LOST"


class LeadSource(StrEnum):
    WEBSITE = "WEBSITE"
    REFERRAL = "REFERRAL"
    SOCIAL = "SOCIAL"
    EVENT = "EVENT"
    DIRECT = "DIRECT"
    OTHER = "OTHER"


class UserRole(StrEnum):
    ADMIN = "ADMIN"
    EDITOR = "EDITOR"
    VIEWER = "VIEWER"

    @property
    def rank(self) -> int:
        return {"VIEWER": 1, "EDITOR": 2, "ADMIN": 3}[self.value]

    def allows(self, required: "UserRole") -> bool:
        return self.rank >= required.rank


class AssessmentStatus(StrEnum):
    STARTED = "STARTED"
    COMPLETED = "COMPLETED"
    ABANDONED = "ABANDONED"


class PrivacyRight(StrEnum):
    """The ARCO rights (and revoking consent) a visitor may exercise."""

    ACCESS = "ACCESS"
    RECTIFICATION = "RECTIFICATION"
    CANCELLATION = "CANCELLATION"
    OPPOSITION = "OPPOSITION"
    REVOKE_CONSENT = "REVOKE_CONSENT"


class PrivacyRequestStatus(StrEnum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    DONE = "DONE"
    REJECTED = "REJECTED"

    @property
    def is_pending(self) -> bool:
        return self in (PrivacyRequestStatus.OPEN, PrivacyRequestStatus.IN_PROGRESS)
