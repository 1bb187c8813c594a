"""``summarizer keys create NAME | list | revoke ID``: the service's API keys.

A key's secret is printed once, by ``create``; the store keeps only its hash. Once
any key exists, every request to the service needs one.
"""

from __future__ import annotations

import click

from .errors import EXIT_FAILURE, fail, user_errors
from .options import db_option


@click.group(name="keys")
def keys_group() -> None:
    """Create, list and revoke the HTTP service's API keys."""


@keys_group.command()
@click.argument("name")
@db_option
def create(name: str, db: str | None) -> None:
    """Create a key named NAME and print its secret (shown this once only)."""
    from ..store import open_store

    with user_errors(), open_store(db or None) as store:
        key, secret = store.create_key(name)
        click.echo(f"created {key.id} ({key.name}); its secret, shown once:", err=True)
        click.echo(secret)


@keys_group.command(name="list")
@db_option
def list_keys(db: str | None) -> None:
    """List the keys: id, name, created, and revoked when it was."""
    from ..store import open_store

    with user_errors(), open_store(db or None) as store:
        for key in store.list_keys():
            state = f"revoked {key.revoked:%Y-%m-%d %H:%M}" if key.revoked else "active"
            click.echo(f"{key.id}\t{key.name}\t{key.created:%Y-%m-%d %H:%M}\t{state}")


@keys_group.command()
@click.argument("key_id")
@db_option
def revoke(key_id: str, db: str | None) -> None:
    """Revoke the key KEY_ID: requests with it are refused from now on."""
    from ..store import open_store

    with user_errors(), open_store(db or None) as store:
        if not store.revoke_key(key_id):
            fail(f"no active key {key_id}", EXIT_FAILURE)
        click.echo(f"revoked {key_id}", err=True)
