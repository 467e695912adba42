"""Allow ``python -m naskah``."""

from naskah.cli import main

main()
