from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("theo-doi/", views.subscribe, name="subscribe"),
    path("theo-doi/lien-ket/", views.send_link, name="send_link"),
    path("theo-doi/xac-nhan/<str:token>/", views.confirm, name="confirm"),
    path("theo-doi/quan-ly/<str:token>/", views.manage, name="manage"),
    path("theo-doi/huy/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path(
        "theo-doi/huy-tat-ca/<str:token>/",
        views.unsubscribe_all,
        name="unsubscribe_all",
    ),
]
