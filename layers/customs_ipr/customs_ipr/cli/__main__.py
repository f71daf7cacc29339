import sys

from customs_ipr.cli import main

sys.exit(main())
