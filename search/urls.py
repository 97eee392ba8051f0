from django.urls import path

from search import api, openapi, views

urlpatterns = [
    path("tim-kiem/", views.search_page, name="search"),
    path("tim-kiem/atom/", views.SearchFeed(), name="search_feed"),
    path("api/v1/search/", api.search_api, name="search_api"),
    path("api/v1/search/suggest/", api.suggest_api, name="search_suggest"),
    path("api/v1/openapi.json", openapi.openapi_schema, name="api_schema"),
]
