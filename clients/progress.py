"""Progress across sessions: pain and activity scores as a table and a server-side SVG chart.

The chart is drawn here, with no script, so it prints and works offline; its values are
also in the table beside it, and its description says the change in words. The pain the
client logged on their sheet's link (clients.services.daily_log) runs beside the session
scores as a series of its own, marked as their own report: a hollow marker, a dotted line
and its own name in the legend, the table and the description.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import OuterRef, Subquery
from django.utils import dateformat, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from clients.models import MAX_ACTIVITIES, Activity, ActivityScore
from clients.services.daily_log import logged_pain

WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 44, 40, 16, 44
FONT = 15
SCALE_MAX = 10
# Colours with AA contrast on white, told apart by dash and marker too.
STYLES = (
    ("#0b5d63", "", "circle"),
    ("#b4542a", "6 4", "square"),
    ("#5b3f8c", "2 4", "diamond"),
    ("#1d6b37", "10 4 2 4", "triangle"),
)
OWN_REPORT = "Pain (client's own log)"
OWN_REPORT_STYLE = ("#1f4e9c", "2 4", "ring")  # hollow: not a score taken at a session


@dataclass
class Series:
    name: str
    values: list[int | None]
    colour: str = ""
    dash: str = ""
    marker: str = ""
    own_report: bool = False  # the client logged it at home, not scored at a session

    @property
    def recorded(self) -> list[int]:
        return [value for value in self.values if value is not None]


@dataclass
class Progress:
    dates: list[date] = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    sessions: list[bool] = field(default_factory=list)  # per date: a session (or a log only)

    @property
    def has_data(self) -> bool:
        return any(s.recorded for s in self.series)

    @property
    def own_report(self) -> Series | None:
        return next((s for s in self.series if s.own_report), None)

    def rows(self) -> list[tuple[date, list[int | None], bool]]:
        """(date, a value per series, whether it is a session's row or a logged day's)."""
        sessions = self.sessions or [True] * len(self.dates)
        return [
            (day, [s.values[i] for s in self.series], sessions[i])
            for i, day in enumerate(self.dates)
        ]

    def description(self) -> str:
        parts = []
        for s in self.series:
            points = [(self.dates[i], v) for i, v in enumerate(s.values) if v is not None]
            if not points:
                continue
            (first_day, first), (last_day, last) = points[0], points[-1]
            if len(points) == 1:
                parts.append(f"{s.name}: {first} on {_day(first_day)}")
            else:
                parts.append(
                    f"{s.name}: from {first} on {_day(first_day)} to {last} on {_day(last_day)}"
                )
        return "; ".join(parts) + "." if parts else "No scores recorded yet."

    def svg(self, id_prefix: str = "progress") -> SafeString:
        return mark_safe(_draw(self, id_prefix))  # nosec B308 B703  # escaped in _draw


def _day(day: date) -> str:
    return dateformat.format(day, "j M Y")


def build_progress(
    sessions: Iterable, activity_names: list[str], logged: Iterable[tuple[date, int]] = ()
) -> Progress:
    """`sessions` with their notes and their activity scores as `score_0`... attributes (see
    `with_scores`). Sessions with no score at all are left out; the rest in date order.
    `logged`: (day, pain) the client logged at home, on the session's row when a session
    has that date, on a row of its own otherwise."""
    kept = []
    for session in sorted(sessions, key=lambda s: s.start):
        # A missing reverse one-to-one raises an AttributeError subclass: no note.
        note = getattr(session, "note", None)
        pain = note.pain_now if note else None
        scores = [getattr(session, f"score_{p}", None) for p in range(len(activity_names))]
        if pain is not None or any(score is not None for score in scores):
            kept.append((session, pain, scores))
    rows = [(timezone.localdate(s.start), pain, scores) for s, pain, scores in kept]
    logged = dict(logged)
    session_days = {day for day, _, _ in rows}
    blank = [None] * len(activity_names)
    rows += [(day, None, None) for day in logged if day not in session_days]
    rows.sort(key=lambda row: row[0])  # stable: sessions of one day keep their order
    progress = Progress(dates=[day for day, _, _ in rows])
    progress.sessions = [scores is not None for _, _, scores in rows]
    progress.series.append(Series("Pain", [pain for _, pain, _ in rows]))
    for position, name in enumerate(activity_names):
        if name:
            values = [(scores or blank)[position] for _, _, scores in rows]
            progress.series.append(Series(name, values))
    for index, s in enumerate(progress.series):
        s.colour, s.dash, s.marker = STYLES[index % len(STYLES)]
    if logged:
        seen: set[date] = set()
        values = []
        for day, _, _ in rows:  # once a day, on the first row of that date
            values.append(logged.get(day) if day not in seen else None)
            seen.add(day)
        own = Series(OWN_REPORT, values, *OWN_REPORT_STYLE, own_report=True)
        progress.series.append(own)
    return progress


def _x(progress: Progress, index: int) -> float:
    count = len(progress.dates)
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span / 2 if count == 1 else span * index / (count - 1))


def _y(value: int) -> float:
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / SCALE_MAX)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if kind == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if kind == "ring":
        return (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="#fff" stroke="{colour}" '
            f'stroke-width="2" class="own-report"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def _draw(progress: Progress, prefix: str) -> str:
    title_id, desc_id = f"{prefix}-title", f"{prefix}-desc"
    names = ", ".join(s.name for s in progress.series)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'class="progress-chart" aria-labelledby="{title_id} {desc_id}">',
        f'<title id="{title_id}">{escape(names)} across sessions, scored 0 to 10</title>',
        f'<desc id="{desc_id}">{escape(progress.description())}</desc>',
    ]
    for value in range(0, SCALE_MAX + 1, 2):
        y = _y(value)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#c7cdd1" stroke-width="1"/>'
            f'<text x="{LEFT - 8}" y="{y + 5:.1f}" text-anchor="end" font-size="{FONT}" '
            f'fill="#4a5258">{value}</text>'
        )
    every = max(1, len(progress.dates) // 8)
    for index, day in enumerate(progress.dates):
        if index % every == 0 or index == len(progress.dates) - 1:
            parts.append(
                f'<text x="{_x(progress, index):.1f}" y="{HEIGHT - BOTTOM + 22}" '
                f'text-anchor="middle" font-size="{FONT}" fill="#4a5258">'
                f"{escape(dateformat.format(day, 'j M'))}</text>"
            )
    for s in progress.series:
        points = [(_x(progress, i), _y(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{s.colour}" '
                f'stroke-width="2.5"{dash}/>'
            )
        parts.extend(_marker(s.marker, x, y, s.colour) for x, y in points)
    parts.append("</svg>")
    return "".join(parts)


RECENT_SESSIONS = 10


def sessions_panel(client) -> dict:
    """The client page's sessions and progress chart, in two queries however many (the
    sessions, and the pain the client logged)."""
    sessions = list(
        client.sessions.select_related("note", "therapist")
        .annotate(**activity_annotations())
        .order_by("-start")
    )
    names = (
        [getattr(sessions[0], f"activity_{p}") for p in range(MAX_ACTIVITIES)] if sessions else []
    )
    return {
        "sessions": sessions[:RECENT_SESSIONS],
        "earlier_sessions": max(0, len(sessions) - RECENT_SESSIONS),
        "progress": build_progress(sessions, names, logged_pain(client)),
        "now": timezone.now(),
    }


def activity_annotations() -> dict:
    """Each session's score of the client's activity at each position, and its name."""
    annotations = {}
    for position in range(MAX_ACTIVITIES):
        annotations[f"score_{position}"] = Subquery(
            ActivityScore.objects.filter(
                session=OuterRef("pk"), activity__position=position
            ).values("score")[:1]
        )
        annotations[f"activity_{position}"] = Subquery(
            Activity.objects.filter(client=OuterRef("client"), position=position).values("name")[:1]
        )
    return annotations
