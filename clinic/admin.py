from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from clinic.models import Invitation, Membership, Practice, User


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    fk_name = "user"


@admin.register(User)
class ClinicUserAdmin(UserAdmin):
    inlines = [MembershipInline]
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
