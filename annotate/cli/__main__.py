"""``python -m annotate.cli``: the ``annotate`` command."""
import sys

from annotate.cli.commands import main

sys.exit(main())
