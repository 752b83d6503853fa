"""Webhooks: an organization's events pushed to its receivers, signed per Standard Webhooks.

endpoints.py   the receivers (CRUD), their URLs checked (http(s), no private address
               unless CONTACTHUB_WEBHOOK_ALLOW_PRIVATE), their secrets
fanout.py      with each unit's events, one delivery row per subscribed receiver, in the
               same transaction (core/outbox.py calls it): no event is left unsent
deliveries.py  a receiver's deliveries (status, attempts, last error) and redelivery
worker.py      claims due deliveries (FOR UPDATE SKIP LOCKED on PostgreSQL), sends them,
               records the outcome, retries with backoff; runs in the server or alone
               (``contacthub worker``)
"""
