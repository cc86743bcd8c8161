"""``python -m newsnlp.cli``: the ``newsnlp`` command."""

import sys

from . import main

sys.exit(main())
