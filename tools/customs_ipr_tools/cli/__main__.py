import sys

from customs_ipr_tools.cli import main

sys.exit(main())
