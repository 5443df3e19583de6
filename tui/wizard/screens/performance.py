"""Step 5: the measured gap between the two approaches on the same test set."""

from tui.wizard.screens.base import StepScreen


class PerformanceScreen(StepScreen):
    STEP = "performance"
    INTRO = (
        "Run both approaches on the same held-out items. Paired counts (how each item fared with "
        "both) give the most sensitive test. The gap counts when it is significant and big enough to matter."
    )
    SECTIONS = {
        "performance.both_correct": "Results",
        "performance.alpha": "How strict to be",
    }
    MODE_LABELS = {"performance": "Results entered as"}
