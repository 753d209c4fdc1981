"""Sign-in: Django's password check, loading the user with their membership and practice in
one query per request (every page needs all three), and whether they have two-factor on
(the two-factor middleware asks on every page). django-axes' backend sits before it in
AUTHENTICATION_BACKENDS to refuse locked-out logins."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice


class ClinicBackend(ModelBackend):
    def get_user(self, user_id):
        user = (
            get_user_model()
            ._default_manager.select_related("membership__practice")
            .annotate(
                has_two_factor=Exists(
                    TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
                )
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
