"""The admin shows accounts and practices but hands out no access to client records:
memberships and invitations are read-only here (practices and their staff are managed by
`createpractice` and the owner's Staff page), invitation tokens are never shown, and
nothing that the records or the audit trail point at can be deleted: a practice with
clients or audit rows stays, and a user with work on record is deactivated instead."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from clinic import services
from clinic.models import Invitation, Membership, Practice, User


def has_protected_history(obj: models.Model) -> bool:
    """Whether rows that must outlive `obj` point at it with a PROTECT foreign key: a
    practice's clients and audit rows, a user's sessions and audit rows. One EXISTS per
    such relation, whichever app it lives in."""
    relations = obj._meta.get_fields(include_hidden=True)  # related_name="+" ones too
    return any(
        relation.related_model._base_manager.filter(**{relation.field.name: obj}).exists()
        for relation in relations
        if isinstance(relation, models.ForeignObjectRel) and relation.on_delete is models.PROTECT
    )


class ReadOnlyInline:
    """Shown, never changed: who works where is decided outside the admin."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class NoBulkDelete:
    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one at a time, through the checks below
        return actions


class MembershipInline(ReadOnlyInline, admin.StackedInline):
    model = Membership
    fk_name = "user"
    fields = readonly_fields = ["practice", "role", "joined"]


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
class ClinicUserAdmin(NoBulkDelete, UserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "email", "first_name", "last_name", "is_staff", "is_active"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["form_class"] = IdsField  # groups and user permissions
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:  # ends sessions, goes on the trail
            services.user_set_active(user=obj, active=obj.is_active, by=request.user)

    def delete_view(self, request, object_id, extra_context=None):
        """A user whose work is on record (sessions, audit rows) can't be deleted, or the
        records would lose who did what: the page offers to deactivate them instead."""
        user = self.get_object(request, unquote(object_id))
        if user is None or not has_protected_history(user):
            return super().delete_view(request, object_id, extra_context)
        if not self.has_delete_permission(request, user):
            raise PermissionDenied
        if request.method == "POST":
            services.user_set_active(user=user, active=False, by=request.user)
            self.message_user(
                request,
                f"{user} has work on record, so the login was deactivated, not deleted: "
                "it can't sign in and its sessions have ended.",
                messages.WARNING,
            )
            return redirect("admin:clinic_user_change", user.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": "Deactivate instead?",
            "opts": self.opts,
            "object": user,
        }
        return TemplateResponse(request, "admin/clinic/user/deactivate_instead.html", context)


class PracticeMembershipInline(ReadOnlyInline, admin.TabularInline):
    model = Membership
    fields = readonly_fields = ["user", "role", "joined"]


@admin.register(Practice)
class PracticeAdmin(NoBulkDelete, admin.ModelAdmin):
    list_display = ["name", "email", "phone", "time_zone"]
    search_fields = ["name", "email"]
    inlines = [PracticeMembershipInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Its clients go one by one, by erasure; its audit trail never goes.
        if obj is not None and has_protected_history(obj):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """To look at only: the token is a password to join the practice, so it isn't shown."""

    list_display = ["email", "practice", "role", "created", "expires", "accepted_at", "revoked"]
    list_filter = ["role", "revoked"]
    fields = readonly_fields = [
        *["email", "practice", "role", "invited_by"],
        *["created", "expires", "accepted_at", "revoked"],
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
