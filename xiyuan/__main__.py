import sys

from xiyuan.faces.cli import main

sys.exit(main())
