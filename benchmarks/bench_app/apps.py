from django.apps import AppConfig


class BenchAppConfig(AppConfig):
    name = "benchmarks.bench_app"
    label = "bench_app"
    default_auto_field = "django.db.models.BigAutoField"
