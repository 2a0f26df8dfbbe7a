{% extends "web/workspace.html" %}{% load i18n %}
{% block title %}{% translate "Ghi chú" %}{% endblock %}
{% block content %}
<h1>{% translate "Ghi chú" %}</h1>
{% if notes %}<ul>{% for note in notes %}<li>{{ note.text }} <span class="help">{{ note.created_at|date:"d/m/Y H:i" }}</span></li>{% endfor %}</ul>
{% else %}<p>{% translate "Chưa có ghi chú." %}</p>{% endif %}
{% endblock %}
