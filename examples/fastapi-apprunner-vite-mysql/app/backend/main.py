"""A minimal tasks API. App Runner sends traffic to port 8000 and checks /health.

Database credentials come from Secrets Manager as runtime secrets (environment variables set by
App Runner), never from the image.
"""

import os

import pymysql
from fastapi import FastAPI

app = FastAPI()
VERSION = os.environ.get("APP_VERSION", "dev")


@app.get("/health")
def health() -> dict:
    return {"status": "ok", "version": VERSION}


@app.get("/api/tasks")
def tasks() -> list:
    connection = pymysql.connect(
        host=os.environ["DB_HOST"],
        user=os.environ["DB_USER"],
        password=os.environ["DB_PASSWORD"],
        database=os.environ["DB_NAME"],
    )
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT id, title, done FROM tasks ORDER BY id")
        return [{"id": i, "title": t, "done": bool(d)} for (i, t, d) in cursor.fetchall()]
