"""Demo library documents: a few fictitious notes of the Kenyan demo authority, in English, French,
Spanish and Arabic, so the library shows documents in several languages, one of them an uploaded
PDF whose text was extracted.

They are kept by the Kenyan demo authority and shared with every authority of the node, so the
Somali demo users read them too (only the Kenyan office may change them). Every title says
"(fictitious)"; the texts are demo material, not legal advice. The one fact they cite, the contents
of a request under UNTOC art. 18(15), is the article's own list (the shipped treaty text).
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape

from entraide.accounts.models import User
from entraide.library.models import Document, Version
from entraide.library.services import document_create, version_save
from entraide.reference.models import Jurisdiction
from entraide.tenancy.models import Authority
from entraide.tenancy.roles import Role

SOURCE = "Entraide demo data (fictitious), written for the demonstration"
LICENCE = "Demo material (fictitious): no rights reserved"

CHECKLIST = {
    "en": (
        "Checklist for a request for mutual legal assistance (fictitious)",
        "Demo document (fictitious), written for the Entraide demonstration; not legal advice. The list "
        "paraphrases the article: quote its authentic text.\n\n"
        "A request under the United Nations Convention against Transnational Organized Crime, "
        "article 18, paragraph 15, contains:\n\n"
        "(a) the identity of the authority making the request;\n\n"
        "(b) the subject matter and nature of the investigation, prosecution or judicial proceeding, "
        "and the name and functions of the authority conducting it;\n\n"
        "(c) a summary of the relevant facts, except for requests for the service of judicial documents;\n\n"
        "(d) a description of the assistance sought and details of any particular procedure to be followed;\n\n"
        "(e) where possible, the identity, location and nationality of any person concerned;\n\n"
        "(f) the purpose for which the evidence, information or action is sought.\n\n"
        "Before sending it: check the legal basis for the requested State, the language it accepts, "
        "and attach the text of the offence and its penalty.",
    ),
    "fr": (
        "Liste de contrôle pour une demande d'entraide judiciaire (fictitious)",
        "Document de démonstration (fictif), rédigé pour la démonstration d'Entraide ; ce n'est pas un avis "
        "juridique. La liste résume l'article : citez-en le texte authentique.\n\n"
        "Une demande fondée sur l'article 18, paragraphe 15, de la Convention des Nations Unies contre la "
        "criminalité transnationale organisée contient :\n\n"
        "a) la désignation de l'autorité dont émane la demande ;\n\n"
        "b) l'objet et la nature de l'enquête, des poursuites ou de la procédure judiciaire, ainsi que le nom "
        "et les fonctions de l'autorité qui en est chargée ;\n\n"
        "c) un résumé des faits pertinents, sauf pour les demandes de signification de documents judiciaires ;\n\n"
        "d) une description de l'assistance requise et le détail de toute procédure particulière à suivre ;\n\n"
        "e) si possible, l'identité, l'adresse et la nationalité de toute personne visée ;\n\n"
        "f) le but dans lequel le témoignage, les informations ou les mesures sont demandés.\n\n"
        "Avant l'envoi : vérifier la base juridique avec l'État requis, la langue qu'il accepte, et joindre "
        "le texte de l'infraction et de la peine encourue.",
    ),
    "es": (
        "Lista de verificación para una solicitud de asistencia judicial recíproca (fictitious)",
        "Documento de demostración (ficticio), redactado para la demostración de Entraide; no es "
        "asesoramiento jurídico. La lista resume el artículo: cite su texto auténtico.\n\n"
        "Una solicitud basada en el artículo 18, párrafo 15, de la Convención de las Naciones Unidas contra "
        "la Delincuencia Organizada Transnacional contiene:\n\n"
        "a) la identidad de la autoridad que hace la solicitud;\n\n"
        "b) el objeto y la índole de las investigaciones, los procesos o las actuaciones judiciales, y el "
        "nombre y las funciones de la autoridad encargada de ellos;\n\n"
        "c) un resumen de los hechos pertinentes, salvo cuando se trate de la notificación de documentos "
        "judiciales;\n\n"
        "d) una descripción de la asistencia solicitada y pormenores sobre cualquier procedimiento "
        "particular que se desee aplicar;\n\n"
        "e) de ser posible, la identidad, ubicación y nacionalidad de toda persona interesada;\n\n"
        "f) la finalidad para la que se solicita la prueba, información o actuación.\n\n"
        "Antes de enviarla: comprobar la base jurídica con el Estado requerido y el idioma que acepta, y "
        "adjuntar el texto del delito y de la pena.",
    ),
    "ar": (
        "قائمة مرجعية لطلب المساعدة القانونيّة المتبادلة (fictitious)",
        "وثيقة تجريبية وهمية أُعدّت لعرض نظام Entraide فقط، وليست مشورة قانونية. "
        "تلخص القائمة المادة، فاستشهد بنصها الرسمي.\n\n"
        "يتضمن الطلب المقدم بموجب الفقرة 15 من المادة 18 من اتفاقية الأمم المتحدة لمكافحة الجريمة المنظمة "
        "عبر الوطنية ما يلي:\n\n"
        "(أ) هوية السلطة مقدمة الطلب؛\n\n"
        "(ب) موضوع وطبيعة التحقيق أو الملاحقة القضائية أو الإجراء القضائي، واسم ووظائف السلطة التي تتولاه؛\n\n"
        "(ج) ملخصاً للوقائع ذات الصلة، باستثناء طلبات تبليغ المستندات القضائية؛\n\n"
        "(د) وصفاً للمساعدة الملتمسة وتفاصيل أي إجراء معين يراد اتباعه؛\n\n"
        "(هـ) هوية أي شخص معني ومكان وجوده وجنسيته، حيثما أمكن ذلك؛\n\n"
        "(و) الغرض الذي تُلتمس من أجله الأدلة أو المعلومات أو التدابير.",
    ),
}

URGENT_NOTE_TITLE = "Note d'orientation : les demandes urgentes (fictitious)"
URGENT_NOTE = [
    "Document de démonstration (fictif), déposé en PDF pour montrer l'extraction du texte ; ce n'est pas un "
    "avis juridique.",
    "1. Une demande urgente indique pourquoi elle l'est : une personne détenue, une audience fixée, des "
    "preuves qui risquent de disparaître.",
    "2. Le bureau de démonstration annonce la demande par téléphone ou par courriel au point de contact de "
    "l'État requis, puis la transmet par la voie convenue.",
    "3. Le gel des avoirs et la conservation des données informatiques sont demandés sans attendre la "
    "demande complète, qui suit.",
]

COUNTRY_NOTE_TITLE = "Nota práctica del despacho de demostración (fictitious)"
COUNTRY_NOTE = (
    "Nota de demostración (ficticia): describe la práctica inventada de la autoridad de demostración, no la "
    "de un Estado real.\n\n"
    "1. El despacho de demostración confirma la recepción de cada solicitud en un plazo de cinco días "
    "hábiles.\n\n"
    "2. Las solicitudes en español se aceptan acompañadas de una traducción al inglés.\n\n"
    "3. Para una videoconferencia, indique con dos semanas de antelación la fecha, la hora y el idioma de "
    "la audiencia."
)


def _pdf(title: str, paragraphs: list[str]) -> bytes:
    from weasyprint import HTML

    body = f"<h1>{escape(title)}</h1>" + "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    pdf: bytes = HTML(string=f'<html lang="fr"><body>{body}</body></html>').write_pdf()
    return pdf


def demo_library_load(*, central: Authority) -> int:
    """The demo authority's library documents that are missing (by title); returns how many were made."""
    from entraide.demo.services import demo_email

    officer = User.objects.get(email=demo_email("ke", Role.OFFICER))
    have = set(Version.objects.filter(document__authority=central).values_list("title", flat=True))
    shared: dict[str, Any] = {"visibility": Document.Visibility.NODE, "source": SOURCE, "licence": LICENCE}
    made = 0
    english_title, english_text = CHECKLIST["en"]
    if english_title not in have:
        checklist = document_create(
            actor=officer,
            kind=Document.Kind.GUIDE,
            title=english_title,
            language="en",
            instrument_code="UNTOC",
            article="18",
            text=english_text,
            **shared,
        )
        for language, (title, text) in CHECKLIST.items():
            if language != "en":
                version_save(actor=officer, document=checklist, language=language, title=title, text=text)
        made += 1
    if URGENT_NOTE_TITLE not in have:
        document_create(
            actor=officer,
            kind=Document.Kind.GUIDE,
            title=URGENT_NOTE_TITLE,
            language="fr",
            file=("demandes-urgentes-fictif.pdf", _pdf(URGENT_NOTE_TITLE, URGENT_NOTE)),
            **shared,
        )
        made += 1
    if COUNTRY_NOTE_TITLE not in have:
        document_create(
            actor=officer,
            kind=Document.Kind.COUNTRY_NOTE,
            title=COUNTRY_NOTE_TITLE,
            language="es",
            jurisdiction=Jurisdiction.objects.filter(code="KEN").first(),
            text=COUNTRY_NOTE,
            **shared,
        )
        made += 1
    return made
