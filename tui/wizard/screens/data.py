"""Step 4: how much labelled data there is, what it costs to use, and how clean it is."""

from tui.wizard.screens.base import StepScreen


class DataScreen(StepScreen):
    STEP = "data"
    INTRO = (
        "Fine-tuning needs hundreds to thousands of good examples. The first training run's costs "
        "here, with the evaluation, make up the upfront cost."
    )
    SECTIONS = {
        "data.preparation_usd": "Upfront costs of the first fine-tune",
        "data.audited_examples": "Label audit (optional, recommended)",
    }
