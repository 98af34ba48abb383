// Package sqldb is what differs between SQLite and PostgreSQL for the SQL
// packages of the events reference (outbox and eventstore), and how to open
// either so that concurrent writers behave.
//
// Both databases are used through [database/sql]: SQLite with the pure-Go
// driver modernc.org/sqlite (the embedded default, for one machine) and
// PostgreSQL with pgx's database/sql driver (for several instances). The
// packages write their queries once, with $1-style placeholders that both
// drivers accept, and ask a [Dialect] only for the few things that differ:
// column types, row locking, serializing appends, and how a unique violation
// looks.
package sqldb
