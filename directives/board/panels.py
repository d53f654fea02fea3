"""The board's summary on the admin home of the department and its leaders."""

from django.utils import timezone

from directives.board.figures import Light, active_directive_groups, unit_figures
from directives.caching import CachedPanel
from directives.compliance.matrix import Tally
from directives.compliance.positions import positions
from directives.models import Unit

LATE_SHOWN = 5


class BoardSummaryPanel(CachedPanel):
    template_name = "directives/board/summary_panel.html"
    order = 40
    cache_name = "board-panel"  # the same for everyone who reads everything

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        # The directives with work now, as the board counts them (not the years behind).
        ids = [page.pk for group in active_directive_groups(today) for page in group]
        found = positions(unit_ids=None, today=today, directive_ids=ids)
        overall = Tally.of(found)
        units = Unit.objects.in_bulk({p.unit_id for p in found})
        rows = unit_figures(found, units, today=today)
        late = sorted(
            (f for f in rows if f.light == Light.LATE), key=lambda f: (-f.days_late, f.unit.name)
        )
        return {
            "today": today,
            "overall": overall,
            "lights": [
                (light, label, sum(f.light == light for f in rows))
                for light, label in Light.LABELS.items()
            ],
            "late": late[:LATE_SHOWN],
            "more_late": max(len(late) - LATE_SHOWN, 0),
        }
