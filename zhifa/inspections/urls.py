from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("matters/", views.add_matter, name="add_matter"),
    path("targets/", views.add_target, name="add_target"),
    path("targets/<int:target_id>/relations/", views.add_relation, name="add_relation"),
    path("plans/", views.add_plan, name="add_plan"),
    path("plans/<int:plan_id>/", views.plan_page, name="plan"),
    path("plans/<int:plan_id>/draw/", views.draw, name="draw"),
    path("plans/<int:plan_id>/approval/", views.decide_cap, name="decide_cap"),
    path("<int:inspection_id>/", views.inspection_page, name="inspection"),
    path("<int:inspection_id>/record/", views.record, name="record"),
    path("<int:inspection_id>/joint/", views.propose_joint, name="propose_joint"),
    path("joint/<int:proposal_id>/", views.decide_joint, name="decide_joint"),
    path("findings/<int:finding_id>/lead/", views.finding_to_lead, name="finding_to_lead"),
]
