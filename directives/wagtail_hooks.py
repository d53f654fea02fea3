from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from directives.models import DocumentType, Unit


class UnitViewSet(SnippetViewSet):
    model = Unit
    icon = "group"
    menu_label = _("Đơn vị")
    list_display = ["name", "short_name", "category", "is_active"]
    list_filter = ["category", "is_active"]
    search_fields = ["name", "short_name"]
    ordering = ["sort_order", "name"]


class DocumentTypeViewSet(SnippetViewSet):
    model = DocumentType
    icon = "doc-full"
    menu_label = _("Loại văn bản")
    list_display = ["name", "code"]


class RegistryViewSetGroup(SnippetViewSetGroup):
    items = (UnitViewSet, DocumentTypeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = _("Danh mục")
    menu_name = "registries"


register_snippet(RegistryViewSetGroup)
