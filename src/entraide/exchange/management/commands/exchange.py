"""``entraide exchange keys|peers|send|status``: the exchange between nodes from the command line."""

from __future__ import annotations

import argparse
import json
import os
import socket
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from entraide.exchange import envelope, keys, services, transport
from entraide.exchange.models import Message, NodeKey, Peer, Rejection


class Command(BaseCommand):
    help = "The secure exchange: this node's keys, its peers, carrying messages now, and their status."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        k = sub.add_parser("keys", help="show this node's keys and fingerprints (--rotate makes new ones)")
        k.add_argument("--rotate", action="store_true", help="new current keys; the old stay accepted for the overlap")
        k.add_argument("--overlap-days", type=int, default=None)
        k.add_argument("--json", action="store_true", help="print the signed node document a peer needs")
        p = sub.add_parser("peers", help="list, add, set (delivery, fetch), suspend, resume or refresh peers")
        p.add_argument(
            "action", nargs="?", default="list", choices=["list", "add", "set", "suspend", "resume", "refresh"]
        )
        p.add_argument("target", nargs="?", help="add: the peer's base URL; others: its node id")
        p.add_argument("--document", help="add: its node document (a file), when it cannot be fetched")
        p.add_argument("--name", default="")
        p.add_argument(
            "--delivery",
            choices=[c for c, _label in Peer.Delivery.choices],
            default=None,
            help="add, set: push (we post to it, the default) or pull (it fetches from us)",
        )
        p.add_argument(
            "--fetch", action=argparse.BooleanOptionalAction, default=None, help="add, set: we fetch from it"
        )
        p.add_argument(
            "--fingerprints-compared",
            action="store_true",
            help="add: you compared the fingerprints with its administrator, out of band",
        )
        p.add_argument("--reason", default="")
        s = sub.add_parser("send", help="carry the outbox now: push, fetch, apply (what the worker does)")
        s.add_argument("--retry", metavar="MESSAGE_ID", help="send a failed message again first")
        sub.add_parser("status", help="the outbox, the inbox, failures and refused envelopes")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['what']}")(options)
        except (services.ExchangeError, envelope.Refused, transport.Unreachable, ValueError, LookupError) as exc:
            raise CommandError(str(getattr(exc, "reason", "") or exc)) from None
        except OSError as exc:  # the --document file
            raise CommandError(f"{exc.strerror or exc}: {exc.filename or ''}".strip(": ")) from None

    def _keys(self, options: dict[str, Any]) -> None:
        if options["rotate"]:
            made = keys.rotate(actor=None, overlap_days=options["overlap_days"])
            self.stdout.write(f"rotated: {', '.join(row.kid for row in made)}")
        if options["json"]:
            self.stdout.write(json.dumps(services.node_document(), indent=2))
            return
        keys.ensure()
        self.stdout.write(f"node {services.node_id()}")
        for row in NodeKey.objects.all():
            state = keys.state(row)
            if state == "accepted":
                state = f"accepted until {row.accepted_until:%Y-%m-%d %H:%M}"
            self.stdout.write(f"  {row.use}  {envelope.fingerprint(row.kid)}  ({state})")

    def _peers(self, options: dict[str, Any]) -> None:
        action, target = options["action"], options["target"]
        if action == "list":
            if not Peer.objects.exists():
                self.stdout.write("no peer")
            for row in Peer.objects.all():
                state = f"suspended: {row.suspended_reason}" if row.suspended else "active"
                self.stdout.write(f"{row.node_id}  {row.url}  {row.delivery}  {state}")
                for jwk in row.keys:
                    self.stdout.write(f"    {jwk['use']}  {envelope.fingerprint(jwk['kid'])}")
            return
        if not target:
            raise CommandError(f"peers {action} needs a {'URL' if action == 'add' else 'node id'}")
        if action == "add":
            if options["document"]:
                with open(options["document"], encoding="utf-8") as handle:
                    document = json.load(handle)
            else:
                document = transport.node_document(transport.check_url(target))
            payload = services.read_node_document(document)
            self.stdout.write(f"node {payload['node']}, keys:")
            for jwk in payload["keys"]:
                self.stdout.write(f"    {jwk['use']}  {envelope.fingerprint(jwk['kid'])}")
            if not options["fingerprints_compared"]:
                raise CommandError(
                    "compare these fingerprints with the other node's administrator (by telephone, in person), "
                    "then run again with --fingerprints-compared"
                )
            added = services.peer_add(
                actor=None,
                document=document,
                url=target,
                confirmed=True,
                name=options["name"],
                delivery=options["delivery"] or Peer.Delivery.PUSH,
                fetch=bool(options["fetch"]),
            )
            self.stdout.write(f"added {added.node_id} ({added.authorities.count()} authorities)")
            return
        peer = Peer.objects.filter(node_id=target).first()
        if peer is None:
            raise CommandError(f"no peer {target!r}")
        if action == "set":
            services.peer_configure(actor=None, peer=peer, delivery=options["delivery"], fetch=options["fetch"])
            peer.refresh_from_db()
            self.stdout.write(f"{peer.node_id}: delivery {peer.delivery}, fetch {'on' if peer.fetch else 'off'}")
        elif action == "refresh":
            self.stdout.write("keys updated" if services.peer_refresh_now(actor=None, peer=peer) else "no change")
        else:
            services.peer_suspend(actor=None, peer=peer, suspended=action == "suspend", reason=options["reason"])
            self.stdout.write(f"{peer.node_id}: {action}ed".replace("ee", "e"))

    def _send(self, options: dict[str, Any]) -> None:
        if options["retry"]:
            message = Message.objects.filter(direction=Message.Direction.OUT, message_id=options["retry"]).first()
            if message is None:
                raise CommandError(f"no sent message {options['retry']}")
            services.message_retry(actor=None, message=message)
        worker = f"{socket.gethostname()}:{os.getpid()}"
        fetched = services.pull_all(worker=worker)
        applied = services.inbox_drain(worker=worker)
        sent = services.outbox_drain(worker=worker)
        self.stdout.write(f"fetched {fetched}, applied {applied}, sent {sent}")

    def _status(self, options: dict[str, Any]) -> None:
        self.stdout.write(f"node {services.node_id()}")
        counts = Message.objects.values("direction", "state").annotate(n=Count("pk")).order_by("direction", "state")
        for row in counts:
            self.stdout.write(f"  {row['direction']:3}  {row['state']:14} {row['n']}")
        failed = Message.objects.filter(state__in=[Message.State.DEAD, Message.State.NOT_DELIVERED]).order_by("-pk")
        for message in failed[:20]:
            self.stdout.write(f"  failed {message.message_id} {message.type}: {message.last_error}")
        for rejection in Rejection.objects.all()[:10]:
            self.stdout.write(
                f"  refused {rejection.at:%Y-%m-%d %H:%M} from {rejection.claimed_sender!r}: {rejection.reason}"
            )
