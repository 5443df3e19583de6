"""The floor of `report --format json`: read the TOML file, validate it, print it as JSON.

`python -m bench.baselines.report_json ANSWERS.toml`, with the small pydantic model in
bench/baselines/answers.py.
"""

import json
import sys

from bench.baselines.answers import load

print(json.dumps(load(sys.argv[1]).model_dump(mode="json")))
