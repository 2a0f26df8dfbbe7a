#!/usr/bin/env python
"""Same as the `egov` command, for those used to Django's manage.py."""

from core.cli import main

if __name__ == "__main__":
    main()
