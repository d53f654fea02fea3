"""The admin's sign-in form in Vietnamese.

Wagtail's LoginForm gives its password field no label, so Django makes one from
the field's name ("Password", in English whatever the language), and its username
placeholder comes through a Vietnamese catalogue entry missing a space
("Nhập Tên đăng nhậpcủa bạn"). Used through WAGTAILADMIN_USER_LOGIN_FORM.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.forms.auth import LoginForm


class AdminLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu")
        self.fields["username"].widget.attrs["placeholder"] = _("Nhập tên đăng nhập")
