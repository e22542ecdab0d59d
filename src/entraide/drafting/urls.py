"""Pages of the request writer, mounted under /requests/ beside the cases app's."""

from django.urls import URLPattern, path

from .views import letters, review, steps

app_name = "drafting"

urlpatterns: list[URLPattern] = [
    path("write/", steps.start, name="start"),
    path("<id:pk>/write/<slug:step>/", steps.step, name="step"),
    path("<id:pk>/write/remove/<slug:part>/<id:part_pk>/", steps.remove, name="remove"),
    path("review-queue/", review.queue, name="queue"),
    path("letter-templates/", letters.templates, name="letter-templates"),
    path("signing-certificate/", letters.certificate, name="certificate"),
    path("signing-certificate/remove/", letters.certificate_remove, name="certificate-remove"),
    path("<id:pk>/letters/", letters.letters, name="letters"),
    path("four-eyes/", review.four_eyes, name="four-eyes"),
    path("<id:pk>/findings/", review.findings, name="findings"),
    path("<id:pk>/review/", review.review, name="review"),
    path("<id:pk>/submit/", review.submit, name="submit"),
    path("<id:pk>/approve/", review.approve, name="approve"),
    path("<id:pk>/transmit/", review.transmit, name="transmit"),
    path("<id:pk>/translations/", review.translations, name="translations"),
]
