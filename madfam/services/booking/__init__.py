"""Booking a call: free slots across the staff who take first calls, and the booking."""

from madfam.services.booking.book import BookingInput, SlotTaken, book_meeting
from madfam.services.booking.slots import free_slots_by_staff, next_free_slots, open_slots

__all__ = [
    "BookingInput",
    "SlotTaken",
    "book_meeting",
    "free_slots_by_staff",
    "next_free_slots",
    "open_slots",
]
