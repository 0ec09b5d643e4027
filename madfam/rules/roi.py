"""ROI calculator: cost of inefficiency, savings, ROI and payback (amounts in one currency).

cost = employees x annual salary x lost% / 100; savings = cost x recovery% / 100;
ROI% = (savings - investment) / investment x 100; payback = ceil(investment / (savings / 12))
months, or ``None`` when there are no savings.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from madfam.enums import ServiceTier
from madfam.rules.estimate import starting_price

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
CHART_MONTHS = 36
DEFAULT_TIER = ServiceTier.L3_CONSULTING

MAX_EMPLOYEES = 1_000_000
MAX_SALARY = Decimal(10) ** 9
MIN_INVESTMENT = CENT
MAX_INVESTMENT = Decimal(10) ** 12


@dataclass(frozen=True)
class RoiInputs:
    employees: int
    salary: Decimal  # average annual salary per employee
    lost_pct: Decimal  # share of working time lost to inefficiency, 0..100
    recovery_pct: Decimal = Decimal(60)  # share of that loss recovered, 0..100
    investment: Decimal | None = None  # None: starting price of ``tier``
    tier: ServiceTier | None = None  # None: L3_CONSULTING
    currency: str = "MXN"  # of every amount; the tier's starting price comes from its list


@dataclass(frozen=True)
class RoiResult:
    cost_of_inefficiency: Decimal
    annual_savings: Decimal
    investment: Decimal
    roi_pct: Decimal | None  # always set while investment > 0
    payback_months: int | None  # None: never pays back (no savings)
    monthly: tuple[tuple[int, Decimal, Decimal], ...]  # (month, cumulative savings, investment)


def _decimal(name: str, value: object, low: Decimal, high: Decimal, *, low_open: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"{name} must be a Decimal or int, got {value!r}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{name} must be finite")
    if (number <= low if low_open else number < low) or number > high:
        raise ValueError(f"{name} out of range: {number}")
    return number


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def roi(inputs: RoiInputs) -> RoiResult:
    """Compute the ROI; ``ValueError`` for out-of-range inputs."""
    employees = inputs.employees
    if isinstance(employees, bool) or not isinstance(employees, int):
        raise ValueError(f"employees must be an int, got {employees!r}")
    if not 1 <= employees <= MAX_EMPLOYEES:
        raise ValueError(f"employees out of range: {employees}")
    salary = _decimal("salary", inputs.salary, Decimal(0), MAX_SALARY, low_open=True)
    lost = _decimal("lost_pct", inputs.lost_pct, Decimal(0), Decimal(100), low_open=False)
    recovery = _decimal(
        "recovery_pct", inputs.recovery_pct, Decimal(0), Decimal(100), low_open=False
    )
    if inputs.investment is None:
        investment = starting_price(ServiceTier(inputs.tier or DEFAULT_TIER), inputs.currency)
    else:
        investment = _decimal(
            "investment", inputs.investment, MIN_INVESTMENT, MAX_INVESTMENT, low_open=False
        )

    with localcontext() as ctx:
        ctx.prec = 60  # ample for the allowed ranges (10^6 x 10^9 x 100, in cents)
        cost = _money(employees * salary * lost / 100)
        savings = _money(cost * recovery / 100)
        investment = _money(investment)
        roi_pct = ((savings - investment) / investment * 100).quantize(
            TENTH, rounding=ROUND_HALF_UP
        )
        roi_pct = abs(roi_pct) if roi_pct.is_zero() else roi_pct  # no "-0.0"
        monthly = tuple(
            (month, _money(savings * month / 12), investment)
            for month in range(1, CHART_MONTHS + 1)
        )

    # Payback in whole months, computed on integer cents so the ceiling is exact.
    savings_cents = int(savings * 100)
    payback = -(-12 * int(investment * 100) // savings_cents) if savings_cents else None

    return RoiResult(
        cost_of_inefficiency=cost,
        annual_savings=savings,
        investment=investment,
        roi_pct=roi_pct,
        payback_months=payback,
        monthly=monthly,
    )


#: round steps for the chart's value axis, times a power of ten
_STEPS = tuple(Decimal(s) for s in ("1", "1.5", "2", "2.5", "3", "4", "5", "6", "8", "10"))


def chart_ticks(top: Decimal, count: int = 4) -> tuple[Decimal, ...]:
    """The value axis of the ROI chart: 0 and ``count`` evenly spaced round values, the
    last at or above ``top`` (0, 60,000, 120,000, 180,000, 240,000 for 240,000)."""
    if top <= 0:
        top = Decimal(1)
    base = Decimal(10) ** (top / count).adjusted()
    step = next(m * base for m in _STEPS if m * base * count >= top)
    return tuple((step * i).normalize() + 0 for i in range(count + 1))
