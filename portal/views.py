from django.shortcuts import redirect
from django.templatetags.static import static


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links: send them to the mark."""
    return redirect(static("img/favicon.svg"))
