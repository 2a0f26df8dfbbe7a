"""What tenants announces to the kernel's other apps (Django signals; modules hear core.modules.hooks instead).

    unit_provisioned(sender=Unit, unit=<Unit>, method="clone" | "migrate")

Sent inside the provisioning transaction, once the unit's schema exists and before it is marked ready: a receiver
that raises undoes the provisioning (the unit is marked failed, its schema dropped with the transaction).
core.accounts receives it to give the unit its roles and its administrator's invitation.
"""

from django.dispatch import Signal

unit_provisioned = Signal()
