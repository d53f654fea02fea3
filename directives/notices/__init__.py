"""Who is told what: notice e-mails, reminder digests, and the addresses they go to."""
