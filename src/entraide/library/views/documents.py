"""Documents: add one (typed or uploaded), read it by sections, add a language version, edit, delete.

Anyone may read a public document (the shipped treaty texts are public); a document another
authority keeps to itself answers 404; a visible document that the user's role or authority may
not change answers 403 on the pages that change it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from entraide.audit.services import record
from entraide.core.i18n import active_language
from entraide.core.sniff import UploadRejected
from entraide.tenancy.policies import can, require_role

from .. import paragraphs, selectors, services
from ..forms import DocumentForm, MetadataForm, VersionForm
from ..languages import language_name
from ..models import Document, Version


def _form_errors(form: Form, exc: ValidationError) -> None:
    """A service's refusal on the form: under its field where the form has it, else above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors[0])
    else:
        form.add_error(None, exc.messages[0])


def _upload(form: Form) -> tuple[str, bytes] | None:
    upload = form.cleaned_data.get("file")
    return (upload.name, upload.read()) if upload else None


def _no_text_warning(request: HttpRequest, version: Version) -> None:
    if version.text_status == Version.Text.NONE:
        messages.warning(
            request,
            _("The file is kept, but no text could be extracted: %(problem)s. It is found by its title and details.")
            % {"problem": _(version.text_problem)},
        )


@login_required
@require_http_methods(["GET", "POST"])
def document_new(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Document, "add")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_create(
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                language=data["language"],
                visibility=data["visibility"],
                jurisdiction=data["jurisdiction"],
                instrument_code=data["instrument_code"],
                article=data["article"],
                date=data["date"],
                source=data["source"],
                licence=data["licence"],
                text=data["text"],
                file=_upload(form),
            )
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            version = document.versions.get()
            _no_text_warning(request, version)
            return redirect("library:document", pk=document.pk)
    return render(
        request,
        "library/document_form.html",
        {"form": form, "creating": True, "instrument_codes": selectors.instrument_codes(request.user)},
        status=400 if request.method == "POST" else 200,
    )


def _ordered_versions(document: Document) -> list[Version]:
    """The document's versions, the reader's language first, then English, then the others."""
    reader = active_language()
    return sorted(document.versions.all(), key=lambda v: (v.language != reader, v.language != "en", v.language))


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk)
    versions = _ordered_versions(document)
    wanted = request.GET.get("language", "")
    version = next((v for v in versions if v.language == wanted), None) or selectors.version_for(document)
    sections = [(section, paragraphs.split(section)) for section in selectors.articles(version)] if version else []
    if document.visibility != Document.Visibility.PUBLIC and version is not None:
        # What an authority keeps to itself or its node is read on the record, like a request.
        record(
            request.user,
            "library_document.viewed",
            document,
            authority_id=document.authority_id,
            detail={"language": version.language, "what": "page"},
        )
    return render(
        request,
        "library/document_detail.html",
        {
            "document": document,
            "version": version,
            "versions": [(v, language_name(v.language)) for v in versions],
            "sections": sections,
            "language_name": language_name(version.language) if version else "",
        },
    )


def _document_to_change(request: HttpRequest, pk: int) -> Document:
    """A document the user may change: 404 if they may not see it, 403 if they may see but not change it."""
    document = selectors.get_document_for_user(request.user, pk, "change")
    if not can(request.user, "change", document):
        raise PermissionDenied
    return document


def _metadata(document: Document) -> dict[str, Any]:
    return {
        "kind": document.kind,
        "jurisdiction": document.jurisdiction.code if document.jurisdiction else None,
        "instrument_code": document.instrument_code,
        "article": document.article,
        "date": document.date,
        "source": document.source,
        "licence": document.licence,
        "visibility": document.visibility,
    }


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_to_change(request, pk)
    form = MetadataForm(request.POST or None, initial=_metadata(document))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.document_update(actor=request.user, document=document, **changes)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            return redirect("library:document", pk=document.pk)
    return render(
        request,
        "library/document_form.html",
        {"form": form, "document": document, "instrument_codes": selectors.instrument_codes(request.user)},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_to_change(request, pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.version_save(
                actor=request.user,
                document=document,
                language=data["language"],
                title=data["title"],
                text=data["text"],
                file=_upload(form),
            )
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            _no_text_warning(request, version)
            return redirect(f"{reverse('library:document', args=[document.pk])}?language={version.language}")
    return render(
        request,
        "library/version_form.html",
        {"form": form, "document": document, "languages": [language_name(v.language) for v in document.versions.all()]},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    document = _document_to_change(request, pk)
    if request.method == "POST":
        title = str(document)
        services.document_delete(actor=request.user, document=document)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": title})
        return redirect("library:search")
    return render(request, "library/document_delete.html", {"document": document})


def _attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_GET
def version_file(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    document = selectors.get_document_for_user(request.user, pk)
    version = next((v for v in document.versions.all() if v.language == language), None)
    if version is None or not version.has_file:
        raise Http404
    data = services.file_read(actor=request.user, version=version)
    return _attachment(data, version.filename, version.content_type)
