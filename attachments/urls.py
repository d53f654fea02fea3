from django.urls import path

from attachments import views

app_name = "attachments"
urlpatterns = [
    path("<int:document_id>/", views.preview, name="preview"),
    path("<int:document_id>/thumbnail.png", views.thumbnail, name="thumbnail"),
    path("<int:document_id>/pages/<int:number>.png", views.page_image, name="page"),
]
