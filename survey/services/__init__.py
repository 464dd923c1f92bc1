"""Operations on the database. Services flush; the request (or CLI command) commits once."""
