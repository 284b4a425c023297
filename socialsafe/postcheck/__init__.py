"""Check before you post: a member of staff's draft for a personal account, checked against the staff rules."""
