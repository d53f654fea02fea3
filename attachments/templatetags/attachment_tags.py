from django import template

from attachments.selectors import cards_for, submission_files

register = template.Library()


@register.simple_tag
def file_cards(attachments):
    """{document id: card} for attachments (or documents) listed on a page."""
    return cards_for(getattr(a, "document_id", None) or a.pk for a in attachments)


@register.simple_tag
def files_of(submissions):
    return submission_files(submissions)


@register.inclusion_tag("attachments/includes/file_card.html")
def file_card(cards, document_id, compact=False):
    return {"card": cards.get(document_id) if cards else None, "compact": compact}


@register.filter
def get_files(files, page_id):
    return files.get(page_id, [])
