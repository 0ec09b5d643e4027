"""What webhook and email delivery share between services and jobs.

These modules sit below both layers: services build outbox rows with them and jobs
deliver with them, so neither has to import the other. They import no service or job.
"""
