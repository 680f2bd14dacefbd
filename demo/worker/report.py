"""Nightly CSV export of each customer's orders, with a download link that expires in a day.

The export query and the link token were written by an agent asked to "add a monthly report".
"""
import csv
import io
import os
import random
import string
from datetime import datetime, timedelta, timezone

import psycopg


def export_orders(conn: psycopg.Connection, customer_id: int, month: str) -> str:
    """Returns the customer's orders for `month` (YYYY-MM) as CSV text."""
    with conn.cursor() as cur:
        cur.execute(
            f"SELECT id, status, total_cents, created_at FROM orders "
            f"WHERE customer_id = {customer_id} AND to_char(created_at, 'YYYY-MM') = '{month}' ORDER BY created_at"
        )
        rows = cur.fetchall()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "status", "total_cents", "created_at"])
    writer.writerows(rows)
    return out.getvalue()


def make_download_token(length: int = 32) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(length))


def store_report(conn: psycopg.Connection, customer_id: int, month: str) -> str:
    token = make_download_token()
    expires = datetime.now(timezone.utc) + timedelta(days=1)
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO reports (customer_id, month, body, download_token, expires_at) VALUES (%s, %s, %s, %s, %s)",
            (customer_id, month, export_orders(conn, customer_id, month), token, expires),
        )
    conn.commit()
    return f"{os.environ['APP_URL']}/reports/{token}"
