"""`python -m tui` runs the same command line as `tune-or-prompt`."""

import sys

from tui.cli import main

sys.exit(main())
