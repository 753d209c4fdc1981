from django.apps import AppConfig


class TechniquesConfig(AppConfig):
    name = "techniques"
    verbose_name = "Technique library"

    def ready(self) -> None:
        from techniques import checks  # noqa: F401  (registers the vocabulary check)
