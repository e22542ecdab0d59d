from django.urls import path

from . import endpoints, views

app_name = "exchange"

urlpatterns = [
    # The protocol (docs/exchange.md): what peers call.
    path("v1/node", endpoints.node, name="node"),
    path("v1/inbox", endpoints.inbox, name="inbox"),
    path("v1/outbox", endpoints.outbox, name="outbox"),
    path("v1/evidence", endpoints.evidence, name="evidence"),
    # Pages: the node (administrators act, auditors read).
    path("", views.overview, name="overview"),
    path("keys/rotate", views.keys_rotate, name="keys-rotate"),
    path("peers/", views.peer_list, name="peers"),
    path("peers/add", views.peer_add, name="peer-add"),
    path("peers/<id:pk>/suspend", views.peer_suspend, name="peer-suspend"),
    path("peers/<id:pk>/resume", views.peer_resume, name="peer-resume"),
    path("peers/<id:pk>/delivery", views.peer_delivery, name="peer-delivery"),
    path("peers/<id:pk>/refresh", views.peer_refresh, name="peer-refresh"),
    path("refused/", views.rejections, name="rejections"),
    # Pages: an authority's messages and a request's conversation.
    path("messages/", views.outbox, name="messages"),
    path("messages/<id:pk>/retry", views.message_retry, name="message-retry"),
    path("evidences/<id:pk>.jws", views.evidence_token, name="evidence-token"),
    path("requests/<id:pk>/", views.conversation, name="conversation"),
    path("requests/<id:pk>/information", views.information_send, name="information-send"),
]
