"""The lead aggregate: Lead, its notes and its activity timeline."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import DDL, Boolean, ForeignKey, Index, Integer, String, Text, event, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from madfam.enums import LeadSource, LeadStatus, ServiceTier
from madfam.extensions import db
from madfam.models.base import ID, JSONType, UTCDateTime, enum_column, new_id, utcnow

if TYPE_CHECKING:
    from madfam.models.assessment import Assessment
    from madfam.models.calculation import Calculation
    from madfam.models.user import User


class Lead(db.Model):
    __tablename__ = "lead"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    # Always stored lower-case; unique, so one person is one lead even under races.
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    company: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    # Required (docs/schema.md). While the visitor has chosen no service level it holds a
    # stand-in (an assessment's recommendation, else L1) and ``tier_chosen`` is False.
    tier: Mapped[ServiceTier] = mapped_column(enum_column(ServiceTier), index=True)
    tier_chosen: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    message: Mapped[str | None] = mapped_column(Text)
    source: Mapped[LeadSource] = mapped_column(
        enum_column(LeadSource), default=LeadSource.WEBSITE, server_default="WEBSITE"
    )
    score: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    status: Mapped[LeadStatus] = mapped_column(
        enum_column(LeadStatus), default=LeadStatus.NEW, server_default="NEW", index=True
    )

    # Business metadata
    industry: Mapped[str | None] = mapped_column(String(50))
    company_size: Mapped[str | None] = mapped_column(String(20))
    budget: Mapped[str | None] = mapped_column(String(50))
    timeframe: Mapped[str | None] = mapped_column(String(50))
    # The site language of the lead's latest submission: emails to the lead use it.
    locale: Mapped[str] = mapped_column(String(5), default="es", server_default="es")

    # Marketing attribution (first touch)
    utm_source: Mapped[str | None] = mapped_column(String(100))
    utm_medium: Mapped[str | None] = mapped_column(String(100))
    utm_campaign: Mapped[str | None] = mapped_column(String(100))
    referral_code: Mapped[str | None] = mapped_column(String(100))
    # A keyed, daily-rotating hash of the address — never the raw IP.
    ip_address: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(256))

    # Consent to marketing email, and when it was given or withdrawn.
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the one-time hot-lead notification was queued (score crossed the threshold).
    hot_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The lead's id in the CRM an integration keeps it in (its crm.synced webhook), and when.
    external_id: Mapped[str | None] = mapped_column(String(100))
    last_sync: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    assessments: Mapped[list[Assessment]] = relationship("Assessment", back_populates="lead")
    calculations: Mapped[list[Calculation]] = relationship("Calculation", back_populates="lead")
    notes: Mapped[list[LeadNote]] = relationship(
        "LeadNote", back_populates="lead", cascade="all, delete-orphan", passive_deletes=True
    )
    activities: Mapped[list[LeadActivity]] = relationship(
        "LeadActivity", back_populates="lead", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_lead_tier_status", "tier", "status"),
        Index("ix_lead_source_created_at", "source", "created_at"),
        # The admin leads list: each filter combined with the newest-first ordering.
        Index("ix_lead_status_created_at", "status", "created_at"),
        Index("ix_lead_tier_created_at", "tier", "created_at"),
        Index("ix_lead_score_created_at", "score", "created_at"),
        Index("ix_lead_utm_campaign_created_at", "utm_campaign", "created_at"),
        # Prefix search (LIKE 'abc%') on PostgreSQL needs pattern ops under non-C collations.
        Index("ix_lead_email_prefix", "email", postgresql_ops={"email": "text_pattern_ops"}),
        # The admin search (ILIKE 'abc%' on company and names) on PostgreSQL: trigram
        # indexes (pg_trgm, migration 0013). SQLite has no such index: its LIKE scans.
        *(
            Index(
                f"ix_lead_{column}_trgm",
                column,
                postgresql_using="gin",
                postgresql_ops={column: "gin_trgm_ops"},
            ).ddl_if(dialect="postgresql")
            for column in ("company", "first_name", "last_name")
        ),
    )

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)

    def __repr__(self) -> str:
        return f"<Lead {self.id}>"


# The trigram indexes' operator classes, for a schema made by create_all (as migration 0013).
event.listen(
    Lead.__table__,
    "before_create",
    DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"),
)


class LeadNote(db.Model):
    __tablename__ = "lead_note"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    content: Mapped[str] = mapped_column(Text)
    lead_id: Mapped[str] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[str | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lead: Mapped[Lead] = relationship("Lead", back_populates="notes")
    author: Mapped[User | None] = relationship("User", back_populates="lead_notes")


class LeadActivity(db.Model):
    __tablename__ = "lead_activity"

    id: Mapped[str] = mapped_column(ID, primary_key=True, default=new_id)
    # email_sent, call_made, meeting_scheduled, assessment_completed,
    # calculation_performed, status_updated, note_added, lead_created, lead_updated
    type: Mapped[str] = mapped_column(String(50), index=True)
    description: Mapped[str] = mapped_column(Text)
    lead_id: Mapped[str] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[str | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    metadata_: Mapped[dict[str, Any] | None] = mapped_column("metadata", JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    lead: Mapped[Lead] = relationship("Lead", back_populates="activities")
    user: Mapped[User | None] = relationship("User", back_populates="lead_activities")
