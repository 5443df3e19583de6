"""Step 2: how many calls a month, and what a call costs each way."""

from tui.wizard.screens.base import StepScreen


class VolumeScreen(StepScreen):
    STEP = "volume"
    INTRO = (
        "Fine-tuning costs money up front and saves a little on every call, so volume decides "
        "whether the saving ever adds up. Count the calls of this task alone."
    )
    SECTIONS = {
        "volume.prompted.cost_per_call_usd": "Prompted: the larger model with an engineered prompt",
        "volume.fine_tuned.cost_per_call_usd": "Fine-tuned: the smaller model trained on your task",
    }
    MODE_LABELS = {"volume.prompted": "Prompted: enter as", "volume.fine_tuned": "Fine-tuned: enter as"}
