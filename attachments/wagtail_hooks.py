from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from attachments.models import TrustedRoot


class TrustedRootViewSet(SnippetViewSet):
    model = TrustedRoot
    icon = "key"
    menu_label = _("Chứng thư gốc tin cậy")
    add_to_settings_menu = True
    list_display = ["name", "subject", "enabled"]


register_snippet(TrustedRootViewSet)
