"""A sandbox payment gateway: a page that plays the provider and sends signed callbacks. For development only."""
