"""SQLite needs foreign keys switched on per connection for ON DELETE CASCADE to work."""

from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url

_installed = False


def _on_connect(dbapi_connection, connection_record):
    module = type(dbapi_connection).__module__
    if module.startswith(("sqlite3", "pysqlite")):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def enable_sqlite_foreign_keys() -> None:
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _on_connect)
        _installed = True


def ensure_sqlite_directory(url: str) -> None:
    """Create the folder of a SQLite file (instance/ by default) so a fresh clone runs."""
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
