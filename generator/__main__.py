"""`python -m generator` runs the dealcraft command."""

import sys

from generator.cli import main

sys.exit(main())
