import sys

from xiyuan.cli import main

sys.exit(main())
