from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "entraide.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        from entraide.cases.management.commands.rotate_master_key import REWRAPPERS
        from entraide.cases.management.commands.worker import JOBS

        from . import hooks, keys, services

        hooks.connect()
        # Before the audit seal (the last job), so the events these jobs record are sealed in the same round.
        jobs = [
            ("exchange.pull", lambda worker: services.pull_all(worker=worker)),
            ("exchange.inbox", lambda worker: services.inbox_drain(worker=worker)),
            ("exchange.outbox", lambda worker: services.outbox_drain(worker=worker)),
        ]
        for job in jobs:
            if job[0] not in {name for name, _job in JOBS}:
                JOBS.insert(len(JOBS) - 1, job)
        if not any(what == "the exchange's node keys" for what, _rewrap in REWRAPPERS):
            REWRAPPERS.append(("the exchange's node keys", keys.keys_rewrap))
