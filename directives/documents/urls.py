"""Addresses of the Word files of directives and units' documents."""

from django.urls import path

from directives.documents import views

app_name = "documents"
urlpatterns = [
    path("<int:page_id>.docx", views.word, name="word"),
]
