"""Step 1: what is being assessed, by whom, and over what horizon."""

from tui.wizard.screens.base import StepScreen


class AssessmentScreen(StepScreen):
    STEP = "assessment"
    INTRO = (
        "One assessment covers one task: a single kind of request your product sends to a model. "
        "Give it a name, then answer four steps. The panel on the right keeps the money in view."
    )
