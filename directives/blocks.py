"""StreamField blocks for the structured body of Party documents.

A document's body follows its numbered outline: roman-numbered parts
(I. MỤC ĐÍCH, YÊU CẦU) holding arabic-numbered items (1. Mục đích).
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class NumberedHeadingValue(blocks.StructValue):
    @property
    def full_heading(self) -> str:
        number, heading = self.get("number"), self.get("heading")
        return f"{number}. {heading}" if number else heading


class SubsectionBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("Số mục"), required=False, max_length=16)
    heading = blocks.CharBlock(label=_("Tiêu đề mục"), required=False)
    body = blocks.RichTextBlock(label=_("Nội dung"), features=TEXT_FEATURES, required=False)

    class Meta:
        value_class = NumberedHeadingValue
        icon = "list-ol"
        label = _("Mục")
        template = "directives/blocks/subsection.html"


class SectionBlock(blocks.StructBlock):
    number = blocks.CharBlock(label=_("Số phần (La Mã)"), required=False, max_length=16)
    heading = blocks.CharBlock(label=_("Tiêu đề phần"))
    body = blocks.RichTextBlock(label=_("Nội dung"), features=TEXT_FEATURES, required=False)
    subsections = blocks.ListBlock(SubsectionBlock(), label=_("Các mục"), default=[])

    class Meta:
        value_class = NumberedHeadingValue
        icon = "doc-full"
        label = _("Phần")
        template = "directives/blocks/section.html"


class DocumentBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Đoạn văn"), features=TEXT_FEATURES, template="directives/blocks/paragraph.html"
    )
    section = SectionBlock()


class RecipientsBlock(blocks.StreamBlock):
    """Nơi nhận: units of the registry and free-text lines, in the document's order."""

    unit = SnippetChooserBlock("directives.Unit", label=_("Đơn vị"), icon="group")
    line = blocks.CharBlock(label=_("Dòng văn bản"), icon="pilcrow")
