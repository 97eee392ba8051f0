from django.urls import path

from . import views

app_name = "engagement"

urlpatterns = [
    path("danh-gia/<int:pk>/", views.poll_detail, name="poll_detail"),
    path("danh-gia/<int:pk>/gui/", views.poll_vote, name="poll_vote"),
    path("danh-gia/<int:pk>/ket-qua/", views.poll_results, name="poll_results"),
    path("phan-hoi-trang/", views.page_feedback, name="page_feedback"),
]
