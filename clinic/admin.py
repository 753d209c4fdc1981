from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from clinic.models import Invitation, Membership, Practice, User


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    fk_name = "user"


class IdsField(forms.ModelMultipleChoiceField):
    """Django looks ids up with `pk__in`, which on SQLite raises OverflowError (a 500) for
    a number beyond 64 bits; such an id is refused like any other unknown one."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            try:
                number = int(str(pk))
            except ValueError:
                continue  # Django's own check words it
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


@admin.register(User)
class ClinicUserAdmin(UserAdmin):
    inlines = [MembershipInline]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["form_class"] = IdsField  # groups and user permissions
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]


class PracticeMembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "time_zone"]
    search_fields = ["name", "email"]
    inlines = [PracticeMembershipInline]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "practice", "role", "created", "expires", "accepted_at", "revoked"]
    list_filter = ["role", "revoked"]
    readonly_fields = ["token"]
