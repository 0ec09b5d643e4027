"""Demo data for development and demos (``flask seed-demo``).

Idempotent: existing rows are left alone, only the demo admin's password is reset.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from madfam.enums import AssessmentStatus, LeadSource, LeadStatus, ServiceTier, UserRole
from madfam.extensions import db
from madfam.models import (
    AnalyticsEvent,
    Assessment,
    Availability,
    Calculation,
    FeatureFlag,
    Lead,
    LeadActivity,
    LeadNote,
    User,
)
from madfam.rules import assessment as assessment_rules
from madfam.rules.flags import SCHEMA_FLAGS
from madfam.rules.roi import RoiInputs, roi
from madfam.services.auth import hash_password
from madfam.services.leads import rescore

DEMO_ADMIN_EMAIL = "admin@demo.madfam.io"


class Person(NamedTuple):
    """A demo lead's own details, named as the Lead columns they fill."""

    first_name: str
    last_name: str
    company: str | None
    industry: str | None
    company_size: str | None
    tier: ServiceTier


PEOPLE = [
    Person(
        "Ana",
        "García",
        "Grupo Textil del Norte",
        "manufacturing",
        "201-1000",
        ServiceTier.L3_CONSULTING,
    ),
    Person("Luis", "Hernández", "Logística Bajío", "logistics", "51-200", ServiceTier.L2_ADVANCED),
    Person("María", "López", "Clínica Santa Fe", "healthcare", "51-200", ServiceTier.L4_PLATFORMS),
    Person("Carlos", "Martínez", None, None, None, ServiceTier.L1_ESSENTIALS),
    Person("Sofía", "Ramírez", "FinCapital MX", "finance", "1000+", ServiceTier.L5_STRATEGIC),
    Person(
        "Jorge", "Torres", "Inmobiliaria Cumbres", "real_estate", "11-50", ServiceTier.L2_ADVANCED
    ),
    Person("Valentina", "Flores", "EduTec", "education", "11-50", ServiceTier.L1_ESSENTIALS),
    Person("Diego", "Rivera", "Retail Express", "retail", "201-1000", ServiceTier.L3_CONSULTING),
    Person("Camila", "Souza", "Agro Brasil", "manufacturing", "1000+", ServiceTier.L4_PLATFORMS),
    Person("Mateo", "Castro", "Studio Castro", "media", "1-10", ServiceTier.L1_ESSENTIALS),
    Person(
        "Lucía",
        "Morales",
        "Gobierno Digital Jalisco",
        "government",
        "201-1000",
        ServiceTier.L5_STRATEGIC,
    ),
    Person("Andrés", "Vargas", "TechNova", "technology", "51-200", ServiceTier.L3_CONSULTING),
]
SOURCES = list(LeadSource)
STATUSES = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.QUALIFIED, LeadStatus.CONVERTED]


def _email(first: str, last: str, company: str | None) -> str:
    ascii_name = (
        f"{first}.{last}".lower()
        .replace("á", "a")
        .replace("é", "e")
        .replace("í", "i")
        .replace("ó", "o")
        .replace("ú", "u")
    )
    return f"{ascii_name}@{'gmail.com' if company is None else 'demo.madfam.io'}"


def seed(admin_password: str) -> dict[str, int]:
    """Add whatever demo rows are missing and commit; returns how many of each were added."""
    counts = {"users": 0, "leads": 0, "flags": 0}
    admin = db.session.scalar(select(User).where(User.email == DEMO_ADMIN_EMAIL))
    if admin is None:
        admin = User(email=DEMO_ADMIN_EMAIL, name="Demo Admin", role=UserRole.ADMIN)
        db.session.add(admin)
        counts["users"] += 1
    admin.password_hash = hash_password(admin_password)
    admin.active = True
    db.session.flush()

    for key, name, description, on in SCHEMA_FLAGS:
        if db.session.scalar(select(FeatureFlag.id).where(FeatureFlag.key == key)) is None:
            db.session.add(
                FeatureFlag(
                    key=key, name=name, description=description, enabled=on, enabled_dev=True,
                    enabled_staging=on, enabled_prod=on, rollout_percentage=100 if on else 0,
                )
            )  # fmt: skip
            counts["flags"] += 1

    if db.session.scalar(select(Availability.id).where(Availability.user_id == admin.id)) is None:
        # First calls Monday–Friday 9:00–17:00 in Mexico City, 30 minutes each.
        weekly = [[day, 9 * 60, 17 * 60] for day in range(5)]
        db.session.add(Availability(user_id=admin.id, weekly=weekly, first_calls=True))

    rng = random.Random(20261125)
    now = datetime.now(UTC)
    for i, person in enumerate(PEOPLE):
        first, tier = person.first_name, person.tier
        email = _email(first, person.last_name, person.company)
        rng_lead = random.Random(f"{email}")
        if db.session.scalar(select(Lead.id).where(Lead.email == email)) is not None:
            continue
        created = now - timedelta(days=rng.randint(1, 60), hours=rng.randint(0, 23))
        message = (
            "Queremos automatizar la conciliación de inventarios y entender qué procesos "
            "podrían beneficiarse de la inteligencia artificial este año."
            if i % 2 == 0
            else None
        )
        phone = (
            f"+52 55 {rng_lead.randint(1000, 9999)} {rng_lead.randint(1000, 9999)}"
            if i % 3
            else None
        )
        lead = Lead(
            **person._asdict(),
            email=email,
            phone=phone,
            tier_chosen=True,  # demo people picked their tier (and score for it)
            message=message,
            source=SOURCES[i % len(SOURCES)],
            status=STATUSES[i % len(STATUSES)],
            utm_source="linkedin" if i % 4 == 1 else None,
            utm_medium="social" if i % 4 == 1 else None,
            utm_campaign="demo-2026" if i % 4 == 1 else None,
            marketing_consent=i % 2 == 0,
            consent_at=created if i % 2 == 0 else None,
            created_at=created,
            updated_at=created,
        )
        rescore(lead)
        db.session.add(lead)
        db.session.flush()
        counts["leads"] += 1
        db.session.add(
            LeadActivity(
                lead_id=lead.id,
                type="lead_created",
                description="Lead created from the contact form",
                metadata_={"source": lead.source.value},
                created_at=created,
            )
        )
        db.session.add(
            LeadNote(
                lead_id=lead.id,
                author_id=admin.id,
                created_at=created + timedelta(hours=2),
                content=f"Primer contacto con {first}: interesado en {tier.value}.",
            )
        )
        if lead.status != LeadStatus.NEW:
            db.session.add(
                LeadActivity(
                    lead_id=lead.id,
                    user_id=admin.id,
                    type="status_updated",
                    description=f"Status changed from NEW to {lead.status.value}",
                    metadata_={"from": "NEW", "to": lead.status.value},
                    created_at=created + timedelta(days=1),
                )
            )
        db.session.add(
            AnalyticsEvent(
                event="lead.created",
                properties={"lead_id": lead.id, "tier": tier.value},
                url="/es/contact",
                created_at=created,
            )
        )
        if i % 2 == 0:
            answers = {
                q.key: 1 + (rng_lead.randint(0, 4) + i) % 5 for q in assessment_rules.QUESTIONS
            }
            total = assessment_rules.score(answers)
            found = assessment_rules.findings(answers)
            db.session.add(
                Assessment(
                    lead_id=lead.id,
                    email=email,
                    status=AssessmentStatus.COMPLETED,
                    answers=answers,
                    score=total,
                    tier=assessment_rules.tier(total),
                    strengths=found.strengths,
                    weaknesses=found.weaknesses,
                    recommendations=found.recommendations,
                    created_at=created,
                    completed_at=created + timedelta(minutes=6),
                )
            )
            db.session.add(
                LeadActivity(
                    lead_id=lead.id,
                    type="assessment_completed",
                    description=f"AI readiness assessment completed: {total}/100",
                    metadata_={"score": total},
                    created_at=created + timedelta(minutes=6),
                )
            )
        if i % 3 == 0:
            inputs = RoiInputs(
                employees=rng_lead.randint(10, 500),
                salary=Decimal(rng_lead.randint(120, 600) * 1000),
                lost_pct=Decimal(rng_lead.randint(5, 30)),
                recovery_pct=Decimal(60),
                tier=tier,
            )
            res = roi(inputs)
            db.session.add(
                Calculation(
                    type="roi",
                    lead_id=lead.id,
                    email=email,
                    inputs={
                        "employees": inputs.employees,
                        "salary": str(inputs.salary),
                        "lost_pct": str(inputs.lost_pct),
                        "recovery_pct": str(inputs.recovery_pct),
                        "tier": tier.value,
                    },
                    results={
                        "cost_of_inefficiency": str(res.cost_of_inefficiency),
                        "annual_savings": str(res.annual_savings),
                        "investment": str(res.investment),
                        "roi_pct": None if res.roi_pct is None else str(res.roi_pct),
                        "payback_months": res.payback_months,
                    },
                    total_value=res.annual_savings,
                    roi=res.roi_pct,
                    payback_months=res.payback_months,
                    created_at=created + timedelta(hours=1),
                )
            )
            db.session.add(
                LeadActivity(
                    lead_id=lead.id,
                    type="calculation_performed",
                    description="ROI calculation saved",
                    metadata_={"type": "roi"},
                    created_at=created + timedelta(hours=1),
                )
            )
    db.session.commit()
    return counts
