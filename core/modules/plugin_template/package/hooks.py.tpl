"""The hooks this plug-in sends; other modules receive them by naming a receiver in their manifest's `hooks`."""

from core.modules.hooks import Hook

note_added = Hook("${name}.note_added", "Một ghi chú vừa được thêm.", note_id="id của ghi chú (trong schema của đơn vị)")
