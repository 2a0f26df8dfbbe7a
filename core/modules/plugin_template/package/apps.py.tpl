from django.apps import AppConfig


class PluginConfig(AppConfig):
    name = "${package}"
    label = "${package}"  # the package name: django-tenants' admin index knows an app by its last path part
    verbose_name = "${title}"
    default_auto_field = "django.db.models.BigAutoField"
