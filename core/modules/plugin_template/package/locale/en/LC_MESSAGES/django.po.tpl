# English for ${title}. Text is written in Vietnamese first; after changing it run, in the package directory,
# `django-admin makemessages -l en` then `django-admin compilemessages`.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"
"Language: en\n"

msgid "nội dung"
msgstr "text"

msgid "tạo lúc"
msgstr "created at"

msgid "ghi chú"
msgstr "note"

msgid "Ghi chú"
msgstr "Notes"

msgid "Chưa có ghi chú."
msgstr "No notes yet."
