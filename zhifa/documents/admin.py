from django.contrib import admin

from .models import AgencyDocumentSettings


@admin.register(AgencyDocumentSettings)
class AgencyDocumentSettingsAdmin(admin.ModelAdmin):
    list_display = ("agency", "number_prefix", "reconsideration_body", "court")
    search_fields = ("agency__name",)
