"""Where a message to a unit goes, behind one interface, chosen by NOTICE_CHANNELS.

E-mail goes through the outbox (recorded in the caller's transaction, sent once,
retried on "try again later"). SMS and Zalo OA have no gateway here: their
backends write to a local outbox (ChannelMessage) in the same transaction, for a
gateway backend to drain once one is plugged in in their place.
"""

from dataclasses import dataclass

from django.conf import settings

from directives.models import ChannelMessage, Unit
from directives.notices import notifications
from directives.notices.addresses import unit_addresses
from directives.notices.notifications import Notice


@dataclass(frozen=True)
class EmailChannel:
    name: str = "email"

    def send(self, *, unit: Unit, subject: str, body: str) -> bool:
        recipients = unit_addresses(unit)
        if not recipients:
            return False
        notifications.enqueue(
            [Notice(subject=subject, body=body, recipients=tuple(sorted(recipients)))]
        )
        return True


@dataclass(frozen=True)
class LocalOutboxChannel:
    name: str

    def send(self, *, unit: Unit, subject: str, body: str) -> bool:
        ChannelMessage.objects.create(channel=self.name, unit=unit, subject=subject, body=body)
        return True


CHANNELS = {
    "email": EmailChannel(),
    "sms": LocalOutboxChannel("sms"),
    "zalo": LocalOutboxChannel("zalo"),
}


def send_to_unit(*, unit: Unit, subject: str, body: str) -> list[str]:
    """Send on every configured channel; the names of those that took the message."""
    return [
        name
        for name in settings.NOTICE_CHANNELS
        if CHANNELS[name].send(unit=unit, subject=subject, body=body)
    ]
