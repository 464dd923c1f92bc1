"""Operations on the database. Each service owns its transaction; views never commit."""
