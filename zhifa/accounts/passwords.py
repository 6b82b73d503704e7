"""Password rule beyond length: mixed kinds of characters (GB/T 22239 level-3 practice)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

KINDS_REQUIRED = 3


def character_kinds(password: str) -> int:
    """How many of the four kinds (lower, upper, digit, other) the password uses."""
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class MixedKindsValidator:
    def validate(self, password, user=None):
        if character_kinds(password) < KINDS_REQUIRED:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、符号中的三类。"),
                code="password_kinds",
            )

    def get_help_text(self):
        return _("密码须至少包含大写字母、小写字母、数字、符号中的三类。")
