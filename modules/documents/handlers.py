"""What a unit does with documents other units of this installation send it (filled in by services/delivery.py)."""
