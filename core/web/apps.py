from django.apps import AppConfig


class WebConfig(AppConfig):
    """The shared web layout (templates/web/base.html, static/web/site.css) and the staff workspace's navigation."""

    name = "core.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"
