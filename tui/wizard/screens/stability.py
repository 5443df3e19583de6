"""Step 3: how often the task changes, and what each change costs either way."""

from tui.wizard.screens.base import StepScreen


class StabilityScreen(StepScreen):
    STEP = "stability"
    INTRO = (
        "Every change to the task means a retraining cycle for a fine-tuned model but only a "
        "prompt edit for a prompted one. These costs become the yearly maintenance tax."
    )
    SECTIONS = {
        "stability.retrain_compute_usd": "Each retraining cycle of the fine-tuned model",
        "stability.prompt_update_usd_per_change": "Each change on the prompted side",
    }
