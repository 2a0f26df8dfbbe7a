"""The platform's message catalogues: Vietnamese is the source language, English the translation.

Texts in the code are written in Vietnamese (`_("Đơn vị đang tạm ngừng.")`) and are the msgids; each app that has
such texts carries `locale/en/LC_MESSAGES/django.po` with the English msgstr, and the compiled `django.mo` beside it
(committed: a fresh machine needs no GNU gettext). `egov translations` adds the msgids new code uses and compiles the
catalogues; `egov translations --check` lists what is missing (docs/ict/translations.md).
"""
